package ui

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/device"
)

// openLive opens a live stream as c and returns its events' names.
func openLive(t *testing.T, ctx context.Context, c *client, path string) <-chan string {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.env.srv.URL+path, nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		resp.Body.Close()
		t.Fatalf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := make(chan string, 16)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				events <- name
			}
		}
	}()
	t.Cleanup(func() { resp.Body.Close() })
	return events
}

func nextEvent(t *testing.T, events <-chan string, within time.Duration) string {
	t.Helper()
	select {
	case e, ok := <-events:
		if !ok {
			t.Fatal("the stream ended")
		}
		return e
	case <-time.After(within):
		t.Fatalf("no event within %v", within)
	}
	return ""
}

func noEvent(t *testing.T, events <-chan string, within time.Duration) {
	t.Helper()
	select {
	case e := <-events:
		t.Fatalf("an event %q with nothing changed", e)
	case <-time.After(within):
	}
}

// TestLiveStreams (issue 12): the window console and the printer page
// follow the queue and the printer without a reload — their streams say
// "change" after a change (a burst of changes once) and nothing
// otherwise; the pages name their stream and the parts app.js swaps; the
// streams keep the pages' roles.
func TestLiveStreams(t *testing.T) {
	env := newTestEnv(t)
	fake := newFakeHall()
	env.app.Hall = fake
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	staff := env.loginAs(account.RoleStaff)
	q := openLive(t, ctx, staff, "/queue/live")
	waitFor(t, "the console's subscription", func() bool { return fake.subscribers() == 1 })
	noEvent(t, q, 300*time.Millisecond)
	fake.call("A001", "综合业务", 1)
	fake.call("A002", "综合业务", 3) // the same burst
	if e := nextEvent(t, q, 2*time.Second); e != "change" {
		t.Fatalf("console stream sent %q", e)
	}
	noEvent(t, q, 400*time.Millisecond)

	office := env.loginAs(account.RoleOffice)
	p := openLive(t, ctx, office, "/devices/printer/live")
	noEvent(t, p, 300*time.Millisecond)
	env.app.Devices.SetKeyed("printer", "serial", "/dev/x", device.StateError, device.Reason{Key: "escpos.status.paper_out"}, "paper out")
	if e := nextEvent(t, p, 2*time.Second); e != "change" {
		t.Fatalf("printer stream sent %q", e)
	}

	for _, tc := range []struct {
		path, live string
		parts      []string
	}{
		{"/devices/printer", "/devices/printer/live", []string{`data-live-part="printer"`, `data-live-part="open"`}},
	} {
		body := office.get(tc.path).Body
		for _, want := range append(tc.parts, `data-live="`+tc.live+`"`) {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %s", tc.path, want)
			}
		}
	}
	// The printer's stream is the printer page's: staff may not follow it.
	if r := staff.get("/devices/printer/live"); r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
		t.Errorf("staff on the printer's stream: %d", r.Status)
	}

	cancel()
	waitFor(t, "the console's subscription ends with its page", func() bool { return fake.subscribers() == 0 })
	waitFor(t, "the live streams counted down", func() bool { return env.app.liveStreams.Load() == 0 })
}
