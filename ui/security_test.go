package ui

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bianmin/appliance/account"
)

func TestPostWithoutCSRFIsRejected(t *testing.T) {
	env := newTestEnv(t)
	c := env.loginAs(account.RoleOffice)
	form := url.Values{"name": {"改过的中心"}}
	r := c.do(http.MethodPost, "/settings/center", form)
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "页面已过期") {
		t.Fatalf("POST without token: %d, want 403 with the expired-page message; body %.200s", r.Status, r.Body)
	}
	form.Set(csrfField, strings.Repeat("0", 64))
	if r := c.do(http.MethodPost, "/settings/center", form); r.Status != http.StatusForbidden {
		t.Fatalf("POST with a wrong token: %d, want 403", r.Status)
	}
	if got := env.app.Center.Get().Name; got == "改过的中心" {
		t.Fatal("the rejected POST changed the center name")
	}
	form.Del(csrfField)
	if r := c.post("/settings/center", form); r.Status != http.StatusSeeOther {
		t.Fatalf("POST with the token: %d, want 303", r.Status)
	}
	if got := env.app.Center.Get().Name; got != "改过的中心" {
		t.Fatalf("center name %q after a good POST", got)
	}
	// The login form is protected too (login CSRF).
	anon := env.client()
	r = anon.do(http.MethodPost, "/login", url.Values{"username": {"t-office"}, "password": {testPassword}})
	if r.Status != http.StatusForbidden {
		t.Fatalf("login without token: %d, want 403", r.Status)
	}
}

// TestLoginRateLimit: 5 failures from one address on one account are
// answered; the 6th attempt from that address is refused even with the
// right password (429, Retry-After, the minutes to wait), while the same
// address may still log in to another account and a forged
// X-Forwarded-For does not make a new address. (Another address getting
// in is the process test's: TestLoginHammerAdminGetsIn.)
func TestLoginRateLimit(t *testing.T) {
	env := newTestEnv(t)
	c := env.client()
	for i := 1; i <= 5; i++ {
		r := c.post("/login", url.Values{"username": {"t-staff"}, "password": {"wrong-password"}})
		if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "用户名或密码不对") {
			t.Fatalf("failure %d: status %d", i, r.Status)
		}
	}
	r := c.post("/login", url.Values{"username": {"t-staff"}, "password": {testPassword}})
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "登录失败次数过多，请 15 分钟后再试") || r.Header.Get("Retry-After") != "900" {
		t.Fatalf("6th attempt: status %d Retry-After %q, want 429 with the wait", r.Status, r.Header.Get("Retry-After"))
	}
	// A forged X-Forwarded-For does not make a new address.
	form := url.Values{"username": {"t-staff"}, "password": {testPassword}, csrfField: {c.csrf()}}
	r = c.doH(http.MethodPost, "/login", form, http.Header{"X-Forwarded-For": {"10.9.9.9"}, "X-Real-Ip": {"10.9.9.9"}})
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("forged X-Forwarded-For: status %d, want 429", r.Status)
	}
	// The same address may still log in to another account.
	r = c.post("/login", url.Values{"username": {"t-lead"}, "password": {testPassword}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("other account from the same address: status %d, want 303", r.Status)
	}
}

// TestLoginEchoBounded: a 900 kB username (the issue's) is shown back as 64 characters
// and the page stays small.
func TestLoginEchoBounded(t *testing.T) {
	env := newTestEnv(t)
	c := env.client()
	huge := strings.Repeat("a", 900_000)
	r := c.post("/login", url.Values{"username": {huge}, "password": {"x"}})
	if r.Status != http.StatusUnauthorized || len(r.Body) > 64<<10 || !strings.Contains(r.Body, strings.Repeat("a", 63)+"…") {
		t.Fatalf("status %d, page %d bytes", r.Status, len(r.Body))
	}
}

func TestForcedPasswordChange(t *testing.T) {
	env := newTestEnv(t)
	c := env.client()
	c.login("admin", env.adminP)
	r := c.get("/")
	if r.Status != http.StatusSeeOther || r.Location != "/account/password" {
		t.Fatalf("dashboard before the change: %d %q, want redirect to /account/password", r.Status, r.Location)
	}
	if r := c.post("/settings/center", url.Values{"name": {"x"}}); r.Status != http.StatusForbidden {
		t.Fatalf("POST before the change: %d, want 403", r.Status)
	}
	r = c.post("/account/password", url.Values{"old_password": {env.adminP}, "new_password": {"12345678"}, "confirm_password": {"12345678"}})
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "这个密码太简单") {
		t.Fatalf("weak password: %d", r.Status)
	}
	r = c.post("/account/password", url.Values{"old_password": {env.adminP}, "new_password": {"Qingshan-2026"}, "confirm_password": {"Qingshan-2026x"}})
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "两次输入的新密码不一致") {
		t.Fatalf("mismatch: %d", r.Status)
	}
	r = c.post("/account/password", url.Values{"old_password": {env.adminP}, "new_password": {"Qingshan-2026"}, "confirm_password": {"Qingshan-2026"}})
	if r.Status != http.StatusSeeOther || r.Location != "/" {
		t.Fatalf("change: %d %q", r.Status, r.Location)
	}
	if r := c.get("/"); r.Status != http.StatusOK || !strings.Contains(r.Body, "首页") {
		t.Fatalf("dashboard after the change: %d", r.Status)
	}
}

func TestLogoutEverywhere(t *testing.T) {
	env := newTestEnv(t)
	a, b := env.loginAs(account.RoleStaff), env.loginAs(account.RoleStaff)
	if r := a.post("/account/sessions/logout-others", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("logout others: %d", r.Status)
	}
	if r := a.get("/"); r.Status != http.StatusOK {
		t.Fatalf("own session ended too: %d", r.Status)
	}
	if r := b.get("/"); r.Status != http.StatusSeeOther {
		t.Fatalf("other session still alive: %d", r.Status)
	}
	if r := a.post("/logout", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.Status)
	}
	if r := a.get("/"); r.Status != http.StatusSeeOther {
		t.Fatalf("session alive after logout: %d", r.Status)
	}
}

func TestSecurityHeadersAndLimits(t *testing.T) {
	env := newTestEnv(t)
	r := env.client().get("/login")
	for h, want := range map[string]string{
		"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
		"Content-Security-Policy": "default-src 'self'",
	} {
		if !strings.Contains(r.Header.Get(h), want) {
			t.Errorf("%s = %q, want %q", h, r.Header.Get(h), want)
		}
	}
	for _, ck := range r.Header.Values("Set-Cookie") {
		if !strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "SameSite=Lax") {
			t.Errorf("cookie without HttpOnly/SameSite: %s", ck)
		}
	}
	c := env.loginAs(account.RoleOffice)
	big := url.Values{"name": {strings.Repeat("大", maxBodyBytes)}}
	if r := c.post("/settings/center", big); r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "太大") {
		t.Fatalf("oversized body: %d", r.Status)
	}
}

func TestErrorPagesInBothLanguages(t *testing.T) {
	env := newTestEnv(t)
	c := env.loginAs(account.RoleStaff)
	r := c.get("/settings/users")
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "没有权限") {
		t.Fatalf("403 page: %d %.200s", r.Status, r.Body)
	}
	if r := c.get("/no-such-page"); r.Status != http.StatusNotFound || !strings.Contains(r.Body, "找不到这个页面") {
		t.Fatalf("404 page: %d", r.Status)
	}
	c.get("/lang/en?next=/")
	if r := c.get("/no-such-page"); !strings.Contains(r.Body, "This page does not exist") {
		t.Fatalf("English 404 page: %.300s", r.Body)
	}
	if r := c.get("/"); !strings.Contains(r.Body, "Home") || !strings.Contains(r.Body, "Attendance") {
		t.Fatal("English dashboard lacks English words")
	}
	if r := c.get("/lang/xx?next=/"); r.Status != http.StatusNotFound {
		t.Fatalf("unknown language: %d", r.Status)
	}
	if r := c.get("/lang/zh-CN?next=//evil.example"); r.Location != "/" {
		t.Fatalf("open redirect: %q", r.Location)
	}
}
