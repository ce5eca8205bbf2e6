package sim

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"bianmin/hw/escpos"
	"bianmin/hw/serialport"
	"bianmin/internal/backoff"
)

// runSim runs p on a new pseudo-terminal pair behind link (a stable
// symlink like /dev/bianmin-printer) until the test ends.
func runSim(t *testing.T, p *Printer, link string) *serialport.Pair {
	t.Helper()
	pair, err := serialport.OpenPairAt(link)
	if err != nil {
		t.Fatal(err)
	}
	serve(t, p, pair)
	return pair
}

func serve(t *testing.T, p *Printer, pair *serialport.Pair) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, pair) }()
	t.Cleanup(func() {
		cancel()
		_ = pair.Close()
		<-done
	})
}

// TestDriverOverPTY: the real driver, through escpos.Open on a pty, prints
// to the simulator byte for byte: status, a ticket, paper out refused and
// then printed after loading paper.
func TestDriverOverPTY(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sp := New(Config{})
	pair := runSim(t, sp, filepath.Join(t.TempDir(), "bianmin-printer"))
	port, err := escpos.Open(serialport.Config{Path: pair.Path(), Baud: 9600, ReadTimeout: escpos.RecommendedReadTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer port.Close()
	font := testFont(t)
	pr := escpos.NewPrinter(port, escpos.Options{Path: pair.Path(), Glyphs: font})
	if st, err := pr.Status(ctx); err != nil || !st.Ready() {
		t.Fatalf("status %v %v", st, err)
	}
	doc := documents()["ticket"]
	if err := pr.Print(ctx, doc); err != nil {
		t.Fatal(err)
	}
	rs, err := sp.WaitReceipts(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := expected(doc, pr.Profile()); !slices.Equal(rs[0].Lines(), want) {
		t.Errorf("printed\n%q\nwant\n%q", rs[0].Lines(), want)
	}

	sp.PaperOut(true)
	if err := pr.Print(ctx, doc); !errors.Is(err, escpos.ErrPaperOut) {
		t.Fatalf("print with paper out: %v", err)
	}
	sp.PaperOut(false)
	if err := pr.Print(ctx, documents()["rare"]); err != nil {
		t.Fatal(err)
	}
	rs, err = sp.WaitReceipts(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := expected(documents()["rare"], pr.Profile()); !slices.Equal(rs[1].Lines(), want) {
		t.Errorf("printed\n%q\nwant\n%q", rs[1].Lines(), want)
	}
	if c := sp.Counters(); c.Unknown != 0 {
		t.Errorf("%d unknown commands in the driver's stream", c.Unknown)
	}
}

// TestDeviceUnplugReplug: a Device on the stable link reconnects after
// the simulated printer is unplugged and plugged back (a new pty behind
// the same symlink, as udev does), and prints again.
func TestDeviceUnplugReplug(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sp := New(Config{})
	link := filepath.Join(t.TempDir(), "bianmin-printer")
	pair := runSim(t, sp, link)

	var mu sync.Mutex
	var keys []string
	last := func() string {
		mu.Lock()
		defer mu.Unlock()
		if len(keys) == 0 {
			return ""
		}
		return keys[len(keys)-1]
	}
	dev := escpos.NewDevice(serialport.Config{Path: link}, escpos.DeviceOptions{
		PollInterval: 50 * time.Millisecond,
		OnStatus: func(st escpos.Status, err error) {
			k := st.Key()
			var e *escpos.Error
			if errors.As(err, &e) {
				k = e.Key
			}
			mu.Lock()
			keys = append(keys, k)
			mu.Unlock()
		},
		Link: serialport.LinkOptions{
			Backoff: backoff.Policy{Initial: 20 * time.Millisecond, Max: 100 * time.Millisecond},
			Logger:  slog.New(slog.DiscardHandler),
		},
	})
	go func() { _ = dev.Run(ctx) }()
	waitKey := func(want string) {
		t.Helper()
		for last() != want {
			if ctx.Err() != nil {
				mu.Lock()
				defer mu.Unlock()
				t.Fatalf("status never became %s: %v", want, keys)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitKey(escpos.StatusReadyKey)
	if err := dev.Print(ctx, documents()["work card"]); err != nil {
		t.Fatal(err)
	}
	if _, err := sp.WaitReceipts(ctx, 1); err != nil {
		t.Fatal(err)
	}

	if err := pair.Unplug(); err != nil {
		t.Fatal(err)
	}
	waitKey(escpos.ErrNotConnected.Key)
	replugged, err := pair.Replug()
	if err != nil {
		t.Fatal(err)
	}
	serve(t, sp, replugged)
	waitKey(escpos.StatusReadyKey)
	if err := dev.Print(ctx, documents()["notice"]); err != nil {
		t.Fatal(err)
	}
	rs, err := sp.WaitReceipts(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := expected(documents()["notice"], dev.Profile()); !slices.Equal(rs[1].Lines(), want) {
		t.Errorf("printed after replug\n%q\nwant\n%q", rs[1].Lines(), want)
	}
}
