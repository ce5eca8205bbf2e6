package fptest

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"bianmin/hw/serialport"
)

func mustParse(t *testing.T, s string) []Step {
	t.Helper()
	steps, err := ParseScript(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return steps
}

func TestParseScript(t *testing.T) {
	steps := mustParse(t, "# comment\n\n> EF01 02\n< 0A0b\n! place finger-1\nx\n")
	if len(steps) != 4 {
		t.Fatalf("%d steps: %v", len(steps), steps)
	}
	if s := steps[0]; s.Dir != '>' || !bytes.Equal(s.Data, []byte{0xEF, 0x01, 0x02}) || s.Line != 3 {
		t.Errorf("step 0 = %v", s)
	}
	if s := steps[2]; s.Dir != '!' || s.Text != "place finger-1" {
		t.Errorf("step 2 = %v", s)
	}
	for _, bad := range []string{"> EF0", "? 00", "< zz"} {
		if _, err := ParseScript(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseScript(%q) accepted", bad)
		}
	}
}

// Playback hands out module bytes only after the host sent its part, and
// catches the first wrong byte, bytes sent out of turn, and a script left
// unfinished.
func TestPlayback(t *testing.T) {
	script := "> 0102\n! lift\n< AABB\n> 03\n"
	t.Run("exact", func(t *testing.T) {
		p := NewPlayback(mustParse(t, script))
		buf := make([]byte, 8)
		if _, err := p.Read(buf); !errors.Is(err, serialport.ErrTimeout) {
			t.Errorf("Read before the host spoke = %v, want ErrTimeout", err)
		}
		if _, err := p.Write([]byte{1, 2}); err != nil {
			t.Fatal(err)
		}
		p.Chunk = 1
		for _, want := range []byte{0xAA, 0xBB} {
			if n, err := p.Read(buf); err != nil || n != 1 || buf[0] != want {
				t.Fatalf("Read = %d %X %v, want %X", n, buf[:n], err, want)
			}
		}
		if err := p.Done(); err == nil {
			t.Error("Done before the last host byte")
		}
		if _, err := p.Write([]byte{3}); err != nil {
			t.Fatal(err)
		}
		if err := p.Done(); err != nil {
			t.Error(err)
		}
	})
	for _, tc := range []struct {
		name  string
		write [][]byte
	}{
		{"wrong byte", [][]byte{{1, 9}}},
		{"host speaks out of turn", [][]byte{{1, 2, 3}}},
		{"past the end", [][]byte{{1, 2}, {}, {3, 4}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPlayback(mustParse(t, script))
			var err error
			for _, w := range tc.write {
				if len(w) == 0 {
					_, _ = p.Read(make([]byte, 8))
					continue
				}
				if _, err = p.Write(w); err != nil {
					break
				}
			}
			if err == nil || p.Done() == nil {
				t.Errorf("mismatch not reported: write %v, Done %v", err, p.Done())
			}
		})
	}
}

// Flush drops the module bytes that are due, not the ones after the next
// host step; an 'x' step unplugs.
func TestPlaybackFlushAndUnplug(t *testing.T) {
	p := NewPlayback(mustParse(t, "< 0000\n< 11\n> 22\n< 33\nx\n"))
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Write([]byte{0x22}); err != nil {
		t.Fatalf("Write after Flush: %v", err)
	}
	buf := make([]byte, 4)
	if n, err := p.Read(buf); err != nil || n != 1 || buf[0] != 0x33 {
		t.Fatalf("Read after Flush = %X %v", buf[:n], err)
	}
	if _, err := p.Read(buf); !errors.Is(err, serialport.ErrUnplugged) {
		t.Errorf("Read at 'x' = %v, want ErrUnplugged", err)
	}
	if _, err := p.Write([]byte{1}); !errors.Is(err, serialport.ErrUnplugged) {
		t.Errorf("Write at 'x' = %v, want ErrUnplugged", err)
	}
	if p.Flushes() != 1 {
		t.Errorf("Flushes = %d", p.Flushes())
	}
}

// What Record writes, Playback plays back.
func TestRecordRoundTrip(t *testing.T) {
	var out bytes.Buffer
	rec := NewRecorder(&out)
	inner := NewPlayback(mustParse(t, "> EF01FFFFFFFF010003010005\n< EF01FFFFFFFF07000302000C\n"))
	r := Record{Port: inner, Rec: rec}
	if _, err := r.Write([]byte{0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x03, 0x01, 0x00, 0x05}); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, err := r.Read(buf)
	if err != nil || n != 12 {
		t.Fatalf("Read = %d, %v", n, err)
	}
	rec.Control("lift")
	want := "> EF01 FFFFFFFF 01 0003 01 0005\n< EF01 FFFFFFFF 07 0003 02 000C\n! lift\n"
	if out.String() != want {
		t.Errorf("recorded\n%s\nwant\n%s", out.String(), want)
	}
	again := NewPlayback(mustParse(t, out.String()))
	if _, err := again.Write([]byte{0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x03, 0x01, 0x00, 0x05}); err != nil {
		t.Fatal(err)
	}
	if n, err := again.Read(buf); err != nil || !bytes.Equal(buf[:n], inner.steps[1].Data) {
		t.Fatalf("replayed %X, %v", buf[:n], err)
	}
	if err := again.Done(); err != nil {
		t.Error(err)
	}
	if FormatPacketHex([]byte{1, 2}) != "0102" {
		t.Errorf("FormatPacketHex of a non-packet = %q", FormatPacketHex([]byte{1, 2}))
	}
}
