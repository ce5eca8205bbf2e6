package main

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"bianmin/appliance/boxkey"
)

var oneTimeRE = regexp.MustCompile(`one-time password: (\S+)`)

// TestAdminAdd: `countyd admin add` makes a county account with and
// without the service running (through its socket), a viewer limited to
// a township by name; an unknown township and a limited admin are
// refused; the printed one-time password logs in and must be changed;
// `admin reset-password` gives a new one (issue 16 §4).
func TestAdminAdd(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, countydBin, "--data", dir, "box", "add", "--name", "城关镇", "--area", "420102", "--key", boxkey.Generate().PublicText())
	out := mustRun(t, countydBin, "--data", dir, "admin", "add", "--username", "li", "--name", "李主任")
	if !oneTimeRE.MatchString(out) || !strings.Contains(out, "county_admin") {
		t.Fatalf("admin add printed %q", out)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--username", "zhao", "--name", "赵", "--role", "county_viewer", "--townships", "没有这个镇"}, "没有名为“没有这个镇”的乡镇"},
		{[]string{"--username", "zhao", "--name", "赵", "--townships", "城关镇"}, "只有县级查看人员"},
		{[]string{"--username", "li", "--name", "李"}, ""},
	} {
		_, errOut, code := runBin(t, countydBin, append([]string{"--data", dir, "admin", "add"}, tc.args...)...)
		if code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("admin add %v: exit %d %q", tc.args, code, errOut)
		}
	}
	addr := freeAddr(t)
	srv := serveCounty(t, dir, addr)
	defer srv.kill()
	out = mustRun(t, countydBin, "--data", dir, "admin", "add", "--username", "wang", "--name", "王科长", "--role", "county_viewer", "--townships", "城关镇")
	m := oneTimeRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("through the service: %q", out)
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	login := func(pw string) string {
		resp, err := hc.Get("http://" + addr + "/login")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		var csrf string
		for _, ck := range resp.Cookies() {
			if ck.Name == "countyd_csrf" {
				csrf = ck.Value
			}
		}
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/login", strings.NewReader(url.Values{
			"username": {"wang"}, "password": {pw}, "csrf_token": {csrf}, "next": {"/"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "countyd_csrf", Value: csrf})
		resp, err = hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("Location")
	}
	if loc := login(m[1]); loc != "/account/password" {
		t.Fatalf("login with the one-time password went to %q", loc)
	}
	out = mustRun(t, countydBin, "--data", dir, "admin", "reset-password", "--username", "wang")
	m2 := oneTimeRE.FindStringSubmatch(out)
	if m2 == nil || m2[1] == m[1] {
		t.Fatalf("reset-password printed %q", out)
	}
	if loc := login(m[1]); loc == "/account/password" {
		t.Error("the old one-time password still logs in")
	}
	if loc := login(m2[1]); loc != "/account/password" {
		t.Errorf("the new one-time password went to %q", loc)
	}
}
