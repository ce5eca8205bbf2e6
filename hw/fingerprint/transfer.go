package fingerprint

import (
	"context"
	"fmt"
)

// Template transfer: manual "UpChar" and "DownChar". After the
// acknowledgement the data follows in packets of the module's packet size
// (ReadSysPara): 0x02 for each but the last, 0x08 for the last.

// upChar: 0x08, buffer (1); the module acknowledges, then sends the
// buffer's content. Whatever length arrives up to the 0x08 packet is the
// template, capped at MaxTemplateSize.
func (s *Sensor) upChar(ctx context.Context, buf int) ([]byte, error) {
	if _, err := s.command(ctx, CmdUpChar, s.opts.Timeout, byte(buf)); err != nil {
		return nil, err
	}
	var data []byte
	for {
		p, err := s.wire.receive(ctx, deadline(ctx, s.opts.Timeout))
		if err != nil {
			return nil, s.fail(CmdUpChar, err)
		}
		if p.PID != PIDData && p.PID != PIDEndData {
			s.wire.dirty = true
			return nil, ErrBadReply.with(CmdUpChar.String(), fmt.Sprintf("packet id 0x%02X after %d template bytes, want a data packet", p.PID, len(data)))
		}
		if len(data)+len(p.Payload) > MaxTemplateSize {
			s.wire.dirty = true
			return nil, ErrTemplateTooLarge.with(CmdUpChar.String(), fmt.Sprintf("more than %d bytes", MaxTemplateSize))
		}
		data = append(data, p.Payload...)
		if p.PID == PIDEndData {
			return data, nil
		}
	}
}

// downChar: 0x09, buffer (1); once the module acknowledges, the host sends
// data in packets of the module's packet size. The module does not
// acknowledge the data.
func (s *Sensor) downChar(ctx context.Context, buf int, data []byte) error {
	if len(data) == 0 || len(data) > MaxTemplateSize {
		return ErrBadArgument.with(CmdDownChar.String(), fmt.Sprintf("template of %d bytes, want 1..%d", len(data), MaxTemplateSize))
	}
	if _, err := s.command(ctx, CmdDownChar, s.opts.Timeout, byte(buf)); err != nil {
		return err
	}
	size := s.params.PacketSize
	for len(data) > 0 {
		n := min(size, len(data))
		pid := PIDData
		if n == len(data) {
			pid = PIDEndData
		}
		if err := s.wire.send(pid, data[:n]); err != nil {
			return s.fail(CmdDownChar, err)
		}
		data = data[n:]
	}
	return nil
}
