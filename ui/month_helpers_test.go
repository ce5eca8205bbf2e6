package ui

// Helpers of the month and records tests: the store's clock, published
// weekly notices, accounts linked to staff members, punches at given
// times.

import (
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai without /usr/share/zoneinfo

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
)

// testClock is the store's clock: the real time until a test sets it.
type testClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at.IsZero() {
		return time.Now()
	}
	return c.at
}

func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = t
}

// fakeNotices stands in for the reports' published weekly notices.
type fakeNotices struct {
	mu   sync.Mutex
	list []attendance.NoticeRef
}

func (f *fakeNotices) PublishedWeekly(since time.Time, _ int) ([]attendance.NoticeRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []attendance.NoticeRef
	for _, n := range f.list {
		if !n.PublishedAt.Before(since) {
			out = append(out, n)
		}
	}
	return out, nil
}

func (f *fakeNotices) publish(n attendance.NoticeRef) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = append(f.list, n)
}

// testLocation is the center's time zone in the tests.
func testLocation(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// moAt is a moment in the center's time zone: moAt(env, "2026-03-10 09:00").
func (e *testEnv) moAt(s string) time.Time {
	e.t.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, e.app.loc())
	if err != nil {
		e.t.Fatal(err)
	}
	return t
}

// moStaff returns the demo staff member with the staff number.
func (e *testEnv) moStaff(no string) staff.Staff {
	e.t.Helper()
	list, err := e.app.Staff.ListStaff(staff.Filter{Query: no})
	if err != nil || len(list) != 1 {
		e.t.Fatalf("staff %s: %v (%d found)", no, err, len(list))
	}
	return list[0]
}

// moLogin creates (once) an account of role linked to the staff member
// and logs in with it.
func (e *testEnv) moLogin(role account.Role, s staff.Staff) *client {
	e.t.Helper()
	name := "t-" + string(role) + "-" + strings.ToLower(s.StaffNo)
	if _, err := e.accts.UserByName(name); err != nil {
		u, pw, err := e.accts.CreateUser("test", account.NewUser{Username: name, DisplayName: s.Name, Role: role, StaffID: s.ID})
		if err != nil {
			e.t.Fatal(err)
		}
		if err := e.accts.ChangePassword("test", u.ID, pw, testPassword, ""); err != nil {
			e.t.Fatal(err)
		}
	}
	c := e.client()
	c.login(name, testPassword)
	return c
}

// moPunch records fingerprint punches of the staff member at the given
// moments ("2026-03-02 08:25").
func (e *testEnv) moPunch(s staff.Staff, moments ...string) {
	e.t.Helper()
	for _, m := range moments {
		if _, _, err := e.app.Punches.Record("test", attendance.Punch{StaffID: s.ID, Time: e.moAt(m),
			Source: attendance.SourceFingerprint, Quality: attendance.TimeSynced}); err != nil {
			e.t.Fatalf("punch %s at %s: %v", s.StaffNo, m, err)
		}
	}
}

// moDay punches all four points of the standard preset on time, except
// the ones replaced in change (point → time, "" to leave it out).
func (e *testEnv) moDay(s staff.Staff, date string, change map[string]string) {
	e.t.Helper()
	times := map[string]string{"morning_in": "08:25", "morning_out": "12:02", "afternoon_in": "13:55", "afternoon_out": "17:35"}
	for k, v := range change {
		times[k] = v
	}
	for _, k := range []string{"morning_in", "morning_out", "afternoon_in", "afternoon_out"} {
		if times[k] != "" {
			e.moPunch(s, date+" "+times[k])
		}
	}
}

// moStatus fails unless r has the status.
func moStatus(t testing.TB, what string, r response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: status %d, want %d; location %q; body:\n%s", what, r.Status, want, r.Location, moTail(r.Body, 3000))
	}
}

// moTail is the end of a long page, where the content is.
func moTail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

var moTagRE = regexp.MustCompile(`<[^>]+>`)

// moText is the page's text without tags and with spaces squeezed, to look
// for sentences.
func moText(body string) string {
	return strings.Join(strings.Fields(moTagRE.ReplaceAllString(body, " ")), " ")
}

// moStat reads a month total ("late", "missed") from the month page.
func moStat(body, name string) string {
	m := regexp.MustCompile(`data-total="` + name + `"><span class="num">([^<]*)<`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// moPost posts form to path and follows nothing.
func (c *client) moPost(path string, kv ...string) response {
	c.env.t.Helper()
	form := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Add(kv[i], kv[i+1])
	}
	return c.post(path, form)
}

// longRemedyWindow lets remedies be asked for up to the most working days
// after their day the settings allow (MaxRemedyDays), for tests that ask
// in April for a day in March.
func (e *testEnv) longRemedyWindow() {
	e.t.Helper()
	set := attendance.DefaultSettings()
	set.RemedyDays = attendance.MaxRemedyDays
	if _, err := attendance.SaveSettingsDB(e.db, "test", set); err != nil {
		e.t.Fatal(err)
	}
}
