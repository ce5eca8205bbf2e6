package main

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"bianmin/appliance/device"
	"bianmin/appliance/printjob"
	"bianmin/appliance/store"
	"bianmin/hw/escpos"
	"bianmin/hw/serialport"
)

// The ticket printer on a box: the escpos Device keeps it connected and
// reads its real-time status (DLE EOT) for the device page and for the
// print-job worker, which prints the jobs the domain keeps in the store
// (appliance/printjob) one at a time, never in a web request.

const printerDevice = "printer"

// printerPoll is how often the printer's real-time status is read while idle.
const printerPoll = time.Second

// escposDoc renders a stored receipt document as the driver's document.
func escposDoc(d printjob.Doc) *escpos.Doc {
	out := escpos.NewDoc()
	for _, l := range d.Lines {
		switch l.Kind {
		case printjob.LineText:
			out.Text(l.Text, escposStyle(l.Style))
		case printjob.LineRow:
			out.Row(l.Text, l.Right, escposStyle(l.Style))
		case printjob.LineRule:
			out.Rule()
		case printjob.LineQR:
			out.QR(l.Text, escpos.QR{Align: escpos.AlignCenter})
		case printjob.LineFeed:
			out.Feed(l.N)
		case printjob.LineCut:
			out.Cut()
		}
	}
	return out
}

func escposStyle(s printjob.Style) escpos.Style {
	st := escpos.Style{Bold: s.Bold, Width: s.Width, Height: s.Height}
	switch s.Align {
	case printjob.AlignCenter:
		st.Align = escpos.AlignCenter
	case printjob.AlignRight:
		st.Align = escpos.AlignRight
	}
	return st
}

// printerKind is the transport the device page names: the kernel's USB
// printer class, or a serial line.
func printerKind(path string) string {
	if strings.HasPrefix(path, "/dev/usb/") {
		return "usb"
	}
	return "serial"
}

// jobPrinter is the printer as the print-job worker sees it.
type jobPrinter struct{ dev *escpos.Device }

// Ready: connected, and the last status read says it prints (a model
// that reports no status is taken as ready while connected).
func (p jobPrinter) Ready() bool {
	st, err := p.dev.Status()
	if err != nil {
		return false
	}
	return st.Ready() || (!st.Known && !p.dev.Profile().Status)
}

func (p jobPrinter) Print(ctx context.Context, d printjob.Doc) error {
	err := p.dev.Print(ctx, escposDoc(d))
	if err == nil {
		return nil
	}
	r := deviceReason(err)
	pe := &printjob.PrintError{Reason: printjob.Reason{Key: r.Key, Args: r.Args, Detail: err.Error()}}
	var e *escpos.Error
	if errors.As(err, &e) {
		pe.Sent = e.AfterSend
		pe.Permanent = errors.Is(err, escpos.ErrNoGlyph) || errors.Is(err, escpos.ErrQRTooLong) || errors.Is(err, escpos.ErrBadDocument)
	}
	return pe
}

// printerConfig is how the box reaches its ticket printer.
type printerConfig struct {
	path    string
	baud    int
	profile escpos.Profile
	glyphs  escpos.Glyphs
	// open opens the port (tests); nil: escpos.Open.
	open func(serialport.Config) (serialport.Port, error)
}

// runTicketPrinter keeps the printer connected, publishes its state to
// the device registry (a status that stops printing — paper out, cover
// open, offline — is an error with the printer's reason, which the pages
// show as a banner) and runs the print-job worker until ctx ends.
func runTicketPrinter(ctx context.Context, cfg printerConfig, db *store.DB, reg *device.Registry, logger *slog.Logger) *escpos.Device {
	kind := printerKind(cfg.path)
	reg.SetKeyed(printerDevice, kind, cfg.path, device.StateReconnecting, device.Reason{Key: reasonStarting}, "starting")
	publish := func(state device.State, err error) {
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		reg.SetKeyed(printerDevice, kind, cfg.path, state, deviceReason(err), msg)
	}
	dev := escpos.NewDevice(serialport.Config{Path: cfg.path, Baud: cfg.baud}, escpos.DeviceOptions{
		Printer:      escpos.Options{Profile: cfg.profile, Glyphs: cfg.glyphs},
		PollInterval: printerPoll,
		OnStatus: func(st escpos.Status, err error) {
			switch {
			case errors.Is(err, escpos.ErrNotConnected):
				// the link reports the reconnection
			case err != nil:
				publish(device.StateError, err)
			default:
				var stop error
				for _, p := range st.Problems() {
					if !p.Warning {
						stop = p
						break
					}
				}
				if stop != nil {
					publish(device.StateError, stop)
				} else {
					publish(device.StateConnected, nil)
				}
			}
		},
		Link: serialport.LinkOptions{Name: printerDevice, Kind: kind, Logger: logger, Open: cfg.open,
			OnStateErr: func(state string, err error) {
				if state == string(device.StateConnected) {
					return // the first status reading says whether it prints
				}
				reg.Attempt(printerDevice)
				publish(device.State(state), err)
			}},
	})
	go func() { _ = dev.Run(ctx) }()
	w := &printjob.Worker{DB: db, Printer: jobPrinter{dev}, Logger: logger,
		OnChange: func(j printjob.Job) {
			if j.State == printjob.StateDone {
				reg.Count(printerDevice, "printed", 1)
			}
		}}
	go func() { _ = w.Run(ctx) }()
	return dev
}
