package button

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"bianmin/hw/serialport"
)

// A partial line followed by this much silence is dropped (a box reset
// mid-line, noise on a cable).
const boxLineGap = time.Second

// BoxDevice is the device name of window's rating box: "ratingbox-3".
func BoxDevice(window int) string { return fmt.Sprintf("ratingbox-%d", window) }

// boxSource reads one rating box through a serialport.Link, which
// reopens it with backoff when it is unplugged.
type boxSource struct {
	box      Box // defaults applied
	debounce time.Duration
	open     func(serialport.Config) (serialport.Port, error)
	opts     Options
	r        *reporter
	device   string

	garbage atomic.Int64 // lines dropped as not protocol
	foreign atomic.Int64 // presses dropped because the box named another window
}

func (b *boxSource) Run(ctx context.Context, out chan<- Press) error {
	link := serialport.NewLink(serialport.Config{Path: b.box.Path, Baud: b.box.Baud, ReadTimeout: 100 * time.Millisecond},
		serialport.LinkOptions{
			Name:    b.device,
			Kind:    "serial",
			Open:    b.open,
			OnState: b.r.set,
			Backoff: b.opts.Backoff,
			// The reporter logs each change of state once; the Link's own
			// log lines would say the same again.
			Logger: slog.New(slog.DiscardHandler),
		})
	return link.Run(ctx, func(ctx context.Context, p serialport.Port) error {
		return b.session(ctx, p, out)
	})
}

// session asks the box who it is, then reads its lines until the port
// fails (the Link closes it when ctx is done).
func (b *boxSource) session(ctx context.Context, p serialport.Port, out chan<- Press) error {
	if _, err := p.Write([]byte(BoxQuery)); err != nil {
		return err
	}
	var (
		lines    lineBuffer
		buf      = make([]byte, 64)
		lastKey  = map[int]time.Time{} // key → its last press, for the repeat guard
		mismatch bool
	)
	for {
		n, err := p.Read(buf)
		now := time.Now()
		switch {
		case errors.Is(err, serialport.ErrTimeout):
			lines.idle(now)
			b.garbage.Add(int64(lines.takeDropped()))
			continue
		case err != nil:
			return err
		}
		got := lines.feed(buf[:n], now)
		b.garbage.Add(int64(lines.takeDropped()))
		for _, line := range got {
			msg, err := ParseBoxLine(line)
			if err != nil {
				b.garbage.Add(1)
				b.r.log.Debug("rating box: line dropped", "err", err)
				continue
			}
			if msg.Window != b.box.Window {
				if !msg.Hello {
					b.foreign.Add(1)
				}
				mismatch = true
				b.r.set(StateError, fmt.Sprintf("the rating box on %s says it is window %d's, the line map says window %d's; its presses are ignored — set the box's window number or fix the line map",
					b.box.Path, msg.Window, b.box.Window))
				continue
			}
			if mismatch {
				mismatch = false
				b.r.set(StateConnected, "")
			}
			if msg.Hello {
				continue
			}
			if last, ok := lastKey[msg.Key]; ok && now.Sub(last) < b.debounce {
				continue // the box's own debounce let a bounce through
			}
			lastKey[msg.Key] = now
			level, _ := msg.Level()
			deliver(ctx, out, Press{Button: RatingButton(b.box.Window, level), At: now, Device: b.device})
		}
	}
}

// lineBuffer splits a byte stream into lines of at most BoxMaxLine bytes.
type lineBuffer struct {
	buf      []byte
	overlong bool // the current line is too long: drop it up to its "\n"
	last     time.Time
	dropped  int // lines dropped since takeDropped
}

// takeDropped returns how many lines were dropped (too long, or cut off
// by silence) since it was last called.
func (l *lineBuffer) takeDropped() int {
	n := l.dropped
	l.dropped = 0
	return n
}

// feed adds bytes received at now and returns the complete lines.
func (l *lineBuffer) feed(b []byte, now time.Time) [][]byte {
	var out [][]byte
	l.last = now
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		part := b
		if i >= 0 {
			part = b[:i]
		}
		if !l.overlong {
			l.buf = append(l.buf, part...)
			if len(l.buf) > BoxMaxLine {
				l.buf, l.overlong = l.buf[:0], true
				l.dropped++
			}
		}
		if i < 0 {
			break
		}
		if !l.overlong {
			out = append(out, bytes.Clone(l.buf))
		}
		l.buf, l.overlong = l.buf[:0], false
		b = b[i+1:]
	}
	return out
}

// idle drops a partial line after boxLineGap of silence.
func (l *lineBuffer) idle(now time.Time) {
	if (len(l.buf) > 0 || l.overlong) && now.Sub(l.last) >= boxLineGap {
		if !l.overlong {
			l.dropped++
		}
		l.buf, l.overlong = l.buf[:0], false
	}
}
