package sim

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"bianmin/hw/escpos"
)

// Config describes the simulated printer. The zero value is the default
// profile's printer, loaded with paper, cover closed, online.
type Config struct {
	Profile escpos.Profile // paper width, four-byte GB18030; zero value: escpos.DefaultProfile
	// Keep is how many finished receipts Receipts keeps; default 50.
	Keep int
	// OnReceipt is called (without the simulator's lock held) with every
	// finished receipt; it must not block for long.
	OnReceipt func(Receipt)
}

// Printer is a simulated ESC/POS receipt printer: it decodes what it is
// sent into receipts, answers real-time status requests (DLE EOT) from
// its state, and can run out of paper, have its cover opened, go offline
// or jam its cutter. While it cannot print it holds what it receives and
// prints it when the fault is cleared, as real printers do. Receive is
// the protocol side without I/O; Run connects it to a pseudo-terminal.
// Safe for concurrent use.
type Printer struct {
	cfg Config

	mu       sync.Mutex
	dec      *Decoder
	state    escpos.Status // the switches; replies are built from them
	hold     []byte        // received while not printing
	runOut   int           // items left before the paper runs out; < 0: never
	realtime realtimeScanner
	receipts []Receipt
	waiters  []chan struct{}
	counters Counters
}

// Counters count what the simulator saw.
type Counters struct {
	Bytes         int // bytes received
	StatusQueries int // DLE EOT requests answered
	Receipts      int // receipts finished
	Unknown       int // unknown commands skipped
}

// New returns a simulated printer with paper, cover closed, online.
func New(cfg Config) *Printer {
	if cfg.Keep <= 0 {
		cfg.Keep = 50
	}
	p, err := normalise(cfg.Profile)
	if err != nil {
		p, _ = escpos.LookupProfile("")
	}
	cfg.Profile = p
	sp := &Printer{cfg: cfg, dec: NewDecoder(p), runOut: -1, state: escpos.Status{Known: true}}
	sp.dec.OnItem = func() { // called under sp.mu, from decode
		if sp.runOut > 0 {
			sp.runOut--
		}
	}
	return sp
}

// Profile is the simulated model's profile.
func (p *Printer) Profile() escpos.Profile { return p.cfg.Profile }

// Receive takes bytes from the host and returns the printer's replies to
// the real-time requests among them.
func (p *Printer) Receive(b []byte) []byte {
	p.mu.Lock()
	p.counters.Bytes += len(b)
	var reply []byte
	for _, n := range p.realtime.scan(b) {
		if n >= escpos.StatusPrinter && n <= escpos.StatusPaper {
			raw := escpos.EncodeStatus(p.replyStatus())
			reply = append(reply, raw[n-1])
			p.counters.StatusQueries++
		}
	}
	var done []Receipt
	if p.printing() && len(p.hold) == 0 {
		p.decode(b)
		done = p.collect()
	} else {
		p.hold = append(p.hold, b...)
	}
	p.mu.Unlock()
	p.deliver(done)
	return reply
}

// Idle ends a receipt that the host left without a cut (the paper is torn
// off), when the printer is printing and holds nothing back.
func (p *Printer) Idle() {
	p.mu.Lock()
	var done []Receipt
	if p.printing() && len(p.hold) == 0 {
		if r, ok := p.dec.Flush(); ok {
			done = p.keep([]Receipt{r})
		}
	}
	p.mu.Unlock()
	p.deliver(done)
}

// printing reports whether the printer prints what it receives.
func (p *Printer) printing() bool {
	s := p.state
	return !s.PaperOut && !s.CoverOpen && !s.Offline && !s.CutterError && !s.Unrecover && !s.AutoRecover
}

// replyStatus is the status as the printer reports it: the switches plus
// what follows from them (offline while it cannot print, paper-end stop).
func (p *Printer) replyStatus() escpos.Status {
	s := p.state
	s.Known = true
	if !p.printing() {
		s.Offline = true
	}
	if s.PaperOut {
		s.PaperEndStop, s.PaperNearEnd = true, true
	}
	if s.CutterError || s.Unrecover || s.AutoRecover {
		s.ErrorState = true
	}
	s.Raw = escpos.EncodeStatus(s)
	return s
}

// decode prints b, stopping when the paper runs out (the rest is held).
func (p *Printer) decode(b []byte) {
	rest := p.dec.Feed(b, func() bool {
		if p.runOut == 0 {
			p.state.PaperOut = true
			p.runOut = -1
		}
		return !p.printing()
	})
	p.hold = append(p.hold, rest...)
}

// collect takes the decoder's finished receipts into the list.
func (p *Printer) collect() []Receipt {
	p.counters.Unknown = p.dec.Unknown
	return p.keep(p.dec.Receipts())
}

func (p *Printer) keep(rs []Receipt) []Receipt {
	for _, r := range rs {
		p.receipts = append(p.receipts, r)
		p.counters.Receipts++
	}
	if over := len(p.receipts) - p.cfg.Keep; over > 0 {
		p.receipts = append([]Receipt(nil), p.receipts[over:]...)
	}
	if len(rs) > 0 {
		for _, w := range p.waiters {
			close(w)
		}
		p.waiters = nil
	}
	return rs
}

func (p *Printer) deliver(rs []Receipt) {
	if p.cfg.OnReceipt == nil {
		return
	}
	for _, r := range rs {
		p.cfg.OnReceipt(r)
	}
}

// resume prints what was held, after a fault is cleared.
func (p *Printer) resume() []Receipt {
	if !p.printing() || len(p.hold) == 0 {
		return nil
	}
	held := p.hold
	p.hold = nil
	p.decode(held)
	return p.collect()
}

// Receipts returns the finished receipts kept, oldest first.
func (p *Printer) Receipts() []Receipt {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Receipt(nil), p.receipts...)
}

// WaitReceipts waits until at least n receipts have been finished since
// the simulator started, and returns the kept ones.
func (p *Printer) WaitReceipts(ctx context.Context, n int) ([]Receipt, error) {
	for {
		p.mu.Lock()
		if p.counters.Receipts >= n {
			out := append([]Receipt(nil), p.receipts...)
			p.mu.Unlock()
			return out, nil
		}
		w := make(chan struct{})
		p.waiters = append(p.waiters, w)
		p.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for receipt %d: %w", n, ctx.Err())
		case <-w:
		}
	}
}

// Counters returns a copy of the counters.
func (p *Printer) Counters() Counters {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.counters
}

// Held is how many received bytes wait for the fault to clear.
func (p *Printer) Held() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.hold)
}

// Status is the status the printer would report now.
func (p *Printer) Status() escpos.Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.replyStatus()
}

// set changes the switches with f and prints what was held when the
// printer can print again.
func (p *Printer) set(f func(s *escpos.Status)) {
	p.mu.Lock()
	f(&p.state)
	done := p.resume()
	p.mu.Unlock()
	p.deliver(done)
}

// PaperOut takes the paper out (true) or loads a new roll (false, which
// also clears near end).
func (p *Printer) PaperOut(out bool) {
	p.set(func(s *escpos.Status) {
		s.PaperOut = out
		if !out {
			s.PaperNearEnd = false
		}
	})
}

// PaperNearEnd sets the near-end sensor: the printer still prints.
func (p *Printer) PaperNearEnd(near bool) { p.set(func(s *escpos.Status) { s.PaperNearEnd = near }) }

// CoverOpen opens or closes the cover.
func (p *Printer) CoverOpen(open bool) { p.set(func(s *escpos.Status) { s.CoverOpen = open }) }

// Offline takes the printer offline or back online (the ONLINE button).
func (p *Printer) Offline(off bool) { p.set(func(s *escpos.Status) { s.Offline = off }) }

// CutterJam jams the cutter or clears the jam.
func (p *Printer) CutterJam(jam bool) { p.set(func(s *escpos.Status) { s.CutterError = jam }) }

// HeadHot overheats the print head or lets it cool.
func (p *Printer) HeadHot(hot bool) { p.set(func(s *escpos.Status) { s.AutoRecover = hot }) }

// RunOutAfter makes the paper run out after n more printed lines (n > 0),
// in the middle of a receipt; 0 or less cancels.
func (p *Printer) RunOutAfter(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.runOut = -1
	if n > 0 {
		p.runOut = n
	}
}

// Do performs a control action written as text, as a technician types it
// at `bianmin sim printer` or the demo panel sends it:
//
//	paper out | paper load | paper low | cover open | cover close |
//	offline | online | cutter jam | cutter fix | head hot | head cool |
//	runout N | status
//
// It returns a one-line answer.
func (p *Printer) Do(action string) (string, error) {
	f := strings.Fields(strings.ToLower(action))
	if len(f) == 0 {
		return "", fmt.Errorf("empty action")
	}
	switch strings.Join(f, " ") {
	case "paper out":
		p.PaperOut(true)
	case "paper load":
		p.PaperOut(false)
	case "paper low":
		p.PaperNearEnd(true)
	case "cover open":
		p.CoverOpen(true)
	case "cover close":
		p.CoverOpen(false)
	case "offline":
		p.Offline(true)
	case "online":
		p.Offline(false)
	case "cutter jam":
		p.CutterJam(true)
	case "cutter fix":
		p.CutterJam(false)
	case "head hot":
		p.HeadHot(true)
	case "head cool":
		p.HeadHot(false)
	case "status":
	default:
		if len(f) == 2 && f[0] == "runout" {
			n, err := strconv.Atoi(f[1])
			if err != nil || n < 1 {
				return "", fmt.Errorf("runout: %q is not a number of lines (1 or more)", f[1])
			}
			p.RunOutAfter(n)
			return fmt.Sprintf("paper runs out after %d more lines", n), nil
		}
		return "", fmt.Errorf("unknown action %q — use paper out|load|low, cover open|close, offline, online, cutter jam|fix, head hot|cool, runout N or status", action)
	}
	st := p.Status()
	held := ""
	if n := p.Held(); n > 0 {
		held = fmt.Sprintf(", %d bytes held", n)
	}
	return fmt.Sprintf("status: %s%s", st, held), nil
}

// realtimeScanner finds DLE EOT n in the byte stream wherever it is, even
// split across reads, as printers do on reception.
type realtimeScanner struct{ state int }

func (r *realtimeScanner) scan(b []byte) []byte {
	var out []byte
	for _, c := range b {
		switch r.state {
		case 1:
			if c == escpos.EOT {
				r.state = 2
				continue
			}
		case 2:
			out = append(out, c)
			r.state = 0
			continue
		}
		r.state = 0
		if c == escpos.DLE {
			r.state = 1
		}
	}
	return out
}
