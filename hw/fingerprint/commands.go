package fingerprint

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// This file has one method per instruction: the exact bytes each sends
// and how its acknowledgement is read. The caller holds s.mu.

// command sends one instruction packet and returns the acknowledgement's
// payload after the confirmation code. A confirmation code other than 0x00
// comes back as the matching *Error, with the rest of the payload.
func (s *Sensor) command(ctx context.Context, cmd Instruction, timeout time.Duration, args ...byte) ([]byte, error) {
	if err := s.wire.begin(); err != nil {
		return nil, s.fail(cmd, err)
	}
	s.wire.stats.Commands++
	if err := s.wire.send(PIDCommand, append([]byte{byte(cmd)}, args...)); err != nil {
		return nil, s.fail(cmd, err)
	}
	p, err := s.wire.receive(ctx, deadline(ctx, timeout))
	if err != nil {
		return nil, s.fail(cmd, err)
	}
	if p.PID != PIDAck || len(p.Payload) == 0 {
		s.wire.dirty = true
		return nil, ErrBadReply.with(cmd.String(), fmt.Sprintf("packet id 0x%02X with %d payload bytes where an acknowledgement was due", p.PID, len(p.Payload)))
	}
	if e := CodeError(p.Payload[0]); e != nil {
		return p.Payload[1:], e.with(cmd.String(), "")
	}
	return p.Payload[1:], nil
}

// deadline is now+timeout, or ctx's deadline when that is sooner.
func deadline(ctx context.Context, timeout time.Duration) time.Time {
	d := time.Now().Add(timeout)
	if cd, ok := ctx.Deadline(); ok && cd.Before(d) {
		return cd
	}
	return d
}

// fail names the command in err. Port errors stay wrapped, so
// errors.Is(err, serialport.ErrUnplugged) still holds for the Link.
func (s *Sensor) fail(cmd Instruction, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e.with(cmd.String(), e.Detail)
	}
	return fmt.Errorf("fingerprint %s: %w", cmd, err)
}

// short reports an acknowledgement with fewer result bytes than the
// manual gives the instruction.
func (s *Sensor) short(cmd Instruction, got []byte, want int) error {
	if len(got) >= want {
		return nil
	}
	s.wire.dirty = true
	return ErrBadReply.with(cmd.String(), fmt.Sprintf("%d result bytes, want %d", len(got), want))
}

func u16(v int) []byte { return binary.BigEndian.AppendUint16(nil, uint16(v)) }

// vfyPwd: 0x13, password (4). Manual "VfyPwd".
func (s *Sensor) vfyPwd(ctx context.Context, password uint32) error {
	_, err := s.command(ctx, CmdVfyPwd, s.opts.Timeout, binary.BigEndian.AppendUint32(nil, password)...)
	return err
}

// readSysPara: 0x0F → 16 bytes. Manual "ReadSysPara".
func (s *Sensor) readSysPara(ctx context.Context) (Params, error) {
	res, err := s.command(ctx, CmdReadSysPara, s.opts.Timeout)
	if err != nil {
		return Params{}, err
	}
	if err := s.short(CmdReadSysPara, res, sysParaLen); err != nil {
		return Params{}, err
	}
	p, err := decodeParams(res)
	if err != nil {
		return Params{}, ErrBadReply.with(CmdReadSysPara.String(), err.Error())
	}
	return p, nil
}

// templateNum: 0x1D → count (2). Manual "TempleteNum".
func (s *Sensor) templateNum(ctx context.Context) (int, error) {
	res, err := s.command(ctx, CmdTemplateNum, s.opts.Timeout)
	if err == nil {
		err = s.short(CmdTemplateNum, res, 2)
	}
	if err != nil {
		return 0, err
	}
	return int(binary.BigEndian.Uint16(res)), nil
}

// readIndexTable: 0x1F, table (1) → 32 bytes. Manual "ReadIndexTable".
func (s *Sensor) readIndexTable(ctx context.Context, table int) ([]byte, error) {
	res, err := s.command(ctx, CmdReadIndexTable, s.opts.Timeout, byte(table))
	if err == nil {
		err = s.short(CmdReadIndexTable, res, indexTableBytes)
	}
	if err != nil {
		return nil, err
	}
	return res[:indexTableBytes], nil
}

// genImg: 0x01. Manual "GenImg": 0x02 means no finger.
func (s *Sensor) genImg(ctx context.Context) error {
	_, err := s.command(ctx, CmdGenImg, s.opts.Timeout)
	return err
}

// img2Tz: 0x02, buffer (1). Manual "Img2Tz".
func (s *Sensor) img2Tz(ctx context.Context, buf int) error {
	_, err := s.command(ctx, CmdImg2Tz, s.opts.Timeout, byte(buf))
	return err
}

// regModel: 0x05. Manual "RegModel": buffers 1+2 → template in both.
func (s *Sensor) regModel(ctx context.Context) error {
	_, err := s.command(ctx, CmdRegModel, s.opts.Timeout)
	return err
}

// store: 0x06, buffer (1), page (2). Manual "Store".
func (s *Sensor) store(ctx context.Context, buf, page int) error {
	_, err := s.command(ctx, CmdStore, s.opts.Timeout, append([]byte{byte(buf)}, u16(page)...)...)
	return err
}

// loadChar: 0x07, buffer (1), page (2). Manual "LoadChar".
func (s *Sensor) loadChar(ctx context.Context, buf, page int) error {
	_, err := s.command(ctx, CmdLoadChar, s.opts.Timeout, append([]byte{byte(buf)}, u16(page)...)...)
	return err
}

// search: 0x04, buffer (1), start page (2), count (2) → page (2), score
// (2). Manual "Search".
func (s *Sensor) search(ctx context.Context, buf, start, count int) (Match, error) {
	args := append(append([]byte{byte(buf)}, u16(start)...), u16(count)...)
	res, err := s.command(ctx, CmdSearch, s.opts.SlowTimeout, args...)
	if err == nil {
		err = s.short(CmdSearch, res, 4)
	}
	if err != nil {
		return Match{}, err
	}
	return Match{Page: int(binary.BigEndian.Uint16(res)), Score: int(binary.BigEndian.Uint16(res[2:]))}, nil
}

// deleteChar: 0x0C, page (2), count (2). Manual "DeletChar".
func (s *Sensor) deleteChar(ctx context.Context, page, count int) error {
	_, err := s.command(ctx, CmdDeleteChar, s.opts.Timeout, append(u16(page), u16(count)...)...)
	return err
}

// empty: 0x0D. Manual "Empty".
func (s *Sensor) empty(ctx context.Context) error {
	_, err := s.command(ctx, CmdEmpty, s.opts.SlowTimeout)
	return err
}

// auraLED: 0x35, control, speed, colour, count. R503 manual
// "AuraLedConfig".
func (s *Sensor) auraLED(ctx context.Context, control, speed, colour, count byte) error {
	_, err := s.command(ctx, CmdAuraLED, s.opts.Timeout, control, speed, colour, count)
	return err
}
