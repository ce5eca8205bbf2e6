package backoff

import (
	"log/slog"
	"sync"
)

// maxDistinct is how many distinct error texts a Log remembers in one
// outage. An error whose text changes on every attempt (a counter, a time)
// would otherwise be logged every time; past this many, Log says once that
// it stops and stays quiet until the recovery.
const maxDistinct = 16

// Log logs the outcome of a retry loop's attempts for people reading the
// journal: each distinct error once per outage (at Warn), not once per
// attempt, and the recovery once (at Info). Create it with NewLog; it is
// safe for concurrent use.
type Log struct {
	logger   *slog.Logger
	downMsg  string
	upMsg    string
	mu       sync.Mutex
	up       bool                // the last outcome was a success
	seen     map[string]struct{} // error texts logged in this outage
	failures int                 // failed attempts in this outage
	full     bool                // the "too many distinct errors" line was logged
}

// NewLog returns a Log that writes to logger (default slog.Default())
// with downMsg for failures (e.g. "serial device down") and upMsg for the
// first success and each recovery (e.g. "serial device connected").
func NewLog(logger *slog.Logger, downMsg, upMsg string) *Log {
	if logger == nil {
		logger = slog.Default()
	}
	return &Log{logger: logger, downMsg: downMsg, upMsg: upMsg, seen: map[string]struct{}{}}
}

// Down records a failed attempt. It logs err with args (slog key-value
// pairs, e.g. "retry_in", d) unless the same error text was already logged
// since the last success, and says whether it logged.
func (l *Log) Down(err error, args ...any) bool {
	msg := "<nil>"
	if err != nil {
		msg = err.Error()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.up {
		l.up = false
		clear(l.seen)
		l.failures, l.full = 0, false
	}
	l.failures++
	if _, dup := l.seen[msg]; dup {
		return false
	}
	if len(l.seen) >= maxDistinct {
		if !l.full {
			l.full = true
			l.logger.Warn(l.downMsg+" (more distinct errors follow; not logging them until it recovers)",
				append([]any{"err", msg}, args...)...)
			return true
		}
		return false
	}
	l.seen[msg] = struct{}{}
	l.logger.Warn(l.downMsg, append([]any{"err", msg}, args...)...)
	return true
}

// Up records a successful attempt. It logs upMsg with args the first time
// and after failures (with "failures", the number of failed attempts since
// the last success), and says whether it logged; a success after a success
// is quiet.
func (l *Log) Up(args ...any) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.up {
		return false
	}
	l.up = true
	if l.failures > 0 {
		args = append(args, "failures", l.failures)
	}
	l.logger.Info(l.upMsg, args...)
	l.failures = 0
	clear(l.seen)
	l.full = false
	return true
}
