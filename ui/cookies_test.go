package ui

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestSecureCookies: cookies are Secure with --secure-cookies and on a
// request that came over TLS, and not otherwise (a plain-HTTP LAN box
// would lose its sessions). Every cookie goes through setCookie; the
// login form's CSRF cookie stands for them all.
func TestSecureCookies(t *testing.T) {
	env := newTestEnv(t)
	get := func(srv *httptest.Server) []*http.Cookie {
		t.Helper()
		hc := srv.Client()
		if srv.TLS != nil {
			hc.Transport.(*http.Transport).TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
		}
		resp, err := hc.Get(srv.URL + "/login")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if len(resp.Cookies()) == 0 {
			t.Fatal("GET /login set no cookie")
		}
		return resp.Cookies()
	}
	secure := func(cs []*http.Cookie) bool {
		for _, c := range cs {
			if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				return false
			}
		}
		return true
	}
	if cs := get(env.srv); secure(cs) || cs[0].Secure {
		t.Errorf("plain HTTP without the setting: Secure cookies %v", cs)
	}
	tlsSrv := httptest.NewTLSServer(env.app)
	defer tlsSrv.Close()
	if cs := get(tlsSrv); !secure(cs) {
		t.Errorf("over TLS: cookies not Secure: %v", cs)
	}
	env.app.SecureCookies = true
	if cs := get(env.srv); !secure(cs) {
		t.Errorf("--secure-cookies over plain HTTP (a TLS proxy in front): cookies not Secure: %v", cs)
	}
}
