package sim_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"bianmin/hw/fingerprint"
	"bianmin/hw/fingerprint/sim"
	"bianmin/hw/serialport"
	"bianmin/internal/backoff"
)

// Unplugging the sensor mid-session makes the driver return an error
// wrapping serialport.ErrUnplugged; the simulator's Run returns; after a
// replug the Link reconnects and identification works again with the
// library intact.
func TestUnplugReplugWithLink(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	s := sim.New(sim.Config{})
	if err := s.Enroll(3, "alice"); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "bianmin-fingerprint")
	pair, err := serialport.OpenPairAt(link)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pair.Close() })
	simDone := runSim(t, s, pair)

	// Each session hands its Sensor to the test and ends with the error the
	// test sends back, as the appliance's session ends with its last error.
	sensors := make(chan *fingerprint.Sensor)
	ended := make(chan error)
	l := serialport.NewLink(serialport.Config{Path: link, ReadTimeout: fingerprint.RecommendedReadTimeout},
		serialport.LinkOptions{
			Name: "fingerprint", Kind: "serial",
			Backoff: backoff.Policy{Initial: 5 * time.Millisecond, Max: 20 * time.Millisecond},
			Logger:  slog.New(slog.DiscardHandler),
		})
	linkCtx, stopLink := context.WithCancel(ctx)
	linkDone := make(chan error, 1)
	go func() {
		linkDone <- l.Run(linkCtx, func(ctx context.Context, p serialport.Port) error {
			sensor, err := fingerprint.New(ctx, p, quiet)
			if err != nil {
				return err
			}
			select {
			case sensors <- sensor:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case err := <-ended:
				return err
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	t.Cleanup(func() {
		stopLink()
		<-linkDone
	})
	nextSensor := func() *fingerprint.Sensor {
		t.Helper()
		select {
		case sensor := <-sensors:
			return sensor
		case <-time.After(3 * time.Second):
			state, msg := l.State()
			t.Fatalf("no session within 3s; link %s: %s", state, msg)
			return nil
		}
	}
	identify := func(sensor *fingerprint.Sensor) (fingerprint.Match, error) {
		s.PlaceFinger("alice")
		if err := sensor.CaptureImage(ctx); err != nil {
			return fingerprint.Match{}, err
		}
		return sensor.Identify(ctx)
	}

	sensor := nextSensor()
	if m, err := identify(sensor); err != nil || m.Page != 3 {
		t.Fatalf("identify before unplug = %+v, %v", m, err)
	}

	if err := pair.Unplug(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-simDone:
		if err != nil {
			t.Errorf("simulator Run after unplug = %v, want nil", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("simulator Run did not return after unplug")
	}
	_, err = identify(sensor)
	if !errors.Is(err, serialport.ErrUnplugged) {
		t.Fatalf("identify after unplug = %v, want an error wrapping serialport.ErrUnplugged", err)
	}
	ended <- err

	pair, err = pair.Replug()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pair.Close() })
	runSim(t, s, pair)
	sensor = nextSensor()
	if m, err := identify(sensor); err != nil || m.Page != 3 {
		t.Fatalf("identify after replug = %+v, %v", m, err)
	}
	if state, _ := l.State(); state != serialport.StateConnected {
		t.Errorf("link state %q after replug, want connected", state)
	}
}
