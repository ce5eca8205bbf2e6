package device

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// fakeClock advances by one minute every time it is read, so each stamp is
// distinct and predictable.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

func TestSetSinceAndAttempts(t *testing.T) {
	type step struct {
		op    string // "set", "attempt"
		state State
		msg   string
	}
	tests := []struct {
		name         string
		steps        []step
		wantState    State
		wantMsg      string
		wantAttempts int
		wantSinceIdx int // index of the clock read that should be Since (1-based)
	}{
		{
			name:      "first Set stamps Since",
			steps:     []step{{op: "set", state: StateConnected}},
			wantState: StateConnected, wantSinceIdx: 1,
		},
		{
			name: "same state keeps Since, updates message",
			steps: []step{
				{op: "set", state: StateReconnecting, msg: "no such file"},
				{op: "set", state: StateReconnecting, msg: "permission denied"},
			},
			wantState: StateReconnecting, wantMsg: "permission denied", wantSinceIdx: 1,
		},
		{
			name: "state change moves Since",
			steps: []step{
				{op: "set", state: StateConnected},
				{op: "set", state: StateReconnecting, msg: "unplugged"},
			},
			wantState: StateReconnecting, wantMsg: "unplugged", wantSinceIdx: 2,
		},
		{
			name: "attempts accumulate while reconnecting",
			steps: []step{
				{op: "set", state: StateReconnecting},
				{op: "attempt"}, {op: "attempt"}, {op: "attempt"},
			},
			wantState: StateReconnecting, wantAttempts: 3, wantSinceIdx: 1,
		},
		{
			name: "connected resets attempts",
			steps: []step{
				{op: "set", state: StateReconnecting},
				{op: "attempt"}, {op: "attempt"},
				{op: "set", state: StateConnected},
			},
			wantState: StateConnected, wantAttempts: 0, wantSinceIdx: 2,
		},
		{
			name: "error does not reset attempts",
			steps: []step{
				{op: "set", state: StateReconnecting},
				{op: "attempt"},
				{op: "set", state: StateError, msg: "permission denied"},
			},
			wantState: StateError, wantMsg: "permission denied", wantAttempts: 1, wantSinceIdx: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			var stamps []time.Time
			r := NewRegistry(func() time.Time {
				now := clock.Now()
				stamps = append(stamps, now)
				return now
			})
			for _, s := range tt.steps {
				switch s.op {
				case "set":
					r.Set("printer", "serial", "/dev/ttyUSB1", s.state, s.msg)
				case "attempt":
					r.Attempt("printer")
				}
			}
			got, ok := r.Get("printer")
			if !ok {
				t.Fatal("Get: device not found")
			}
			if got.State != tt.wantState || got.Message != tt.wantMsg || got.Attempts != tt.wantAttempts {
				t.Errorf("got state=%q msg=%q attempts=%d, want %q %q %d",
					got.State, got.Message, got.Attempts, tt.wantState, tt.wantMsg, tt.wantAttempts)
			}
			if got.Kind != "serial" || got.Path != "/dev/ttyUSB1" {
				t.Errorf("got kind=%q path=%q", got.Kind, got.Path)
			}
			if tt.wantSinceIdx > len(stamps) {
				t.Fatalf("clock read %d times, want Since from read %d", len(stamps), tt.wantSinceIdx)
			}
			if want := stamps[tt.wantSinceIdx-1]; !got.Since.Equal(want) {
				t.Errorf("Since = %v, want %v", got.Since, want)
			}
		})
	}
}

func TestAllHealthy(t *testing.T) {
	tests := []struct {
		name   string
		states map[string]State
		want   bool
	}{
		{"no devices", nil, true},
		{"all connected", map[string]State{"fingerprint": StateConnected, "printer": StateConnected}, true},
		{"disabled is ignored", map[string]State{"fingerprint": StateConnected, "printer": StateDisabled}, true},
		{"only disabled", map[string]State{"printer": StateDisabled}, true},
		{"one reconnecting", map[string]State{"fingerprint": StateConnected, "printer": StateReconnecting}, false},
		{"one in error", map[string]State{"fingerprint": StateError, "printer": StateConnected}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewRegistry(nil)
			for name, st := range tt.states {
				r.Set(name, "serial", "", st, "")
			}
			if got := r.AllHealthy(); got != tt.want {
				t.Errorf("AllHealthy() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCountedButNeverSetIsNotHealthy(t *testing.T) {
	r := NewRegistry(nil)
	r.Count("buttons", "presses", 1)
	if r.AllHealthy() {
		t.Error("AllHealthy() = true for a device whose state was never set")
	}
}

func TestListSortedAndDeepCopied(t *testing.T) {
	r := NewRegistry(nil)
	for _, name := range []string{"printer", "buttons", "fingerprint"} {
		r.Set(name, "serial", "", StateConnected, "")
	}
	r.Count("printer", "tickets", 2)
	r.Count("printer", "tickets", 3)
	r.Count("printer", "paper_out", 1)

	list := r.List()
	var names []string
	for _, s := range list {
		names = append(names, s.Name)
	}
	if fmt.Sprint(names) != "[buttons fingerprint printer]" {
		t.Fatalf("List names = %v, want sorted", names)
	}
	p := list[2]
	if p.Counters["tickets"] != 5 || p.Counters["paper_out"] != 1 {
		t.Fatalf("counters = %v, want tickets=5 paper_out=1", p.Counters)
	}
	if list[0].Counters != nil {
		t.Errorf("device without counters has Counters = %v, want nil", list[0].Counters)
	}

	p.Counters["tickets"] = 999
	got, _ := r.Get("printer")
	if got.Counters["tickets"] != 5 {
		t.Errorf("mutating a List copy changed the registry: tickets = %d", got.Counters["tickets"])
	}
	got.Counters["tickets"] = 777
	again, _ := r.Get("printer")
	if again.Counters["tickets"] != 5 {
		t.Errorf("mutating a Get copy changed the registry: tickets = %d", again.Counters["tickets"])
	}
	if _, ok := r.Get("scanner"); ok {
		t.Error("Get(unknown) reported ok")
	}
}

func TestSubscribeCoalescesAndUnsubscribes(t *testing.T) {
	r := NewRegistry(nil)
	ch, cancel := r.Subscribe()

	select {
	case <-ch:
		t.Fatal("notified before any change")
	default:
	}

	// Many changes with nobody reading: writers must not block, and exactly
	// one notification is pending afterwards.
	for i := range 100 {
		r.Count("printer", "tickets", int64(i))
	}
	select {
	case <-ch:
	default:
		t.Fatal("no notification after changes")
	}
	select {
	case <-ch:
		t.Fatal("notifications were not coalesced")
	default:
	}

	// A Set that changes nothing does not notify.
	r.Set("printer", "serial", "/dev/ttyUSB1", StateConnected, "")
	<-ch
	r.Set("printer", "serial", "/dev/ttyUSB1", StateConnected, "")
	select {
	case <-ch:
		t.Fatal("notified for a Set that changed nothing")
	default:
	}

	cancel()
	cancel() // idempotent
	if _, open := <-ch; open {
		t.Fatal("channel still open after unsubscribe")
	}
	r.Attempt("printer") // must not panic on the closed channel
}

func TestConcurrentUse(t *testing.T) {
	r := NewRegistry(nil)
	ch, cancel := r.Subscribe()
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range ch {
			_ = r.List()
		}
	}()

	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("dev%d", i%3)
			for j := range 200 {
				switch j % 4 {
				case 0:
					r.Set(name, "serial", "", StateReconnecting, "x")
				case 1:
					r.Attempt(name)
				case 2:
					r.Count(name, "frames", 1)
				case 3:
					r.Set(name, "serial", "", StateConnected, "")
				}
				_ = r.AllHealthy()
			}
		}()
	}
	wg.Wait()
	cancel()
	<-done

	var frames int64
	for _, s := range r.List() {
		frames += s.Counters["frames"]
	}
	if frames != 8*50 {
		t.Errorf("frames = %d, want %d", frames, 8*50)
	}
}
