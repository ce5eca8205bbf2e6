package fptest

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"bianmin/hw/serialport"
)

// Playback is a serialport.Port that plays a script back: it hands the
// driver the module's bytes ('<') once the driver has sent every byte of
// the host steps before them ('>'), and fails on the first byte the driver
// sends that differs from the script. Control steps ('!') are skipped; an
// unplug step ('x') makes every later Read and Write fail with an error
// wrapping serialport.ErrUnplugged.
type Playback struct {
	// Chunk is the most bytes one Read returns; 0 means a whole step.
	// Chunk 1 feeds the driver one byte at a time.
	Chunk int
	// Wait is how long a Read with nothing to deliver waits before
	// returning serialport.ErrTimeout, standing in for the port's read
	// timeout. Default 1ms.
	Wait time.Duration

	mu       sync.Mutex
	steps    []Step
	i, off   int   // next step, and bytes of it already consumed
	mismatch error // the first difference
	flushes  int
	closed   bool
}

// NewPlayback plays steps back.
func NewPlayback(steps []Step) *Playback { return &Playback{steps: steps} }

// errClosed is returned after Close.
var errClosed = errors.New("playback port closed")

// skipControl moves past control steps and fully consumed steps.
func (p *Playback) skipControl() {
	for p.i < len(p.steps) {
		st := p.steps[p.i]
		if st.Dir == Control || ((st.Dir == HostToModule || st.Dir == ModuleToHost) && p.off >= len(st.Data)) {
			p.i, p.off = p.i+1, 0
			continue
		}
		return
	}
}

// current returns the step to play next, or nil at the end.
func (p *Playback) current() *Step {
	p.skipControl()
	if p.i >= len(p.steps) {
		return nil
	}
	return &p.steps[p.i]
}

func (p *Playback) unplugged() error {
	return &serialport.Error{Path: "playback", What: "device unplugged", Hint: "script step 'x'", Kind: serialport.ErrUnplugged}
}

// Read returns the module's next bytes, or waits Wait and returns
// serialport.ErrTimeout when the script says the host speaks next.
func (p *Playback) Read(b []byte) (int, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return 0, errClosed
	}
	st := p.current()
	switch {
	case st != nil && st.Dir == Unplug:
		p.mu.Unlock()
		return 0, p.unplugged()
	case st != nil && st.Dir == ModuleToHost:
		n := len(st.Data) - p.off
		if p.Chunk > 0 {
			n = min(n, p.Chunk)
		}
		n = copy(b, st.Data[p.off:p.off+n])
		p.off += n
		p.mu.Unlock()
		return n, nil
	}
	wait := p.Wait
	p.mu.Unlock()
	if wait <= 0 {
		wait = time.Millisecond
	}
	time.Sleep(wait)
	return 0, serialport.ErrTimeout
}

// Write checks b against the script's host bytes.
func (p *Playback) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return 0, errClosed
	}
	if p.mismatch != nil {
		return 0, p.mismatch
	}
	for k, c := range b {
		st := p.current()
		switch {
		case st == nil:
			p.mismatch = fmt.Errorf("playback: host sent %X after the end of the script", b[k:])
		case st.Dir == Unplug:
			return k, p.unplugged()
		case st.Dir != HostToModule:
			p.mismatch = fmt.Errorf("playback: host sent %X while the module was due to send (%v)", b[k:], *st)
		case st.Data[p.off] != c:
			p.mismatch = fmt.Errorf("playback: host sent %X, script %v differs at byte %d (want %02X)", b, *st, p.off, st.Data[p.off])
		}
		if p.mismatch != nil {
			return k, p.mismatch
		}
		p.off++
	}
	return len(b), nil
}

// Flush discards the module bytes that are due now: '<' steps up to the
// next '>' step, as a real port discards what has arrived.
func (p *Playback) Flush() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.flushes++
	for st := p.current(); st != nil && st.Dir == ModuleToHost; st = p.current() {
		p.off = len(st.Data)
	}
	return nil
}

// Close closes the port.
func (p *Playback) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	return nil
}

// Flushes counts Flush calls.
func (p *Playback) Flushes() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.flushes
}

// Done returns the first mismatch, or an error naming the first step not
// played, or nil when the whole script was played exactly.
func (p *Playback) Done() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mismatch != nil {
		return p.mismatch
	}
	if st := p.current(); st != nil && st.Dir != Unplug {
		return fmt.Errorf("playback: script not finished at %v (byte %d)", *st, p.off)
	}
	return nil
}
