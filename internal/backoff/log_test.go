package backoff

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
)

// recorder is a slog.Handler that keeps each record as "LEVEL msg k=v ...".
type recorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *recorder) WithGroup(string) slog.Handler            { return r }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	var b strings.Builder
	b.WriteString(rec.Level.String() + " " + rec.Message)
	rec.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	})
	r.mu.Lock()
	r.lines = append(r.lines, b.String())
	r.mu.Unlock()
	return nil
}

func TestLogDeduplicates(t *testing.T) {
	missing := errors.New("open /dev/ttyUSB0: no such file")
	denied := errors.New("open /dev/ttyUSB0: permission denied")
	tests := []struct {
		name  string
		steps []error // nil: a success (Up); otherwise a failure (Down)
		want  []string
	}{
		{"the same error many times is one line",
			[]error{missing, missing, missing, missing},
			[]string{"WARN down err=" + missing.Error()}},
		{"first success is logged, later ones are not",
			[]error{nil, nil, nil},
			[]string{"INFO up"}},
		{"each distinct error once per outage, even alternating",
			[]error{missing, denied, missing, denied, missing},
			[]string{"WARN down err=" + missing.Error(), "WARN down err=" + denied.Error()}},
		{"recovery once, with the number of failures",
			[]error{nil, missing, missing, missing, nil, nil},
			[]string{"INFO up", "WARN down err=" + missing.Error(), "INFO up failures=3"}},
		{"a new outage logs its errors again",
			[]error{missing, nil, missing, nil},
			[]string{"WARN down err=" + missing.Error(), "INFO up failures=1", "WARN down err=" + missing.Error(), "INFO up failures=1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			l := NewLog(slog.New(rec), "down", "up")
			for _, err := range tt.steps {
				if err == nil {
					l.Up()
				} else {
					l.Down(err)
				}
			}
			if !slices.Equal(rec.lines, tt.want) {
				t.Errorf("logged:\n got %q\nwant %q", rec.lines, tt.want)
			}
		})
	}
}

func TestLogPassesArgsAndReportsWhetherItLogged(t *testing.T) {
	rec := &recorder{}
	l := NewLog(slog.New(rec), "serial device down", "serial device connected")
	if !l.Down(errors.New("gone"), "state", "reconnecting", "retry_in", "200ms") {
		t.Error("first Down did not log")
	}
	if l.Down(errors.New("gone"), "retry_in", "400ms") {
		t.Error("repeated Down logged")
	}
	if !l.Up("port", "/dev/ttyUSB0") || l.Up() {
		t.Error("Up: want logged once")
	}
	want := []string{
		"WARN serial device down err=gone state=reconnecting retry_in=200ms",
		"INFO serial device connected port=/dev/ttyUSB0 failures=2",
	}
	if !slices.Equal(rec.lines, want) {
		t.Errorf("logged:\n got %q\nwant %q", rec.lines, want)
	}
}

// An error whose text changes every attempt does not log every attempt for
// ever: after maxDistinct texts Log says so once and goes quiet until the
// recovery.
func TestLogBoundsChangingErrors(t *testing.T) {
	rec := &recorder{}
	l := NewLog(slog.New(rec), "down", "up")
	for i := range 100 {
		l.Down(fmt.Errorf("timeout after %d ms", i))
	}
	if len(rec.lines) != maxDistinct+1 {
		t.Fatalf("%d lines for 100 changing errors, want %d", len(rec.lines), maxDistinct+1)
	}
	if last := rec.lines[maxDistinct]; !strings.Contains(last, "not logging them until it recovers") {
		t.Fatalf("last line %q does not say it stops", last)
	}
	l.Up()
	l.Down(errors.New("timeout after 3 ms"))
	if n := len(rec.lines); n != maxDistinct+3 || !strings.HasPrefix(rec.lines[n-1], "WARN down err=timeout after 3 ms") {
		t.Fatalf("after recovery: %q", rec.lines[maxDistinct+1:])
	}
}

func TestLogNilError(t *testing.T) {
	rec := &recorder{}
	l := NewLog(slog.New(rec), "down", "up")
	l.Down(nil)
	if !slices.Equal(rec.lines, []string{"WARN down err=<nil>"}) {
		t.Fatalf("logged %q", rec.lines)
	}
}
