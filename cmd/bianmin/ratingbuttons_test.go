package main

import (
	"bianmin/appliance/problem"
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"bianmin/appliance/rating"
	"bianmin/hw/button"
	"bianmin/hw/button/buttontest"
)

// ratingSink keeps the flow's decisions in memory (the store's sink is
// tested in appliance/rating).
type ratingSink struct {
	mu    sync.Mutex
	rated map[string]bool
	rates []rating.Decided
	noise []rating.NoiseReason
	noisy int
}

func (s *ratingSink) Rated(key string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rated[key], nil
}

func (s *ratingSink) Rate(d rating.Decided) (rating.Rating, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rated[d.Ref.Key] = true
	s.rates = append(s.rates, d)
	return rating.Rating{}, nil
}

func (s *ratingSink) Noise(r rating.NoiseReason, _ *rating.Ref, p []rating.Press) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noise = append(s.noise, r)
	s.noisy += len(p)
	return nil
}

func (s *ratingSink) got() ([]rating.Decided, []rating.NoiseReason, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]rating.Decided(nil), s.rates...), append([]rating.NoiseReason(nil), s.noise...), s.noisy
}

// ratingHall: window 1's five buttons on header lines (pull-ups), window 2's
// on an MCP23017 at 0x20.
func ratingHall() button.Map {
	m := button.Map{}
	for i, g := range []int{17, 27, 22, 5, 6} {
		l, _ := button.LevelAt(i + 1)
		m.GPIO = append(m.GPIO, button.Line{GPIO: g, Button: button.RatingButton(1, l), Pull: button.PullUp})
	}
	x := button.Expander{Bus: 1, Address: 0x20}
	for i := range 5 {
		l, _ := button.LevelAt(i + 1)
		x.Lines = append(x.Lines, button.ExpanderLine{Pin: i, Button: button.RatingButton(2, l)})
	}
	m.Expanders = []button.Expander{x}
	return m
}

// The "Done when" for the buttons, on the fake GPIO lines and the
// expander fake, through hw/button's debounce into the rating flow.
func TestRatingButtonsDoneWhen(t *testing.T) {
	type hall struct {
		rig  *buttontest.Rig
		flow *rating.Flow
		sink *ratingSink
	}
	run := func(t *testing.T, body func(t *testing.T, h hall)) {
		synctest.Test(t, func(t *testing.T) {
			m := ratingHall()
			rig, err := buttontest.NewRig(m, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer rig.Close()
			b, err := button.New(m, rig.Hardware(), button.Options{Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			sink := &ratingSink{rated: map[string]bool{}}
			flow := rating.NewFlow(sink, func() time.Duration { return time.Minute }, slog.New(slog.DiscardHandler))
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- runRatingButtons(ctx, b, flow, nil) }()
			time.Sleep(50 * time.Millisecond) // the inputs open
			body(t, hall{rig, flow, sink})
			cancel()
			<-done
			flow.Stop()
		})
	}
	// press presses window w's button at panel position pos, bouncing
	// within 20 ms, and holds it 80 ms.
	press := func(h hall, w, pos int) {
		if w == 1 {
			pin := h.rig.Pins[[]int{17, 27, 22, 5, 6}[pos-1]]
			pin.PressBouncing(4, 3*time.Millisecond)
			time.Sleep(80 * time.Millisecond)
			pin.ReleaseBouncing(4, 3*time.Millisecond)
			return
		}
		chip := h.rig.Chips[[2]int{1, 0x20}]
		chip.PressBouncing(pos-1, 4, 3*time.Millisecond)
		time.Sleep(80 * time.Millisecond)
		chip.Release(pos - 1)
	}
	arm := func(t *testing.T, h hall, w int, key string) {
		if err := h.flow.Arm(rating.Ref{Key: key, Window: w, Ticket: key, StaffID: 7}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range []int{1, 2} {
		input := map[int]string{1: "GPIO", 2: "MCP23017"}[w]
		t.Run(input+": bounce within 20 ms counts once", func(t *testing.T) {
			run(t, func(t *testing.T, h hall) {
				arm(t, h, w, "A1")
				press(h, w, 5)
				time.Sleep(3 * time.Second)
				rates, noise, _ := h.sink.got()
				if len(rates) != 1 || rates[0].Press.Level != rating.VeryDissatisfied || len(rates[0].Dropped) != 0 || len(noise) != 0 {
					t.Errorf("rates %+v noise %v, want one 非常不满意 and nothing else", rates, noise)
				}
			})
		})
		t.Run(input+": presses while unarmed are noise", func(t *testing.T) {
			run(t, func(t *testing.T, h hall) {
				press(h, w, 1)
				time.Sleep(2 * time.Second)
				press(h, w, 2)
				time.Sleep(2 * time.Second)
				rates, noise, noisy := h.sink.got()
				if len(rates) != 0 || noisy != 2 || noise[0] != rating.NoiseUnarmed {
					t.Errorf("rates %+v noise %v (%d presses), want none and 2 unarmed", rates, noise, noisy)
				}
			})
		})
		t.Run(input+": two presses 1.5 s apart make one rating, the first", func(t *testing.T) {
			run(t, func(t *testing.T, h hall) {
				arm(t, h, w, "A2")
				press(h, w, 4)
				time.Sleep(1500*time.Millisecond - 80*time.Millisecond)
				press(h, w, 1)
				time.Sleep(3 * time.Second)
				rates, noise, _ := h.sink.got()
				if len(rates) != 1 || rates[0].Press.Level != rating.Dissatisfied || len(noise) != 1 {
					t.Errorf("rates %+v noise %v, want one 不满意 (the first) and the second as noise", rates, noise)
				}
			})
		})
		t.Run(input+": five presses within 2 s make none and leave the window armed", func(t *testing.T) {
			run(t, func(t *testing.T, h hall) {
				arm(t, h, w, "A3")
				for range 5 {
					press(h, w, 5)
					time.Sleep(300 * time.Millisecond)
				}
				time.Sleep(3 * time.Second)
				rates, noise, noisy := h.sink.got()
				if len(rates) != 0 || len(noise) != 1 || noise[0] != rating.NoiseBurst || noisy != 5 {
					t.Errorf("rates %+v noise %v (%d presses), want no rating, one burst of 5", rates, noise, noisy)
				}
				if _, _, armed := h.flow.Armed(w); !armed {
					t.Error("the window was disarmed by noise")
				}
			})
		})
	}
}

// A line map naming a reserved pin (GPIO2, the RTC's I²C SDA) or a pin
// used twice is refused by the settings, and nothing is kept.
func TestLineMapRefusedInSettings(t *testing.T) {
	svc, err := openServices(t.TempDir(), slog.New(slog.DiscardHandler), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.openRecords(time.UTC); err != nil {
		t.Fatal(err)
	}
	good := ratingHall()
	bad := ratingHall()
	bad.GPIO[0].GPIO = 2  // I2C SDA (RTC)
	bad.GPIO[1].GPIO = 22 // already window 1's 基本满意
	for _, tc := range []struct {
		name string
		m    button.Map
		keys []string
	}{
		{"reserved and reused pins", bad, []string{"button.err.reserved_pin", "button.err.pin_twice"}},
		{"a whole hall", good, nil},
	} {
		raw, _ := json.Marshal(tc.m)
		err := svc.ratingService().SaveLineMap("office", raw, checkLineMap)
		for _, k := range tc.keys {
			if !problem.Is(err, k) {
				t.Errorf("%s: %v, want %s", tc.name, err, k)
			}
		}
		kept, _ := svc.ratingService().LineMap()
		if tc.keys == nil && (err != nil || kept == nil) || tc.keys != nil && kept != nil {
			t.Errorf("%s: err %v, kept %s", tc.name, err, kept)
		}
	}
	if err := svc.ratingService().SaveLineMap("office", []byte(`{"gpio":[{"gpoi":17}]}`), checkLineMap); !problem.Is(err, "rating.err.line_map_json") {
		t.Errorf("a misspelt field: %v", err)
	}
}
