package backoff

import (
	"math"
	"math/rand/v2"
	"time"
)

// Defaults for a zero Policy field; Policy.withDefaults applies them.
const (
	DefaultInitial       = 200 * time.Millisecond
	DefaultMax           = 10 * time.Second
	DefaultFactor        = 2.0
	DefaultJitter        = 0.2
	DefaultMaxRetryAfter = time.Hour
)

// Policy is capped, jittered exponential backoff. Every field is optional;
// zero takes the default.
type Policy struct {
	Initial time.Duration // delay before the first retry; default 200ms
	Max     time.Duration // no computed delay is longer than this; default 10s (raised to Initial if below)
	Factor  float64       // each retry waits Factor times longer, up to Max; default 2 (values below 1 too)
	Jitter  float64       // each delay is shortened by a random fraction up to Jitter (0..1); default 0.2
	// MaxRetryAfter bounds what Backoff.RetryAfter may ask for, so a far
	// end that says "come back next year" cannot stall the loop; default 1h.
	MaxRetryAfter time.Duration
}

// withDefaults is the one place Policy defaults are applied.
func (p Policy) withDefaults() Policy {
	if p.Initial <= 0 {
		p.Initial = DefaultInitial
	}
	if p.Max <= 0 {
		p.Max = DefaultMax
	}
	p.Max = max(p.Max, p.Initial)
	if p.Factor < 1 {
		p.Factor = DefaultFactor
	}
	if p.Jitter <= 0 {
		p.Jitter = DefaultJitter
	}
	p.Jitter = min(p.Jitter, 1)
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = DefaultMaxRetryAfter
	}
	return p
}

// Delay is how long to wait before retry number attempt (0 for the first):
// Initial·Factor^attempt capped at Max, then shortened by rnd()·Jitter of
// itself, so the result lies in [(1-Jitter)·base, base] and never exceeds
// Max. rnd returns values in [0,1); nil means math/rand/v2.Float64.
func (p Policy) Delay(attempt int, rnd func() float64) time.Duration {
	p = p.withDefaults()
	if rnd == nil {
		rnd = rand.Float64
	}
	base := float64(p.Initial) * math.Pow(p.Factor, float64(max(attempt, 0)))
	base = min(base, float64(p.Max)) // also catches +Inf for huge attempts
	return time.Duration(base * (1 - p.Jitter*rnd()))
}
