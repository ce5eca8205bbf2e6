package rating

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// memSink keeps what the flow decided.
type memSink struct {
	mu     sync.Mutex
	rated  map[string]bool
	rates  []Decided
	noises []NoiseReason
	noisy  int // presses recorded as noise
}

func newMemSink() *memSink { return &memSink{rated: map[string]bool{}} }

func (m *memSink) Rated(key string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rated[key], nil
}

func (m *memSink) Rate(d Decided) (Rating, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rated[d.Ref.Key] = true
	m.rates = append(m.rates, d)
	m.noisy += len(d.Dropped)
	return Rating{Ref: d.Ref, Level: d.Press.Level}, nil
}

func (m *memSink) Noise(r NoiseReason, _ *Ref, p []Press) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.noises = append(m.noises, r)
	m.noisy += len(p)
	return nil
}

func (m *memSink) snapshot() (rates []Decided, noises []NoiseReason, noisy int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Decided(nil), m.rates...), append([]NoiseReason(nil), m.noises...), m.noisy
}

// TestDecide is the rule on bursts (issue 14 "Rating flow": a press
// becomes the rating when no other follows within 1 s; 3 or more within
// 2 s are noise).
func TestDecide(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	ms := func(d ...int) []time.Time {
		out := make([]time.Time, len(d))
		for i, v := range d {
			out[i] = t0.Add(time.Duration(v) * time.Millisecond)
		}
		return out
	}
	cases := []struct {
		name string
		at   []time.Time
		want int
	}{
		{"one press is the rating", ms(0), 0},
		{"two presses 0.5 s apart: the citizen corrected themselves, the last", ms(0, 500), 1},
		{"three presses within 2 s are noise", ms(0, 900, 1800), -1},
		{"three presses 2.0 s from first to last are noise", ms(0, 1000, 2000), -1},
		{"five presses within 2 s are noise", ms(0, 400, 800, 1200, 1600), -1},
		{"nothing is no rating", nil, -1},
	}
	for _, tc := range cases {
		if got := Decide(tc.at); got != tc.want {
			t.Errorf("%s: Decide = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func testRef(key string) Ref {
	return Ref{Key: key, Window: 3, Ticket: "A012", Service: "社保", StaffID: 7, Staff: "王建国"}
}

func TestFlowInBubble(t *testing.T) {
	press := func(f *Flow, l Level) { f.Press(Press{Window: 3, Level: l, At: time.Now(), Device: "test"}) }
	t.Run("presses while unarmed are noise, never ratings", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			sink := newMemSink()
			f := NewFlow(sink, func() time.Duration { return time.Minute }, nil)
			press(f, VerySatisfied)
			time.Sleep(3 * time.Second)
			synctest.Wait()
			rates, noises, noisy := sink.snapshot()
			if len(rates) != 0 || noisy != 1 || noises[0] != NoiseUnarmed {
				t.Fatalf("rates %v noises %v (%d presses), want none and one unarmed", rates, noises, noisy)
			}
		})
	})
	t.Run("two presses 1.5 s apart in one armed period make one rating, the first", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			sink := newMemSink()
			f := NewFlow(sink, func() time.Duration { return time.Minute }, nil)
			if err := f.Arm(testRef("t1"), time.Now()); err != nil {
				t.Fatal(err)
			}
			press(f, Dissatisfied)
			time.Sleep(1500 * time.Millisecond)
			press(f, VerySatisfied)
			time.Sleep(3 * time.Second)
			synctest.Wait()
			rates, noises, _ := sink.snapshot()
			if len(rates) != 1 || rates[0].Press.Level != Dissatisfied {
				t.Fatalf("rates %+v, want one: the first press (dissatisfied)", rates)
			}
			if len(noises) != 1 || noises[0] != NoiseUnarmed {
				t.Errorf("noise %v, want the second press as unarmed noise", noises)
			}
			if _, _, armed := f.Armed(3); armed {
				t.Error("window still armed after its rating")
			}
			if err := f.Arm(testRef("t1"), time.Now()); err == nil {
				t.Error("the same service armed again after its rating (one rating per service)")
			}
		})
	})
	t.Run("five presses within 2 s make none and leave the window armed", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			sink := newMemSink()
			f := NewFlow(sink, func() time.Duration { return time.Minute }, nil)
			_ = f.Arm(testRef("t2"), time.Now())
			for range 5 {
				press(f, VeryDissatisfied)
				time.Sleep(400 * time.Millisecond)
			}
			time.Sleep(3 * time.Second)
			synctest.Wait()
			rates, noises, noisy := sink.snapshot()
			if len(rates) != 0 || len(noises) != 1 || noises[0] != NoiseBurst || noisy != 5 {
				t.Fatalf("rates %v noise %v (%d presses), want no rating and one burst of 5", rates, noises, noisy)
			}
			if _, _, armed := f.Armed(3); !armed {
				t.Fatal("window disarmed by noise")
			}
			press(f, Satisfied) // a calm press afterwards is the rating
			time.Sleep(2 * time.Second)
			synctest.Wait()
			if rates, _, _ := sink.snapshot(); len(rates) != 1 || rates[0].Press.Level != Satisfied {
				t.Errorf("after the noise, rates %+v, want the calm press", rates)
			}
		})
	})
	t.Run("the window disarms when its time runs out", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			sink := newMemSink()
			var changes []bool
			f := NewFlow(sink, func() time.Duration { return 60 * time.Second }, nil)
			f.OnChange = func(_ int, armed bool) { changes = append(changes, armed) }
			_ = f.Arm(testRef("t3"), time.Now())
			time.Sleep(61 * time.Second)
			synctest.Wait()
			press(f, Basic)
			time.Sleep(2 * time.Second)
			synctest.Wait()
			rates, noises, _ := sink.snapshot()
			if len(rates) != 0 || len(noises) != 1 || noises[0] != NoiseUnarmed {
				t.Errorf("a press after 60 s: rates %v noise %v, want unarmed noise", rates, noises)
			}
			if len(changes) != 2 || !changes[0] || changes[1] {
				t.Errorf("display changes %v, want armed then disarmed", changes)
			}
		})
	})
}
