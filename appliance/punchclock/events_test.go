package punchclock

import (
	"testing"
	"time"
)

func TestHubDeliversAndKeepsRecent(t *testing.T) {
	h := NewHub()
	ch, stop := h.Subscribe()
	h.Publish(Event{Kind: EventPunch, Name: "王建国"})
	select {
	case e := <-ch:
		if e.Name != "王建国" {
			t.Fatalf("got %+v", e)
		}
	case <-time.After(time.Second):
		t.Fatal("event not delivered")
	}
	stop()
	stop() // twice is fine
	h.Publish(Event{Kind: EventNoMatch})
	if r := h.Recent(); len(r) != 2 || r[1].Kind != EventNoMatch {
		t.Fatalf("recent = %+v", r)
	}
	// A listener that never reads does not block the clock.
	_, stop2 := h.Subscribe()
	defer stop2()
	for i := 0; i < 100; i++ {
		h.Publish(Event{Kind: EventPunch})
	}
	if len(h.Recent()) != keepRecent {
		t.Fatalf("recent keeps %d, want %d", len(h.Recent()), keepRecent)
	}
}
