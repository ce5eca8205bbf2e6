package escpos

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"bianmin/hw/serialport"
)

// Options configures a Printer. Every field is optional.
type Options struct {
	Path    string  // the device path, for messages ("printer on /dev/ttyUSB0: …")
	Profile Profile // the model; zero value: DefaultProfile
	// Glyphs draws lines with characters the printer's font lacks; nil:
	// such a line fails with ErrNoGlyph.
	Glyphs Glyphs
	// Baud is the serial line's speed, to wait long enough for a status
	// reply queued behind a document; 0 means DefaultBaud. USB printers
	// are faster; the estimate is then only generous.
	Baud int
	// ReplyTimeout is the longest wait for one status byte once the line
	// is idle; default 1 s.
	ReplyTimeout time.Duration
}

// DefaultBaud is the factory speed of most serial receipt printers.
const DefaultBaud = 9600

// RecommendedReadTimeout is the read timeout to open a printer's port
// with: the driver checks its deadlines after every read.
const RecommendedReadTimeout = 100 * time.Millisecond

// writeChunk is how much is written at once, so a cancelled context stops
// a long document between chunks.
const writeChunk = 1024

// withDefaults is the one place Options defaults are applied.
func (o Options) withDefaults() Options {
	o.Profile = o.Profile.withDefaults()
	if o.Baud <= 0 {
		o.Baud = DefaultBaud
	}
	if o.ReplyTimeout <= 0 {
		o.ReplyTimeout = time.Second
	}
	return o
}

// Printer is an ESC/POS printer on an io.ReadWriter: a serialport.Port
// (serial tty or USB printer-class device, see Open) or a fake. Reads must
// come back within a bounded time (the port's read timeout; a read that
// times out may return serialport.ErrTimeout). Its methods may be called
// from several goroutines; they take turns on the line. Errors are
// *Error values (errors.Is against ErrPaperOut, ErrNoReply, …); a port
// error stays inside, so errors.Is(err, serialport.ErrUnplugged) tells
// that the device is gone.
type Printer struct {
	mu    sync.Mutex
	rw    io.ReadWriter
	opts  Options
	stale bool // a reply may still be on its way: drain before asking again
}

// NewPrinter returns a Printer on rw. It sends nothing.
func NewPrinter(rw io.ReadWriter, opts Options) *Printer {
	return &Printer{rw: rw, opts: opts.withDefaults()}
}

// Profile is the printer's profile, defaults applied.
func (p *Printer) Profile() Profile { return p.opts.Profile }

// Status asks the printer for its real-time status (DLE EOT 1–4). A
// profile without status support returns the zero Status (not known).
func (p *Printer) Status(ctx context.Context) (Status, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.status(ctx, 0)
}

// Print renders d for the printer's profile and prints it. Before sending
// it asks for the status and refuses, sending nothing, when the printer
// cannot print (the error is the condition: ErrPaperOut, ErrCoverOpen, …);
// after sending it asks again, and returns the condition with AfterSend
// set when the printer stopped on the way (paper ran out). A printer whose
// profile has no status support is printed to blind.
func (p *Printer) Print(ctx context.Context, d *Doc) error {
	b, err := d.Render(p.opts.Profile, p.opts.Glyphs)
	if err != nil {
		return p.located(err)
	}
	return p.PrintBytes(ctx, b)
}

// PrintBytes prints bytes already encoded (for example by Doc.Render),
// with the same status checks as Print.
func (p *Printer) PrintBytes(ctx context.Context, b []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.ready(ctx, 0, false); err != nil {
		return err
	}
	if err := p.write(ctx, b); err != nil {
		return err
	}
	return p.ready(ctx, p.transmitTime(len(b)), true)
}

// ready checks the status (when the profile has it): nil when the
// printer can print.
func (p *Printer) ready(ctx context.Context, extra time.Duration, afterSend bool) error {
	if !p.opts.Profile.Status {
		return nil
	}
	st, err := p.status(ctx, extra)
	if err != nil {
		return err
	}
	if st.Ready() {
		return nil
	}
	for _, e := range st.Problems() {
		if !e.Warning {
			e = e.at(p.opts.Path)
			e.AfterSend = afterSend
			return e
		}
	}
	return nil
}

// transmitTime is how long n bytes take on the serial line (10 bits a
// byte), for a reply queued behind them.
func (p *Printer) transmitTime(n int) time.Duration {
	return time.Duration(n) * 10 * time.Second / time.Duration(p.opts.Baud)
}

// status asks DLE EOT 1–4; the first reply may wait extra longer.
func (p *Printer) status(ctx context.Context, extra time.Duration) (Status, error) {
	if !p.opts.Profile.Status {
		return Status{}, nil
	}
	if p.stale {
		p.drain()
	}
	var raw [4]byte
	for i, n := range []byte{StatusPrinter, StatusOffline, StatusError, StatusPaper} {
		var e Encoder
		if err := p.write(ctx, e.RealtimeStatus(n).Bytes()); err != nil {
			return Status{}, err
		}
		b, err := p.readStatusByte(ctx, p.opts.ReplyTimeout+extra)
		if err != nil {
			p.stale = true
			return Status{}, err
		}
		raw[i] = b
		extra = 0
	}
	return decodeStatus(raw), nil
}

// readStatusByte reads until a byte shaped like a status reply arrives
// (others are skipped) or timeout passes.
func (p *Printer) readStatusByte(ctx context.Context, timeout time.Duration) (byte, error) {
	deadline := time.Now().Add(timeout)
	var buf [1]byte
	skipped := 0
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if time.Now().After(deadline) {
			e := ErrNoReply.at(p.opts.Path)
			if skipped > 0 {
				e.What += " (only unexpected bytes came back)"
			}
			return 0, e
		}
		n, err := p.rw.Read(buf[:])
		if n == 1 {
			if isStatusByte(buf[0]) {
				return buf[0], nil
			}
			skipped++
			continue
		}
		switch {
		case err == nil, errors.Is(err, serialport.ErrTimeout):
		case errors.Is(err, io.EOF) && n == 0:
			// A fake or pipe with nothing to say; wait like a timeout.
			time.Sleep(10 * time.Millisecond)
		default:
			return 0, p.portError(err)
		}
	}
}

// drain discards what has arrived, after a request whose reply may still
// come: one read that times out ends it.
func (p *Printer) drain() {
	var buf [64]byte
	for range 64 {
		n, err := p.rw.Read(buf[:])
		if n == 0 || err != nil {
			break
		}
	}
	p.stale = false
}

// write sends b in chunks, stopping between them when ctx is done.
func (p *Printer) write(ctx context.Context, b []byte) error {
	for len(b) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(len(b), writeChunk)
		if _, err := p.rw.Write(b[:n]); err != nil {
			return p.portError(err)
		}
		b = b[n:]
	}
	return nil
}

// portError wraps a port failure as ErrWrite (or ErrNotConnected when the
// device is gone), keeping the port error inside for errors.Is.
func (p *Printer) portError(err error) error {
	e := ErrWrite
	if errors.Is(err, serialport.ErrUnplugged) {
		e = ErrNotConnected
	}
	return e.at(p.opts.Path).with(nil, err)
}

// located fills in the device path of a driver *Error.
func (p *Printer) located(err error) error {
	var e *Error
	if errors.As(err, &e) && e.Path == "" {
		c := *e
		c.Path = p.opts.Path
		return &c
	}
	return err
}
