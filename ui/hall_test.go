package ui

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/hall"
	"bianmin/embedded"
)

// hallStream is an open /hall/events stream.
type hallStream struct {
	t    testing.TB
	resp *http.Response
	msgs chan hallMessage
}

func openHallStream(t testing.TB, ctx context.Context, c *client) *hallStream {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.env.srv.URL+"/hall/events", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		t.Fatalf("/hall/events: %d", resp.StatusCode)
	}
	s := &hallStream{t: t, resp: resp, msgs: make(chan hallMessage, 16)}
	go func() {
		defer close(s.msgs)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var m hallMessage
				if json.Unmarshal([]byte(data), &m) == nil {
					s.msgs <- m
				}
			}
		}
	}()
	t.Cleanup(func() { resp.Body.Close() })
	return s
}

func (s *hallStream) next(within time.Duration) hallMessage {
	s.t.Helper()
	select {
	case m, ok := <-s.msgs:
		if !ok {
			s.t.Fatal("the stream ended")
		}
		return m
	case <-time.After(within):
		s.t.Fatalf("no message within %v", within)
	}
	return hallMessage{}
}

// TestHallStreamCarriesCalls: a screen gets the board when it connects,
// then every call with its announcement — the clips in order, chime
// first, said as often as the settings say (issue 12 §5).
func TestHallStreamCarriesCalls(t *testing.T) {
	env := newTestEnv(t)
	fake := newFakeHall()
	env.app.Hall = fake
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := openHallStream(t, ctx, env.client())
	first := s.next(2 * time.Second)
	if first.Call != nil || len(first.Board.Windows) != 3 || first.Voice.Repeat != 2 || first.Voice.Mode != hall.VoiceAuto {
		t.Fatalf("first message: %+v", first)
	}
	fake.call("A012", "综合业务", 3)
	m := s.next(time.Second)
	if m.Call == nil || m.Board.Recent[0].Ticket != "A012" || m.Board.Windows[2].Ticket != "A012" {
		t.Fatalf("after the call: %+v", m)
	}
	call := "qing A 0 1 2 hao dao 3 hao chuangkou banli"
	if got, want := strings.Join(m.Call.Clips, " "), "chime "+call+" pause "+call; got != want || m.Call.Spoken != "A 0 1 2" {
		t.Fatalf("announcement %q (%q), want %q", got, m.Call.Spoken, want)
	}
	// A finish is a change without a call: the window display's rating
	// prompt comes on, nothing is announced.
	fake.finish(3)
	if m := s.next(time.Second); m.Call != nil || m.Board.Windows[2].RatePrompt || m.Board.Windows[2].Ticket != "" {
		t.Fatalf("after finishing: %+v", m)
	}
	// The ratings arm window 3's buttons: its display asks for a rating.
	armed := &armedWindows{}
	env.app.RatePrompts = armed
	armed.set(3, true)
	env.app.HallChanged()
	if m := s.next(time.Second); m.Call != nil || !m.Board.Windows[2].RatePrompt || m.Board.Windows[0].RatePrompt {
		t.Fatalf("after arming window 3: %+v", m)
	}
	// The hub listens to the queue only while a stream is open.
	cancel()
	deadline := time.Now().Add(2 * time.Second)
	for fake.subscribers() != 0 || env.app.hallHub.streams() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("after the last stream closed: %d feeds, %d streams", fake.subscribers(), env.app.hallHub.streams())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestHallPages: the hall display and a window display render the board
// without JavaScript; without a queue they say so; the window display
// keeps its rating prompt hidden until the window asks for a rating.
func TestHallPages(t *testing.T) {
	env := newTestEnv(t)
	env.app.Hall = nil // a box without a queue
	anon := env.client()
	expectPage(t, "hall without a queue", anon.get("/hall"), http.StatusOK, "本机还没有启用排队叫号")
	if r := anon.get("/hall/events"); r.Status != http.StatusNoContent {
		t.Fatalf("events without a queue: %d", r.Status)
	}
	fake := newFakeHall()
	env.app.Hall = fake
	fake.call("B007", "社保医保", 1)
	fake.call("A012", "综合业务", 3)
	r := anon.get("/hall")
	expectPage(t, "hall", r, http.StatusOK, "A012", "请到 3 号窗口办理", "B007", "1 号窗口", "暂停服务", "等候人数", "4 人", "点击开启语音")
	expectPage(t, "window 3", anon.get("/hall/window/3"), http.StatusOK, "3 号窗口", `data-state="serving"`, "A012", "综合业务")
	w2 := anon.get("/hall/window/2")
	expectPage(t, "window 2", w2, http.StatusOK, `data-state="paused"`)
	if !strings.Contains(w2.Body, `data-f="rate" hidden`) {
		t.Fatal("the rating prompt shows while nobody asked for a rating")
	}
	fake.finish(3)
	armed := &armedWindows{}
	armed.set(3, true)
	env.app.RatePrompts = armed
	if w3 := anon.get("/hall/window/3"); !strings.Contains(w3.Body, `data-state="idle"`) || strings.Contains(w3.Body, `data-f="rate" hidden`) {
		t.Fatal("window 3 after finishing: want idle with the rating prompt")
	}
	expectPage(t, "window 9 (not open)", anon.get("/hall/window/9"), http.StatusOK, `data-state="closed"`, "本窗口暂未开放")
	for _, bad := range []string{"/hall/window/0", "/hall/window/1000", "/hall/window/x"} {
		if r := anon.get(bad); r.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", bad, r.Status)
		}
	}
	expectPage(t, "window list", anon.get("/hall/window"), http.StatusOK, `href="/hall/window/3"`, "选择窗口")
}

// TestHallSettings: the office sets the voice, volume, repeat count and
// notices; the management reads them; a bad value is said beside its
// field; a listening screen gets the change at once.
func TestHallSettings(t *testing.T) {
	env := newTestEnv(t)
	fake := newFakeHall()
	env.app.Hall = fake
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := openHallStream(t, ctx, env.client())
	s.next(2 * time.Second)

	office := env.loginAs(account.RoleOffice)
	expectPage(t, "settings", office.get("/settings/hall"), http.StatusOK, "语音播报", "现在有 1 块屏幕在接收叫号")
	form := url.Values{"voice": {"clips"}, "volume": {"101"}, "repeat": {"3"}, "notices": {"今天下午停电\r\n\r\n医保窗口周五不办公"}}
	r := office.post("/settings/hall", form)
	expectPage(t, "volume 101", r, http.StatusBadRequest, "音量请填 0 到 100")
	form.Set("volume", "60")
	if r := office.post("/settings/hall", form); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.300s", r.Status, r.Body)
	}
	m := s.next(time.Second)
	if m.Voice != (hallVoice{Mode: hall.VoiceClips, Volume: 60, Repeat: 3}) || len(m.Notices) != 2 || m.Notices[1] != "医保窗口周五不办公" {
		t.Fatalf("the screen got %+v", m)
	}
	fake.call("A001", "综合业务", 1)
	if m := s.next(time.Second); m.Call == nil || m.Call.Repeat != 3 || len(m.Board.Recent) != 1 {
		t.Fatalf("a call after the change: %+v", m)
	}
	director := env.loginAs(account.RoleDirector)
	expectPage(t, "director reads", director.get("/settings/hall"), http.StatusOK, "医保窗口周五不办公")
	if r := director.post("/settings/hall", form); r.Status != http.StatusForbidden {
		t.Fatalf("the director saved hall settings: %d", r.Status)
	}
	expectPage(t, "hall shows the notices", env.client().get("/hall"), http.StatusOK, "今天下午停电")
}

// TestVoiceClipsShipped: every clip an announcement can name is in the
// binary as Ogg Opus, nothing else is, and all of them together stay
// within 300 KB (issue 12 §5).
func TestVoiceClipsShipped(t *testing.T) {
	want := map[string]bool{}
	for _, c := range hall.Clips() {
		want[c+".ogg"] = true
	}
	entries, err := fs.ReadDir(embedded.FS, "static/voice")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, e := range entries {
		b, err := fs.ReadFile(embedded.FS, "static/voice/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		total += len(b)
		if !want[e.Name()] {
			t.Errorf("static/voice/%s is shipped but no announcement uses it", e.Name())
		}
		delete(want, e.Name())
		if !bytes.HasPrefix(b, []byte("OggS")) || !bytes.Contains(b[:min(len(b), 200)], []byte("OpusHead")) {
			t.Errorf("%s is not Ogg Opus", e.Name())
		}
	}
	for name := range want {
		t.Errorf("clip %s is missing (run scripts/voice/make.sh)", name)
	}
	if total > 300<<10 {
		t.Errorf("the clips take %d bytes, more than 300 KB", total)
	}
}
