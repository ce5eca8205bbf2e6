package serialport

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"bianmin/internal/backoff"
)

// Link states, as passed to LinkOptions.OnState and returned by Link.State.
// They match the device status page's states.
const (
	StateConnected    = "connected"    // the port is open and the session is running
	StateReconnecting = "reconnecting" // the device is not there (unplugged, not found); retrying
	StateError        = "error"        // the device is there but failing; retrying
)

// LinkOptions configures a Link. Every field is optional.
type LinkOptions struct {
	Name string // device name for logs and the status page, e.g. "fingerprint"
	Kind string // transport for logs, e.g. "serial"

	// Open opens one port; default Open. Tests pass a fake.
	Open func(Config) (Port, error)
	// OnState is called after every attempt with its outcome: "connected"
	// once a port is open, then "reconnecting" or "error" with the error
	// text after every failed open or ended session, so consecutive calls may
	// repeat a state (count them as attempts). It is called from Run's
	// goroutine and must not block.
	OnState func(state, msg string)
	// OnStateErr, when set, is called beside OnState with the error itself
	// (nil when connected), so that the caller can name the failure in
	// the user's language (ErrorKey, or the device driver's own key).
	OnStateErr func(state string, err error)
	// Backoff spaces the attempts; the zero Policy is 200ms doubling to 10s
	// with 20% jitter.
	Backoff backoff.Policy
	// Sleep waits d or until ctx is done (then returns ctx.Err()); default a
	// timer. Tests inject it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns values in [0,1) for jitter; default math/rand/v2.Float64.
	Rand   func() float64
	Logger *slog.Logger // default slog.Default()
}

// withDefaults is the one place LinkOptions defaults are applied.
func (o LinkOptions) withDefaults() LinkOptions {
	if o.Open == nil {
		o.Open = Open
	}
	if o.OnState == nil {
		o.OnState = func(string, string) {}
	}
	if o.OnStateErr == nil {
		o.OnStateErr = func(string, error) {}
	}
	if o.Sleep == nil {
		o.Sleep = backoff.Sleep
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// errSessionEnded stands for a session that returned nil before Run's
// context was done; the Link reconnects as after an unplug.
var errSessionEnded = errors.New("device session ended — reconnecting")

// Link keeps one serial device connected: it opens the port, runs a session
// on it, and when the device goes away reopens it with backoff, reporting
// each outcome. Create one with NewLink.
type Link struct {
	cfg  Config
	opts LinkOptions
	log  *backoff.Log

	mu         sync.Mutex
	state, msg string
}

// NewLink returns a Link for the device cfg describes. Nothing is opened
// until Run.
func NewLink(cfg Config, opts LinkOptions) *Link {
	opts = opts.withDefaults()
	logger := opts.Logger.With("device", opts.Name, "kind", opts.Kind, "path", cfg.Path)
	return &Link{
		cfg:  cfg,
		opts: opts,
		log:  backoff.NewLog(logger, "serial device down", "serial device connected"),
	}
}

// State returns the outcome of the latest attempt (a Link state and the
// error text, "" when connected); ("", "") before the first attempt.
func (l *Link) State() (state, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state, l.msg
}

// Run keeps the device connected until ctx is done, then returns ctx.Err().
// For every successful open it calls session with the port; session should
// read until an error and return it (a Read error wrapping ErrUnplugged
// included). When ctx is done the port is closed, so a session blocked on
// the port sees an error within one read timeout. After a failed open or an
// ended session Run waits per Backoff (starting again from Initial after a
// session that had connected) and reopens.
func (l *Link) Run(ctx context.Context, session func(ctx context.Context, p Port) error) error {
	b := backoff.New(l.opts.Backoff, backoff.Options{Rand: l.opts.Rand, Sleep: l.opts.Sleep})
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		connected, err := l.connectOnce(ctx, session)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if connected {
			b.Reset()
		}
		state := failedState(err)
		l.report(state, err)
		delay := b.Next()
		// Each distinct error once per outage, not once per attempt.
		l.log.Down(err, "state", state, "retry_in", delay)
		if err := b.Sleep(ctx, delay); err != nil {
			return ctx.Err()
		}
	}
}

// connectOnce is one attempt: open the port, report it connected, run the
// session, close the port. connected says whether the open succeeded; err
// is never nil.
func (l *Link) connectOnce(ctx context.Context, session func(context.Context, Port) error) (connected bool, err error) {
	p, err := l.opts.Open(l.cfg)
	if err != nil {
		return false, err
	}
	l.report(StateConnected, nil)
	l.log.Up()

	stop := context.AfterFunc(ctx, func() { _ = p.Close() })
	err = session(ctx, p)
	stop()
	_ = p.Close()
	if err == nil {
		err = errSessionEnded
	}
	return true, err
}

// failedState is the state to report after err ended an attempt: the device
// is missing (reconnecting) or present but failing (error: permission, busy,
// a protocol error from the session).
func failedState(err error) string {
	if errors.Is(err, ErrUnplugged) || errors.Is(err, errSessionEnded) {
		return StateReconnecting
	}
	return StateError
}

func (l *Link) report(state string, err error) {
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	l.mu.Lock()
	l.state, l.msg = state, msg
	l.mu.Unlock()
	l.opts.OnState(state, msg)
	l.opts.OnStateErr(state, err)
}
