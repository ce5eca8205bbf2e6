package device

import (
	"maps"
	"sort"
	"sync"
	"time"
)

// State is a device's connection state as shown on the status page.
type State string

// The states a device can be in.
const (
	StateConnected    State = "connected"    // open and talking
	StateReconnecting State = "reconnecting" // unplugged or not yet found; retrying with backoff
	StateError        State = "error"        // present but failing (permission, garbage on the line...)
	StateDisabled     State = "disabled"     // switched off in configuration; ignored by AllHealthy
)

// Status is one device's row on the status page. Values returned by a
// Registry are copies: changing them does not change the Registry.
type Status struct {
	Name    string // stable id, e.g. "fingerprint"
	Kind    string // transport, e.g. "serial", "gpio"
	Path    string // e.g. "/dev/ttyUSB0"
	State   State  // "" until the first Set
	Message string // exact last error text, English, for technicians
	// Reason names the last error for the pages, which show it in the
	// user's language with Message beneath as the technician's detail;
	// zero when the driver gave no key (the page then words the state).
	Reason   Reason
	Since    time.Time        // when State last changed
	Attempts int              // reconnect attempts since the device was last connected
	Counters map[string]int64 // free-form counters, nil when none
}

// Registry holds the status of every device. Create one with NewRegistry.
type Registry struct {
	now func() time.Time

	mu      sync.Mutex
	devices map[string]*Status
	subs    map[int]chan struct{}
	nextSub int
}

// NewRegistry returns an empty Registry that stamps changes with now
// (time.Now when nil).
func NewRegistry(now func() time.Time) *Registry {
	if now == nil {
		now = time.Now
	}
	return &Registry{
		now:     now,
		devices: make(map[string]*Status),
		subs:    make(map[int]chan struct{}),
	}
}

// entry returns the device called name, creating it (with a zero Since)
// when it is unknown. The caller holds r.mu.
func (r *Registry) entry(name string) (s *Status, created bool) {
	if s, ok := r.devices[name]; ok {
		return s, false
	}
	s = &Status{Name: name}
	r.devices[name] = s
	return s, true
}

// existing returns the device called name, creating it with Since = now and
// an empty State when it is unknown. The caller holds r.mu.
func (r *Registry) existing(name string) *Status {
	s, created := r.entry(name)
	if created {
		s.Since = r.now()
	}
	return s
}

// Set records a device's kind, path, state and message. Since changes only
// when the state changes; Attempts is reset when the device is connected.
// Subscribers are notified when anything changed.
func (r *Registry) Set(name, kind, path string, st State, msg string) {
	r.SetKeyed(name, kind, path, st, Reason{}, msg)
}

// Reason is a device failure as the pages word it: a locale key
// ("serial.err.unplugged", "escpos.status.paper_out") and the arguments
// of its text.
type Reason struct {
	Key  string
	Args map[string]any
}

// SetKeyed is Set with the failure named for the pages (Status.Reason).
func (r *Registry) SetKeyed(name, kind, path string, st State, reason Reason, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, changed := r.entry(name)
	if changed || s.State != st {
		s.State = st
		s.Since = r.now()
		changed = true
	}
	if st == StateConnected && s.Attempts != 0 {
		s.Attempts = 0
		changed = true
	}
	if s.Kind != kind || s.Path != path || s.Message != msg || s.Reason.Key != reason.Key || !maps.Equal(s.Reason.Args, reason.Args) {
		s.Kind, s.Path, s.Message, s.Reason = kind, path, msg, Reason{Key: reason.Key, Args: maps.Clone(reason.Args)}
		changed = true
	}
	if changed {
		r.notify()
	}
}

// Attempt counts one reconnect attempt for the device called name. A name
// that was never Set is created with an empty State (not healthy).
func (r *Registry) Attempt(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.existing(name)
	s.Attempts++
	r.notify()
}

// Count adds delta to the device's counter. A name that was never Set is
// created with an empty State (not healthy).
func (r *Registry) Count(name, counter string, delta int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.existing(name)
	if s.Counters == nil {
		s.Counters = make(map[string]int64)
	}
	s.Counters[counter] += delta
	r.notify()
}

// List returns a copy of every device's status, sorted by Name.
func (r *Registry) List() []Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Status, 0, len(r.devices))
	for _, s := range r.devices {
		out = append(out, clone(s))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Get returns a copy of the named device's status.
func (r *Registry) Get(name string) (Status, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.devices[name]
	if !ok {
		return Status{}, false
	}
	return clone(s), true
}

// AllHealthy reports whether every device that is not disabled is connected.
// It is true when there are no devices.
func (r *Registry) AllHealthy() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.devices {
		if s.State != StateConnected && s.State != StateDisabled {
			return false
		}
	}
	return true
}

// Subscribe returns a channel that receives a value after every change. The
// channel holds at most one pending notification: changes that happen while
// one is pending are coalesced into it, and writers never block. Call List
// after each receive. The returned func unsubscribes and closes the channel;
// it may be called more than once.
func (r *Registry) Subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	r.mu.Lock()
	id := r.nextSub
	r.nextSub++
	r.subs[id] = ch
	r.mu.Unlock()

	var once sync.Once
	return ch, func() {
		once.Do(func() {
			r.mu.Lock()
			delete(r.subs, id)
			r.mu.Unlock()
			close(ch)
		})
	}
}

// notify wakes every subscriber without blocking. The caller holds r.mu, so
// no channel is closed while it is being sent to.
func (r *Registry) notify() {
	for _, ch := range r.subs {
		select {
		case ch <- struct{}{}:
		default: // a notification is already pending
		}
	}
}

func clone(s *Status) Status {
	c := *s
	c.Reason.Args = maps.Clone(s.Reason.Args)
	if s.Counters != nil {
		c.Counters = maps.Clone(s.Counters)
	}
	return c
}
