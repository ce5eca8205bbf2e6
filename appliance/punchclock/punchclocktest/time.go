package punchclocktest

import (
	"sync"

	"bianmin/appliance/attendance"
	"bianmin/appliance/punchclock"
)

// Time is a punchclock.TimeSource whose quality a test sets. The zero
// value reports attendance.TimeSynced.
type Time struct {
	mu  sync.Mutex
	q   attendance.TimeQuality
	set bool
}

var _ punchclock.TimeSource = (*Time)(nil)

// Quality is the quality last Set, TimeSynced before any.
func (t *Time) Quality() attendance.TimeQuality {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.set {
		return attendance.TimeSynced
	}
	return t.q
}

// Set makes Quality return q from now on.
func (t *Time) Set(q attendance.TimeQuality) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.q, t.set = q, true
}
