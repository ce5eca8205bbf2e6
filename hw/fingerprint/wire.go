package fingerprint

import (
	"context"
	"errors"
	"fmt"
	"time"

	"bianmin/hw/serialport"
)

// wire sends and receives packets on a Port. It keeps the bytes read but
// not yet parsed, drops line noise, and notices when the line needs
// flushing before the next command.
type wire struct {
	port    serialport.Port
	addr    uint32
	buf     []byte // received, not yet parsed
	scratch []byte
	dirty   bool // the last exchange failed: discard stale input before the next
	stats   Stats
}

// Stats counts what the driver saw on the line since New.
type Stats struct {
	Commands     int // command packets sent
	Garbage      int // bytes skipped as line noise
	BadChecksum  int // frames dropped for a wrong checksum
	WrongAddress int // packets dropped for another address
	NoReply      int // commands that timed out
	Flushes      int // times stale input was discarded
}

func newWire(p serialport.Port, addr uint32) *wire {
	// A fresh port may hold what the module said to a previous session.
	return &wire{port: p, addr: addr, scratch: make([]byte, 512), dirty: true}
}

// begin starts an exchange: whatever is left from the last one is stale.
func (w *wire) begin() error {
	w.stats.Garbage += len(w.buf)
	w.buf = w.buf[:0]
	if !w.dirty {
		return nil
	}
	w.stats.Flushes++
	if err := w.port.Flush(); err != nil {
		return err
	}
	w.dirty = false
	return nil
}

// send writes one whole packet.
func (w *wire) send(pid byte, payload []byte) error {
	b := Packet{Addr: w.addr, PID: pid, Payload: payload}.Bytes()
	for len(b) > 0 {
		n, err := w.port.Write(b)
		if err != nil {
			w.dirty = true
			return err
		}
		if n == 0 {
			w.dirty = true
			return errors.New("serial port accepted no bytes")
		}
		b = b[n:]
	}
	return nil
}

// receive returns the next packet from the module, reading until deadline.
// Line noise is skipped. A frame with a bad checksum or another address is
// dropped and remembered; if nothing valid follows before the line goes
// quiet (one port read timeout) or the deadline, that is the error. A
// partial frame still incomplete when the line goes quiet was noise that
// looked like a header: its first byte is dropped and the rest rescanned.
func (w *wire) receive(ctx context.Context, deadline time.Time) (Packet, error) {
	var rejected error
	for {
		p, n, err := ParsePacket(w.buf)
		w.drop(n, err == nil, headerLen+len(p.Payload)+checksumLen)
		switch {
		case err == nil && p.Addr != w.addr:
			w.stats.WrongAddress++
			w.dirty = true
			rejected = ErrWrongAddress.with("", fmt.Sprintf("packet from address 0x%08X, configured 0x%08X", p.Addr, w.addr))
			continue
		case err == nil:
			return p, nil
		case errors.Is(err, ErrChecksum):
			w.stats.BadChecksum++
			w.dirty = true
			rejected = ErrChecksum
			continue
		}
		if err := ctx.Err(); err != nil {
			w.dirty = true
			return Packet{}, err
		}
		if !time.Now().Before(deadline) {
			if cd, ok := ctx.Deadline(); ok && !cd.After(deadline) {
				w.dirty = true
				return Packet{}, context.DeadlineExceeded // the caller's time ran out, not the module's
			}
			return Packet{}, w.timedOut(rejected)
		}
		k, err := w.port.Read(w.scratch)
		w.buf = append(w.buf, w.scratch[:k]...)
		switch {
		case k > 0 || err == nil:
		case errors.Is(err, serialport.ErrTimeout):
			if len(w.buf) > 0 { // a stalled partial frame: noise
				w.stats.Garbage++
				w.buf = w.buf[1:]
				continue
			}
			if rejected != nil {
				return Packet{}, w.timedOut(rejected)
			}
		default:
			w.dirty = true
			return Packet{}, err
		}
	}
}

// drop removes n parsed bytes from the buffer, counting those that were
// not part of a packet as garbage.
func (w *wire) drop(n int, packet bool, packetLen int) {
	garbage := n
	if packet {
		garbage -= packetLen
	}
	w.stats.Garbage += garbage
	w.buf = append(w.buf[:0], w.buf[n:]...)
}

func (w *wire) timedOut(rejected error) error {
	w.dirty = true
	if rejected != nil {
		return rejected
	}
	w.stats.NoReply++
	return ErrNoReply
}
