package fingerprint

import (
	"context"
	"encoding/hex"
	"log/slog"
	"strings"
	"testing"
	"time"

	"bianmin/hw/fingerprint/fptest"
)

// r307 are the system parameters of an R307 at factory settings.
var r307 = Params{LibrarySize: 1000, SecurityLevel: 3, Address: DefaultAddress, PacketSize: 128, Baud: 57600}

// shortTimeouts keep tests that wait for a reply that never comes fast.
var shortTimeouts = Options{Timeout: 60 * time.Millisecond, SlowTimeout: 60 * time.Millisecond}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// script parses script lines (see fptest).
func script(t testing.TB, lines ...string) []fptest.Step {
	t.Helper()
	steps, err := fptest.ParseScript(strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	return steps
}

// ack is the hex of an acknowledgement packet from the default address.
func ack(t testing.TB, payloadHex string) string {
	t.Helper()
	return hex.EncodeToString(Packet{Addr: DefaultAddress, PID: PIDAck, Payload: unhex(t, payloadHex)}.Bytes())
}

// played makes a Sensor with params over a Playback of steps, and checks
// at the end of the test that the whole script was played.
func played(t *testing.T, opts Options, params Params, steps []fptest.Step) (*Sensor, *fptest.Playback) {
	t.Helper()
	pb := fptest.NewPlayback(steps)
	t.Cleanup(func() {
		if err := pb.Done(); err != nil {
			t.Error(err)
		}
	})
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return newSensor(pb, opts, params), pb
}

func quietOptions() Options { return Options{Logger: slog.New(slog.DiscardHandler)} }

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}
