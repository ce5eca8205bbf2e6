package queue

import (
	"slices"
	"sync"
	"time"
)

// EventKind says what happened.
type EventKind string

// The kinds of event.
const (
	EventTaken       EventKind = "taken"       // a ticket was taken (or booked)
	EventCalled      EventKind = "called"      // a window called a ticket
	EventRecalled    EventKind = "recalled"    // a window called its ticket again
	EventSkipped     EventKind = "skipped"     // 过号
	EventFinished    EventKind = "finished"    // 办结
	EventTransferred EventKind = "transferred" // sent on to another service/window
	EventPaused      EventKind = "paused"      // a window paused (Reason)
	EventResumed     EventKind = "resumed"     // a window resumed
	EventDayStarted  EventKind = "day"         // a new day: numbering restarted
	EventSettings    EventKind = "settings"    // the services or windows changed
)

// Event is something that happened to the queue, published after its
// transaction committed. Window is the window that acted (0 for a take);
// Ticket is the ticket as it is after the change (zero for a window's
// pause or resume, a new day, new settings).
type Event struct {
	Kind    EventKind
	Ticket  Ticket
	Window  int
	Service string
	At      time.Time
	Reason  string // EventPaused: the PauseReason
}

// Announce reports whether the hall should speak the event: a call or a
// recall ("请 A012 号到 3 号窗口办理").
func (e Event) Announce() bool { return e.Kind == EventCalled || e.Kind == EventRecalled }

// FeedBuffer is how many events a subscriber may fall behind before
// events are dropped for it; it should read HallState after each event
// anyway, so a dropped event only delays nothing but a chime.
const FeedBuffer = 64

// feed fans events out to subscribers. A slow subscriber loses events
// rather than holding up a console.
type feed struct {
	mu   sync.Mutex
	subs map[chan Event]struct{}
}

// Subscribe returns a channel of the queue's events from now on and a
// function that ends the subscription (and closes the channel). Events
// arrive in commit order; a subscriber more than FeedBuffer events behind
// misses the newest ones. The hall display re-reads Hall on each event.
func (q *Queue) Subscribe() (<-chan Event, func()) {
	ch := make(chan Event, FeedBuffer)
	q.feed.mu.Lock()
	if q.feed.subs == nil {
		q.feed.subs = map[chan Event]struct{}{}
	}
	q.feed.subs[ch] = struct{}{}
	q.feed.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			q.feed.mu.Lock()
			delete(q.feed.subs, ch)
			q.feed.mu.Unlock()
			close(ch)
		})
	}
}

// Subscribers is how many subscriptions are open.
func (q *Queue) Subscribers() int {
	q.feed.mu.Lock()
	defer q.feed.mu.Unlock()
	return len(q.feed.subs)
}

func (q *Queue) publish(evs ...Event) {
	if len(evs) == 0 {
		return
	}
	q.feed.mu.Lock()
	defer q.feed.mu.Unlock()
	for ch := range q.feed.subs {
		for _, e := range evs {
			select {
			case ch <- e:
			default:
			}
		}
	}
}

// Finished is a service finished at a window: what the ratings need to
// arm the window's satisfaction buttons for it.
type Finished struct {
	Ticket  Ticket
	Window  int
	Staff   string // the user who called it
	StaffID uint64 // their staff record, 0 when the user is not staff
	Service string
	Taken   time.Time
	Called  time.Time
	Done    time.Time
}

type hooks struct {
	mu  sync.Mutex
	fns []func(Finished)
}

// OnFinished adds a function run after each commit that finished a
// ticket (Finish, or CallNext ending the ticket at the window), on the
// acting request's goroutine: keep it short. Wire hooks in cmd before
// serving.
func (q *Queue) OnFinished(f func(Finished)) {
	q.hooks.mu.Lock()
	q.hooks.fns = append(q.hooks.fns, f)
	q.hooks.mu.Unlock()
}

func (q *Queue) finished(fs ...Finished) {
	if len(fs) == 0 {
		return
	}
	q.hooks.mu.Lock()
	fns := slices.Clone(q.hooks.fns)
	q.hooks.mu.Unlock()
	for _, f := range fs {
		for _, fn := range fns {
			fn(f)
		}
	}
}
