package escpos

import (
	"errors"
	"testing"
)

// TestDecodeStatus: replies to DLE EOT 1–4 as the reference's bit tables
// lay them out (bits 1 and 4 always on, 0 and 7 off), and what the device
// page makes of them.
func TestDecodeStatus(t *testing.T) {
	for _, tc := range []struct {
		name  string
		raw   [4]byte // n = 1, 2, 3, 4
		ready bool
		key   string
		first error // the first problem, nil when none
	}{
		{"ready, drawer pin high", [4]byte{0x16, 0x12, 0x12, 0x12}, true, StatusReadyKey, nil},
		{"ready, drawer pin low", [4]byte{0x12, 0x12, 0x12, 0x12}, true, StatusReadyKey, nil},
		{"paper near end (n=4 bits 2,3): still prints", [4]byte{0x12, 0x12, 0x12, 0x1E}, true, WarnPaperNearEnd.Key, WarnPaperNearEnd},
		{"paper out: offline, paper-end stop, end sensor", [4]byte{0x1A, 0x32, 0x12, 0x7E}, false, ErrPaperOut.Key, ErrPaperOut},
		{"paper end sensor only (n=4 bits 5,6)", [4]byte{0x12, 0x12, 0x12, 0x72}, false, ErrPaperOut.Key, ErrPaperOut},
		{"cover open (n=2 bit 2)", [4]byte{0x1A, 0x16, 0x12, 0x12}, false, ErrCoverOpen.Key, ErrCoverOpen},
		{"autocutter error (n=3 bit 3)", [4]byte{0x1A, 0x52, 0x1A, 0x12}, false, ErrCutter.Key, ErrCutter},
		{"unrecoverable error (n=3 bit 5)", [4]byte{0x1A, 0x52, 0x32, 0x12}, false, ErrUnrecoverable.Key, ErrUnrecoverable},
		{"head hot: automatically recoverable (n=3 bit 6)", [4]byte{0x1A, 0x52, 0x52, 0x12}, false, ErrHeadHot.Key, ErrHeadHot},
		{"feed button held (n=2 bit 3)", [4]byte{0x1A, 0x1A, 0x12, 0x12}, false, ErrFeedButton.Key, ErrFeedButton},
		{"offline without a cause (n=1 bit 3)", [4]byte{0x1A, 0x12, 0x12, 0x12}, false, ErrOffline.Key, ErrOffline},
		{"cover open and paper out: paper first", [4]byte{0x1A, 0x36, 0x12, 0x72}, false, ErrPaperOut.Key, ErrPaperOut},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, b := range tc.raw {
				if !isStatusByte(b) {
					t.Fatalf("%02X is not shaped like a status reply", b)
				}
			}
			s := decodeStatus(tc.raw)
			if s.Ready() != tc.ready || s.Key() != tc.key {
				t.Errorf("ready %v key %s, want %v %s (%s)", s.Ready(), s.Key(), tc.ready, tc.key, s)
			}
			p := s.Problems()
			if tc.first == nil {
				if len(p) != 0 {
					t.Errorf("problems %v, want none", p)
				}
			} else if len(p) == 0 || !errors.Is(p[0], tc.first) {
				t.Errorf("problems %v, want %v first", p, tc.first)
			}
			// The simulator answers with EncodeStatus: it must give back
			// the same decoded status (the drawer bit aside).
			if back := decodeStatus(EncodeStatus(s)); back.Problems() == nil != (p == nil) || back.Key() != s.Key() {
				t.Errorf("EncodeStatus round trip: %s, want %s", back, s)
			}
		})
	}
	if (Status{}).Ready() || (Status{}).Key() != StatusUnknownKey {
		t.Error("an unknown status must not be ready")
	}
	for _, b := range []byte{0x11, 0x13, 0x00, 0xFF, 0x92} { // XON, XOFF, noise
		if isStatusByte(b) {
			t.Errorf("%02X taken for a status reply", b)
		}
	}
}

// TestErrorText: the technician's English says the device, what is wrong
// and what to do; errors.Is matches by key.
func TestErrorText(t *testing.T) {
	e := ErrPaperOut.at("/dev/ttyUSB0")
	if got, want := e.Error(), "printer on /dev/ttyUSB0: paper out — load paper"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	e.AfterSend = true
	if got, want := e.Error(), "printer on /dev/ttyUSB0: paper out while printing — load paper"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if !errors.Is(e, ErrPaperOut) || errors.Is(e, ErrCoverOpen) {
		t.Error("errors.Is does not match by key")
	}
	g := noGlyph([]rune{'𠮷'})
	if !errors.Is(g, ErrNoGlyph) || g.Args["Chars"] != "𠮷 (U+20BB7)" {
		t.Errorf("noGlyph: %v %v", g, g.Args)
	}
}
