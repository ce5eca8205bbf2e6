// Package systime tells how far the box's wall clock can be trusted, for
// the time-quality flag every punch carries: synced (the kernel says NTP
// has disciplined the clock), rtc (a battery-backed real-time clock set the
// time at boot) or unsure (neither, or the clock jumped by more than a
// minute while not synced).
//
// It reads the kernel's NTP state with adjtimex(2) and looks for
// /sys/class/rtc/rtc0; both are injectable so tests need no real clock.
// Monitor.Quality returns this package's own Quality; cmd maps it to the
// punch's time quality in the domain (hardware never imports the domain).
// systime imports the standard library and golang.org/x/sys/unix only.
package systime

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Quality is how far the wall clock can be trusted. The zero value is
// Unsure, the safe answer.
type Quality int

// The qualities, from least to most trusted.
const (
	Unsure Quality = iota // no sync and no RTC, or the clock jumped
	RTC                   // set at boot from a battery-backed real-time clock
	Synced                // the kernel says NTP has disciplined the clock
)

// String names q for logs and tests.
func (q Quality) String() string {
	switch q {
	case Unsure:
		return "unsure"
	case RTC:
		return "rtc"
	case Synced:
		return "synced"
	}
	return fmt.Sprintf("Quality(%d)", int(q))
}

// JumpThreshold is how far the wall clock may move against the monotonic
// clock between two checks before the time is unsure.
const JumpThreshold = time.Minute

// Monitor watches the clock. The zero value is not usable; use New.
type Monitor struct {
	synced func() bool
	hasRTC func() bool
	wall   func() time.Time     // the wall clock
	mono   func() time.Duration // a monotonic clock

	mu       sync.Mutex
	lastWall time.Time
	lastMono time.Duration
	jumped   bool
	onJump   func(delta time.Duration)
	checked  bool
}

// Options inject the sources; nil fields use the real ones.
type Options struct {
	Synced func() bool
	HasRTC func() bool
	Wall   func() time.Time          // default time.Now without its monotonic reading
	Mono   func() time.Duration      // default time since New, monotonic
	OnJump func(delta time.Duration) // told about each jump (for the log)
}

// New returns a monitor over the kernel's state.
func New(o Options) *Monitor {
	if o.Synced == nil {
		o.Synced = kernelSynced
	}
	if o.HasRTC == nil {
		o.HasRTC = func() bool { _, err := os.Stat("/sys/class/rtc/rtc0"); return err == nil }
	}
	if o.Wall == nil {
		o.Wall = func() time.Time { return time.Now().Round(0) }
	}
	if o.Mono == nil {
		start := time.Now()
		o.Mono = func() time.Duration { return time.Since(start) }
	}
	if o.OnJump == nil {
		o.OnJump = func(time.Duration) {}
	}
	return &Monitor{synced: o.Synced, hasRTC: o.HasRTC, wall: o.Wall, mono: o.Mono, onJump: o.OnJump}
}

// kernelSynced reports whether the kernel clock is NTP-synchronised
// (adjtimex status without STA_UNSYNC), as timedatectl shows it.
func kernelSynced() bool {
	var tx unix.Timex
	state, err := unix.Adjtimex(&tx)
	return err == nil && state != unix.TIME_ERROR && tx.Status&unix.STA_UNSYNC == 0
}

// Check compares the wall clock with the monotonic clock since the last
// check; call it every few seconds (Run does).
func (m *Monitor) Check() {
	m.mu.Lock()
	defer m.mu.Unlock()
	wall, mono := m.wall(), m.mono()
	if m.checked {
		d := wall.Sub(m.lastWall) - (mono - m.lastMono)
		if d > JumpThreshold || d < -JumpThreshold {
			m.jumped = true
			m.onJump(d)
		}
	}
	m.lastWall, m.lastMono, m.checked = wall, mono, true
	if m.jumped && m.synced() {
		m.jumped = false // NTP has the clock again
	}
}

// Run checks every interval until ctx ends.
func (m *Monitor) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	m.Check()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			m.Check()
		}
	}
}

// Quality is how far the clock can be trusted now: Synced when the kernel
// reports NTP sync, else Unsure after a jump, else RTC when one is fitted,
// else Unsure.
func (m *Monitor) Quality() Quality {
	m.mu.Lock()
	jumped := m.jumped
	m.mu.Unlock()
	switch {
	case m.synced():
		return Synced
	case jumped:
		return Unsure
	case m.hasRTC():
		return RTC
	}
	return Unsure
}
