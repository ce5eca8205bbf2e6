package serialport

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"bianmin/internal/backoff"
)

// fakePort is a Port whose reads return queued errors.
type fakePort struct {
	readErr error
	closed  chan struct{}
	once    sync.Once
}

func (p *fakePort) Read([]byte) (int, error)    { return 0, p.readErr }
func (p *fakePort) Write(b []byte) (int, error) { return len(b), nil }
func (p *fakePort) Flush() error                { return nil }
func (p *fakePort) Close() error {
	p.once.Do(func() { close(p.closed) })
	return nil
}

// A scripted sequence of open results, with time and randomness fixed: the
// reported states, the backoff delays and the log lines follow exactly.
func TestLinkScripted(t *testing.T) {
	missing := openError("/dev/ttyUSB0", fs.ErrNotExist)
	denied := openError("/dev/ttyUSB0", fs.ErrPermission)
	unplugErr := unplugged("/dev/ttyUSB0", errors.New("read /dev/ttyUSB0: input/output error"))
	garbage := errors.New("fingerprint: bad checksum in reply — check the baud rate")

	// nil opens a port whose session ends with the paired error.
	script := []struct {
		openErr, sessionErr error
	}{
		{openErr: missing},
		{openErr: missing},
		{openErr: missing},
		{openErr: denied},
		{sessionErr: unplugErr},
		{openErr: missing},
		{sessionErr: garbage},
		{openErr: missing},
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		opens  int
		states []string
		sleeps []time.Duration
	)
	logger, logged := newLogRecorder()
	l := NewLink(Config{Path: "/dev/ttyUSB0"}, LinkOptions{
		Name: "fingerprint", Kind: "serial",
		Open: func(cfg Config) (Port, error) {
			step := script[opens]
			opens++
			if step.openErr != nil {
				return nil, step.openErr
			}
			return &fakePort{readErr: step.sessionErr, closed: make(chan struct{})}, nil
		},
		OnState: func(state, msg string) { states = append(states, state+": "+msg) },
		Sleep: func(ctx context.Context, d time.Duration) error {
			sleeps = append(sleeps, d)
			if opens == len(script) {
				cancel()
				return ctx.Err()
			}
			return nil
		},
		Rand:   func() float64 { return 0 },
		Logger: logger,
	})
	err := l.Run(ctx, func(ctx context.Context, p Port) error {
		_, err := p.Read(make([]byte, 8))
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v, want context.Canceled", err)
	}

	wantStates := []string{
		"reconnecting: " + missing.Error(),
		"reconnecting: " + missing.Error(),
		"reconnecting: " + missing.Error(),
		"error: " + denied.Error(),
		"connected: ",
		"reconnecting: " + unplugErr.Error(),
		"reconnecting: " + missing.Error(),
		"connected: ",
		"error: " + garbage.Error(),
		"reconnecting: " + missing.Error(),
	}
	if !slices.Equal(states, wantStates) {
		t.Errorf("states:\n got %q\nwant %q", states, wantStates)
	}
	ms := time.Millisecond
	// Backoff grows across failed opens and starts over after a connection.
	wantSleeps := []time.Duration{200 * ms, 400 * ms, 800 * ms, 1600 * ms, 200 * ms, 400 * ms, 200 * ms, 400 * ms}
	if !slices.Equal(sleeps, wantSleeps) {
		t.Errorf("sleeps = %v, want %v", sleeps, wantSleeps)
	}
	// Each distinct error once per outage, not once per attempt.
	wantLogs := []string{missing.Error(), denied.Error(), unplugErr.Error(), missing.Error(), garbage.Error(), missing.Error()}
	if got := logged(); !slices.Equal(got, wantLogs) {
		t.Errorf("logged:\n got %q\nwant %q", got, wantLogs)
	}
	if state, msg := l.State(); state != StateReconnecting || msg != missing.Error() {
		t.Errorf("State() = %q, %q", state, msg)
	}
}

func TestLinkStopsWhenContextDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	port := &fakePort{closed: make(chan struct{})}
	l := NewLink(Config{Path: "/dev/ttyUSB0"}, LinkOptions{
		Open:   func(Config) (Port, error) { return port, nil },
		Logger: discardLogger(),
	})
	done := make(chan error, 1)
	go func() {
		done <- l.Run(ctx, func(ctx context.Context, p Port) error {
			cancel()
			<-port.closed // Run closes the port once ctx is done
			return errors.New("read on closed port")
		})
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if state, _ := l.State(); state != StateConnected {
		t.Errorf("State() = %q after a clean stop, want the last outcome %q", state, StateConnected)
	}
}

// The whole path over a real pty: connect, unplug, replug, connect again,
// with data flowing before and after.
func TestLinkReconnectsAfterReplug(t *testing.T) {
	link := filepath.Join(t.TempDir(), "fingerprint")
	pair, err := OpenPairAt(link)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = pair.Close() }()

	states := make(chan string, 1000)
	logger, logged := newLogRecorder()
	l := NewLink(Config{Path: link, ReadTimeout: 100 * time.Millisecond}, LinkOptions{
		Name: "fingerprint", Kind: "serial",
		OnState: func(state, msg string) { states <- state + ": " + msg },
		Backoff: backoff.Policy{Initial: 5 * time.Millisecond, Max: 20 * time.Millisecond},
		Logger:  logger,
	})
	received := make(chan string, 10)
	session := func(ctx context.Context, p Port) error {
		buf := make([]byte, 64)
		for {
			n, err := p.Read(buf)
			switch {
			case n > 0:
				received <- string(buf[:n])
			case errors.Is(err, ErrTimeout):
				// nothing arrived; keep reading
			case err != nil:
				return err
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runDone := make(chan error, 1)
	go func() { runDone <- l.Run(ctx, session) }()

	var seen []string // distinct consecutive states
	waitState := func(want string) string {
		t.Helper()
		timeout := time.After(2 * time.Second)
		for {
			select {
			case s := <-states:
				state, msg, _ := strings.Cut(s, ": ")
				if len(seen) == 0 || seen[len(seen)-1] != state {
					seen = append(seen, state)
				}
				if state == want {
					return msg
				}
			case <-timeout:
				t.Fatalf("no %q state; saw %v", want, seen)
			}
		}
	}
	exchange := func(p *Pair, msg string) {
		t.Helper()
		if _, err := p.Master.Write([]byte(msg)); err != nil {
			t.Fatal(err)
		}
		select {
		case got := <-received:
			if got != msg {
				t.Errorf("session got %q, want %q", got, msg)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("session did not receive %q", msg)
		}
	}

	waitState(StateConnected)
	exchange(pair, "before")

	if err := pair.Unplug(); err != nil {
		t.Fatal(err)
	}
	if msg := waitState(StateReconnecting); !strings.Contains(msg, "device unplugged") {
		t.Errorf("first reconnecting message %q does not say unplugged", msg)
	}
	time.Sleep(30 * time.Millisecond) // a few failed opens while unplugged
	pair, err = pair.Replug()
	if err != nil {
		t.Fatal(err)
	}
	waitState(StateConnected)
	exchange(pair, "after")

	cancel()
	select {
	case err := <-runDone:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if want := []string{StateConnected, StateReconnecting, StateConnected}; !slices.Equal(seen, want) {
		t.Errorf("states %v, want %v", seen, want)
	}
	logs := logged()
	for i := 1; i < len(logs); i++ {
		if logs[i] == logs[i-1] {
			t.Errorf("error logged twice in a row: %q", logs[i])
		}
	}
	if len(logs) == 0 || !strings.Contains(logs[0], "device unplugged") {
		t.Errorf("logs %q: want the unplug first", logs)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
