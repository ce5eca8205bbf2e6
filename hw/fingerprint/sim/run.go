package sim

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"bianmin/hw/serialport"
)

// Timing of the simulator's side of the line.
const (
	// pollInterval bounds how long Run waits in a read before it looks at
	// its context.
	pollInterval = 100 * time.Millisecond
	// rxGap: a partial packet followed by this much silence is dropped, as
	// a module resets its receiver (the host gave up or was restarted).
	rxGap = 300 * time.Millisecond
	// writeTimeout: a reply the host does not take within this time (the
	// pty's buffer is full because nobody reads) is dropped.
	writeTimeout = 2 * time.Second
)

// Run answers the host on the master side of pair until ctx is done
// (returns ctx.Err()) or the pair is unplugged or closed (returns nil).
// The library, buffers and finger survive: after pair.Replug, call Run
// again with the new pair. The host may close and reopen the slave at any
// time. Run one at a time.
func (s *Sim) Run(ctx context.Context, pair *serialport.Pair) error {
	m := pair.Master
	buf := make([]byte, 4096)
	lastRx := time.Now()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		// A deadline on a closed master fails with the runtime's "use of
		// closed file"; Read then says os.ErrClosed, which is what counts.
		_ = m.SetReadDeadline(time.Now().Add(pollInterval))
		n, err := m.Read(buf)
		if n > 0 {
			lastRx = time.Now()
			if out := s.receive(buf[:n]); len(out) > 0 {
				if werr := s.write(pair, out); werr != nil {
					return gone(werr)
				}
			}
		}
		switch {
		case err == nil:
		case errors.Is(err, os.ErrDeadlineExceeded):
			if time.Since(lastRx) >= rxGap {
				s.dropPartial()
			}
		default:
			return gone(err)
		}
	}
}

// write sends a reply; one the host does not take in time is dropped.
func (s *Sim) write(pair *serialport.Pair, out []byte) error {
	_ = pair.Master.SetWriteDeadline(time.Now().Add(writeTimeout)) // see Run
	_, err := pair.Master.Write(out)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		s.mu.Lock()
		s.counters.Dropped += len(out)
		s.mu.Unlock()
		return nil
	}
	return err
}

// gone turns the end of the pair into a nil result; other errors stay.
func gone(err error) error {
	if errors.Is(err, os.ErrClosed) {
		return nil
	}
	return fmt.Errorf("fingerprint simulator: %w", err)
}
