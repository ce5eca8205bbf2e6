package punchclock

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/enrol"
	"bianmin/appliance/staff"
)

// TimeSource tells how far the clock can be trusted right now.
type TimeSource interface {
	Quality() attendance.TimeQuality
}

// Config tunes the clock. The zero value is usable.
type Config struct {
	Device       string         // name in punch records and logs; default "fingerprint"
	PollInterval time.Duration  // pause between polls with no finger; default 150ms
	LiftTimeout  time.Duration  // how long to wait for a finger to be lifted; default 5s
	Location     *time.Location // the center's time zone, for "today"; default time.Local
	Now          func() time.Time
	Logger       *slog.Logger
	// Count reports device counters (no_match, punches) to the status page.
	Count func(counter string, delta int64)
}

func (c *Config) defaults() {
	if c.Device == "" {
		c.Device = "fingerprint"
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 150 * time.Millisecond
	}
	if c.LiftTimeout <= 0 {
		c.LiftTimeout = 5 * time.Second
	}
	if c.Location == nil {
		c.Location = time.Local
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Count == nil {
		c.Count = func(string, int64) {}
	}
}

// Clock runs the fingerprint clock. One Clock serves one sensor; Run is
// called again after every reconnect.
type Clock struct {
	cfg     Config
	punches *attendance.Service
	enrols  *enrol.Service
	staff   *staff.Registry
	times   TimeSource
	hub     *Hub

	mu      sync.Mutex // held by one poll, or by an exclusive job (enrolment)
	sensor  atomic.Pointer[sensorBox]
	noMatch atomic.Int64
}

type sensorBox struct{ s Sensor }

// New returns a clock.
func New(cfg Config, punches *attendance.Service, enrols *enrol.Service, reg *staff.Registry, times TimeSource, hub *Hub) *Clock {
	cfg.defaults()
	return &Clock{cfg: cfg, punches: punches, enrols: enrols, staff: reg, times: times, hub: hub}
}

// Hub is where the clock's events go.
func (c *Clock) Hub() *Hub { return c.hub }

// Online reports whether a sensor is connected.
func (c *Clock) Online() bool { return c.sensor.Load() != nil }

// NoMatches is how many unknown fingers were seen since start.
func (c *Clock) NoMatches() int64 { return c.noMatch.Load() }

// Run polls the sensor until ctx ends or the sensor fails; the error is
// returned so the caller's reconnect loop can take over.
func (c *Clock) Run(ctx context.Context, s Sensor) error {
	c.sensor.Store(&sensorBox{s})
	defer c.sensor.Store(nil)
	for ctx.Err() == nil {
		c.mu.Lock()
		err := c.pollOnce(ctx, s)
		c.mu.Unlock()
		switch {
		case errors.Is(err, ErrNoFinger):
			if !sleep(ctx, c.cfg.PollInterval) {
				return ctx.Err()
			}
		case err != nil:
			return err
		}
	}
	return ctx.Err()
}

// pollOnce identifies one finger and handles it; ErrNoFinger when there is
// none, another error when the sensor failed.
func (c *Clock) pollOnce(ctx context.Context, s Sensor) error {
	page, score, err := s.Identify(ctx)
	switch {
	case errors.Is(err, ErrNoFinger):
		return err
	case errors.Is(err, ErrNoMatch):
		c.noMatch.Add(1)
		c.cfg.Count("no_match", 1)
		c.hub.Publish(Event{Kind: EventNoMatch, At: c.cfg.Now()})
		s.Signal(ctx, false)
		return c.waitLift(ctx, s, -1)
	case errors.Is(err, ErrBadImage):
		c.hub.Publish(Event{Kind: EventBadImage, At: c.cfg.Now()})
		s.Signal(ctx, false)
		return c.waitLift(ctx, s, -1)
	case err != nil:
		return err
	}
	c.match(ctx, s, page, score)
	return c.waitLift(ctx, s, page)
}

// match records a matched press, then signals and shows it.
func (c *Clock) match(ctx context.Context, s Sensor, page, score int) {
	ev := c.HandleMatch(page, score)
	s.Signal(ctx, ev.Kind == EventPunch || ev.Kind == EventDuplicate)
	c.hub.Publish(ev)
}

// HandleMatch turns a matched sensor page into a committed punch and
// returns the event to show. The caller signals OK only after this returns.
func (c *Clock) HandleMatch(page, score int) Event {
	now := c.cfg.Now()
	e, err := c.enrols.ByPage(page)
	if err != nil {
		// A template in the sensor that the box does not know: treat as
		// unknown (it may be left from a previous owner of the sensor).
		c.noMatch.Add(1)
		c.cfg.Count("no_match", 1)
		return Event{Kind: EventNoMatch, At: now, Message: fmt.Sprintf("page %d is not enrolled on this box", page)}
	}
	q := c.times.Quality()
	p, dup, err := c.punches.Record("device:"+c.cfg.Device, attendance.Punch{
		StaffID: e.StaffID, Time: now, Source: attendance.SourceFingerprint, Quality: q, Score: score, Ref: c.cfg.Device})
	if err != nil {
		c.cfg.Logger.Error("punch not recorded", "staff_id", e.StaffID, "err", err)
		return Event{Kind: EventError, At: now, StaffID: e.StaffID, Message: err.Error()}
	}
	st, _ := c.staff.GetStaff(e.StaffID)
	ev := Event{Kind: EventPunch, At: now, StaffID: st.ID, StaffNo: st.StaffNo, Name: st.Name,
		PunchID: p.ID, PunchTime: p.Time, Unsure: p.Quality == attendance.TimeUnsure}
	if dup {
		ev.Kind = EventDuplicate
	} else {
		c.cfg.Count("punches", 1)
	}
	ev.Ordinal = c.ordinal(p)
	return ev
}

// ordinal is the punch's place among the person's punches that day.
func (c *Clock) ordinal(p attendance.Punch) int {
	t := p.Time.In(c.cfg.Location)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, c.cfg.Location)
	list, err := c.punches.Punches(p.StaffID, day, p.Time.Add(time.Nanosecond))
	if err != nil {
		return 0
	}
	return len(list)
}

// waitLift polls until the finger is lifted, so one press is one punch.
// A finger of someone else (another page than held) that arrives before
// the sensor was seen empty is a new press, not the same one held longer.
func (c *Clock) waitLift(ctx context.Context, s Sensor, held int) error {
	deadline := c.cfg.Now().Add(c.cfg.LiftTimeout)
	for c.cfg.Now().Before(deadline) {
		if !sleep(ctx, c.cfg.PollInterval) {
			return ctx.Err()
		}
		page, score, err := s.Identify(ctx)
		switch {
		case errors.Is(err, ErrNoFinger):
			return nil
		case err == nil && page != held:
			c.match(ctx, s, page, score)
			held, deadline = page, c.cfg.Now().Add(c.cfg.LiftTimeout)
		case err != nil && !errors.Is(err, ErrNoMatch) && !errors.Is(err, ErrBadImage):
			return err
		}
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// Exclusive runs fn with the sensor while the punch loop waits (enrolment,
// re-enrolment). It fails with ErrOffline when no sensor is connected.
func (c *Clock) Exclusive(ctx context.Context, fn func(s Sensor) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	box := c.sensor.Load()
	if box == nil {
		return ErrOffline
	}
	return fn(box.s)
}
