package ui

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/punchclock"
	"bianmin/appliance/punchclock/punchclocktest"
)

// visibleBanner matches a kiosk banner that is shown (not hidden).
func visibleBanner(name string) *regexp.Regexp {
	return regexp.MustCompile(`data-banner="` + name + `" role="alert">`)
}

// kioskStage is what the kiosk's stage shows: one state at a time.
func kioskStage(t *testing.T, body string) (kind, text string) {
	t.Helper()
	m := regexp.MustCompile(`(?s)<section class="k-stage" data-stage data-kind="([a-z_]+)"[^>]*>(.*?)</section>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no stage on the kiosk page")
	}
	return m[1], moText(m[2])
}

func TestKioskIsPublicAndSaysTheSensorIsOffline(t *testing.T) {
	env := newTestEnv(t)
	anon := env.client()
	r := anon.get("/kiosk/attendance")
	expectPage(t, "kiosk, sensor offline", r, http.StatusOK, "/static/kiosk.js",
		`<noscript><meta http-equiv="refresh" content="5"></noscript>`)
	// One state at a time: the sensor is offline, so no prompt to press.
	if kind, text := kioskStage(t, r.Body); kind != "offline" || !strings.Contains(text, "指纹机未连接") || strings.Contains(text, "请按手指打卡") {
		t.Errorf("offline kiosk stage: %s %q", kind, text)
	}
	if visibleBanner("unsure").MatchString(r.Body) {
		t.Error("the clock banner shows while the clock is synced")
	}
	// Its own layout: no menu, no logout; nothing inline for the CSP.
	expectLacks(t, "kiosk", r, `class="sidenav"`, "/logout", "<script>", " style=")

	// The same with no sensor configured at all; the stream says 204 (stop).
	d := env.app.Deps
	d.Clock = nil
	bare, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(bare)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/kiosk/attendance")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("kiosk without a sensor: %d", resp.StatusCode)
	}
	resp, err = http.Get(srv.URL + "/kiosk/attendance/events")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("events without a sensor: %d, want 204", resp.StatusCode)
	}
}

// TestKioskShowsTheLastPunch drives the real clock with a fake sensor: a
// matched finger becomes a committed punch and the kiosk shows it.
func TestKioskShowsTheLastPunch(t *testing.T) {
	env := newTestEnv(t)
	sensor := punchclocktest.New()
	env.startSensor(sensor)
	waitFor(t, "the sensor online", env.app.sensorOnline)
	if kind, text := kioskStage(t, env.client().get("/kiosk/attendance").Body); kind != "idle" || !strings.Contains(text, "请按手指打卡") {
		t.Errorf("online kiosk at rest: %s %q", kind, text)
	}
	wang := env.staffNo("QS001")
	tpl := []byte("tpl")
	sensor.Put(7, tpl)
	addEnrolment(t, env, wang.ID, 7, tpl)
	env.times.Set(attendance.TimeUnsure)
	env.punch("QS001", time.Now().Add(-2*time.Minute), attendance.TimeSynced) // the day's first

	sensor.Queue(punchclocktest.Match(7, 91))
	waitFor(t, "the punch", func() bool { return len(env.app.Clock.Hub().Recent()) > 0 })
	r := env.client().get("/kiosk/attendance")
	expectPage(t, "kiosk after a punch", r, http.StatusOK, "王建国", "第 2 次打卡", "已记录", "时间未校准，本次打卡已标记")
	if kind, text := kioskStage(t, r.Body); kind != "punch" || strings.Contains(text, "指纹机未连接") {
		t.Errorf("kiosk stage after a punch: %s %q", kind, text)
	}
	if !visibleBanner("unsure").MatchString(r.Body) {
		t.Error("the clock banner is hidden while the clock is unsure")
	}
	list, _ := env.app.Punches.Punches(wang.ID, time.Now().Add(-time.Hour), time.Now().Add(time.Minute))
	if len(list) != 2 || !list[1].Flagged() || list[1].Score != 91 || list[1].Source != attendance.SourceFingerprint {
		t.Fatalf("recorded punch: %+v", list)
	}

	settled(t, sensor)
	sensor.Queue(punchclocktest.NoMatch())
	waitFor(t, "the no-match event", func() bool {
		rec := env.app.Clock.Hub().Recent()
		return rec[len(rec)-1].Kind == punchclock.EventNoMatch
	})
	expectPage(t, "kiosk after an unknown finger", env.client().get("/kiosk/attendance"), http.StatusOK, "未识别，请重按")
}

// TestKioskEventStream reads the SSE stream: an event published on the
// hub arrives as "event: punch" with the event as JSON.
func TestKioskEventStream(t *testing.T) {
	env := newTestEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, env.srv.URL+"/kiosk/attendance/events", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("events: %d %q", resp.StatusCode, ct)
	}
	lines := bufio.NewScanner(resp.Body)
	// next returns the data of the next event named name.
	next := func(name string) string {
		t.Helper()
		for lines.Scan() {
			if lines.Text() == "event: "+name && lines.Scan() {
				return strings.TrimPrefix(lines.Text(), "data: ")
			}
		}
		t.Fatalf("stream ended before an %q event: %v", name, lines.Err())
		return ""
	}
	var st kioskStatus
	if err := json.Unmarshal([]byte(next("status")), &st); err != nil || !st.Configured || st.Online {
		t.Fatalf("first status %+v (%v), want configured and offline", st, err)
	}
	at := time.Date(2026, 3, 2, 8, 29, 13, 0, env.app.loc())
	env.app.Clock.Hub().Publish(punchclock.Event{Kind: punchclock.EventPunch, At: at, StaffID: 1, Name: "王建国",
		StaffNo: "QS001", PunchTime: at, Ordinal: 2})
	var ev kioskEvent
	if err := json.Unmarshal([]byte(next("punch")), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Name != "王建国" || ev.Ordinal != 2 || ev.Clock != "08:29:13" {
		t.Fatalf("streamed event %+v", ev)
	}
	// The clock turning unsure is told as a status event.
	env.times.Set(attendance.TimeUnsure)
	if err := json.Unmarshal([]byte(next("status")), &st); err != nil || !st.Unsure {
		t.Fatalf("status after the clock went unsure: %+v (%v)", st, err)
	}

	// Without Accept: text/event-stream the answer ends (a curl look).
	r := env.client().get("/kiosk/attendance/events")
	expectPage(t, "events without SSE accept", r, http.StatusOK, "event: status", "event: punch", "王建国")
}

// TestKioskStreamOutlivesTheWriteTimeout: the server's WriteTimeout would
// cut a stream; the handler lifts it write by write.
func TestKioskStreamOutlivesTheWriteTimeout(t *testing.T) {
	env := newTestEnv(t)
	srv := httptest.NewUnstartedServer(env.app)
	srv.Config.WriteTimeout = 200 * time.Millisecond
	srv.Start()
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/kiosk/attendance/events", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	for lines.Scan() && lines.Text() != "event: status" {
	}
	time.Sleep(500 * time.Millisecond) // well past the write timeout
	env.app.Clock.Hub().Publish(punchclock.Event{Kind: punchclock.EventNoMatch, At: time.Now()})
	for lines.Scan() {
		if lines.Text() == "event: no_match" {
			return
		}
	}
	t.Fatalf("the stream ended before the late event: %v", lines.Err())
}
