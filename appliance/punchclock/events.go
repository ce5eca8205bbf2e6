package punchclock

import (
	"sync"
	"time"
)

// EventKind says what happened at the sensor.
type EventKind string

// Event kinds.
const (
	EventPunch     EventKind = "punch"     // recorded
	EventDuplicate EventKind = "duplicate" // pressed again within the dedupe window
	EventNoMatch   EventKind = "no_match"  // 未识别，请重按
	EventBadImage  EventKind = "bad_image" // smudge: press again
	EventError     EventKind = "error"     // could not record
)

// Event is one thing the kiosk page shows.
type Event struct {
	Kind      EventKind `json:"kind"`
	At        time.Time `json:"at"`
	StaffID   uint64    `json:"staff_id,omitempty"`
	StaffNo   string    `json:"staff_no,omitempty"`
	Name      string    `json:"name,omitempty"`
	PunchID   uint64    `json:"punch_id,omitempty"`
	PunchTime time.Time `json:"punch_time,omitempty"`
	Ordinal   int       `json:"ordinal,omitempty"` // which of the day's punches (1st, 2nd, …)
	Unsure    bool      `json:"unsure,omitempty"`  // the clock was unsure: punch flagged
	Message   string    `json:"message,omitempty"` // detail for EventError (technician text)
}

// Hub fans events out to the kiosk pages that listen (SSE). Slow listeners
// miss events rather than slowing the clock.
type Hub struct {
	mu     sync.Mutex
	subs   map[chan Event]struct{}
	recent []Event
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[chan Event]struct{}{}} }

const keepRecent = 20

// Publish sends e to every listener without blocking.
func (h *Hub) Publish(e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recent = append(h.recent, e)
	if len(h.recent) > keepRecent {
		h.recent = h.recent[len(h.recent)-keepRecent:]
	}
	for ch := range h.subs {
		select {
		case ch <- e:
		default:
		}
	}
}

// Subscribe returns a channel of events and a function to stop.
func (h *Hub) Subscribe() (<-chan Event, func()) {
	ch := make(chan Event, 16)
	h.mu.Lock()
	h.subs[ch] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.subs, ch)
			h.mu.Unlock()
			close(ch)
		})
	}
}

// Recent returns the latest events, newest last.
func (h *Hub) Recent() []Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Event(nil), h.recent...)
}
