package fingerprint

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"bianmin/hw/serialport"
)

const (
	templateNumCmd = "EF01FFFFFFFF 01 0003 1D 0021"
	countOK        = "EF01FFFFFFFF 07 0005 00 0003 000F" // 07+00+05+00+00+03 = 000F
)

// The reply arrives in every shape the line can give it: after noise, with
// noise that looks like a header, one byte per read. Count still reads 3.
func TestResync(t *testing.T) {
	tests := []struct {
		name   string
		module []string // '<' lines after the command
		chunk  int
	}{
		{"clean", []string{countOK}, 0},
		{"noise before", []string{"00 FF EF 12 EF EF 55", countOK}, 0},
		{"noise before, one byte per read", []string{"00 FF EF 12 EF EF 55", countOK}, 1},
		{"start code with an unknown packet id", []string{"EF01 FFFFFFFF 44 0003", countOK}, 0},
		// A header whose length runs past the real reply stalls until the
		// line goes quiet; then it is dropped and the reply found inside.
		{"header claiming 200 bytes", []string{"EF01 FFFFFFFF 07 00C8 00", countOK}, 0},
		{"header claiming 200 bytes, one byte per read", []string{"EF01 FFFFFFFF 07 00C8 00", countOK}, 1},
		// A corrupted frame followed by a good one: the good one counts.
		{"bad frame then good", []string{"EF01 FFFFFFFF 07 0005 00 0003 0010", countOK}, 0},
		{"reply split across reads", []string{"EF01 FFFF", "FFFF 07 0005", "00 0003 000F"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines := []string{"> " + templateNumCmd}
			for _, m := range tc.module {
				lines = append(lines, "< "+m)
			}
			s, pb := played(t, shortTimeouts, r307, script(t, lines...))
			pb.Chunk = tc.chunk
			n, err := s.Count(testContext(t))
			if err != nil || n != 3 {
				t.Fatalf("Count = %d, %v; want 3", n, err)
			}
		})
	}
}

// Bad checksums, other addresses and silence each end in their own error,
// within the command's timeout plus a read; the next command discards
// what is left on the line first.
func TestLineFailures(t *testing.T) {
	tests := []struct {
		name   string
		module []string
		want   error
	}{
		{"bad checksum", []string{"EF01 FFFFFFFF 07 0005 00 0003 0010"}, ErrChecksum},
		{"byte lost inside", []string{"EF01 FFFFFFFF 07 0005 00 03 000F"}, ErrNoReply},
		{"byte added inside", []string{"EF01 FFFFFFFF 07 0005 00 05 00 03 000F"}, ErrChecksum},
		{"another address", []string{"EF01 00000001 07 0005 00 0003 000F"}, ErrWrongAddress},
		{"no reply", nil, ErrNoReply},
		{"data packet instead of ack", []string{"EF01 FFFFFFFF 02 0005 00 0003 000A"}, ErrBadReply},
		{"empty ack", []string{"EF01 FFFFFFFF 07 0002 0009"}, ErrBadReply},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines := []string{"> " + templateNumCmd}
			for _, m := range tc.module {
				lines = append(lines, "< "+m)
			}
			lines = append(lines, "> "+templateNumCmd, "< "+countOK)
			s, pb := played(t, shortTimeouts, r307, script(t, lines...))
			ctx := testContext(t)
			start := time.Now()
			_, err := s.Count(ctx)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Count = %v, want %v", err, tc.want)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v to fail", d)
			}
			flushes := pb.Flushes()
			if n, err := s.Count(ctx); err != nil || n != 3 {
				t.Fatalf("next Count = %d, %v", n, err)
			}
			if pb.Flushes() != flushes+1 {
				t.Errorf("the command after a failure did not flush the line")
			}
		})
	}
}

// The command timeout holds: a module that never answers costs Timeout
// (or SlowTimeout for Search), no more than a port read longer.
func TestTimeouts(t *testing.T) {
	opts := Options{Timeout: 50 * time.Millisecond, SlowTimeout: 150 * time.Millisecond}
	s, _ := played(t, opts, r307, script(t,
		"> EF01FFFFFFFF 01 0003 01 0005",
		"> EF01FFFFFFFF 01 0008 04 01 0000 03E8 00F9"))
	ctx := testContext(t)
	for _, tc := range []struct {
		name     string
		call     func() error
		min, max time.Duration
	}{
		{"GenImg", func() error { return s.CaptureImage(ctx) }, 50 * time.Millisecond, 300 * time.Millisecond},
		{"Search", func() error { _, err := s.search(ctx, 1, 0, 1000); return err }, 150 * time.Millisecond, 400 * time.Millisecond},
	} {
		start := time.Now()
		err := tc.call()
		d := time.Since(start)
		if !errors.Is(err, ErrNoReply) {
			t.Errorf("%s = %v, want ErrNoReply", tc.name, err)
		}
		if d < tc.min || d > tc.max {
			t.Errorf("%s gave up after %v, want %v..%v", tc.name, d, tc.min, tc.max)
		}
	}
	if st := s.Stats(); st.NoReply != 2 || st.Commands != 2 {
		t.Errorf("Stats = %+v", st)
	}
}

// The context ends a wait early, and says so.
func TestContextCancel(t *testing.T) {
	s, _ := played(t, Options{Timeout: 10 * time.Second}, r307, script(t, "> "+templateNumCmd))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := s.Count(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Count = %v, want the context's error", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}

// An unplugged port's error reaches the caller wrapped, so the Link
// reconnects.
func TestUnplugPassesUp(t *testing.T) {
	s, _ := played(t, shortTimeouts, r307, script(t, "> "+templateNumCmd, "x"))
	_, err := s.Count(testContext(t))
	if !errors.Is(err, serialport.ErrUnplugged) {
		t.Fatalf("Count = %v, want ErrUnplugged", err)
	}
	if err := s.CaptureImage(testContext(t)); !errors.Is(err, serialport.ErrUnplugged) {
		t.Fatalf("CaptureImage after unplug = %v, want ErrUnplugged", err)
	}
}

// A module that keeps sending template data is cut off at MaxTemplateSize.
func TestUpCharCap(t *testing.T) {
	lines := []string{"> EF01FFFFFFFF 01 0004 08 01 000E", "< " + ack(t, "00")}
	chunk := bytes.Repeat([]byte{1}, 256)
	for range MaxTemplateSize/256 + 1 {
		lines = append(lines, "< "+hex.EncodeToString(Packet{DefaultAddress, PIDData, chunk}.Bytes()))
	}
	s, _ := played(t, shortTimeouts, r307, script(t, lines...))
	_, err := s.upChar(testContext(t), 1)
	if !errors.Is(err, ErrTemplateTooLarge) {
		t.Fatalf("upChar = %v, want ErrTemplateTooLarge", err)
	}
}

// A module with no aura LED is asked once; after that LED sends nothing
// (the playback would fail on a second AuraLedConfig).
func TestLEDWithoutAura(t *testing.T) {
	for _, code := range []string{"01", "FC"} {
		s, _ := played(t, Options{}, r307, script(t,
			"> EF01FFFFFFFF 01 0007 35 02 40 01 02 0082", // red: 0x83-1
			"< "+ack(t, code)))
		ctx := testContext(t)
		for range 3 {
			if err := s.LED(ctx, false); err != nil {
				t.Fatalf("LED (module says %s) = %v", code, err)
			}
		}
		if !s.NoAuraLED() {
			t.Errorf("NoAuraLED false after %s", code)
		}
	}
	// Any other failure is reported and the LED is tried again next time.
	s, _ := played(t, shortTimeouts, r307, script(t, "> EF01FFFFFFFF 01 0007 35 02 40 01 02 0082"))
	if err := s.LED(testContext(t), false); !errors.Is(err, ErrNoReply) || s.NoAuraLED() {
		t.Errorf("LED with no reply = %v (NoAuraLED %v)", err, s.NoAuraLED())
	}
}

// The missing aura LED is no fault: it is logged once, at debug level, and
// a sensor told so from the start (a reconnect) neither asks nor logs.
func TestNoAuraLEDLoggedOnceAtDebug(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, _ := played(t, Options{Logger: logger}, r307, script(t,
		"> EF01FFFFFFFF 01 0007 35 02 40 01 02 0082",
		"< "+ack(t, "01")))
	ctx := testContext(t)
	for range 3 {
		if err := s.LED(ctx, false); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(logs.String(), "no aura LED"); n != 1 || !strings.Contains(logs.String(), "level=DEBUG") || strings.Contains(logs.String(), "level=INFO") {
		t.Errorf("logged %d times:\n%s", n, logs.String())
	}
	logs.Reset()
	again, _ := played(t, Options{Logger: logger, NoAuraLED: true}, r307, script(t)) // nothing may be sent
	if err := again.LED(ctx, true); err != nil || logs.Len() != 0 || !again.NoAuraLED() {
		t.Errorf("a sensor known to lack the LED: %v, logged %q", err, logs.String())
	}
}
