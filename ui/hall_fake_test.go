package ui

import (
	"maps"
	"sync"
	"time"
)

// fakeHall is a queue as the hall's screens see it: a board the test sets
// and calls it makes, delivered like the queue's feed.
type fakeHall struct {
	mu    sync.Mutex
	board HallBoard
	subs  map[chan HallChange]struct{}
	reads int // HallBoard calls
}

func newFakeHall() *fakeHall {
	return &fakeHall{subs: map[chan HallChange]struct{}{}, board: HallBoard{
		Windows: []HallWindow{{Number: 1, Name: "综合", Open: true}, {Number: 2, Open: true, Paused: true}, {Number: 3, Open: true}},
		Waiting: []HallWaiting{{Service: "综合业务", Prefix: "A", Waiting: 4}, {Service: "社保医保", Prefix: "B", Waiting: 1}},
	}}
}

func (f *fakeHall) HallBoard() (HallBoard, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	b := f.board
	b.Windows = append([]HallWindow(nil), b.Windows...)
	b.Recent = append([]HallCall(nil), b.Recent[:min(6, len(b.Recent))]...)
	return b, nil
}

func (f *fakeHall) SubscribeHall() (<-chan HallChange, func()) {
	ch := make(chan HallChange, 64)
	f.mu.Lock()
	f.subs[ch] = struct{}{}
	f.mu.Unlock()
	return ch, func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.subs, ch)
	}
}

// subscribers is how many feeds are open.
func (f *fakeHall) subscribers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}

// call calls ticket to window: the window serves it, it heads the recent
// calls, and the change goes out.
func (f *fakeHall) call(ticket, service string, window int) {
	f.mu.Lock()
	c := HallCall{Ticket: ticket, Window: window, At: time.Now()}
	for i := range f.board.Windows {
		if f.board.Windows[i].Number == window {
			f.board.Windows[i].Ticket, f.board.Windows[i].Service = ticket, service
		}
	}
	f.board.Recent = append([]HallCall{c}, f.board.Recent...)
	subs := make([]chan HallChange, 0, len(f.subs))
	for ch := range f.subs {
		subs = append(subs, ch)
	}
	f.mu.Unlock()
	for _, ch := range subs {
		ch <- HallChange{Call: &c}
	}
}

// armedWindows stands in for the ratings' flow: the windows whose
// buttons wait for a rating.
type armedWindows struct {
	mu sync.Mutex
	m  map[int]bool
}

func (a *armedWindows) ArmedWindows() map[int]bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return maps.Clone(a.m)
}

func (a *armedWindows) set(window int, on bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil {
		a.m = map[int]bool{}
	}
	a.m[window] = on
}

// finish ends window's service.
func (f *fakeHall) finish(window int) {
	f.mu.Lock()
	for i := range f.board.Windows {
		if f.board.Windows[i].Number == window {
			f.board.Windows[i].Ticket, f.board.Windows[i].Service = "", ""
		}
	}
	subs := make([]chan HallChange, 0, len(f.subs))
	for ch := range f.subs {
		subs = append(subs, ch)
	}
	f.mu.Unlock()
	for _, ch := range subs {
		ch <- HallChange{}
	}
}
