package fingerprint

import (
	"encoding/binary"
	"fmt"
)

// Params are the module's system parameters: manual "ReadSysPara".
type Params struct {
	Status        uint16 // status register: bit 0 busy, 1 finger matched, 2 password verified, 3 image buffer valid
	SystemID      uint16 // system identifier code
	LibrarySize   int    // finger library capacity, in pages
	SecurityLevel int    // matching threshold 1..5
	Address       uint32 // device address
	PacketSize    int    // bytes per data packet: 32, 64, 128 or 256
	Baud          int    // bits per second (multiplier N × 9600)
}

// decodeParams reads the 16 bytes after ReadSysPara's confirmation code:
// status (2), system id (2), library size (2), security level (2),
// address (4), packet size code (2), baud multiplier (2).
func decodeParams(b []byte) (Params, error) {
	if len(b) < sysParaLen {
		return Params{}, fmt.Errorf("%d parameter bytes, want %d", len(b), sysParaLen)
	}
	be := binary.BigEndian
	code := be.Uint16(b[12:14])
	if code > maxPacketCode {
		return Params{}, fmt.Errorf("packet size code %d, want 0..%d", code, maxPacketCode)
	}
	return Params{
		Status:        be.Uint16(b[0:2]),
		SystemID:      be.Uint16(b[2:4]),
		LibrarySize:   int(be.Uint16(b[4:6])),
		SecurityLevel: int(be.Uint16(b[6:8])),
		Address:       be.Uint32(b[8:12]),
		PacketSize:    packetSizeBase << code,
		Baud:          int(be.Uint16(b[14:16])) * baudUnit,
	}, nil
}

// Encode is the inverse of decoding ReadSysPara's 16 bytes; the simulator
// answers with it. PacketSize must be 32, 64, 128 or 256.
func (p Params) Encode() []byte {
	be := binary.BigEndian
	b := be.AppendUint16(nil, p.Status)
	b = be.AppendUint16(b, p.SystemID)
	b = be.AppendUint16(b, uint16(p.LibrarySize))
	b = be.AppendUint16(b, uint16(p.SecurityLevel))
	b = be.AppendUint32(b, p.Address)
	code := 0
	for packetSizeBase<<code < p.PacketSize && code < maxPacketCode {
		code++
	}
	b = be.AppendUint16(b, uint16(code))
	return be.AppendUint16(b, uint16(p.Baud/baudUnit))
}
