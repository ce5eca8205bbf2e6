package countyui

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/boxkey"
	"bianmin/appliance/county"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/ui/internal/web"

	"golang.org/x/crypto/bcrypt"
)

const testPW = "Xian-county-2026"

type env struct {
	t   *testing.T
	srv *httptest.Server
	app *App
	c   *county.County
}

func newEnv(t *testing.T) *env { return newEnvWith(t, nil) }

// newEnvWith is newEnv with the Deps changed by set.
func newEnvWith(t *testing.T, set func(*Deps)) *env {
	db, err := store.Open(t.TempDir(), store.Options{Reserve: -1, MinFree: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	accts := account.New(db, account.Options{BcryptCost: bcrypt.MinCost, Roles: account.CountyRoles, AdminRole: account.RoleCountyAdmin})
	for _, r := range account.CountyRoles {
		u, pw, err := accts.CreateUser("test", account.NewUser{Username: "t-" + strings.ReplaceAll(string(r), "_", "-"), DisplayName: "测试", Role: r})
		if err != nil {
			t.Fatal(err)
		}
		if err := accts.ChangePassword("test", u.ID, pw, testPW, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := accts.CreateUser("test", account.NewUser{Username: "office", DisplayName: "x", Role: account.RoleOffice}); err == nil {
		t.Fatal("countyd made an account with a hall's role")
	}
	c := county.New(db, nil)
	d := Deps{County: c, Accounts: accts}
	if set != nil {
		set(&d)
	}
	app, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, app: app, c: c}
}

type client struct {
	e  *env
	hc *http.Client
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (c *client) get(path string) (int, string) {
	c.e.t.Helper()
	resp, err := c.hc.Get(c.e.srv.URL + path)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String()
}

func (c *client) post(path string, kv ...string) (int, string) {
	c.e.t.Helper()
	_, page := c.get("/login")
	if c.loggedIn() {
		if _, page = c.get("/"); !csrfRE.MatchString(page) {
			_, page = c.get("/account/password") // a one-time password to change first
		}
	}
	form := url.Values{}
	if m := csrfRE.FindStringSubmatch(page); m != nil {
		form.Set("csrf_token", m[1])
	}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Set(kv[i], kv[i+1])
	}
	resp, err := c.hc.PostForm(c.e.srv.URL+path, form)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String()
}

func (c *client) loggedIn() bool {
	u, _ := url.Parse(c.e.srv.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == cookieSession && ck.Value != "" {
			return true
		}
	}
	return false
}

func (e *env) login(r account.Role) *client {
	c := e.client()
	code, _ := c.post("/login", "username", "t-"+strings.ReplaceAll(string(r), "_", "-"), "password", testPW, "next", "/")
	if code != http.StatusSeeOther {
		e.t.Fatalf("login as %s: %d", r, code)
	}
	return c
}

// TestCountyPages: the townships page for both county roles; only a
// county admin registers a box; a bad area code is refused next to its
// field (issue 15 §4).
func TestCountyPages(t *testing.T) {
	e := newEnv(t)
	key := boxkey.Generate()
	if _, err := e.c.AddBox("test", "城关镇", "420102", key.PublicText()); err != nil {
		t.Fatal(err)
	}
	anon := e.client()
	if code, _ := anon.get("/"); code != http.StatusSeeOther {
		t.Fatalf("anonymous: %d, want the login page", code)
	}
	viewer := e.login(account.RoleCountyViewer)
	code, body := viewer.get("/boxes")
	if code != http.StatusOK || !strings.Contains(body, "城关镇") || !strings.Contains(body, key.Fingerprint()) || !strings.Contains(body, "从未") {
		t.Fatalf("townships as viewer: %d\n%s", code, body)
	}
	if strings.Contains(body, `action="/boxes"`) {
		t.Error("the viewer sees the registration form")
	}
	other := boxkey.Generate()
	if code, _ := viewer.post("/boxes", "name", "青山镇", "area", "420103", "key", other.PublicText()); code != http.StatusForbidden {
		t.Fatalf("viewer registers: %d, want 403", code)
	}
	admin := e.login(account.RoleCountyAdmin)
	if code, body := admin.post("/boxes", "name", "青山镇", "area", "42", "key", other.PublicText()); code != http.StatusBadRequest || !strings.Contains(body, "不是行政区划代码") {
		t.Fatalf("bad area: %d\n%s", code, body)
	}
	if code, _ := admin.post("/boxes", "name", "青山镇", "area", "420103", "key", other.PublicText()); code != http.StatusSeeOther {
		t.Fatalf("admin registers: %d", code)
	}
	if _, err := e.c.BoxNamed("青山镇"); err != nil {
		t.Fatal(err)
	}
	if code, body := admin.get("/lang/en?next=/"); code != http.StatusSeeOther {
		t.Fatalf("language: %d %s", code, body)
	}
	if _, body := admin.get("/"); !strings.Contains(body, "Townships") || strings.Contains(body, "各乡镇") {
		t.Error("the English page is not in English")
	}
}

// TestCountyRouteRoles walks the route table with both roles and no
// login: a page answers, a refusal is 403 (or the login page), never 500.
func TestCountyRouteRoles(t *testing.T) {
	e := newEnv(t)
	clients := map[string]*client{"anonymous": e.client()}
	for _, r := range account.CountyRoles {
		clients[string(r)] = e.login(r)
	}
	// The drill-down's parameters name a township, unit, person and day
	// that exist (issue 16).
	key := boxkey.Generate()
	b, err := e.c.AddBox("test", "城关镇", "420102", key.PublicText())
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().AddDate(0, 0, -3)
	if _, err := e.c.Receive(sealRecords(t, key, 1, time.Now(), map[string][]any{
		"unit":  {staff.Unit{ID: 4, Name: "民政办", Active: true}},
		"staff": {staff.Staff{ID: 9, Name: "王建国", UnitID: 4, StartDate: "2020-01-01"}},
		"punch": {attendance.Punch{ID: 1, StaffID: 9, Time: day, Source: attendance.SourceFingerprint}},
	}), "http test"); err != nil {
		t.Fatal(err)
	}
	samples := strings.NewReplacer(":box", strconv.FormatUint(b.ID, 10), ":unit", "4", ":staff", "9", ":date", day.Format("2006-01-02"), ":lang", "en")
	for _, rt := range e.app.Routes() {
		if rt.Path == "/logout" {
			continue
		}
		sampled := samples.Replace(rt.Path)
		if strings.Contains(sampled, ":") {
			continue // an account's or a token's id: their own tests
		}
		withSample := sampled != rt.Path
		rt.Path = sampled
		for who, c := range clients {
			var code int
			if rt.Method == http.MethodGet {
				code, _ = c.get(rt.Path)
			} else {
				code, _ = c.post(rt.Path)
			}
			allowed := rt.Public || (who != "anonymous" && roleIn(account.Role(who), rt.Roles))
			switch {
			case rt.Token && code != http.StatusUnauthorized:
				t.Errorf("%s %s as %s without a token: %d, want 401", rt.Method, rt.Path, who, code)
			case rt.Token:
			case code >= 500:
				t.Errorf("%s %s as %s: %d", rt.Method, rt.Path, who, code)
			case !allowed && code != http.StatusForbidden && code != http.StatusSeeOther && code != http.StatusUnauthorized:
				t.Errorf("%s %s as %s: %d, want a refusal", rt.Method, rt.Path, who, code)
			case allowed && withSample && code == http.StatusNotFound:
				t.Errorf("%s %s as %s: not found", rt.Method, rt.Path, who)
			case allowed && code == http.StatusForbidden:
				t.Errorf("%s %s as %s: refused", rt.Method, rt.Path, who)
			}
		}
	}
}

// TestCountyWebFont: countyd serves the CJK font app.css names, so a
// county PC without a Chinese font shows the pages in Chinese, not boxes.
func TestCountyWebFont(t *testing.T) {
	e := newEnv(t)
	resp, err := http.Get(e.srv.URL + web.FontPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "font/ttf" {
		t.Fatalf("%s: %d %s", web.FontPath, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
