package ui

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"bianmin/appliance/account"
)

// BenchmarkPages measures rendering the pages people open most, logged in,
// through the whole middleware stack (session lookup, CSRF token, locale).
func BenchmarkPages(b *testing.B) {
	env := newTestEnv(b)
	env.app.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	c := env.loginAs(account.RoleOffice)
	u, _ := url.Parse(env.srv.URL)
	cookies := c.hc.Jar.Cookies(u)
	for _, path := range []string{"/", "/settings/staff", "/devices", "/account/sessions"} {
		b.Run(path, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				for _, ck := range cookies {
					req.AddCookie(ck)
				}
				w := httptest.NewRecorder()
				env.app.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, w.Code)
				}
			}
		})
	}
}
