package fingerprint

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// Bytes worked out by hand from the manual's "Data package format":
// checksum = packet id + length high + length low + payload bytes.
func TestPacketEncode(t *testing.T) {
	tests := []struct {
		name string
		p    Packet
		want string
	}{
		{"GenImg: 01+00+03+01 = 0005", Packet{DefaultAddress, PIDCommand, []byte{0x01}}, "EF01 FFFFFFFF 01 0003 01 0005"},
		{"ack OK: 07+00+03+00 = 000A", Packet{DefaultAddress, PIDAck, []byte{0x00}}, "EF01 FFFFFFFF 07 0003 00 000A"},
		{"other address", Packet{0x12345678, PIDAck, []byte{0x02}}, "EF01 12345678 07 0003 02 000C"},
		{"empty end-of-data packet", Packet{DefaultAddress, PIDEndData, nil}, "EF01 FFFFFFFF 08 0002 000A"},
		{"checksum carries into the high byte", Packet{DefaultAddress, PIDData, bytes.Repeat([]byte{0xFF}, 4)},
			"EF01 FFFFFFFF 02 0006 FFFFFFFF 0404"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := tt.p.Bytes(), unhex(t, tt.want); !bytes.Equal(got, want) {
				t.Errorf("got %X, want %X", got, want)
			}
		})
	}
}

// A 256-byte data packet of 0xFF sums past 16 bits only in theory
// (2+1+2+256·255 = 65285); the checksum keeps the low 16 bits regardless.
func TestChecksumLow16Bits(t *testing.T) {
	payload := bytes.Repeat([]byte{0xFF}, 300) // longer than any real packet
	sum := uint(PIDData) + uint((302)>>8) + uint(302&0xFF) + 300*0xFF
	if got := Checksum(PIDData, payload); got != uint16(sum) || sum <= 0xFFFF {
		t.Errorf("Checksum = %04X, want low 16 bits of %X", got, sum)
	}
}

func TestParsePacket(t *testing.T) {
	ok := "EF01FFFFFFFF07000300000A"
	tests := []struct {
		name    string
		in      string
		wantErr error
		wantN   int
		wantPID byte
	}{
		{"a packet", ok, nil, 12, PIDAck},
		{"garbage before", "0055EF00EF" + ok, nil, 17, PIDAck},
		{"two packets: the first", ok + ok, nil, 12, PIDAck},
		{"nothing", "", ErrIncomplete, 0, 0},
		{"all garbage", "001122", ErrIncomplete, 3, 0},
		{"garbage then a lone start byte", "0011EF", ErrIncomplete, 2, 0},
		{"partial header", "0011EF01FFFF", ErrIncomplete, 2, 0},
		{"partial payload", "EF01FFFFFFFF070003", ErrIncomplete, 0, 0},
		{"bad checksum", "EF01FFFFFFFF07000300000B", ErrChecksum, 1, 0},
		{"byte inserted inside", "EF01FFFFFFFF0700030000000A", ErrChecksum, 1, 0},
		{"unknown packet id is skipped", "EF01FFFFFFFF09000300000A" + ok, nil, 24, PIDAck},
		{"length below 2 is skipped", "EF01FFFFFFFF070001" + ok, nil, 21, PIDAck},
		{"length past 258 is skipped", "EF01FFFFFFFF070103" + ok, nil, 21, PIDAck},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, n, err := ParsePacket(unhex(t, tt.in))
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if n != tt.wantN {
				t.Errorf("n = %d, want %d", n, tt.wantN)
			}
			if err == nil && (p.PID != tt.wantPID || p.Addr != DefaultAddress || !bytes.Equal(p.Payload, []byte{0})) {
				t.Errorf("packet = %+v", p)
			}
		})
	}
}

// FuzzParsePacket: the parser never panics, always makes progress, and
// never returns a packet whose checksum (computed here from the raw bytes)
// is wrong.
func FuzzParsePacket(f *testing.F) {
	f.Add([]byte{})
	f.Add(Packet{DefaultAddress, PIDAck, []byte{0}}.Bytes())
	f.Add(append([]byte{0, 0xEF, 0xEF, 0x01}, Packet{1, PIDData, bytes.Repeat([]byte{0xEF, 0x01}, 64)}.Bytes()...))
	f.Add(Packet{DefaultAddress, PIDEndData, make([]byte, MaxPayload)}.Bytes())
	bad := Packet{DefaultAddress, PIDAck, []byte{0, 1, 2}}.Bytes()
	bad[len(bad)-1]++
	f.Add(bad)
	f.Add([]byte{0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, b []byte) {
		rest := b
		for steps := 0; ; steps++ {
			if steps > len(b)+1 {
				t.Fatalf("no progress after %d steps on %X", steps, b)
			}
			p, n, err := ParsePacket(rest)
			if n < 0 || n > len(rest) {
				t.Fatalf("n = %d for %d bytes", n, len(rest))
			}
			switch {
			case err == nil:
				checkAccepted(t, rest[:n], p)
			case errors.Is(err, ErrChecksum):
				if n < 1 {
					t.Fatalf("checksum error without progress")
				}
			case errors.Is(err, ErrIncomplete):
				if left := rest[n:]; len(left) > 0 && left[0] != startHigh {
					t.Fatalf("incomplete keeps %X, which does not start a packet", left)
				}
				return
			default:
				t.Fatalf("unexpected error %v", err)
			}
			rest = rest[n:]
		}
	})
}

// checkAccepted verifies an accepted packet against the raw bytes it came
// from (the tail of consumed), independently of Checksum.
func checkAccepted(t *testing.T, consumed []byte, p Packet) {
	t.Helper()
	total := headerLen + len(p.Payload) + checksumLen
	if len(consumed) < total || len(p.Payload) > MaxPayload {
		t.Fatalf("packet of %d payload bytes from %d consumed bytes", len(p.Payload), len(consumed))
	}
	raw := consumed[len(consumed)-total:]
	if raw[0] != 0xEF || raw[1] != 0x01 {
		t.Fatalf("accepted packet does not start with EF01: %X", raw)
	}
	var sum uint16
	for _, c := range raw[6 : total-2] {
		sum += uint16(c)
	}
	if got := binary.BigEndian.Uint16(raw[total-2:]); got != sum {
		t.Fatalf("accepted %X whose checksum %04X should be %04X", raw, got, sum)
	}
	if !bytes.Equal(p.Bytes(), raw) {
		t.Fatalf("accepted packet re-encodes to %X, read from %X", p.Bytes(), raw)
	}
}
