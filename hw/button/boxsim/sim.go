package boxsim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"bianmin/hw/button"
	"bianmin/hw/serialport"
)

// Timing of the box's side of the line.
const (
	// pollInterval bounds a read, so queued presses go out within it and
	// Run notices its context.
	pollInterval = 10 * time.Millisecond
	// writeTimeout: a line the host does not take in time (nobody reads
	// the pty) is dropped, as a box's UART drops it.
	writeTimeout = 2 * time.Second
	// queueLen is how many lines wait to be sent.
	queueLen = 64
)

// Sim is one rating box.
type Sim struct {
	queue chan []byte

	mu      sync.Mutex
	window  int
	sent    int
	dropped int
	queries int
}

// New returns a box set to window.
func New(window int) *Sim {
	return &Sim{window: window, queue: make(chan []byte, queueLen)}
}

// Window is the window number the box is set to.
func (s *Sim) Window() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.window
}

// SetWindow sets the box's window number (its DIP switches) and says
// hello with it.
func (s *Sim) SetWindow(w int) {
	s.mu.Lock()
	s.window = w
	s.mu.Unlock()
	s.hello()
}

// Press sends a press of the button for level.
func (s *Sim) Press(level button.Level) error {
	key := level.Position()
	if key == 0 {
		return fmt.Errorf("rating box: no button for level %q", level)
	}
	s.PressKey(key)
	return nil
}

// PressKey sends a press of key 1..5 (counted from the left).
func (s *Sim) PressKey(key int) {
	s.enqueue(button.BoxMessage{Window: s.Window(), Key: key}.Line())
}

// Send sends raw bytes as they are: line noise, a broken line.
func (s *Sim) Send(raw []byte) { s.enqueue(bytes.Clone(raw)) }

// Stats: lines sent, lines dropped (queue full or the host not reading),
// and "?" queries answered.
func (s *Sim) Stats() (sent, dropped, queries int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent, s.dropped, s.queries
}

func (s *Sim) hello() { s.enqueue(button.BoxMessage{Hello: true, Window: s.Window()}.Line()) }

func (s *Sim) enqueue(b []byte) {
	select {
	case s.queue <- b:
	default:
		s.mu.Lock()
		s.dropped++
		s.mu.Unlock()
	}
}

// Run is the box powered on and plugged in on pair until ctx is done
// (returns ctx.Err()) or the pair is closed (returns nil). It says hello
// first. After pair.Replug, call Run again with the new pair.
func (s *Sim) Run(ctx context.Context, pair *serialport.Pair) error {
	m := pair.Master
	s.hello()
	buf := make([]byte, 64)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.flush(pair); err != nil {
			return gone(err)
		}
		_ = m.SetReadDeadline(time.Now().Add(pollInterval))
		n, err := m.Read(buf)
		for range bytes.Count(buf[:n], []byte(button.BoxQuery)) {
			s.mu.Lock()
			s.queries++
			s.mu.Unlock()
			s.hello()
		}
		if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			return gone(err)
		}
	}
}

// flush writes the queued lines.
func (s *Sim) flush(pair *serialport.Pair) error {
	for {
		select {
		case b := <-s.queue:
			_ = pair.Master.SetWriteDeadline(time.Now().Add(writeTimeout))
			_, err := pair.Master.Write(b)
			s.mu.Lock()
			if err == nil {
				s.sent++
			} else {
				s.dropped++
			}
			s.mu.Unlock()
			if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
				return err
			}
		default:
			return nil
		}
	}
}

// gone turns the end of the pair into a nil result; other errors stay.
func gone(err error) error {
	if errors.Is(err, os.ErrClosed) {
		return nil
	}
	return fmt.Errorf("rating box simulator: %w", err)
}
