package serialport

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// allBytes is every byte value once, including the ones a cooked tty would
// translate or swallow (CR, LF, ^C, ^D, XON/XOFF, DEL, 0xFF).
func allBytes() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func openTestPair(t *testing.T) *Pair {
	t.Helper()
	p, err := OpenPair()
	if err != nil {
		t.Fatalf("OpenPair: %v", err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

func openTestPort(t *testing.T, path string, timeout time.Duration) Port {
	t.Helper()
	port, err := Open(Config{Path: path, ReadTimeout: timeout})
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { _ = port.Close() })
	return port
}

// readPort reads n bytes from port, reading again after ErrTimeout, for at
// most within.
func readPort(t *testing.T, port Port, n int, within time.Duration) []byte {
	t.Helper()
	var got []byte
	buf := make([]byte, 512)
	deadline := time.Now().Add(within)
	for len(got) < n && time.Now().Before(deadline) {
		k, err := port.Read(buf)
		got = append(got, buf[:k]...)
		if err != nil && !errors.Is(err, ErrTimeout) {
			t.Fatalf("port Read after %d bytes: %v", len(got), err)
		}
	}
	return got
}

// readMaster reads n bytes from the master end, for at most within.
func readMaster(t *testing.T, p *Pair, n int, within time.Duration) []byte {
	t.Helper()
	if err := p.Master.SetReadDeadline(time.Now().Add(within)); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = p.Master.SetReadDeadline(time.Time{}) }()
	var got []byte
	buf := make([]byte, 512)
	for len(got) < n {
		k, err := p.Master.Read(buf)
		got = append(got, buf[:k]...)
		if err != nil {
			t.Fatalf("master Read after %d bytes: %v", len(got), err)
		}
	}
	return got
}

func wantBytes(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s: got %d bytes %x, want %d bytes %x", what, len(got), got, len(want), want)
	}
}

// logRecorder is a slog.Handler that keeps Warn-and-above messages' "err".
type logRecorder struct {
	mu   *sync.Mutex
	errs *[]string
}

func newLogRecorder() (*slog.Logger, func() []string) {
	r := logRecorder{mu: new(sync.Mutex), errs: new([]string)}
	return slog.New(r), func() []string {
		r.mu.Lock()
		defer r.mu.Unlock()
		return append([]string(nil), *r.errs...)
	}
}

func (r logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (r logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r logRecorder) WithGroup(string) slog.Handler            { return r }
func (r logRecorder) Handle(_ context.Context, rec slog.Record) error {
	if rec.Level < slog.LevelWarn {
		return nil
	}
	rec.Attrs(func(a slog.Attr) bool {
		if a.Key == "err" {
			r.mu.Lock()
			*r.errs = append(*r.errs, a.Value.String())
			r.mu.Unlock()
		}
		return true
	})
	return nil
}
