package fingerprint

import (
	"encoding/binary"
	"errors"
)

// Packet is one frame on the wire: manual "Data package format".
//
//	EF 01 | address (4) | packet id (1) | length (2) = len(payload)+2 | payload | checksum (2)
type Packet struct {
	Addr    uint32
	PID     byte
	Payload []byte
}

// ErrIncomplete is returned by ParsePacket when the bytes so far hold no
// complete packet yet.
var ErrIncomplete = errors.New("fingerprint: incomplete packet")

// Checksum is the low 16 bits of the sum of the packet id, both length
// bytes and every payload byte.
func Checksum(pid byte, payload []byte) uint16 {
	length := len(payload) + checksumLen
	sum := uint(pid) + uint(length>>8&0xFF) + uint(length&0xFF)
	for _, b := range payload {
		sum += uint(b)
	}
	return uint16(sum)
}

// Append appends the encoded packet to b. The payload must be at most
// MaxPayload bytes for a module to accept it.
func (p Packet) Append(b []byte) []byte {
	b = append(b, startHigh, startLow)
	b = binary.BigEndian.AppendUint32(b, p.Addr)
	b = append(b, p.PID)
	b = binary.BigEndian.AppendUint16(b, uint16(len(p.Payload)+checksumLen))
	b = append(b, p.Payload...)
	return binary.BigEndian.AppendUint16(b, Checksum(p.PID, p.Payload))
}

// Bytes is the encoded packet.
func (p Packet) Bytes() []byte {
	return p.Append(make([]byte, 0, headerLen+len(p.Payload)+checksumLen))
}

// validPID reports whether id is one of the four packet identifiers.
func validPID(id byte) bool {
	switch id {
	case PIDCommand, PIDData, PIDAck, PIDEndData:
		return true
	}
	return false
}

// ParsePacket finds the first packet in b, skipping anything before a
// plausible header (start code, known packet id, length 2..MaxPayload+2).
// It returns how many bytes of b are used up (n), which the caller drops:
//
//   - a packet: err nil, n past its checksum;
//   - ErrIncomplete: no complete packet yet; n counts leading garbage, the
//     rest (a partial packet, or a lone 0xEF) must be kept;
//   - an error that Is ErrChecksum: a complete frame whose checksum is
//     wrong; n is one past its first byte, so the caller rescans the rest.
//
// A packet is only ever returned with a correct checksum.
func ParsePacket(b []byte) (p Packet, n int, err error) {
	for i := 0; i < len(b); i++ {
		if b[i] != startHigh {
			continue
		}
		rest := b[i:]
		if len(rest) < 2 {
			return Packet{}, i, ErrIncomplete
		}
		if rest[1] != startLow {
			continue
		}
		if len(rest) < headerLen {
			return Packet{}, i, ErrIncomplete
		}
		pid := rest[6]
		length := int(binary.BigEndian.Uint16(rest[7:9]))
		if !validPID(pid) || length < checksumLen || length > MaxPayload+checksumLen {
			continue // a start code in line noise
		}
		total := headerLen + length
		if len(rest) < total {
			return Packet{}, i, ErrIncomplete
		}
		payload := rest[headerLen : total-checksumLen]
		got := binary.BigEndian.Uint16(rest[total-checksumLen : total])
		if got != Checksum(pid, payload) {
			return Packet{}, i + 1, ErrChecksum
		}
		return Packet{
			Addr:    binary.BigEndian.Uint32(rest[2:6]),
			PID:     pid,
			Payload: append([]byte(nil), payload...),
		}, i + total, nil
	}
	return Packet{}, len(b), ErrIncomplete
}
