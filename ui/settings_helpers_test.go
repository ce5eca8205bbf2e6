package ui

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/center"
	"bianmin/appliance/device"
	"bianmin/appliance/schema"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"

	"golang.org/x/crypto/bcrypt"
)

// settingsEnv is an empty appliance (no demo data) served over httptest.
type settingsEnv struct {
	t      *testing.T
	db     *store.DB
	accts  *account.Service
	staff  *staff.Registry
	srv    *httptest.Server
	app    *App
	adminP string // the admin's one-time password
}

// settingsNewPassword is what test users change their one-time password to.
const settingsNewPassword = "Qingshan-2026"

func settingsTestApp(t *testing.T) *settingsEnv {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.Options{Migrations: schema.Migrations()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	accts := account.New(db, account.Options{BcryptCost: bcrypt.MinCost})
	pw, _, err := accts.EnsureAdmin()
	if err != nil {
		t.Fatal(err)
	}
	reg := staff.New(db)
	app, err := New(Deps{DB: db, Accounts: accts, Staff: reg, Center: center.New(db),
		Devices: device.NewRegistry(time.Now), Started: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return &settingsEnv{t: t, db: db, accts: accts, staff: reg, srv: srv, app: app, adminP: pw}
}

// settingsClient is a browser: it keeps cookies, does not follow redirects
// and sends the session's CSRF token with every POST.
type settingsClient struct {
	env  *settingsEnv
	hc   *http.Client
	csrf string
}

// settingsPage is a finished request.
type settingsPage struct {
	Status   int
	Location string
	Body     string
	Header   http.Header
}

func (e *settingsEnv) newClient() *settingsClient {
	jar, _ := cookiejar.New(nil)
	return &settingsClient{env: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// settingsLogin signs in with a one-time password the way a person does
// the first time: GET /login for the CSRF cookie, POST /login, then set a
// new password at /account/password.
func (e *settingsEnv) settingsLogin(username, oneTime string) *settingsClient {
	e.t.Helper()
	c := e.newClient()
	if r := c.get("/login"); r.Status != http.StatusOK {
		e.t.Fatalf("GET /login: %d", r.Status)
	}
	u, _ := url.Parse(e.srv.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == cookieCSRF {
			c.csrf = ck.Value
		}
	}
	if c.csrf == "" {
		e.t.Fatal("GET /login set no CSRF cookie")
	}
	r := c.post("/login", url.Values{"username": {username}, "password": {oneTime}})
	if r.Status != http.StatusSeeOther || r.Location != "/account/password" {
		e.t.Fatalf("login %s: %d %q, want redirect to /account/password: %.300s", username, r.Status, r.Location, r.Body)
	}
	c.csrf = c.pageCSRF("/account/password")
	r = c.post("/account/password", url.Values{"old_password": {oneTime},
		"new_password": {settingsNewPassword}, "confirm_password": {settingsNewPassword}})
	if r.Status != http.StatusSeeOther {
		e.t.Fatalf("change password of %s: %d: %.300s", username, r.Status, r.Body)
	}
	c.csrf = c.pageCSRF("/")
	return c
}

// settingsOffice signs in as the admin (an office account).
func (e *settingsEnv) settingsOffice() *settingsClient {
	return e.settingsLogin("admin", e.adminP)
}

// settingsAs creates an account with role and signs in with it.
func (e *settingsEnv) settingsAs(username string, role account.Role) *settingsClient {
	e.t.Helper()
	_, pw, err := e.accts.CreateUser("test", account.NewUser{Username: username, DisplayName: "测试" + username, Role: role})
	if err != nil {
		e.t.Fatal(err)
	}
	return e.settingsLogin(username, pw)
}

var settingsCSRFRE = regexp.MustCompile(`name="csrf_token" value="([0-9a-f]+)"`)

func (c *settingsClient) pageCSRF(path string) string {
	c.env.t.Helper()
	m := settingsCSRFRE.FindStringSubmatch(c.get(path).Body)
	if m == nil {
		c.env.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

func (c *settingsClient) do(req *http.Request) settingsPage {
	c.env.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.env.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return settingsPage{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: string(b), Header: resp.Header}
}

func (c *settingsClient) get(path string) settingsPage {
	c.env.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.env.srv.URL+path, nil)
	if err != nil {
		c.env.t.Fatal(err)
	}
	return c.do(req)
}

func (c *settingsClient) post(path string, form url.Values) settingsPage {
	c.env.t.Helper()
	form.Set(csrfField, c.csrf)
	req, err := http.NewRequest(http.MethodPost, c.env.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.env.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// upload posts a multipart form with the file as field "file" (no file
// part when name is empty).
func (c *settingsClient) upload(path, name string, content []byte) settingsPage {
	c.env.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField(csrfField, c.csrf)
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			c.env.t.Fatal(err)
		}
		fw.Write(content)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.env.srv.URL+path, &b)
	if err != nil {
		c.env.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// settingsExpect fails unless the page has status and contains every want.
func settingsExpect(t *testing.T, what string, p settingsPage, status int, want ...string) {
	t.Helper()
	if p.Status != status {
		t.Fatalf("%s: status %d, want %d (location %q): %s", what, p.Status, status, p.Location, settingsMain(p.Body))
	}
	for _, w := range want {
		if !strings.Contains(p.Body, w) {
			t.Errorf("%s: page lacks %q: %s", what, w, settingsMain(p.Body))
		}
	}
}

// settingsLacks fails when the page contains any of the texts.
func settingsLacks(t *testing.T, what string, p settingsPage, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(p.Body, s) {
			t.Errorf("%s: page should not contain %q", what, s)
		}
	}
}

// settingsMain is the page's <main>, to keep failure messages short.
func settingsMain(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000] + "…"
	}
	return body
}

// settingsRedirect fails unless p is a 303 to a location starting with prefix.
func settingsRedirect(t *testing.T, what string, p settingsPage, prefix string) {
	t.Helper()
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, prefix) {
		t.Fatalf("%s: got %d %q, want 303 to %s…: %s", what, p.Status, p.Location, prefix, settingsMain(p.Body))
	}
}
