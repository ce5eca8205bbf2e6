package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
	"bianmin/appliance/center"
	"bianmin/appliance/demo"
	"bianmin/appliance/device"
	"bianmin/appliance/enrol"
	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
	"bianmin/appliance/problem"
	"bianmin/appliance/punchclock"
	"bianmin/appliance/punchclock/punchclocktest"
	"bianmin/appliance/queue"
	"bianmin/appliance/rating"
	"bianmin/appliance/schema"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/embedded"

	"golang.org/x/crypto/bcrypt"
)

// testEnv is a running app over a real store in a temp dir, with demo data
// and one ready account per role (password testPassword, no forced change).
type testEnv struct {
	t      testing.TB
	db     *store.DB
	accts  *account.Service
	app    *App
	srv    *httptest.Server
	sim    *fakeSim
	times  *punchclocktest.Time
	clock  *testClock   // the store's clock: real time until a test sets it
	notice *fakeNotices // the published weekly notices (none until a test adds one)
	adminP string       // the admin's one-time password
}

const testPassword = "correct-horse-9"

// fakeSim stands in for demo mode's simulator panel; it records the
// fingerprint actions it was asked for.
type fakeSim struct {
	mu      sync.Mutex
	plugged bool
	fpOut   bool     // the simulated fingerprint sensor is unplugged
	presses []string // "finger:<staffID>:<finger>", "unknown", "smudge"
}

func (f *fakeSim) SimDevices() []SimDevice {
	f.mu.Lock()
	defer f.mu.Unlock()
	return []SimDevice{{Name: "demo-serial", Kind: "serial", Path: "/dev/pts/x", Plugged: f.plugged},
		{Name: "fingerprint", Kind: "fingerprint", Path: "/dev/pts/y", Plugged: !f.fpOut}}
}

func (f *fakeSim) SetPlugged(name string, plugged bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if name == "fingerprint" {
		f.fpOut = !plugged
	} else {
		f.plugged = plugged
	}
	return nil
}

func (f *fakeSim) PlaceFinger(staffID uint64, finger int) error {
	return f.press(fmt.Sprintf("finger:%d:%d", staffID, finger))
}
func (f *fakeSim) PlaceUnknownFinger() error { return f.press("unknown") }
func (f *fakeSim) PlaceSmudge() error        { return f.press("smudge") }

func (f *fakeSim) press(what string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fpOut {
		return errors.New("fake sim: the fingerprint sensor is unplugged")
	}
	f.presses = append(f.presses, what)
	return nil
}

// pressed returns the fingerprint actions so far.
func (f *fakeSim) pressed() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.presses...)
}

func newTestEnv(t testing.TB) *testEnv {
	t.Helper()
	clk := &testClock{}
	db, err := store.Open(t.TempDir(), store.Options{Migrations: schema.Migrations(), Now: clk.Now, Location: testLocation(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	accts := account.New(db, account.Options{BcryptCost: bcrypt.MinCost})
	adminPW, _, err := accts.EnsureAdmin()
	if err != nil {
		t.Fatal(err)
	}
	// The demo center went live on 2 January 2025; QS020 joined and QS021
	// left in May 2025, long before the months the tests look at.
	if _, err := demo.Seed(db, accts, time.Date(2025, 1, 2, 0, 0, 0, 0, testLocation(t)), time.Date(2025, 6, 1, 0, 0, 0, 0, testLocation(t))); err != nil {
		t.Fatal(err)
	}
	for _, r := range account.AllRoles {
		u, pw, err := accts.CreateUser("test", account.NewUser{Username: "t-" + string(r), DisplayName: "测试 " + string(r), Role: r})
		if err != nil {
			t.Fatal(err)
		}
		if err := accts.ChangePassword("test", u.ID, pw, testPassword, ""); err != nil {
			t.Fatal(err)
		}
	}
	sim := &fakeSim{plugged: true}
	devs := device.NewRegistry(time.Now)
	devs.Set("demo-serial", "serial", "/dev/pts/x", device.StateConnected, "")
	// The fingerprint clock is real, over the real services; it has no
	// sensor until a test calls startSensor (so it starts offline).
	reg := staff.New(db)
	punches := attendance.New(db, 0)
	enrols, err := enrol.New(db)
	if err != nil {
		t.Fatal(err)
	}
	times := &punchclocktest.Time{} // synced until a test says otherwise
	clock := punchclock.New(punchclock.Config{PollInterval: 5 * time.Millisecond, LiftTimeout: 50 * time.Millisecond},
		punches, enrols, reg, times, punchclock.NewHub())
	loc := testLocation(t)
	cal, err := calendar.Load(db, embedded.FS, loc)
	if err != nil {
		t.Fatal(err)
	}
	notices := &fakeNotices{}
	cases := intake.New(db, cal)
	if _, err := demo.SeedIntake(cases, reg); err != nil {
		t.Fatal(err)
	}
	ratings := rating.New(db, cal)
	flow := rating.NewFlow(ratings, func() time.Duration { return time.Minute }, nil)
	t.Cleanup(flow.Stop)
	app, err := New(Deps{Ratings: ratings, RatingFlow: flow, CheckLineMap: func(raw json.RawMessage) error {
		if !json.Valid(raw) {
			return problem.New("line_map", "rating.err.line_map_json", "Detail", "not JSON")
		}
		return nil
	},
		DB: db, Accounts: accts, Staff: reg, Center: center.New(db),
		Devices: devs, Punches: punches, Enrols: enrols, Clock: clock, Time: times, Sim: sim, Started: time.Now(),
		Records: attendance.NewRecords(db, loc, cal), Calendar: cal, Location: loc, Notices: notices,
		Leave: leave.New(db).WithSchedule(attendance.LeaveScheduleFunc(cal)), Intake: cases, Queue: queue.New(db, nil)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return &testEnv{t: t, db: db, accts: accts, app: app, srv: srv, sim: sim, times: times, clock: clk, notice: notices, adminP: adminPW}
}

// client is a browser-like HTTP client that keeps cookies and does not
// follow redirects.
type client struct {
	env *testEnv
	hc  *http.Client
}

func (e *testEnv) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{env: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// response is a finished request.
type response struct {
	Status   int
	Location string
	Body     string
	Header   http.Header
}

func (c *client) do(method, path string, form url.Values) response {
	c.env.t.Helper()
	return c.doH(method, path, form, nil)
}

// doH is do with extra request headers.
func (c *client) doH(method, path string, form url.Values, hdr http.Header) response {
	c.env.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.env.srv.URL+path, body)
	if err != nil {
		c.env.t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.env.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: string(b), Header: resp.Header}
}

func (c *client) get(path string) response { return c.do(http.MethodGet, path, nil) }

// post sends form with the CSRF token of the page at tokenFrom (GET first).
func (c *client) post(path string, form url.Values) response {
	c.env.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get(csrfField) == "" {
		form.Set(csrfField, c.csrf())
	}
	return c.do(http.MethodPost, path, form)
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([0-9a-f]+)"`)

// csrf reads the CSRF token from a page the client may see.
func (c *client) csrf() string {
	c.env.t.Helper()
	for _, p := range []string{"/account/password", "/login"} {
		if m := csrfRE.FindStringSubmatch(c.get(p).Body); m != nil {
			return m[1]
		}
	}
	c.env.t.Fatal("no csrf token found")
	return ""
}

// login logs in and fails the test unless it succeeds.
func (c *client) login(username, password string) {
	c.env.t.Helper()
	r := c.post("/login", url.Values{"username": {username}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		c.env.t.Fatalf("login %s: status %d, body %.300s", username, r.Status, r.Body)
	}
}

// loginAs logs in with the ready test account of role.
func (e *testEnv) loginAs(role account.Role) *client {
	c := e.client()
	c.login("t-"+string(role), testPassword)
	return c
}

// postMultipart posts fields and files (field → name and bytes) with the
// CSRF token.
func (c *client) postMultipart(path string, fields url.Values, files map[string][2]string) response {
	c.env.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fields.Set(csrfField, c.csrf())
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	for field, f := range files {
		fw, err := w.CreateFormFile(field, f[0])
		if err != nil {
			c.env.t.Fatal(err)
		}
		_, _ = fw.Write([]byte(f[1]))
	}
	w.Close()
	req, err := http.NewRequest(http.MethodPost, c.env.srv.URL+path, &b)
	if err != nil {
		c.env.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := c.hc.Do(req)
	if err != nil {
		c.env.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	_, _ = body.ReadFrom(resp.Body)
	return response{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: body.String(), Header: resp.Header}
}
