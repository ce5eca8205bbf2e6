package escpos_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"bianmin/hw/escpos"
	"bianmin/hw/escpos/escpostest"
	"bianmin/hw/escpos/sim"
	"bianmin/hw/serialport"
)

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func profile(t *testing.T, name string) escpos.Profile {
	t.Helper()
	p, err := escpos.LookupProfile(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func sampleDoc() *escpos.Doc {
	return escpos.NewDoc().Text("某某镇便民服务中心", escpos.Title).Rule().
		Text("A012", escpos.Huge).Text("综合业务", escpos.Style{Align: escpos.AlignCenter, Bold: true, Height: 2}).
		Text("前面还有 3 人", escpos.Center).
		Feed(1).QR("http://192.168.1.2/q/A012", escpos.QR{Align: escpos.AlignCenter}).Feed(1).
		Rule().Text("过号无效，请留意叫号", escpos.Style{Align: escpos.AlignCenter, Bold: true})
}

// TestPrintAndStatus: a ready printer reports ready and prints a ticket
// that the simulated printer decodes to the document's lines.
func TestPrintAndStatus(t *testing.T) {
	ctx := ctxT(t)
	fake := escpostest.New(sim.Config{})
	pr := escpos.NewPrinter(fake.Port(), escpos.Options{Path: fake.Path})
	st, err := pr.Status(ctx)
	if err != nil || !st.Ready() || st.Key() != escpos.StatusReadyKey {
		t.Fatalf("status %v, %v; want ready", st, err)
	}
	if err := pr.Print(ctx, sampleDoc()); err != nil {
		t.Fatal(err)
	}
	rs := fake.Sim.Receipts()
	if len(rs) != 1 || rs[0].Cut != sim.FullCut {
		t.Fatalf("receipts %+v, want one, cut", rs)
	}
	if got, want := rs[0].Lines(), sampleDoc().Lines(pr.Profile()); !slices.Equal(got, want) {
		t.Errorf("printed\n%q\nwant\n%q", got, want)
	}
	if c := fake.Sim.Counters(); c.StatusQueries != 12 { // before, and before+after the print
		t.Errorf("%d status queries, want 12", c.StatusQueries)
	}
}

// TestPrintRefusedWhenNotReady: paper out, cover open, a jammed cutter —
// Print sends nothing and says what to do; when the fault is cleared the
// same document prints.
func TestPrintRefusedWhenNotReady(t *testing.T) {
	for _, tc := range []struct {
		fault, clear string
		want         error
		text         string
	}{
		{"paper out", "paper load", escpos.ErrPaperOut, "printer on /dev/escpostest: paper out — load paper"},
		{"cover open", "cover close", escpos.ErrCoverOpen, "cover open — close the cover"},
		{"cutter jam", "cutter fix", escpos.ErrCutter, "cutter error — open the cover"},
		{"offline", "online", escpos.ErrOffline, "offline — check the printer's lights"},
		{"head hot", "head cool", escpos.ErrHeadHot, "recovers by itself"},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			ctx := ctxT(t)
			fake := escpostest.New(sim.Config{})
			port := fake.Port()
			pr := escpos.NewPrinter(port, escpos.Options{Path: fake.Path})
			if _, err := fake.Sim.Do(tc.fault); err != nil {
				t.Fatal(err)
			}
			err := pr.Print(ctx, sampleDoc())
			var e *escpos.Error
			if !errors.Is(err, tc.want) || !errors.As(err, &e) || e.AfterSend || !bytes.Contains([]byte(err.Error()), []byte(tc.text)) {
				t.Fatalf("print: %v, want %v before sending, saying %q", err, tc.want, tc.text)
			}
			if w := port.Written(); bytes.Contains(w, []byte{0x1B, 0x40}) {
				t.Errorf("document bytes sent to a printer that is not ready: % X", w)
			}
			if _, err := fake.Sim.Do(tc.clear); err != nil {
				t.Fatal(err)
			}
			if err := pr.Print(ctx, sampleDoc()); err != nil {
				t.Fatalf("print after %s: %v", tc.clear, err)
			}
			if n := len(fake.Sim.Receipts()); n != 1 {
				t.Errorf("%d receipts, want 1", n)
			}
		})
	}
}

// TestPaperRunsOutWhilePrinting: the paper ends mid-ticket; Print says so
// (AfterSend), the printer holds the rest, and loading paper prints it.
func TestPaperRunsOutWhilePrinting(t *testing.T) {
	ctx := ctxT(t)
	fake := escpostest.New(sim.Config{})
	pr := escpos.NewPrinter(fake.Port(), escpos.Options{Path: fake.Path})
	fake.Sim.RunOutAfter(3)
	err := pr.Print(ctx, sampleDoc())
	var e *escpos.Error
	if !errors.Is(err, escpos.ErrPaperOut) || !errors.As(err, &e) || !e.AfterSend {
		t.Fatalf("print: %v, want paper out after sending", err)
	}
	if fake.Sim.Held() == 0 || len(fake.Sim.Receipts()) != 0 {
		t.Fatalf("held %d bytes, %d receipts; want the rest held, none finished", fake.Sim.Held(), len(fake.Sim.Receipts()))
	}
	fake.Sim.PaperOut(false)
	rs := fake.Sim.Receipts()
	if len(rs) != 1 || !slices.Equal(rs[0].Lines(), sampleDoc().Lines(pr.Profile())) {
		t.Fatalf("after loading paper: %+v", rs)
	}
	if st, err := pr.Status(ctx); err != nil || !st.Ready() {
		t.Errorf("status after loading paper: %v %v", st, err)
	}
}

// silentPort answers nothing, like a printer that is switched off behind
// a USB-serial adapter.
type silentPort struct{ written int }

func (s *silentPort) Read([]byte) (int, error) {
	time.Sleep(5 * time.Millisecond)
	return 0, serialport.ErrTimeout
}
func (s *silentPort) Write(b []byte) (int, error) { s.written += len(b); return len(b), nil }

// TestNoReply: a printer that does not answer fails within the reply
// timeout with ErrNoReply and gets no document; a profile without status
// support is printed to blind.
func TestNoReply(t *testing.T) {
	ctx := ctxT(t)
	port := &silentPort{}
	pr := escpos.NewPrinter(port, escpos.Options{Path: "/dev/ttyUSB0", ReplyTimeout: 100 * time.Millisecond})
	start := time.Now()
	err := pr.Print(ctx, sampleDoc())
	if !errors.Is(err, escpos.ErrNoReply) || err.Error() != "printer on /dev/ttyUSB0: does not answer status requests — check the power, the cable and the baud rate" {
		t.Fatalf("print: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v to give up", d)
	}
	if port.written != 3 {
		t.Errorf("%d bytes written, want only the first DLE EOT", port.written)
	}
	blind := profile(t, "generic-80")
	blind.Status = false
	pr = escpos.NewPrinter(port, escpos.Options{Profile: blind})
	if err := pr.Print(ctx, sampleDoc()); err != nil {
		t.Fatalf("blind print: %v", err)
	}
	if st, err := pr.Status(ctx); err != nil || st.Known {
		t.Errorf("blind status: %v %v, want unknown", st, err)
	}
}

// TestUnplugged: a port that is gone fails the print with ErrNotConnected
// that still wraps serialport.ErrUnplugged, so the Link reconnects.
func TestUnplugged(t *testing.T) {
	ctx := ctxT(t)
	fake := escpostest.New(sim.Config{})
	pr := escpos.NewPrinter(fake.Port(), escpos.Options{Path: fake.Path})
	fake.Unplug()
	err := pr.Print(ctx, sampleDoc())
	if !errors.Is(err, escpos.ErrNotConnected) || !errors.Is(err, serialport.ErrUnplugged) {
		t.Fatalf("print: %v, want not connected wrapping ErrUnplugged", err)
	}
}

// TestNoGlyphWithoutFont: a line the printer's font lacks fails before
// anything is sent when no font is given, naming the character.
func TestNoGlyphWithoutFont(t *testing.T) {
	ctx := ctxT(t)
	fake := escpostest.New(sim.Config{})
	port := fake.Port()
	pr := escpos.NewPrinter(port, escpos.Options{Path: fake.Path})
	err := pr.Print(ctx, escpos.NewDoc().Text("姓名：王𠮷", escpos.Plain))
	var e *escpos.Error
	if !errors.Is(err, escpos.ErrNoGlyph) || !errors.As(err, &e) || e.Args["Chars"] != "𠮷 (U+20BB7)" || e.Path != fake.Path {
		t.Fatalf("print: %v", err)
	}
	if len(port.Written()) != 0 {
		t.Errorf("sent % X", port.Written())
	}
}
