package systime

import (
	"testing"
	"time"
)

// fakeClock has a monotonic clock and a wall clock that may be stepped.
type fakeClock struct {
	base time.Time
	mono time.Duration // monotonic time elapsed
	wall time.Duration // extra wall-clock step (a jump)
}

func (f *fakeClock) now() time.Time         { return f.base.Add(f.mono).Add(f.wall) }
func (f *fakeClock) elapsed() time.Duration { return f.mono }

func TestQuality(t *testing.T) {
	cases := []struct {
		name   string
		synced bool
		rtc    bool
		jump   time.Duration
		want   Quality
	}{
		{"NTP synced", true, false, 0, Synced},
		{"no sync, RTC fitted", false, true, 0, RTC},
		{"no sync, no RTC (issue #4: unsure)", false, false, 0, Unsure},
		{"RTC but the clock jumped 2 min", false, true, 2 * time.Minute, Unsure},
		{"RTC, a 59 s step is no jump", false, true, 59 * time.Second, RTC},
		{"jump backwards", false, true, -5 * time.Minute, Unsure},
		{"jump then NTP synced", true, true, 10 * time.Minute, Synced},
	}
	for _, tc := range cases {
		fc := &fakeClock{base: time.Now()}
		m := New(Options{Synced: func() bool { return tc.synced }, HasRTC: func() bool { return tc.rtc }, Wall: fc.now, Mono: fc.elapsed})
		m.Check()
		fc.mono += 5 * time.Second
		fc.wall += tc.jump
		m.Check()
		if got := m.Quality(); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestJumpClearsWhenSynced(t *testing.T) {
	synced := false
	fc := &fakeClock{base: time.Now()}
	jumps := 0
	m := New(Options{Synced: func() bool { return synced }, HasRTC: func() bool { return true }, Wall: fc.now, Mono: fc.elapsed, OnJump: func(time.Duration) { jumps++ }})
	m.Check()
	fc.mono, fc.wall = 5*time.Second, time.Hour
	m.Check()
	if m.Quality() != Unsure || jumps != 1 {
		t.Fatalf("after a jump: %s, %d jumps", m.Quality(), jumps)
	}
	synced = true
	fc.mono += 5 * time.Second
	m.Check()
	synced = false
	if q := m.Quality(); q != RTC {
		t.Fatalf("after NTP took over and left again: %s, want rtc", q)
	}
}

func TestQualityString(t *testing.T) {
	for q, want := range map[Quality]string{Unsure: "unsure", RTC: "rtc", Synced: "synced", 7: "Quality(7)"} {
		if got := q.String(); got != want {
			t.Errorf("Quality(%d).String() = %q, want %q", int(q), got, want)
		}
	}
	var zero Quality
	if zero != Unsure {
		t.Error("the zero Quality must be Unsure, the safe answer")
	}
}

func TestKernelReadDoesNotFail(t *testing.T) {
	_ = kernelSynced() // whatever this machine says, it must not panic
}
