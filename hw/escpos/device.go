package escpos

import (
	"context"
	"errors"
	"sync"
	"time"

	"bianmin/hw/serialport"
)

// DeviceOptions configures a Device. Every field is optional.
type DeviceOptions struct {
	Printer Options // profile, glyphs, reply timeout; Path and Baud are taken from the Config
	// PollInterval is how often the status is asked while idle; default
	// 2 s. A printer whose profile has no status is still polled for
	// unplugging by the failed writes of Print only.
	PollInterval time.Duration
	// OnStatus is called from Run's goroutine whenever the status or the
	// error of reading it changes (a print makes it read the status at
	// once); it must not block.
	OnStatus func(Status, error)
	// Link passes the connection options (name, backoff, OnState, the
	// opener) to the serialport.Link that keeps the printer connected;
	// Link.Open defaults to escpos.Open.
	Link serialport.LinkOptions
}

// Device keeps a printer connected: it opens it (reopening after an
// unplug with the Link's backoff), polls its status for the device page,
// and prints documents on the open connection. This is what the
// appliance runs; Printer is the same without the connection handling.
type Device struct {
	cfg  serialport.Config
	opts DeviceOptions
	link *serialport.Link

	mu      sync.Mutex
	printer *Printer // nil while not connected
	status  Status
	statErr error
	kick    chan struct{}
}

// NewDevice returns a Device for the printer cfg describes. Nothing is
// opened until Run.
func NewDevice(cfg serialport.Config, opts DeviceOptions) *Device {
	if opts.PollInterval <= 0 {
		opts.PollInterval = 2 * time.Second
	}
	if opts.Link.Open == nil {
		opts.Link.Open = Open
	}
	if opts.Link.Name == "" {
		opts.Link.Name = "printer"
	}
	if opts.Link.Kind == "" {
		opts.Link.Kind = "escpos"
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = RecommendedReadTimeout
	}
	if cfg.Baud <= 0 {
		cfg.Baud = DefaultBaud
	}
	opts.Printer.Path = cfg.Path
	opts.Printer.Baud = cfg.Baud
	if opts.OnStatus == nil {
		opts.OnStatus = func(Status, error) {}
	}
	return &Device{cfg: cfg, opts: opts, link: serialport.NewLink(cfg, opts.Link), kick: make(chan struct{}, 1)}
}

// Run keeps the printer connected until ctx is done; it returns
// ctx.Err().
func (d *Device) Run(ctx context.Context) error {
	return d.link.Run(ctx, d.session)
}

// LinkState is the connection state of the latest attempt (see
// serialport.Link.State).
func (d *Device) LinkState() (state, msg string) { return d.link.State() }

// Status is the latest status read and the error of the latest attempt
// to read it (ErrNotConnected while the printer is not connected).
func (d *Device) Status() (Status, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.printer == nil {
		return Status{}, ErrNotConnected.at(d.cfg.Path)
	}
	return d.status, d.statErr
}

// Profile is the profile documents are rendered for.
func (d *Device) Profile() Profile { return d.opts.Printer.withDefaults().Profile }

// Print prints doc on the connected printer (see Printer.Print). It
// fails at once with ErrNotConnected while the printer is not connected:
// the caller keeps the job and tries again when the status says the
// printer is back.
func (d *Device) Print(ctx context.Context, doc *Doc) error {
	d.mu.Lock()
	p := d.printer
	d.mu.Unlock()
	if p == nil {
		return ErrNotConnected.at(d.cfg.Path)
	}
	err := p.Print(ctx, doc)
	d.poke()
	return err
}

// poke asks the session to read the status now.
func (d *Device) poke() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// session runs on one open port: it polls the status until the port
// fails.
func (d *Device) session(ctx context.Context, port serialport.Port) error {
	p := NewPrinter(port, d.opts.Printer)
	d.mu.Lock()
	d.printer = p
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		d.printer = nil
		d.mu.Unlock()
		d.report(Status{}, ErrNotConnected.at(d.cfg.Path))
	}()
	t := time.NewTicker(d.opts.PollInterval)
	defer t.Stop()
	for {
		st, err := p.Status(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		d.report(st, err)
		if errors.Is(err, serialport.ErrUnplugged) || errors.Is(err, ErrWrite) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case <-d.kick:
		}
	}
}

// report records a status reading and tells OnStatus when it changed.
func (d *Device) report(st Status, err error) {
	d.mu.Lock()
	changed := st != d.status || errText(err) != errText(d.statErr)
	d.status, d.statErr = st, err
	d.mu.Unlock()
	if changed {
		d.opts.OnStatus(st, err)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
