package backoff

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// Options inject randomness and time; nil fields use the real ones.
type Options struct {
	// Rand returns values in [0,1) for jitter; default math/rand/v2.Float64.
	Rand func() float64
	// Sleep waits d or until ctx is done (then returns ctx.Err()); default a
	// timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Backoff counts the failed attempts of one retry loop. Create it with New;
// it is safe for concurrent use (RetryAfter may come from another
// goroutine than Next).
type Backoff struct {
	policy Policy
	rand   func() float64
	sleep  func(context.Context, time.Duration) error

	mu      sync.Mutex
	attempt int           // failures since the last Reset
	atLeast time.Duration // floor for the next delay (RetryAfter), 0 for none
}

// New returns a Backoff following p, starting at its first delay.
func New(p Policy, o Options) *Backoff {
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	if o.Sleep == nil {
		o.Sleep = Sleep
	}
	return &Backoff{policy: p.withDefaults(), rand: o.Rand, sleep: o.Sleep}
}

// Next records a failed attempt and returns how long to wait before the
// next one: the policy's delay for this attempt, or the RetryAfter floor if
// that is longer (the floor then is used up).
func (b *Backoff) Next() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	d := b.policy.Delay(b.attempt, b.rand)
	if b.attempt < maxAttempt {
		b.attempt++
	}
	d = max(d, b.atLeast)
	b.atLeast = 0
	return d
}

// maxAttempt keeps the counter from overflowing in a loop that fails for
// years; the delay is long capped by then.
const maxAttempt = 1 << 20

// Reset starts over from the first delay, after an attempt succeeded. A
// pending RetryAfter floor is dropped with it.
func (b *Backoff) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.attempt, b.atLeast = 0, 0
}

// RetryAfter says the next delay must be at least d (bounded by the
// policy's MaxRetryAfter), as when the far end answered "503, Retry-After:
// 120". It applies to the next call of Next only; a longer request made
// before that wins over a shorter one.
func (b *Backoff) RetryAfter(d time.Duration) {
	d = min(d, b.policy.MaxRetryAfter)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.atLeast = max(b.atLeast, d)
}

// Attempt is the number of failures since the last Reset.
func (b *Backoff) Attempt() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.attempt
}

// Sleep waits d with the injected sleeper, or until ctx is done (then it
// returns ctx.Err()).
func (b *Backoff) Sleep(ctx context.Context, d time.Duration) error {
	return b.sleep(ctx, d)
}

// Sleep waits d or until ctx is done (then it returns ctx.Err()): the
// default sleeper.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
