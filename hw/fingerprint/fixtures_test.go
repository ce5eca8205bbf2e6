package fingerprint_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"bianmin/hw/fingerprint"
	"bianmin/hw/fingerprint/fptest"
	"bianmin/hw/fingerprint/sim"
	"bianmin/hw/serialport"
)

var update = flag.Bool("update", false, "record the testdata fixtures again from the simulator over a pty")

// scenario is a session of the appliance with the sensor. do performs a
// simulator control action: while recording it acts on the simulator;
// during playback it does nothing (the fixture already holds the result).
type scenario struct {
	name string
	desc string // the simulated module, for the fixture's header
	cfg  sim.Config
	seed []string // control actions before the host connects
	run  func(ctx context.Context, s *fingerprint.Sensor, do func(string)) error
}

// expect turns an unexpected result into an error naming the step.
func expect(step string, got, want any, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", step, err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		return fmt.Errorf("%s: got %v, want %v", step, got, want)
	}
	return nil
}

func expectErr(step string, err, want error) error {
	if !errors.Is(err, want) {
		return fmt.Errorf("%s: got %v, want %v", step, err, want)
	}
	return nil
}

var scenarios = []scenario{
	{name: "enroll_identify", desc: "R307 defaults", seed: []string{"enroll 0 seeded"},
		run: func(ctx context.Context, s *fingerprint.Sensor, do func(string)) error {
			n, err := s.Count(ctx)
			if err := expect("Count", n, 1, err); err != nil {
				return err
			}
			page, err := s.NextFreePage(ctx)
			if err := expect("NextFreePage", page, 1, err); err != nil {
				return err
			}
			for _, buf := range []int{1, 2} {
				do("place alice")
				if err := s.CaptureToBuffer(ctx, buf); err != nil {
					return fmt.Errorf("press %d: %w", buf, err)
				}
			}
			if err := s.CreateModel(ctx); err != nil {
				return err
			}
			if err := s.StoreModel(ctx, page); err != nil {
				return err
			}
			do("place alice")
			if err := s.CaptureImage(ctx); err != nil {
				return err
			}
			m, err := s.Identify(ctx)
			if err := expect("Identify", m, fingerprint.Match{Page: 1, Score: sim.Score("alice")}, err); err != nil {
				return err
			}
			for range 2 { // an R307: asked once, then silent
				if err := s.LED(ctx, true); err != nil {
					return err
				}
			}
			n, err = s.Count(ctx)
			return expect("Count after enrolment", n, 2, err)
		}},
	{name: "identify_errors", desc: "R307 defaults", seed: []string{"enroll 0 alice"},
		run: func(ctx context.Context, s *fingerprint.Sensor, do func(string)) error {
			if err := expectErr("no finger", s.CaptureImage(ctx), fingerprint.ErrNoFinger); err != nil {
				return err
			}
			do("unknown")
			if err := s.CaptureImage(ctx); err != nil {
				return err
			}
			_, err := s.Identify(ctx)
			if err := expectErr("unknown finger", err, fingerprint.ErrNoMatch); err != nil {
				return err
			}
			do("smudge")
			if err := s.CaptureImage(ctx); err != nil {
				return err
			}
			_, err = s.Identify(ctx)
			if err := expectErr("smudge", err, fingerprint.ErrImageMessy); err != nil {
				return err
			}
			do("place bob")
			if err := s.CaptureToBuffer(ctx, 1); err != nil {
				return err
			}
			do("place carol")
			if err := s.CaptureToBuffer(ctx, 2); err != nil {
				return err
			}
			return expectErr("two fingers", s.CreateModel(ctx), fingerprint.ErrCombine)
		}},
	{name: "template_transfer", desc: "R307 defaults", seed: []string{"enroll 5 dora"},
		run: func(ctx context.Context, s *fingerprint.Sensor, do func(string)) error {
			tmpl, err := s.DownloadTemplate(ctx, 5)
			if err := expect("DownloadTemplate", bytes.Equal(tmpl, sim.Template("dora")), true, err); err != nil {
				return err
			}
			if err := s.UploadTemplate(ctx, 6, tmpl); err != nil {
				return err
			}
			if err := s.Delete(ctx, 5); err != nil {
				return err
			}
			do("place dora")
			if err := s.CaptureImage(ctx); err != nil {
				return err
			}
			m, err := s.Identify(ctx)
			if err := expect("Identify after the move", m.Page, 6, err); err != nil {
				return err
			}
			if err := s.Clear(ctx); err != nil {
				return err
			}
			n, err := s.Count(ctx)
			return expect("Count after Clear", n, 0, err)
		}},
	{name: "aura_led_r503", desc: "R503: aura LED", cfg: sim.Config{AuraLED: true},
		run: func(ctx context.Context, s *fingerprint.Sensor, do func(string)) error {
			for _, ok := range []bool{true, false} {
				if err := s.LED(ctx, ok); err != nil {
					return err
				}
			}
			return expect("NoAuraLED", s.NoAuraLED(), false, nil)
		}},
}

func fixturePath(name string) string { return filepath.Join("testdata", name+".hex") }

var quiet = fingerprint.Options{Logger: slog.New(slog.DiscardHandler)}

// TestFixtures replays each recorded conversation to the driver: the
// driver must send exactly the recorded bytes and reach the same results.
// With -update the fixtures are first recorded from the simulator.
func TestFixtures(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			if *update {
				record(t, sc)
			}
			steps, err := fptest.ReadScript(fixturePath(sc.name))
			if err != nil {
				t.Fatal(err)
			}
			for _, chunk := range []int{0, 1} {
				pb := fptest.NewPlayback(steps)
				pb.Chunk = chunk
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				s, err := fingerprint.New(ctx, pb, quiet)
				if err == nil {
					err = sc.run(ctx, s, func(string) {})
				}
				cancel()
				if err != nil {
					t.Errorf("playback (chunk %d): %v", chunk, err)
				}
				if err := pb.Done(); err != nil {
					t.Errorf("playback (chunk %d): %v", chunk, err)
				}
			}
		})
	}
}

// record runs the scenario against the simulator over a pty, with the
// simulator's trace going to the fixture file.
func record(t *testing.T, sc scenario) {
	f, err := os.Create(fixturePath(sc.name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fmt.Fprintf(f, "# %s: the driver against the simulator (%s), recorded by\n", sc.name, sc.desc)
	fmt.Fprintf(f, "# go test ./hw/fingerprint -run TestFixtures -update\n")
	cfg := sc.cfg
	cfg.Trace = f
	s := sim.New(cfg)
	for _, action := range sc.seed {
		if _, err := s.Do(action); err != nil {
			t.Fatal(err)
		}
	}
	pair, err := serialport.OpenPair()
	if err != nil {
		t.Fatal(err)
	}
	defer pair.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	simDone := make(chan error, 1)
	go func() { simDone <- s.Run(ctx, pair) }()
	port, err := serialport.Open(serialport.Config{Path: pair.Path(), ReadTimeout: fingerprint.RecommendedReadTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer port.Close()
	sensor, err := fingerprint.New(ctx, port, quiet)
	if err == nil {
		err = sc.run(ctx, sensor, func(action string) {
			if _, err := s.Do(action); err != nil {
				t.Fatal(err)
			}
		})
	}
	if err != nil {
		t.Fatalf("recording: %v", err)
	}
	_ = pair.Close()
	<-simDone
}
