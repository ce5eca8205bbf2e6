package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"bianmin/hw/escpos"
	escsim "bianmin/hw/escpos/sim"
	"bianmin/hw/serialport"
	"bianmin/ui"
)

// simPrinter is demo mode's simulated ticket printer: the escpos
// simulator on a pseudo-terminal behind DATA/dev/printer, which the
// appliance opens with the same driver and reconnect loop as a real one.
// It keeps the last receipts for the 设备模拟 panel (ui.SimPrinter) and
// draws each as a PNG the first time the panel asks (the font is parsed
// then, not at start).
type simPrinter struct {
	sim *escsim.Printer

	mu       sync.Mutex
	pair     *serialport.Pair
	plugged  chan struct{} // closed and replaced on every replug
	receipts []simReceipt  // oldest first, at most simPrinterKeep
}

type simReceipt struct {
	r   escsim.Receipt
	at  time.Time
	png []byte
}

const simPrinterKeep = 20

// startSimPrinter starts the simulator at DATA/dev/printer for profile p.
func startSimPrinter(ctx context.Context, dataDir string, p escpos.Profile, logger *slog.Logger) (*simPrinter, error) {
	pair, err := serialport.OpenPairAt(filepath.Join(dataDir, "dev", printerDevice))
	if err != nil {
		return nil, err
	}
	s := &simPrinter{pair: pair, plugged: make(chan struct{})}
	s.sim = escsim.New(escsim.Config{Profile: p, OnReceipt: s.keep})
	go s.serve(ctx, logger)
	return s, nil
}

// serve answers on the current pair; after an unplug it waits for the
// replug and answers on the new pair (the printer keeps its paper and
// what it held).
func (s *simPrinter) serve(ctx context.Context, logger *slog.Logger) {
	for ctx.Err() == nil {
		s.mu.Lock()
		pair, plugged := s.pair, s.plugged
		s.mu.Unlock()
		if err := s.sim.Run(ctx, pair); err != nil && !errors.Is(err, context.Canceled) {
			logger.Warn("simulated printer stopped", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-plugged:
		}
	}
}

// Path is the device path the appliance opens.
func (s *simPrinter) Path() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pair.Path()
}

// device is the printer's row in the panel's device table.
func (s *simPrinter) device() ui.SimDevice {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ui.SimDevice{Name: printerDevice, Kind: "serial", Path: s.pair.Path(), Plugged: linked(s.pair)}
}

// setPlugged pulls the simulated printer's cable or plugs it back.
func (s *simPrinter) setPlugged(plugged bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !plugged {
		return s.pair.Unplug()
	}
	np, err := s.pair.Replug()
	if err != nil {
		return err
	}
	s.pair = np
	close(s.plugged)
	s.plugged = make(chan struct{})
	return nil
}

func (s *simPrinter) keep(r escsim.Receipt) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.receipts = append(s.receipts, simReceipt{r: r, at: time.Now()})
	if len(s.receipts) > simPrinterKeep {
		s.receipts = s.receipts[len(s.receipts)-simPrinterKeep:]
	}
}

// Receipts implements ui.SimPrinter.
func (s *simPrinter) Receipts(limit int) []ui.SimReceipt {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ui.SimReceipt
	for i := len(s.receipts) - 1; i >= 0 && len(out) < limit; i-- {
		r := s.receipts[i]
		out = append(out, ui.SimReceipt{Seq: r.r.Seq, Text: r.r.Text(), At: r.at})
	}
	return out
}

// ReceiptPNG implements ui.SimPrinter.
func (s *simPrinter) ReceiptPNG(seq int) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.receipts {
		r := &s.receipts[i]
		if r.r.Seq != seq {
			continue
		}
		if r.png == nil {
			font, err := printerFont()
			if err != nil {
				return nil, false
			}
			var buf bytes.Buffer
			if err := r.r.PNG(&buf, font); err != nil {
				return nil, false
			}
			r.png = buf.Bytes()
		}
		return r.png, true
	}
	return nil, false
}

// PaperOut implements ui.SimPrinter.
func (s *simPrinter) PaperOut() bool { return s.sim.Status().PaperOut }

// SetPaperOut implements ui.SimPrinter.
func (s *simPrinter) SetPaperOut(out bool) { s.sim.PaperOut(out) }

// Close closes the pseudo-terminal.
func (s *simPrinter) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pair.Close()
}
