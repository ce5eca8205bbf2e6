package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"bianmin/appliance/device"
	"bianmin/hw/serialport"
	"bianmin/ui"
)

// simDevices runs demo mode's simulated devices, each on its own
// pseudo-terminal, and lets the 设备模拟 panel unplug and replug them. The
// appliance side of each opens the pty's stable path through the same
// serialport code (and reconnect loop) that opens /dev/ttyUSB0 on a box.
//
// So far there is one: a serial line with nothing on it, which shows the
// device status model and reconnects. Later devices (fingerprint reader,
// ticket printer) join it here.
type simDevices struct {
	mu     sync.Mutex
	pairs  map[string]*serialport.Pair
	kinds  map[string]string
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

const simSerialName = "demo-serial"

func startSimDevices(dataDir string, reg *device.Registry, logger *slog.Logger) (*simDevices, error) {
	devDir := filepath.Join(dataDir, "dev")
	if err := os.MkdirAll(devDir, 0o750); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &simDevices{pairs: map[string]*serialport.Pair{}, kinds: map[string]string{}, cancel: cancel}
	pair, err := serialport.OpenPairAt(filepath.Join(devDir, simSerialName))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("demo serial device: %w", err)
	}
	s.pairs[simSerialName], s.kinds[simSerialName] = pair, "serial"
	s.runLine(ctx, simSerialName, pair.Path(), reg, logger)
	return s, nil
}

// runLine keeps the appliance side of a serial line open, reporting its
// state to the registry, until ctx ends.
func (s *simDevices) runLine(ctx context.Context, name, path string, reg *device.Registry, logger *slog.Logger) {
	reg.Set(name, "serial", path, device.StateReconnecting, "starting")
	link := serialport.NewLink(serialport.Config{Path: path}, serialport.LinkOptions{
		Name: name, Kind: "serial", Logger: logger,
		OnState: func(state, msg string) {
			if state != string(device.StateConnected) {
				reg.Attempt(name)
			}
			reg.Set(name, "serial", path, device.State(state), msg)
		},
	})
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = link.Run(ctx, func(ctx context.Context, p serialport.Port) error {
			buf := make([]byte, 256)
			for ctx.Err() == nil {
				n, err := p.Read(buf)
				switch {
				case errors.Is(err, serialport.ErrTimeout):
				case err != nil:
					return err
				default:
					reg.Count(name, "bytes_in", int64(n))
				}
			}
			return ctx.Err()
		})
	}()
}

// SimDevices implements ui.SimPanel.
func (s *simDevices) SimDevices() []ui.SimDevice {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ui.SimDevice, 0, len(s.pairs))
	for name, p := range s.pairs {
		out = append(out, ui.SimDevice{Name: name, Kind: s.kinds[name], Path: p.Path(), Plugged: !closed(p)})
	}
	return out
}

// closed reports whether the pair's link no longer points at it.
func closed(p *serialport.Pair) bool {
	target, err := os.Readlink(p.LinkPath)
	return err != nil || target != p.SlavePath
}

// SetPlugged implements ui.SimPanel.
func (s *simDevices) SetPlugged(name string, plugged bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pairs[name]
	if !ok {
		return fmt.Errorf("no simulated device %q", name)
	}
	if !plugged {
		return p.Unplug()
	}
	np, err := p.Replug()
	if err != nil {
		return err
	}
	s.pairs[name] = np
	return nil
}

// Close stops the devices and closes their pseudo-terminals.
func (s *simDevices) Close() error {
	s.cancel()
	s.mu.Lock()
	var errs []error
	for _, p := range s.pairs {
		errs = append(errs, p.Close())
	}
	s.mu.Unlock()
	s.wg.Wait()
	return errors.Join(errs...)
}
