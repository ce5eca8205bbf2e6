package ui

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"bianmin/appliance/account"
)

// TestStreamSlots: the places a registered screen has are its own; the
// anonymous pool is small per address and in all (issue 9: 50 anonymous
// streams took every slot from the real hall screens).
func TestStreamSlots(t *testing.T) {
	s := newStreamSlots()
	var anon []func()
	refused := 0
	for i := 0; i < 50; i++ { // fifty tabs from twenty-five addresses
		if rel, ok := s.take(0, "10.0.0."+string(rune('a'+i/2))); ok {
			anon = append(anon, rel)
		} else {
			refused++
		}
	}
	if len(anon) != anonStreamsTotal || refused != 50-anonStreamsTotal {
		t.Fatalf("anonymous streams: %d open, %d refused; want %d open", len(anon), refused, anonStreamsTotal)
	}
	for id := uint64(1); id <= 3; id++ { // three registered screens, each reloading once
		for j := 0; j < streamsPerScreen; j++ {
			if _, ok := s.take(id, "10.0.0.200"); !ok {
				t.Fatalf("registered screen %d, stream %d refused while the anonymous pool is full", id, j+1)
			}
		}
		if _, ok := s.take(id, "10.0.0.200"); ok {
			t.Fatalf("registered screen %d got more than %d streams", id, streamsPerScreen)
		}
	}
	if _, ok := s.take(0, "10.0.0.250"); ok {
		t.Fatal("a new address got an anonymous stream from a full pool")
	}
	anon[0]()
	anon[0]() // a second release changes nothing
	if s.anonOpen() != anonStreamsTotal-1 {
		t.Fatalf("after one release: %d open", s.anonOpen())
	}
	if _, ok := s.take(0, "10.0.0.250"); !ok {
		t.Fatal("the freed place was not given out")
	}
	if _, ok := s.take(0, "10.0.0.251"); ok {
		t.Fatal("a double release freed two places")
	}
}

// TestRegisterAndPairScreen: the office registers a hall screen and gets a
// code, link and QR; the screen's browser pairs with the code, gets its
// cookie and keeps a stream while its address's anonymous places are
// taken; retiring it ends that.
func TestRegisterAndPairScreen(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	r := office.post("/settings/screens", url.Values{"name": {""}, "kind": {"hall_display"}})
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "请填写屏幕名称") {
		t.Fatalf("register without a name: %d", r.Status)
	}
	r = office.post("/settings/screens", url.Values{"name": {"考勤屏"}, "kind": {"attendance_kiosk"}})
	code := regexp.MustCompile(`<span class="secret">([A-Z0-9]{5}-[A-Z0-9]{5})</span>`).FindStringSubmatch(r.Body)
	if r.Status != http.StatusOK || code == nil || !strings.Contains(r.Body, "/screen/pair?code=") || !strings.Contains(r.Body, `src="data:image/png;base64,`) {
		t.Fatalf("register: %d, code %v", r.Status, code)
	}
	if lead := env.loginAs(account.RoleLead).post("/settings/screens", url.Values{"name": {"x"}, "kind": {"hall_display"}}); lead.Status != http.StatusForbidden {
		t.Fatalf("a window lead registered a screen: %d", lead.Status)
	}

	kiosk := env.client()
	// Fill this address's anonymous places first.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := 0; i < anonStreamsPerAddr; i++ {
		if st := openEvents(t, ctx, kiosk); st != http.StatusOK {
			t.Fatalf("anonymous stream %d: %d", i+1, st)
		}
	}
	if st := openEvents(t, ctx, kiosk); st != http.StatusServiceUnavailable {
		t.Fatalf("one anonymous stream too many: %d", st)
	}
	kiosk.get("/screen/pair")
	r = kiosk.post("/screen/pair", url.Values{"code": {"WRONG-CODE0"}})
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "配对码不对或已过期") {
		t.Fatalf("wrong code: %d", r.Status)
	}
	r = kiosk.post("/screen/pair", url.Values{"code": {strings.ToLower(code[1])}})
	if r.Status != http.StatusSeeOther || r.Location != "/kiosk/attendance" {
		t.Fatalf("pair: %d %q", r.Status, r.Location)
	}
	if st := openEvents(t, ctx, kiosk); st != http.StatusOK {
		t.Fatalf("the paired screen's stream while its address's anonymous places are taken: %d", st)
	}
	if p := kiosk.get("/screen"); !strings.Contains(p.Body, "已登记为“考勤屏”") {
		t.Fatalf("status page: %.300s", p.Body)
	}
	list := office.get("/settings/screens")
	if !strings.Contains(list.Body, "在线（1 个连接）") || !strings.Contains(list.Body, "已配对") {
		t.Fatalf("the office's list does not show the screen online")
	}
	id := regexp.MustCompile(`/settings/screens/(\d+)/revoke`).FindStringSubmatch(list.Body)
	if r := office.post("/settings/screens/"+id[1]+"/revoke", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.Status)
	}
	if p := kiosk.get("/screen"); !strings.Contains(p.Body, "还没有登记") {
		t.Fatal("a retired screen still counts as registered")
	}
	if st := openEvents(t, ctx, kiosk); st != http.StatusServiceUnavailable {
		t.Fatalf("a retired screen kept its own places: %d", st)
	}
}

// openEvents opens the kiosk's event stream with the client's cookies and
// returns the status; a stream that opened stays open until ctx ends.
func openEvents(t *testing.T, ctx context.Context, c *client) int {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.env.srv.URL+"/kiosk/attendance/events", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
	}
	return resp.StatusCode
}
