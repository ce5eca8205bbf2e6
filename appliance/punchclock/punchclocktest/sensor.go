package punchclocktest

import (
	"errors"
	"fmt"
	"sync"

	"bianmin/appliance/punchclock"
)

// DefaultCapacity is how many template pages a new Sensor holds, as an
// AS608 module (an R307 holds 1000).
const DefaultCapacity = 300

// ErrUnplugged is what every call returns while the Sensor is unplugged,
// as the real driver fails when its serial line hangs up.
var ErrUnplugged = errors.New("punchclocktest: sensor unplugged")

// Answer is one reply of Identify: a match (Page, Score) or an error.
type Answer struct {
	Page, Score int
	Err         error
}

// Match is an enrolled finger on page, matched with score.
func Match(page, score int) Answer { return Answer{Page: page, Score: score} }

// NoMatch is a finger the sensor's library does not know.
func NoMatch() Answer { return Fail(punchclock.ErrNoMatch) }

// BadImage is a smudged or dry press the sensor could not read.
func BadImage() Answer { return Fail(punchclock.ErrBadImage) }

// Lifted is an empty sensor: nobody is pressing.
func Lifted() Answer { return Fail(punchclock.ErrNoFinger) }

// Fail is an Identify that fails with err (wrapped), e.g. a broken line.
func Fail(err error) Answer { return Answer{Err: fmt.Errorf("punchclocktest: %w", err)} }

// StoredTemplate is the template Store writes to page (what Download then
// reads back), so a test can recognise it in the box's kept copies.
func StoredTemplate(page int) []byte { return fmt.Appendf(nil, "template-%d", page) }

// Sensor is a punchclock.Sensor in memory. The zero value is not usable;
// create one with New. It is safe for concurrent use: the clock runs it in
// one goroutine while the test scripts it from another.
type Sensor struct {
	mu        sync.Mutex
	script    []Answer       // Identify answers these in order, then Lifted
	captures  []error        // the next Capture calls fail with these
	modelErr  error          // CreateModel fails with this while set
	hold      chan struct{}  // when set, Capture waits for it to close
	library   map[int][]byte // page → template
	capacity  int
	unplugged bool

	empties  int // Identify calls that found no finger
	captured int
	uploads  int
	deleted  []int
	signals  []bool
}

var _ punchclock.Sensor = (*Sensor)(nil)

// New returns a connected sensor with an empty library of
// DefaultCapacity pages and nobody pressing.
func New() *Sensor {
	return &Sensor{library: map[int][]byte{}, capacity: DefaultCapacity}
}

// Queue scripts the next Identify answers, in order, after any still
// queued; once they are used up the sensor is empty (Lifted). The clock
// polls until it sees the sensor empty after a press, so a finger held
// down is Match answered twice, and a new press after a lift needs Lifted
// between (see punchclock.Clock.Run).
func (s *Sensor) Queue(answers ...Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, answers...)
}

// Pending is how many queued answers Identify has not given yet.
func (s *Sensor) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.script)
}

// EmptyReads is how many times Identify found nobody pressing. A test
// waits for it to grow (with Pending at 0) to know the clock is done with
// the last press.
func (s *Sensor) EmptyReads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.empties
}

// FailCaptures makes the next Capture calls fail with errs (wrapped), in
// order; later captures succeed again.
func (s *Sensor) FailCaptures(errs ...error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.captures = append(s.captures, errs...)
}

// SetModelError makes CreateModel fail with err (wrapped) until it is set
// to nil, e.g. punchclock.ErrNotSameFinger for two different fingers.
func (s *Sensor) SetModelError(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.modelErr = err
}

// Hold makes Capture wait, as for a person who has not pressed yet, until
// release is called; a capture whose context ends first fails with
// punchclock.ErrNoFinger, as the real one does after its timeout.
func (s *Sensor) Hold() (release func()) {
	ch := make(chan struct{})
	s.mu.Lock()
	s.hold = ch
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			if s.hold == ch {
				s.hold = nil
			}
			s.mu.Unlock()
			close(ch)
		})
	}
}

// Unplug disconnects the sensor: every call fails with ErrUnplugged until
// Replug, so the clock's Run returns for its reconnect loop. The library
// and the script are kept.
func (s *Sensor) Unplug() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unplugged = true
}

// Replug connects the sensor again.
func (s *Sensor) Replug() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unplugged = false
}

// Put writes tpl to page, as a template enrolled earlier.
func (s *Sensor) Put(page int, tpl []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.library[page] = append([]byte(nil), tpl...)
}

// Wipe empties the library, as when the sensor is replaced by a new one.
func (s *Sensor) Wipe() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.library)
}

// Template returns the template at page, if any.
func (s *Sensor) Template(page int) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tpl, ok := s.library[page]
	return append([]byte(nil), tpl...), ok
}

// Deleted lists the pages Delete was asked to clear, in order.
func (s *Sensor) Deleted() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.deleted...)
}

// Signals lists what Signal showed, in order (true = OK, green).
func (s *Sensor) Signals() []bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]bool(nil), s.signals...)
}

// Uploads is how many templates Upload wrote (re-enrolment).
func (s *Sensor) Uploads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.uploads
}

// Captures is how many times Capture was called.
func (s *Sensor) Captures() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.captured
}
