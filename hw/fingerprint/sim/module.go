package sim

import (
	"bytes"
	"encoding/binary"
	"errors"

	fp "bianmin/hw/fingerprint"
)

// This file is the module's side of the protocol: bytes from the host in,
// reply bytes out. It has no I/O, so a fixture can be fed to it directly.

// receive takes bytes from the host and returns what the module sends
// back.
func (s *Sim) receive(b []byte) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rx = append(s.rx, b...)
	var out []byte
	for {
		p, n, err := fp.ParsePacket(s.rx)
		s.trace.Host(s.rx[:n])
		if err == nil {
			s.counters.Dropped += n - len(p.Bytes())
		} else {
			s.counters.Dropped += n
		}
		s.rx = append(s.rx[:0], s.rx[n:]...)
		switch {
		case errors.Is(err, fp.ErrIncomplete):
			return out
		case errors.Is(err, fp.ErrChecksum):
			// Manual "Confirmation code" 0x01: error when receiving package.
			s.counters.BadChecksum++
			out = append(out, s.reply(s.ack(fp.ErrPacketReceive.Code))...)
		case err == nil:
			s.counters.PacketsIn++
			out = append(out, s.handle(p)...)
		}
	}
}

// dropPartial discards a partial packet the host stopped sending, as a
// module resets its receiver after a pause.
func (s *Sim) dropPartial() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.rx) == 0 {
		return
	}
	s.trace.Host(s.rx)
	s.counters.Dropped += len(s.rx)
	s.rx = s.rx[:0]
}

// reply records the packets going out and puts any queued noise first.
func (s *Sim) reply(pkts ...[]byte) []byte {
	var out []byte
	if len(s.noise) > 0 {
		s.trace.Module(s.noise)
		out = append(out, s.noise...)
		s.noise = nil
	}
	for _, p := range pkts {
		s.trace.Module(p)
		s.counters.Replies++
		out = append(out, p...)
	}
	return out
}

func (s *Sim) packet(pid byte, payload []byte) []byte {
	return fp.Packet{Addr: s.cfg.Address, PID: pid, Payload: payload}.Bytes()
}

// ack is an acknowledgement: confirmation code, then result bytes.
func (s *Sim) ack(code byte, result ...byte) []byte {
	return s.packet(fp.PIDAck, append([]byte{code}, result...))
}

func u16(v int) []byte { return binary.BigEndian.AppendUint16(nil, uint16(v)) }

// handle answers one packet from the host.
func (s *Sim) handle(p fp.Packet) []byte {
	if p.Addr != s.cfg.Address {
		s.counters.WrongAddress++ // manual: a module ignores other addresses
		return nil
	}
	if s.down != nil {
		if p.PID == fp.PIDData || p.PID == fp.PIDEndData {
			s.downData(p)
			return nil
		}
		s.down = nil // a command ends an unfinished download
	}
	if p.PID != fp.PIDCommand || len(p.Payload) == 0 {
		s.counters.Dropped += len(p.Bytes())
		return nil
	}
	cmd, args := fp.Instruction(p.Payload[0]), p.Payload[1:]
	s.counters.Commands[cmd.String()]++
	if s.cfg.Password != 0 && !s.verified && cmd != fp.CmdVfyPwd {
		return s.reply(s.ack(fp.ErrPasswordRequired.Code))
	}
	if want, ok := argLen[cmd]; !ok || len(args) < want {
		// Unknown instruction or short arguments: R30x firmware answers
		// 0x01, and so does an R307 to AuraLedConfig.
		return s.reply(s.ack(fp.ErrPacketReceive.Code))
	}
	if cmd == fp.CmdUpChar {
		return s.upChar(int(args[0]))
	}
	res := s.command(cmd, args)
	return s.reply(s.ack(res[0], res[1:]...))
}

// argLen is the number of argument bytes of each instruction the module
// knows: manual "Module instruction system".
var argLen = map[fp.Instruction]int{
	fp.CmdGenImg: 0, fp.CmdImg2Tz: 1, fp.CmdMatch: 0, fp.CmdSearch: 5, fp.CmdRegModel: 0,
	fp.CmdStore: 3, fp.CmdLoadChar: 3, fp.CmdUpChar: 1, fp.CmdDownChar: 1,
	fp.CmdDeleteChar: 4, fp.CmdEmpty: 0, fp.CmdReadSysPara: 0, fp.CmdVfyPwd: 4,
	fp.CmdTemplateNum: 0, fp.CmdReadIndexTable: 1, fp.CmdAuraLED: 4,
}

func code(e *fp.Error, result ...byte) []byte { return append([]byte{e.Code}, result...) }

func ok(result ...byte) []byte { return append([]byte{fp.CodeOK}, result...) }

// command runs an instruction and returns the acknowledgement's payload.
func (s *Sim) command(cmd fp.Instruction, a []byte) []byte {
	be := binary.BigEndian
	switch cmd {
	case fp.CmdVfyPwd:
		if be.Uint32(a) != s.cfg.Password {
			return code(fp.ErrWrongPassword)
		}
		s.verified = true
		return ok()
	case fp.CmdReadSysPara:
		return ok(s.params().Encode()...)
	case fp.CmdTemplateNum:
		return ok(u16(len(s.lib))...)
	case fp.CmdReadIndexTable:
		return s.indexTable(int(a[0]))
	case fp.CmdGenImg:
		return s.genImg()
	case fp.CmdImg2Tz:
		return s.img2Tz(int(a[0]))
	case fp.CmdMatch:
		if s.bufs[1] == nil || !bytes.Equal(s.bufs[1], s.bufs[2]) {
			return code(fp.ErrNotMatching, 0, 0)
		}
		return ok(u16(scoreOf(s.bufs[1]))...)
	case fp.CmdRegModel:
		if s.bufs[1] == nil || !bytes.Equal(s.bufs[1], s.bufs[2]) {
			return code(fp.ErrCombine)
		}
		return ok()
	case fp.CmdSearch:
		return s.search(int(a[0]), int(be.Uint16(a[1:])), int(be.Uint16(a[3:])))
	case fp.CmdStore:
		return s.store(int(a[0]), int(be.Uint16(a[1:])))
	case fp.CmdLoadChar:
		return s.loadChar(int(a[0]), int(be.Uint16(a[1:])))
	case fp.CmdDownChar:
		if !validBuf(int(a[0])) {
			return code(fp.ErrPacketReceive)
		}
		s.down = &download{buf: int(a[0])}
		return ok()
	case fp.CmdDeleteChar:
		page, n := int(be.Uint16(a)), int(be.Uint16(a[2:]))
		if n == 0 || page+n > s.cfg.Capacity {
			return code(fp.ErrDelete)
		}
		for p := page; p < page+n; p++ {
			delete(s.lib, p)
		}
		return ok()
	case fp.CmdEmpty:
		clear(s.lib)
		return ok()
	case fp.CmdAuraLED:
		if !s.cfg.AuraLED {
			return code(fp.ErrPacketReceive)
		}
		s.led = LEDState{Control: a[0], Speed: a[1], Colour: a[2], Count: a[3]}
		return ok()
	}
	return code(fp.ErrPacketReceive)
}

func validBuf(b int) bool { return b == fp.Buffer1 || b == fp.Buffer2 }

// genImg takes an image of the finger on the sensor, if any.
func (s *Sim) genImg() []byte {
	if s.finger == nil {
		s.image = nil
		return code(fp.ErrNoFinger)
	}
	s.image = s.finger
	if s.polls > 0 {
		if s.polls--; s.polls == 0 {
			s.finger = nil
		}
	}
	return ok()
}

// img2Tz puts the image's features (its finger's template) in a buffer.
func (s *Sim) img2Tz(buf int) []byte {
	switch {
	case !validBuf(buf):
		return code(fp.ErrPacketReceive)
	case s.image == nil:
		return code(fp.ErrNoValidImage)
	case s.image.smudged:
		return code(fp.ErrImageMessy)
	}
	s.bufs[buf] = Template(s.image.id)
	return ok()
}

// search looks for the buffer's template in pages start..start+count-1.
func (s *Sim) search(buf, start, count int) []byte {
	if !validBuf(buf) {
		return code(fp.ErrPacketReceive)
	}
	if t := s.bufs[buf]; t != nil {
		for p := start; p < min(start+count, s.cfg.Capacity); p++ {
			if bytes.Equal(s.lib[p], t) {
				return ok(append(u16(p), u16(scoreOf(t))...)...)
			}
		}
	}
	return code(fp.ErrNoMatch, 0, 0, 0, 0)
}

func (s *Sim) store(buf, page int) []byte {
	switch {
	case !validBuf(buf):
		return code(fp.ErrPacketReceive)
	case page >= s.cfg.Capacity:
		return code(fp.ErrBadPage)
	case s.bufs[buf] == nil:
		return code(fp.ErrTemplateEmpty)
	}
	s.lib[page] = bytes.Clone(s.bufs[buf])
	return ok()
}

func (s *Sim) loadChar(buf, page int) []byte {
	switch {
	case !validBuf(buf):
		return code(fp.ErrPacketReceive)
	case page >= s.cfg.Capacity:
		return code(fp.ErrBadPage)
	case s.lib[page] == nil:
		return code(fp.ErrReadTemplate)
	}
	s.bufs[buf] = bytes.Clone(s.lib[page])
	return ok()
}

// indexTable is one 32-byte page of the used-page bitmap, LSB first.
func (s *Sim) indexTable(table int) []byte {
	if table > 3 {
		return code(fp.ErrBadPage)
	}
	bitmap := make([]byte, 32)
	for page := range s.lib {
		if i := page - table*256; i >= 0 && i < 256 {
			bitmap[i/8] |= 1 << (i % 8)
		}
	}
	return ok(bitmap...)
}

// upChar acknowledges, then sends the buffer in data packets of the
// configured packet size, the last one as end of data.
func (s *Sim) upChar(buf int) []byte {
	if !validBuf(buf) {
		return s.reply(s.ack(fp.ErrPacketReceive.Code))
	}
	t := s.bufs[buf]
	if t == nil {
		return s.reply(s.ack(fp.ErrUploadFeature.Code))
	}
	pkts := [][]byte{s.ack(fp.CodeOK)}
	for len(t) > 0 {
		n := min(s.cfg.PacketSize, len(t))
		pid := fp.PIDData
		if n == len(t) {
			pid = fp.PIDEndData
		}
		pkts = append(pkts, s.packet(pid, t[:n]))
		t = t[n:]
	}
	return s.reply(pkts...)
}

// downData collects a DownChar data packet; the end packet fills the
// buffer. The module does not acknowledge data.
func (s *Sim) downData(p fp.Packet) {
	d := s.down
	if len(d.data)+len(p.Payload) > fp.MaxTemplateSize {
		s.counters.Dropped += len(d.data) + len(p.Payload)
		s.down = nil
		return
	}
	d.data = append(d.data, p.Payload...)
	if p.PID == fp.PIDEndData {
		s.bufs[d.buf] = d.data
		s.down = nil
	}
}
