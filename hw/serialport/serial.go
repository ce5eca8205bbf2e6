package serialport

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/tarm/serial"
)

// Hang-up detection after a zero-byte read; see the package doc.
const (
	// A zero-byte read that returns sooner than this fraction of the read
	// timeout did not wait for the timeout: the line is hung up.
	fastReadFraction = 2
	// This many fast zero-byte reads in a row, with the device node still in
	// place, mean a hang-up; one could be a fluke, a hung-up tty returns them
	// forever.
	hangupFastReads = 3
)

// serialPort is a Port over github.com/tarm/serial that tells a read timeout
// from an unplugged device.
type serialPort struct {
	path     string
	sp       *serial.Port
	node     os.FileInfo   // the device node at open time, to notice a replug elsewhere
	fastRead time.Duration // zero-byte reads quicker than this did not time out

	closeOnce sync.Once
	closeErr  error
}

// Open opens cfg.Path as 8N1 at cfg.Baud with cfg.ReadTimeout (defaults
// applied). The error says what failed and what to do; it wraps ErrUnplugged
// when the device is simply not there.
func Open(cfg Config) (Port, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	sp, err := serial.OpenPort(&serial.Config{
		Name:        cfg.Path,
		Baud:        cfg.Baud,
		ReadTimeout: cfg.ReadTimeout,
		Size:        8,
		Parity:      serial.ParityNone,
		StopBits:    serial.Stop1,
	})
	if err != nil {
		return nil, openError(cfg.Path, err)
	}
	node, err := os.Stat(cfg.Path)
	if err != nil {
		_ = sp.Close()
		return nil, openError(cfg.Path, err)
	}
	return &serialPort{
		path:     cfg.Path,
		sp:       sp,
		node:     node,
		fastRead: cfg.effectiveReadTimeout() / fastReadFraction,
	}, nil
}

// Read reads at least one byte, or returns ErrTimeout after the read timeout,
// or an error wrapping ErrUnplugged when the device is gone.
func (p *serialPort) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for fast := 0; ; {
		start := time.Now()
		n, err := p.sp.Read(b)
		if n > 0 {
			return n, nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, ioError(p.path, "read", err)
		}
		// tarm/serial (VMIN=0, VTIME>0) reports both a timeout and a
		// hang-up as (0, io.EOF).
		if gone := p.nodeGone(); gone != nil {
			return 0, unplugged(p.path, gone)
		}
		if time.Since(start) >= p.fastRead {
			return 0, ErrTimeout
		}
		fast++
		if fast >= hangupFastReads {
			return 0, unplugged(p.path, fmt.Errorf("line hung up: %d zero-byte reads returned at once", fast))
		}
	}
}

// nodeGone returns why the device node this port was opened on is no longer
// there, or nil when it still is. A path that now names a different node
// (a udev or demo symlink re-pointed after a replug) counts as gone.
func (p *serialPort) nodeGone() error {
	fi, err := os.Stat(p.path)
	if err != nil {
		return err
	}
	if !os.SameFile(fi, p.node) {
		return fmt.Errorf("%s now names another device", p.path)
	}
	return nil
}

func (p *serialPort) Write(b []byte) (int, error) {
	n, err := p.sp.Write(b)
	if err != nil {
		return n, ioError(p.path, "write", err)
	}
	return n, nil
}

func (p *serialPort) Flush() error {
	if err := p.sp.Flush(); err != nil {
		return ioError(p.path, "flush", err)
	}
	return nil
}

// Close closes the port; calling it again returns the first result.
func (p *serialPort) Close() error {
	p.closeOnce.Do(func() { p.closeErr = p.sp.Close() })
	return p.closeErr
}
