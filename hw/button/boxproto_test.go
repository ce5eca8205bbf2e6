package button

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestParseBoxLine(t *testing.T) {
	good := []struct {
		in   string
		want BoxMessage
	}{
		{"R3:1\n", BoxMessage{Window: 3, Key: 1}},
		{"R003:5\r\n", BoxMessage{Window: 3, Key: 5}},
		{"R999:2", BoxMessage{Window: 999, Key: 2}},
		{"H12\n", BoxMessage{Hello: true, Window: 12}},
	}
	for _, tc := range good {
		got, err := ParseBoxLine([]byte(tc.in))
		if err != nil || got != tc.want {
			t.Errorf("ParseBoxLine(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if !tc.want.Hello || tc.in == "H12\n" {
			if again, _ := ParseBoxLine(got.Line()); again != got {
				t.Errorf("%+v does not round-trip through %q", got, got.Line())
			}
		}
	}
	for _, in := range []string{"", "R", "R3", "R3:", "R3:0", "R3:6", "R0:1", "R1000:1", "R-1:1", "R3:1x", "H", "H0", "X3:1", "r3:1", "R 3:1", "R3:1:1", "H1234567890123456789012345678901234"} {
		if got, err := ParseBoxLine([]byte(in)); !errors.Is(err, ErrBoxLine) {
			t.Errorf("ParseBoxLine(%q) = %+v, %v; want ErrBoxLine", in, got, err)
		}
	}
	if l, ok := (BoxMessage{Window: 1, Key: 5}).Level(); !ok || l != VeryDissatisfied {
		t.Errorf("key 5 is %q, want very_dissatisfied", l)
	}
}

func FuzzParseBoxLine(f *testing.F) {
	for _, s := range []string{"R3:1\n", "H12\r\n", "R999:5", "garbage", "\x00\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseBoxLine(b)
		if err != nil {
			return
		}
		if m.Window < 1 || m.Window > MaxWindow || (!m.Hello && (m.Key < 1 || m.Key > 5)) {
			t.Fatalf("%q parsed to out-of-range %+v", b, m)
		}
		if again, err := ParseBoxLine(m.Line()); err != nil || again != m {
			t.Fatalf("%+v does not round-trip: %v", m, err)
		}
	})
}

func TestLineBuffer(t *testing.T) {
	now := time.Now()
	var l lineBuffer
	var got [][]byte
	for _, chunk := range []string{"R3", ":1\nH", "3\r\nR3:2\n"} {
		got = append(got, l.feed([]byte(chunk), now)...)
	}
	if want := [][]byte{[]byte("R3:1"), []byte("H3\r"), []byte("R3:2")}; len(got) != 3 || !bytes.Equal(got[0], want[0]) || !bytes.Equal(got[1], want[1]) || !bytes.Equal(got[2], want[2]) {
		t.Fatalf("lines %q", got)
	}
	// An overlong line is dropped up to its newline; the next one survives.
	got = l.feed(append(bytes.Repeat([]byte("x"), 40), []byte("\nR1:1\n")...), now)
	if len(got) != 1 || string(got[0]) != "R1:1" || l.takeDropped() != 1 {
		t.Fatalf("after an overlong line: %q", got)
	}
	// A partial line followed by silence is dropped.
	l.feed([]byte("R1:"), now)
	l.idle(now.Add(boxLineGap))
	if got := l.feed([]byte("2\n"), now.Add(boxLineGap)); len(got) != 1 || string(got[0]) != "2" || l.takeDropped() != 1 {
		t.Fatalf("after a cut-off line: %q", got)
	}
}
