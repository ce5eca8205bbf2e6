package escpos

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"bianmin/hw/serialport"
)

// TestOpenTTY: a terminal device (here the slave of a pseudo-terminal)
// opens through serialport, and bytes pass both ways.
func TestOpenTTY(t *testing.T) {
	pair, err := serialport.OpenPair()
	if err != nil {
		t.Fatal(err)
	}
	defer pair.Close()
	port, err := Open(serialport.Config{Path: pair.SlavePath, Baud: 9600, ReadTimeout: RecommendedReadTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer port.Close()
	if _, ok := port.(*devicePort); ok {
		t.Fatal("a tty opened as a printer-class device")
	}
	if _, err := port.Write([]byte{DLE, EOT, 1}); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 3)
	_ = pair.Master.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := pair.Master.Read(got); err != nil || !bytes.Equal(got, []byte{DLE, EOT, 1}) {
		t.Fatalf("master read % X, %v", got, err)
	}
}

// TestOpenDevice: a character device that is not a tty opens as a
// printer-class device (a FIFO stands in for /dev/usb/lp0: it is pollable
// and answers no termios request): reads time out with ErrTimeout, data
// passes, and a missing device is ErrUnplugged with advice.
func TestOpenDevice(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "lp0")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	port, err := Open(serialport.Config{Path: fifo, ReadTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer port.Close()
	if _, ok := port.(*devicePort); !ok {
		t.Fatalf("opened as %T, want the printer-class device port", port)
	}
	buf := make([]byte, 8)
	start := time.Now()
	if n, err := port.Read(buf); n != 0 || !errors.Is(err, serialport.ErrTimeout) {
		t.Fatalf("read on a silent device: %d, %v; want ErrTimeout", n, err)
	}
	if d := time.Since(start); d < 40*time.Millisecond || d > time.Second {
		t.Errorf("timeout took %v, want about 50ms", d)
	}
	// A FIFO opened for reading and writing reads back what it was sent.
	if _, err := port.Write([]byte{0x12}); err != nil {
		t.Fatal(err)
	}
	if n, err := port.Read(buf); n != 1 || err != nil || buf[0] != 0x12 {
		t.Fatalf("read %d % X, %v", n, buf[:n], err)
	}
	if err := port.Flush(); err != nil {
		t.Error(err)
	}

	_, err = Open(serialport.Config{Path: filepath.Join(dir, "lp9")})
	if !errors.Is(err, serialport.ErrUnplugged) || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing device: %v", err)
	}
	if want := "printer device " + filepath.Join(dir, "lp9") + ": no such device — check the cable and that the printer is switched on"; !bytes.HasPrefix([]byte(err.Error()), []byte(want)) {
		t.Errorf("error %q, want it to start %q", err, want)
	}
}

// TestDevicePortGone: reads and writes on a device whose node vanished
// report ErrUnplugged.
func TestDevicePortGone(t *testing.T) {
	for _, tc := range []struct {
		err  error
		gone bool
	}{
		{syscall.ENODEV, true}, {syscall.EIO, true}, {syscall.ENOENT, true}, {syscall.EINVAL, false},
	} {
		err := ioError("/dev/usb/lp0", "write", tc.err)
		if errors.Is(err, serialport.ErrUnplugged) != tc.gone || !errors.Is(err, tc.err) {
			t.Errorf("%v: %v (unplugged %v, want %v)", tc.err, err, errors.Is(err, serialport.ErrUnplugged), tc.gone)
		}
	}
	if err := openError("/dev/usb/lp0", syscall.EACCES); !bytes.Contains([]byte(err.Error()), []byte("lp and dialout groups")) {
		t.Errorf("permission: %v", err)
	}
}
