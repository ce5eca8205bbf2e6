package ui

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/queue"
)

// pairQueueKiosk registers a 取号机 as the office and pairs a fresh
// browser with it.
func pairQueueKiosk(t *testing.T, env *testEnv) *client {
	t.Helper()
	r := env.loginAs(account.RoleOffice).post("/settings/screens", url.Values{"name": {"取号机"}, "kind": {"queue_kiosk"}})
	code := regexp.MustCompile(`<span class="secret">([A-Z0-9]{5}-[A-Z0-9]{5})</span>`).FindStringSubmatch(r.Body)
	if code == nil {
		t.Fatalf("register a kiosk: %d", r.Status)
	}
	k := env.client()
	k.get("/screen/pair")
	if r := k.post("/screen/pair", url.Values{"code": {code[1]}}); r.Status != http.StatusSeeOther || r.Location != "/kiosk/queue" {
		t.Fatalf("pair: %d %q", r.Status, r.Location)
	}
	return k
}

// The way of a ticket through the pages: a registered kiosk issues it
// (an unregistered browser cannot), its status page follows it, a
// window's console calls and finishes it, and the statistics count it.
func TestQueuePagesTicketFlow(t *testing.T) {
	env := newTestEnv(t)
	anon := env.client()
	page := anon.get("/kiosk/queue")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "还没有登记为取号机") || !strings.Contains(page.Body, "综合业务") {
		t.Fatalf("unregistered kiosk: %d", page.Status)
	}
	if r := anon.post("/kiosk/queue/take", url.Values{"service": {"A"}}); r.Status != http.StatusBadRequest || strings.Contains(r.Body, "A001") {
		t.Fatalf("an unregistered browser took a number: %d", r.Status)
	}
	kiosk := pairQueueKiosk(t, env)
	kiosk.get("/kiosk/queue")
	r := kiosk.post("/kiosk/queue/take", url.Values{"service": {"A"}})
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `data-taken="A001"`) || !strings.Contains(r.Body, "前面还有 0 人") ||
		!strings.Contains(r.Body, "过号无效，请留意叫号") || !strings.Contains(r.Body, `src="data:image/png;base64,`) {
		t.Fatalf("take at the kiosk: %d %.400s", r.Status, r.Body)
	}
	link := regexp.MustCompile(`/q/[0-9a-f]{24}`).FindString(r.Body)
	if link == "" {
		t.Fatal("no status link on the kiosk's ticket")
	}
	if st := anon.get(link); st.Status != http.StatusOK || !strings.Contains(st.Body, `data-ahead="0"`) {
		t.Fatalf("status page: %d", st.Status)
	}
	if st := anon.get("/q/0000"); st.Status != http.StatusNotFound {
		t.Fatalf("unknown token: %d", st.Status)
	}

	clerk := env.loginAs(account.RoleStaff)
	con := clerk.get("/queue?window=1")
	if con.Status != http.StatusOK || !strings.Contains(con.Body, `data-waiting="1"`) || !strings.Contains(con.Body, "叫号") {
		t.Fatalf("console: %d", con.Status)
	}
	if r := clerk.post("/queue/windows/1/call", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("call: %d %.300s", r.Status, r.Body)
	}
	if st := anon.get(link); !strings.Contains(st.Body, "请到 1 号窗口办理") {
		t.Fatal("status page does not send the citizen to window 1")
	}
	if con := clerk.get("/queue?window=1"); !strings.Contains(con.Body, `data-current="A001"`) {
		t.Fatal("console does not show A001 at the window")
	}
	// 先外后内: the refusal is shown on the console, in words.
	clerk.post("/queue/windows/1/finish", nil)
	kiosk.post("/kiosk/queue/take", url.Values{"service": {"A"}})
	r = clerk.post("/queue/windows/1/pause", url.Values{"reason": {"internal"}})
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "先外后内") {
		t.Fatalf("pause for internal work while A002 waits: %d", r.Status)
	}
	if r := clerk.post("/queue/windows/1/call", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("call A002: %d", r.Status)
	}
	if r := clerk.post("/queue/windows/1/skip", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("skip A002: %d", r.Status)
	}

	office := env.loginAs(account.RoleOffice)
	st := office.get("/queue/stats")
	if st.Status != http.StatusOK || !strings.Contains(st.Body, `data-stats-total="2"`) || !strings.Contains(st.Body, "<svg") {
		t.Fatalf("stats: %d", st.Status)
	}
	x := office.get("/queue/stats.xlsx?period=" + env.app.now().Format("2006-01"))
	if x.Status != http.StatusOK || !strings.HasPrefix(x.Body, "PK") {
		t.Fatalf("stats xlsx: %d", x.Status)
	}
	if clerk.get("/queue/stats").Status != http.StatusForbidden {
		t.Fatal("a clerk reads the statistics")
	}
}

func TestQueueSettingsPage(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	form := url.Values{"services.0.prefix": {"A"}, "services.0.name": {"综合"}, "services.0.windows": {"1，2"},
		"services.1.prefix": {"1"}, "services.1.name": {"社保"}, "services.1.windows": {"3"},
		"recall_max": {"2"}, "button_gap_sec": {"3"}, "hall_recent": {"6"}, "appointment_lead_min": {"0"}, "green": {"on"}}
	r := office.post("/settings/queue", form)
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "号码字母须为一到两个大写英文字母") {
		t.Fatalf("bad prefix: %d", r.Status)
	}
	form.Set("services.1.prefix", "B")
	if r := office.post("/settings/queue", form); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", r.Status)
	}
	s, _ := env.app.Queue.Settings()
	if len(s.Services) != 2 || s.Services[0].Windows[1] != 2 || s.RecallMax != 2 || !s.Green || s.Appointments {
		t.Fatalf("saved %+v", s)
	}
	if env.loginAs(account.RoleDirector).post("/settings/queue", form).Status != http.StatusForbidden {
		t.Fatal("a director changed the queue settings")
	}
}

// The panel's 取号 buttons go through queue.Press: a second press within
// the gap gives no ticket (issue 12 §3).
func TestQueueSimButtons(t *testing.T) {
	env := newTestEnv(t)
	tech := env.loginAs(account.RoleTechnician)
	if r := tech.post("/sim/queue/press", url.Values{"service": {"B"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("press: %d", r.Status)
	}
	if p := tech.get("/sim"); !strings.Contains(p.Body, "刚取到：B001") {
		t.Fatal("the panel does not show the ticket the press gave")
	}
	tech.post("/sim/queue/press", url.Values{"service": {"B"}})
	if p := tech.get("/sim"); !strings.Contains(p.Body, "间隔太短") {
		t.Fatal("a second press within the gap was not refused")
	}
	if h, _ := env.app.Queue.Hall(); h.Waiting != 1 {
		t.Fatalf("%d tickets wait, want 1", h.Waiting)
	}
}

// The queue is the hall's source: a call shows on the board and is
// announced on the feed.
func TestQueueHallSource(t *testing.T) {
	env := newTestEnv(t)
	h := env.app.Hall
	if h == nil {
		t.Fatal("the queue is not the hall's source")
	}
	changes, stop := h.SubscribeHall()
	defer stop()
	if _, err := env.app.Queue.Take(queue.TakeRequest{Service: "B", Source: queue.SourceStaff}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.app.Queue.CallNext(queue.Actor{Name: "t"}, 3); err != nil {
		t.Fatal(err)
	}
	var call *HallCall
	for call == nil {
		select {
		case c := <-changes:
			call = c.Call
		case <-time.After(2 * time.Second):
			t.Fatal("no call on the feed")
		}
	}
	if call.Ticket != "B001" || call.Window != 3 {
		t.Fatalf("call %+v", call)
	}
	b, err := h.HallBoard()
	if err != nil || len(b.Recent) != 1 || b.Recent[0].Ticket != "B001" {
		t.Fatalf("board %+v %v", b, err)
	}
}
