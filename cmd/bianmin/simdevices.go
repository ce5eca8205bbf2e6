package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"bianmin/appliance/enrol"
	"bianmin/appliance/staff"
	"bianmin/hw/fingerprint/sim"
	"bianmin/hw/serialport"
	"bianmin/ui"
)

// simDevices runs demo mode's simulated devices, each on its own
// pseudo-terminal behind a stable symlink in DATA/dev, and is the 设备模拟
// panel's back end. The appliance opens those paths with the same drivers
// and reconnect loops it uses for /dev/bianmin-fingerprint on a box.
type simDevices struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	log    *slog.Logger

	line    *simLine // the fingerprint sensor's
	finger  *sim.Sim
	mu      sync.Mutex
	printer *simPrinter // the ticket printer, when the demo runs one
}

// simLine is a simulated device's line: a pseudo-terminal pair behind a
// stable path, which the panel can unplug and plug back (a new pair).
type simLine struct {
	mu      sync.Mutex
	pair    *serialport.Pair
	plugged chan struct{} // closed and replaced on every replug
}

func newSimLine(pair *serialport.Pair) *simLine {
	return &simLine{pair: pair, plugged: make(chan struct{})}
}

// serve runs the simulator on the current pair; after an unplug it waits
// for the replug and runs it on the new pair, until ctx ends.
func (l *simLine) serve(ctx context.Context, run func(context.Context, *serialport.Pair) error, stopped func(error)) {
	for ctx.Err() == nil {
		l.mu.Lock()
		pair, plugged := l.pair, l.plugged
		l.mu.Unlock()
		if err := run(ctx, pair); err != nil && !errors.Is(err, context.Canceled) {
			stopped(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-plugged: // a replug made a new pair
		}
	}
}

// device is the line's row in the panel's device table.
func (l *simLine) device(name, kind string) ui.SimDevice {
	l.mu.Lock()
	defer l.mu.Unlock()
	return ui.SimDevice{Name: name, Kind: kind, Path: l.pair.Path(), Plugged: linked(l.pair)}
}

// path is the stable path the appliance opens.
func (l *simLine) path() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pair.Path()
}

// setPlugged pulls the cable or plugs it back.
func (l *simLine) setPlugged(plugged bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !plugged {
		return l.pair.Unplug()
	}
	np, err := l.pair.Replug()
	if err != nil {
		return err
	}
	l.pair = np
	close(l.plugged)
	l.plugged = make(chan struct{})
	return nil
}

func (l *simLine) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pair.Close()
}

// startSimDevices starts the simulated fingerprint sensor at
// DATA/dev/fingerprint and returns its path for the appliance to open.
func startSimDevices(dataDir string, logger *slog.Logger) (*simDevices, string, error) {
	devDir := filepath.Join(dataDir, "dev")
	if err := os.MkdirAll(devDir, 0o750); err != nil {
		return nil, "", err
	}
	pair, err := serialport.OpenPairAt(filepath.Join(devDir, fingerprintDevice))
	if err != nil {
		return nil, "", fmt.Errorf("simulated fingerprint sensor: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &simDevices{ctx: ctx, cancel: cancel, log: logger, line: newSimLine(pair),
		finger: sim.New(sim.Config{HoldPolls: 1})}
	s.wg.Add(1)
	go s.serveFingerprint()
	return s, pair.Path(), nil
}

// serveFingerprint answers on the sensor's line, across replugs.
func (s *simDevices) serveFingerprint() {
	defer s.wg.Done()
	s.line.serve(s.ctx, s.finger.Run, func(err error) { s.log.Warn("simulated fingerprint sensor stopped", "err", err) })
}

// enrolAll enrols finger 1 of every active staff member in the simulated
// sensor and on the box (demo data), unless the box has enrolments
// already. Then the simulated sensor — which starts empty every time, as
// a replaced sensor would — is given the box's kept template copies
// (decrypted from the store) at their pages, so that every finger
// enrolled before the restart is recognised. It returns how many fingers
// were enrolled and how many restored from copies.
func (s *simDevices) enrolAll(reg *staff.Registry, enrols *enrol.Service) (enrolled, restored int, err error) {
	have, err := enrols.All()
	if err != nil {
		return 0, 0, err
	}
	if len(have) == 0 {
		n, err := s.enrol(reg, enrols)
		return n, 0, err
	}
	for _, e := range have {
		tpl, err := enrols.Template(e)
		if err != nil {
			return 0, restored, fmt.Errorf("template copy of enrolment %d (staff %d, finger %d): %w", e.ID, e.StaffID, e.Finger, err)
		}
		if err := s.finger.LoadTemplate(e.Page, tpl); err != nil {
			return 0, restored, err
		}
		restored++
	}
	return 0, restored, nil
}

// enrolMore enrols finger 1 of every active staff member not enrolled yet.
func (s *simDevices) enrolMore(reg *staff.Registry, enrols *enrol.Service) error {
	_, err := s.enrol(reg, enrols)
	return err
}

func (s *simDevices) enrol(reg *staff.Registry, enrols *enrol.Service) (int, error) {
	people, err := reg.ListStaff(staff.Filter{})
	if err != nil {
		return 0, err
	}
	have, err := enrols.All()
	if err != nil {
		return 0, err
	}
	done, used := map[uint64]bool{}, map[int]bool{}
	for _, e := range have {
		done[e.StaffID], used[e.Page] = true, true
	}
	today, page, n := time.Now().Format("2006-01-02"), 0, 0
	for _, p := range people {
		if done[p.ID] {
			continue
		}
		for used[page] {
			page++
		}
		id := fingerID(p.ID, 1)
		if err := s.finger.Enroll(page, id); err != nil {
			return n, err
		}
		if _, err := enrols.Add("system:demo", enrol.Enrollment{StaffID: p.ID, Page: page, ConsentOn: today}, sim.Template(id)); err != nil {
			return n, err
		}
		used[page] = true
		n++
	}
	return n, nil
}

// fingerID names a demo person's finger on the simulated sensor.
func fingerID(staffID uint64, finger int) string {
	return fmt.Sprintf("staff-%d-finger-%d", staffID, finger)
}

// SimDevices implements ui.SimPanel.
func (s *simDevices) SimDevices() []ui.SimDevice {
	out := []ui.SimDevice{s.line.device(fingerprintDevice, "r307")}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.printer != nil {
		out = append(out, s.printer.line.device(printerDevice, "serial"))
	}
	return out
}

// linked reports whether the pair's stable path still points at it.
func linked(p *serialport.Pair) bool {
	target, err := os.Readlink(p.LinkPath)
	return err == nil && target == p.SlavePath
}

// SetPlugged implements ui.SimPanel.
func (s *simDevices) SetPlugged(name string, plugged bool) error {
	s.mu.Lock()
	printer := s.printer
	s.mu.Unlock()
	switch {
	case name == fingerprintDevice:
		return s.line.setPlugged(plugged)
	case name == printerDevice && printer != nil:
		return printer.line.setPlugged(plugged)
	}
	return fmt.Errorf("no simulated device %q", name)
}

// PlaceFinger implements ui.SimPanel.
func (s *simDevices) PlaceFinger(staffID uint64, finger int) error {
	if finger != 1 && finger != 2 {
		return fmt.Errorf("finger %d: want 1 or 2", finger)
	}
	s.finger.PlaceFinger(fingerID(staffID, finger))
	return nil
}

// PlaceUnknownFinger implements ui.SimPanel.
func (s *simDevices) PlaceUnknownFinger() error { s.finger.PlaceUnknownFinger(); return nil }

// PlaceSmudge implements ui.SimPanel.
func (s *simDevices) PlaceSmudge() error { s.finger.PlaceSmudge(); return nil }

// Close stops the simulators and closes their pseudo-terminals.
func (s *simDevices) Close() error {
	s.cancel()
	err := s.line.close()
	s.wg.Wait()
	return err
}
