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
	// IdleTear: a receipt the host leaves without a cut is torn off after
	// this much silence.
	IdleTear = time.Second
	// writeTimeout: a reply the host does not take within this time is
	// dropped.
	writeTimeout = 2 * time.Second
)

// Run serves the host on the master side of pair until ctx is done
// (returns ctx.Err()) or the pair is unplugged or closed (returns nil).
// The printer's state and receipts survive: after pair.Replug, call Run
// again with the new pair. Run one at a time.
func (p *Printer) Run(ctx context.Context, pair *serialport.Pair) error {
	m := pair.Master
	buf := make([]byte, 4096)
	lastRx := time.Now()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		// A deadline on a closed master fails; Read then says os.ErrClosed.
		_ = m.SetReadDeadline(time.Now().Add(pollInterval))
		n, err := m.Read(buf)
		if n > 0 {
			lastRx = time.Now()
			if reply := p.Receive(buf[:n]); len(reply) > 0 {
				_ = m.SetWriteDeadline(time.Now().Add(writeTimeout))
				if _, werr := m.Write(reply); werr != nil && !errors.Is(werr, os.ErrDeadlineExceeded) {
					return gone(werr)
				}
			}
		}
		switch {
		case err == nil:
		case errors.Is(err, os.ErrDeadlineExceeded):
			if time.Since(lastRx) >= IdleTear {
				p.Idle()
				lastRx = time.Now()
			}
		default:
			return gone(err)
		}
	}
}

// gone turns the end of the pair into a nil result; other errors stay.
func gone(err error) error {
	if errors.Is(err, os.ErrClosed) {
		return nil
	}
	return fmt.Errorf("printer simulator: %w", err)
}
