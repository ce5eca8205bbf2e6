package main

import (
	"bytes"
	"context"
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

	line *simLine

	mu       sync.Mutex
	receipts []simReceipt // oldest first, at most simPrinterKeep
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
	s := &simPrinter{line: newSimLine(pair)}
	s.sim = escsim.New(escsim.Config{Profile: p, OnReceipt: s.keep})
	go s.line.serve(ctx, s.sim.Run, func(err error) { logger.Warn("simulated printer stopped", "err", err) })
	return s, nil
}

// Path is the device path the appliance opens.
func (s *simPrinter) Path() string { return s.line.path() }

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
func (s *simPrinter) Close() error { return s.line.close() }
