package escpos

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"bianmin/hw/serialport"
)

// Open opens the printer at cfg.Path: a serial tty (USB-serial adapter,
// RS-232, a USB printer that shows up as /dev/ttyACM0) through
// serialport.Open at cfg.Baud, or a USB printer-class device
// (/dev/usb/lp0, which most cheap USB receipt printers are; udev can give
// it a stable name, see deploy/99-bianmin.rules) as a plain character
// device. Which one it is, Open asks the device (a tty answers the
// termios request, a printer-class device does not), so a stable symlink
// may point at either. Pass it as serialport.LinkOptions.Open.
func Open(cfg serialport.Config) (serialport.Port, error) {
	if cfg.Path == "" {
		return serialport.Open(cfg) // says what is missing
	}
	tty, err := isTTY(cfg.Path)
	if err != nil {
		return nil, err
	}
	if tty {
		return serialport.Open(cfg)
	}
	return openDevice(cfg)
}

// isTTY reports whether path is a terminal device.
func isTTY(path string) (bool, error) {
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_NOCTTY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return false, openError(path, err)
	}
	defer unix.Close(fd)
	_, err = unix.IoctlGetTermios(fd, unix.TCGETS)
	return err == nil, nil
}

// devicePort is a Port over a character device that is not a tty: the
// kernel's usblp driver (/dev/usb/lpN). It reads with deadlines through
// the runtime poller (usblp supports poll), so a read with nothing to
// read returns serialport.ErrTimeout after the read timeout, and a write
// the printer does not take (it is offline with a full buffer) fails
// after writeTimeout instead of hanging.
type devicePort struct {
	path        string
	f           *os.File
	node        os.FileInfo
	readTimeout time.Duration
}

// writeTimeout bounds one write to a printer-class device.
const writeTimeout = 10 * time.Second

func openDevice(cfg serialport.Config) (serialport.Port, error) {
	f, err := os.OpenFile(cfg.Path, os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, openError(cfg.Path, err)
	}
	node, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, openError(cfg.Path, err)
	}
	timeout := cfg.ReadTimeout
	if timeout <= 0 {
		timeout = serialport.DefaultReadTimeout
	}
	return &devicePort{path: cfg.Path, f: f, node: node, readTimeout: timeout}, nil
}

func (p *devicePort) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	_ = p.f.SetReadDeadline(time.Now().Add(p.readTimeout))
	n, err := p.f.Read(b)
	switch {
	case n > 0:
		return n, nil
	case err == nil, errors.Is(err, os.ErrDeadlineExceeded):
		return 0, serialport.ErrTimeout
	case errors.Is(err, io.EOF):
		// usblp returns 0 bytes when the printer has nothing to send; a
		// vanished node means the printer is gone.
		if gone := p.nodeGone(); gone != nil {
			return 0, unplugged(p.path, gone)
		}
		time.Sleep(p.readTimeout)
		return 0, serialport.ErrTimeout
	}
	return 0, ioError(p.path, "read", err)
}

func (p *devicePort) Write(b []byte) (int, error) {
	_ = p.f.SetWriteDeadline(time.Now().Add(writeTimeout))
	n, err := p.f.Write(b)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return n, &deviceError{Path: p.path, What: fmt.Sprintf("the printer took no data for %v", writeTimeout),
			Hint: "check that it is switched on, online and has paper", Err: err}
	}
	if err != nil {
		return n, ioError(p.path, "write", err)
	}
	return n, nil
}

// Flush has nothing to discard: usblp keeps no buffer the driver could
// clear, and the printer's own buffer is not reachable.
func (p *devicePort) Flush() error { return nil }

func (p *devicePort) Close() error { return p.f.Close() }

// nodeGone reports why the device node is no longer the one opened.
func (p *devicePort) nodeGone() error {
	fi, err := os.Stat(p.path)
	if err != nil {
		return err
	}
	if !os.SameFile(fi, p.node) {
		return fmt.Errorf("%s now names another device", p.path)
	}
	return nil
}

// isGoneErrno: how Linux says a device went away.
func isGoneErrno(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENXIO) ||
		errors.Is(err, syscall.ENODEV) || errors.Is(err, syscall.EIO)
}

func unplugged(path string, err error) error {
	return &deviceError{Path: path, What: "printer unplugged", Hint: "check the USB cable and the power",
		Kind: serialport.ErrUnplugged, Err: err}
}

// openError words a failure to open a printer device for a technician.
func openError(path string, err error) error {
	e := &deviceError{Path: path, Err: err}
	switch {
	case isGoneErrno(err):
		e.What, e.Hint, e.Kind = "no such device", "check the cable and that the printer is switched on", serialport.ErrUnplugged
	case errors.Is(err, fs.ErrPermission):
		e.What, e.Hint = "permission denied", "add the bianmin user to the lp and dialout groups (deploy/99-bianmin.rules)"
	case errors.Is(err, syscall.EBUSY):
		e.What, e.Hint = "device busy", "stop the other program using it (a print spooler such as CUPS?)"
	default:
		e.What, e.Hint = "cannot open", "check the device path and the cable"
	}
	return e
}

// ioError words a failed read or write on an open device.
func ioError(path, op string, err error) error {
	if isGoneErrno(err) {
		return unplugged(path, err)
	}
	return &deviceError{Path: path, What: op + " failed", Hint: "check the cable and the printer", Err: err}
}

// deviceError is a failure of a printer-class device, worded like
// serialport's errors; it unwraps to serialport.ErrUnplugged (when the
// device is gone) and the OS error.
type deviceError struct {
	Path, What, Hint string
	Kind             error // serialport.ErrUnplugged or nil
	Err              error
}

func (e *deviceError) Error() string {
	s := fmt.Sprintf("printer device %s: %s — %s", e.Path, e.What, e.Hint)
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

func (e *deviceError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.Kind, e.Err} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}
