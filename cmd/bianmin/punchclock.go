package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"bianmin/appliance/device"
	"bianmin/appliance/punchclock"
	"bianmin/hw/fingerprint"
	"bianmin/hw/serialport"
)

// fingerprintDevice is the device name on the 设备 page and in punches.
const fingerprintDevice = "fingerprint"

// sensorAdapter lets the punch clock use the R30x driver, turning the
// driver's errors into the clock's sentinels.
type sensorAdapter struct {
	s    *fingerprint.Sensor
	poll time.Duration // pause between GenImg polls while waiting for a press
	log  *slog.Logger
}

// badImage lists the module's "press again" answers.
func badImage(err error) bool {
	for _, e := range []error{fingerprint.ErrImageMessy, fingerprint.ErrFewFeatures, fingerprint.ErrNoValidImage,
		fingerprint.ErrImageDry, fingerprint.ErrImageWet, fingerprint.ErrEnroll} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func mapSensorError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fingerprint.ErrNoFinger):
		return fmt.Errorf("%w: %v", punchclock.ErrNoFinger, err)
	case errors.Is(err, fingerprint.ErrNoMatch):
		return fmt.Errorf("%w: %v", punchclock.ErrNoMatch, err)
	case badImage(err):
		return fmt.Errorf("%w: %v", punchclock.ErrBadImage, err)
	case errors.Is(err, fingerprint.ErrCombine):
		return fmt.Errorf("%w: %v", punchclock.ErrNotSameFinger, err)
	case errors.Is(err, fingerprint.ErrLibraryFull):
		return fmt.Errorf("%w: %v", punchclock.ErrLibraryFull, err)
	}
	return err
}

func (a sensorAdapter) Identify(ctx context.Context) (int, int, error) {
	if err := a.s.CaptureImage(ctx); err != nil {
		return 0, 0, mapSensorError(err)
	}
	m, err := a.s.Identify(ctx)
	return m.Page, m.Score, mapSensorError(err)
}

// Capture polls until a finger gives a usable image or ctx ends.
func (a sensorAdapter) Capture(ctx context.Context, buffer int) error {
	for {
		err := mapSensorError(a.s.CaptureToBuffer(ctx, buffer))
		if err == nil || !(errors.Is(err, punchclock.ErrNoFinger) || errors.Is(err, punchclock.ErrBadImage)) {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w: no usable press within the time allowed", punchclock.ErrNoFinger)
		case <-time.After(a.poll):
		}
	}
}

func (a sensorAdapter) CreateModel(ctx context.Context) error {
	return mapSensorError(a.s.CreateModel(ctx))
}

func (a sensorAdapter) NextFreePage(ctx context.Context) (int, error) {
	p, err := a.s.NextFreePage(ctx)
	return p, mapSensorError(err)
}

func (a sensorAdapter) Store(ctx context.Context, page int) error {
	return mapSensorError(a.s.StoreModel(ctx, page))
}

func (a sensorAdapter) Download(ctx context.Context, page int) ([]byte, error) {
	return a.s.DownloadTemplate(ctx, page)
}

func (a sensorAdapter) Upload(ctx context.Context, page int, template []byte) error {
	return a.s.UploadTemplate(ctx, page, template)
}

func (a sensorAdapter) Delete(ctx context.Context, page int) error { return a.s.Delete(ctx, page) }

func (a sensorAdapter) Signal(ctx context.Context, ok bool) {
	if err := a.s.LED(ctx, ok); err != nil {
		a.log.Warn("fingerprint LED", "err", err)
	}
}

// runFingerprintClock keeps the sensor at path connected (reconnecting with
// backoff after an unplug) and runs the punch clock on it until ctx ends.
func runFingerprintClock(ctx context.Context, path string, clock *punchclock.Clock, reg *device.Registry, logger *slog.Logger) {
	reg.SetKeyed(fingerprintDevice, "serial", path, device.StateReconnecting, device.Reason{Key: reasonStarting}, "starting")
	link := serialport.NewLink(serialport.Config{Path: path, ReadTimeout: 200 * time.Millisecond}, serialport.LinkOptions{
		Name: fingerprintDevice, Kind: "serial", Logger: logger,
		OnStateErr: func(state string, err error) {
			if state != string(device.StateConnected) {
				reg.Attempt(fingerprintDevice)
			}
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			reg.SetKeyed(fingerprintDevice, "serial", path, device.State(state), deviceReason(err), msg)
		},
	})
	noAura := false // learnt once per process: a reconnect neither asks nor logs again
	_ = link.Run(ctx, func(ctx context.Context, p serialport.Port) error {
		s, err := fingerprint.New(ctx, p, fingerprint.Options{Logger: logger, NoAuraLED: noAura})
		if err != nil {
			return err
		}
		defer func() { noAura = noAura || s.NoAuraLED() }()
		return clock.Run(ctx, sensorAdapter{s: s, poll: 100 * time.Millisecond, log: logger})
	})
}
