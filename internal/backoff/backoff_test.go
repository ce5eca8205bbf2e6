package backoff

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// noJitter makes delays exact.
func noJitter() float64 { return 0 }

// The delays a loop sees: growing, capped, back to Initial after a success,
// and raised by RetryAfter for one delay.
func TestBackoffNext(t *testing.T) {
	const (
		fail       = "fail"
		ok         = "ok"
		retryAfter = "retry-after"
	)
	s := time.Second
	tests := []struct {
		name   string
		policy Policy
		steps  []string        // fail: call Next; ok: Reset; retry-after: RetryAfter(arg) then Next
		args   []time.Duration // RetryAfter arguments, in order
		want   []time.Duration // what each Next returned
	}{
		{"grows then stays at the cap", Policy{Initial: s, Max: 5 * s},
			[]string{fail, fail, fail, fail, fail}, nil,
			[]time.Duration{s, 2 * s, 4 * s, 5 * s, 5 * s}},
		{"a success starts over", Policy{},
			[]string{fail, fail, fail, ok, fail, fail}, nil,
			[]time.Duration{200 * ms, 400 * ms, 800 * ms, 200 * ms, 400 * ms}},
		{"Retry-After longer than the backoff wins once", Policy{},
			[]string{fail, retryAfter, fail}, []time.Duration{30 * s},
			[]time.Duration{200 * ms, 30 * s, 800 * ms}},
		{"Retry-After shorter than the backoff changes nothing", Policy{Initial: 10 * s, Max: time.Minute},
			[]string{fail, retryAfter}, []time.Duration{s},
			[]time.Duration{10 * s, 20 * s}},
		{"Retry-After may exceed Max", Policy{Max: s},
			[]string{retryAfter}, []time.Duration{2 * time.Minute},
			[]time.Duration{2 * time.Minute}},
		{"Retry-After is bounded by MaxRetryAfter", Policy{MaxRetryAfter: 5 * time.Minute},
			[]string{retryAfter}, []time.Duration{48 * time.Hour},
			[]time.Duration{5 * time.Minute}},
		{"Retry-After is bounded by the default 1h", Policy{},
			[]string{retryAfter}, []time.Duration{48 * time.Hour},
			[]time.Duration{time.Hour}},
		{"a negative Retry-After is no floor", Policy{},
			[]string{retryAfter}, []time.Duration{-s},
			[]time.Duration{200 * ms}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := New(tt.policy, Options{Rand: noJitter})
			var got []time.Duration
			args := tt.args
			for _, step := range tt.steps {
				switch step {
				case ok:
					b.Reset()
				case retryAfter:
					b.RetryAfter(args[0])
					args = args[1:]
					got = append(got, b.Next())
				default:
					got = append(got, b.Next())
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("delays %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBackoffRetryAfterTakesTheLongerAndResetDropsIt(t *testing.T) {
	b := New(Policy{}, Options{Rand: noJitter})
	b.RetryAfter(time.Minute)
	b.RetryAfter(10 * time.Second) // a shorter request does not shorten the floor
	if d := b.Next(); d != time.Minute {
		t.Fatalf("Next = %v, want 1m", d)
	}
	b.RetryAfter(time.Minute)
	b.Reset() // the attempt succeeded; the request was for a retry that will not happen
	if d := b.Next(); d != 200*ms {
		t.Fatalf("Next after Reset = %v, want 200ms", d)
	}
	if b.Attempt() != 1 {
		t.Fatalf("Attempt = %d, want 1", b.Attempt())
	}
}

// With the real random source the delays of a loop stay in the jitter band
// of each step.
func TestBackoffJitterBounds(t *testing.T) {
	p := Policy{Initial: 100 * ms, Max: 2 * time.Second}.withDefaults()
	b := New(p, Options{})
	base := p.Initial
	for i := range 30 {
		d := b.Next()
		lo := time.Duration(float64(base) * (1 - p.Jitter))
		if d < lo || d > base {
			t.Fatalf("delay %d = %v, want within [%v, %v]", i, d, lo, base)
		}
		base = min(2*base, p.Max)
	}
}

func TestBackoffSleep(t *testing.T) {
	var slept []time.Duration
	b := New(Policy{}, Options{Sleep: func(ctx context.Context, d time.Duration) error {
		slept = append(slept, d)
		return nil
	}})
	if err := b.Sleep(context.Background(), 3*time.Second); err != nil || !slices.Equal(slept, []time.Duration{3 * time.Second}) {
		t.Fatalf("injected sleep: %v, %v", err, slept)
	}

	// The real sleeper returns at once when the context ends.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep on a cancelled context = %v", err)
	}
	if time.Since(start) > time.Second {
		t.Fatal("Sleep did not return when the context ended")
	}
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Fatalf("Sleep 1ms = %v", err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		value  string
		want   time.Duration
		wantOK bool
	}{
		{"120", 2 * time.Minute, true},
		{" 0 ", 0, true},
		{"Mon, 02 Mar 2026 08:05:00 GMT", 5 * time.Minute, true}, // IMF-fixdate
		{"Monday, 02-Mar-26 08:00:30 GMT", 30 * time.Second, true},
		{"Mon Mar  2 08:01:00 2026", time.Minute, true},
		{"Mon, 02 Mar 2026 07:00:00 GMT", 0, true}, // already past
		{"99999999999999999999", time.Duration(maxRetryAfterSeconds) * time.Second, true},
		{"", 0, false},
		{"-5", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseRetryAfter(tt.value, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.value, got, ok, tt.want, tt.wantOK)
		}
	}
}
