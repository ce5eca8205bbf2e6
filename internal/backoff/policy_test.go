package backoff

import (
	"math/rand/v2"
	"testing"
	"time"
)

const ms = time.Millisecond

func TestPolicyDelay(t *testing.T) {
	custom := Policy{Initial: time.Second, Max: 5 * time.Second, Factor: 3, Jitter: 0.5}
	tests := []struct {
		name    string
		p       Policy
		attempt int
		rnd     float64
		want    time.Duration
	}{
		{"first retry waits Initial", Policy{}, 0, 0, 200 * ms},
		{"doubles", Policy{}, 1, 0, 400 * ms},
		{"doubles again", Policy{}, 2, 0, 800 * ms},
		{"below the cap", Policy{}, 5, 0, 6400 * ms},
		{"capped at Max", Policy{}, 6, 0, 10 * time.Second},
		{"stays capped", Policy{}, 100, 0, 10 * time.Second},
		{"no overflow on huge attempt", Policy{}, 1 << 30, 0, 10 * time.Second},
		{"negative attempt is the first", Policy{}, -3, 0, 200 * ms},
		{"jitter shortens by up to 20%", Policy{}, 0, 0.5, 180 * ms},
		{"jitter at its largest", Policy{}, 0, 1, 160 * ms},
		{"jitter applies under the cap", Policy{}, 50, 0.5, 9 * time.Second},
		{"custom factor", custom, 1, 0, 3 * time.Second},
		{"custom cap", custom, 2, 0, 5 * time.Second},
		{"custom jitter", custom, 0, 1, 500 * ms},
		{"Max below Initial is raised", Policy{Initial: time.Second, Max: ms}, 3, 0, time.Second},
		{"Factor below 1 takes the default", Policy{Factor: 0.5}, 1, 0, 400 * ms},
		{"Jitter above 1 is 1", Policy{Jitter: 7}, 0, 0.25, 150 * ms},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.p.Delay(tt.attempt, func() float64 { return tt.rnd })
			if d := got - tt.want; d < -time.Microsecond || d > time.Microsecond {
				t.Errorf("Delay(%d) = %v, want %v", tt.attempt, got, tt.want)
			}
		})
	}
}

// Whatever the random source says, delays stay within the jitter band of the
// capped exponential, and they do vary.
func TestPolicyDelayBounds(t *testing.T) {
	for _, p := range []Policy{{}, {Initial: 50 * ms, Max: 3 * time.Second, Factor: 1.5, Jitter: 0.5}} {
		p = p.withDefaults()
		rng := rand.New(rand.NewPCG(1, 2))
		base := p.Initial
		for attempt := range 40 {
			lo := time.Duration(float64(base) * (1 - p.Jitter))
			seen := map[time.Duration]bool{}
			for range 50 {
				d := p.Delay(attempt, rng.Float64)
				if d < lo-time.Microsecond || d > base+time.Microsecond || d > p.Max {
					t.Fatalf("%+v: Delay(%d) = %v, want within [%v, %v]", p, attempt, d, lo, base)
				}
				seen[d] = true
			}
			if len(seen) < 10 {
				t.Errorf("%+v: Delay(%d) took only %d distinct values in 50 draws: not jittered", p, attempt, len(seen))
			}
			base = min(time.Duration(float64(base)*p.Factor), p.Max)
		}
	}
}
