package serialport

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestBytesPassUnchangedBothWays(t *testing.T) {
	pair := openTestPair(t)
	port := openTestPort(t, pair.SlavePath, 100*time.Millisecond)

	if _, err := pair.Master.Write(allBytes()); err != nil {
		t.Fatal(err)
	}
	wantBytes(t, "device→appliance", readPort(t, port, 256, 2*time.Second), allBytes())

	if _, err := port.Write(allBytes()); err != nil {
		t.Fatal(err)
	}
	wantBytes(t, "appliance→device", readMaster(t, pair, 256, 2*time.Second), allBytes())
}

func TestReadTimeout(t *testing.T) {
	tests := []struct {
		name      string
		timeout   time.Duration
		effective time.Duration // the tty counts tenths of a second
	}{
		{"minimum 100ms", 100 * time.Millisecond, 100 * time.Millisecond},
		{"250ms rounds down to 200ms", 250 * time.Millisecond, 200 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pair := openTestPair(t)
			port := openTestPort(t, pair.SlavePath, tt.timeout)
			start := time.Now()
			n, err := port.Read(make([]byte, 16))
			elapsed := time.Since(start)
			if n != 0 || !errors.Is(err, ErrTimeout) {
				t.Fatalf("Read = %d, %v; want 0, ErrTimeout", n, err)
			}
			if errors.Is(err, ErrUnplugged) {
				t.Fatalf("timeout also reported as unplugged: %v", err)
			}
			if elapsed < tt.effective-10*time.Millisecond || elapsed > tt.effective+500*time.Millisecond {
				t.Errorf("ErrTimeout after %v, want about %v", elapsed, tt.effective)
			}
		})
	}
}

func TestUnplugWhileReading(t *testing.T) {
	pair := openTestPair(t)
	// A long timeout: the unplug must be noticed long before it.
	port := openTestPort(t, pair.SlavePath, 2*time.Second)

	type result struct {
		err     error
		elapsed time.Duration
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		_, err := port.Read(make([]byte, 16))
		done <- result{err, time.Since(start)}
	}()
	time.Sleep(50 * time.Millisecond) // let the read block in the kernel
	if err := pair.Unplug(); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if !errors.Is(r.err, ErrUnplugged) || errors.Is(r.err, ErrTimeout) {
		t.Fatalf("Read after unplug: %v; want ErrUnplugged", r.err)
	}
	if r.elapsed > time.Second {
		t.Errorf("unplug noticed after %v, want well before the 2s timeout", r.elapsed)
	}
	if !strings.Contains(r.err.Error(), "device unplugged — check the cable") {
		t.Errorf("error text %q does not say what to do", r.err)
	}

	// Later calls keep saying so, at once.
	start = time.Now()
	if _, err := port.Read(make([]byte, 16)); !errors.Is(err, ErrUnplugged) {
		t.Errorf("second Read: %v; want ErrUnplugged", err)
	}
	if elapsed := time.Since(start); elapsed > 500*time.Millisecond {
		t.Errorf("second Read took %v", elapsed)
	}
	if _, err := port.Write([]byte{0xEF, 0x01}); !errors.Is(err, ErrUnplugged) {
		t.Errorf("Write after unplug: %v; want ErrUnplugged", err)
	}
}

// A hung-up tty whose node is still in place (a USB adapter whose node udev
// has not removed yet) is caught by the run of instant zero-byte reads.
func TestHangupWithNodeStillPresent(t *testing.T) {
	pair := openTestPair(t)
	port := openTestPort(t, pair.SlavePath, 2*time.Second)
	sp := port.(*serialPort)

	// Point the presence check at a file that stays put.
	stand := filepath.Join(t.TempDir(), "ttyUSB0")
	if err := os.WriteFile(stand, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	node, err := os.Stat(stand)
	if err != nil {
		t.Fatal(err)
	}
	sp.path, sp.node = stand, node

	if err := pair.Unplug(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = port.Read(make([]byte, 16))
	if !errors.Is(err, ErrUnplugged) {
		t.Fatalf("Read after hang-up: %v; want ErrUnplugged", err)
	}
	if !strings.Contains(err.Error(), "hung up") {
		t.Errorf("error %q: want it found by the zero-byte-read rule", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("hang-up noticed after %v, want at once", elapsed)
	}
}

// A path that now names another node (a udev symlink re-pointed at the
// adapter plugged in again) means the port's own device is gone, even when
// its tty has not been hung up.
func TestRepointedSymlinkAbandonsOldPort(t *testing.T) {
	link := filepath.Join(t.TempDir(), "fingerprint")
	pair, err := OpenPairAt(link)
	if err != nil {
		t.Fatal(err)
	}
	defer pair.Close()
	port := openTestPort(t, link, 100*time.Millisecond)

	if _, err := port.Read(make([]byte, 16)); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Read before re-pointing: %v; want ErrTimeout", err)
	}
	other := openTestPair(t)
	if err := pointLink(link, other.SlavePath); err != nil {
		t.Fatal(err)
	}
	_, err = port.Read(make([]byte, 16))
	if !errors.Is(err, ErrUnplugged) || !strings.Contains(err.Error(), "now names another device") {
		t.Fatalf("Read after re-pointing: %v; want ErrUnplugged, another device", err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "not-a-tty")
	if err := os.WriteFile(regular, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		cfg          Config
		wantText     string
		wantUnplug   bool
		wantNotExist bool
	}{
		{
			name:     "missing device",
			cfg:      Config{Path: filepath.Join(dir, "ttyUSB0")},
			wantText: "serial port " + filepath.Join(dir, "ttyUSB0") + ": no such device — check the cable",
			// Absent at open is the same as unplugged: Link keeps trying.
			wantUnplug: true, wantNotExist: true,
		},
		{
			name:     "regular file",
			cfg:      Config{Path: regular},
			wantText: "not a serial device — check the configured device path",
		},
		{
			name:     "no path",
			cfg:      Config{},
			wantText: "no device path configured",
		},
		{
			name:     "odd baud rate",
			cfg:      Config{Path: regular, Baud: 12345},
			wantText: "unsupported baud rate 12345 — use a standard rate",
		},
		{
			name:     "timeout shorter than the tty can count",
			cfg:      Config{Path: regular, ReadTimeout: 50 * time.Millisecond},
			wantText: "read timeout 50ms out of range — use 100ms to 25.5s",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			port, err := Open(tt.cfg)
			if err == nil {
				port.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error %q does not contain %q", err, tt.wantText)
			}
			if got := errors.Is(err, ErrUnplugged); got != tt.wantUnplug {
				t.Errorf("errors.Is(err, ErrUnplugged) = %v, want %v", got, tt.wantUnplug)
			}
			if got := errors.Is(err, os.ErrNotExist); got != tt.wantNotExist {
				t.Errorf("errors.Is(err, os.ErrNotExist) = %v, want %v", got, tt.wantNotExist)
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	got := Config{Path: "/dev/ttyUSB0"}.withDefaults()
	want := Config{Path: "/dev/ttyUSB0", Baud: 57600, ReadTimeout: time.Second}
	if got != want {
		t.Errorf("withDefaults() = %+v, want %+v", got, want)
	}
	set := Config{Path: "/dev/ttyUSB1", Baud: 9600, ReadTimeout: 500 * time.Millisecond}
	if got := set.withDefaults(); got != set {
		t.Errorf("withDefaults() changed set fields: %+v", got)
	}
}

// TestErrorKey: every failure a Link reports has a locale key the pages
// word in the user's language; a device driver's own errors have none
// here (they bring their own).
func TestErrorKey(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{openError("/dev/x", fs.ErrNotExist), KeyUnplugged},
		{openError("/dev/x", fs.ErrPermission), KeyPermission},
		{openError("/dev/x", syscall.EBUSY), KeyBusy},
		{openError("/dev/x", syscall.ENOTTY), KeyNotSerial},
		{openError("/dev/x", errors.New("odd")), KeyCannotOpen},
		{ioError("/dev/x", "read", errors.New("odd")), KeyIO},
		{fmt.Errorf("session: %w", unplugged("/dev/x", syscall.EIO)), KeyUnplugged},
		{errSessionEnded, KeySessionEnded},
		{errors.New("fingerprint: no reply"), ""},
	} {
		if got := ErrorKey(tc.err); got != tc.want {
			t.Errorf("ErrorKey(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
