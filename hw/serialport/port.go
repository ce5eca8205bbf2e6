package serialport

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// Port is an open serial device. Read blocks until at least one byte arrives
// or Config.ReadTimeout passes, then returns ErrTimeout; when the device is
// gone it returns an error that wraps ErrUnplugged and the OS error. Write and
// Flush report a vanished device the same way. One goroutine may Read while
// another Writes.
type Port interface {
	io.Reader
	io.Writer
	io.Closer
	// Flush discards bytes received but not read and bytes written but not
	// yet sent.
	Flush() error
}

// ErrTimeout is returned by Port.Read when a read timeout passes with no data.
// It is a normal condition: the caller checks its context and reads again.
var ErrTimeout = errors.New("serial read timeout")

// ErrUnplugged is wrapped by errors from a Port (or from Open) when the device
// is not there: unplugged, hung up, or its path now names another device.
// Reopening later may succeed; Link does exactly that.
var ErrUnplugged = errors.New("device unplugged")

// Config says which serial device to open and how. The zero value of every
// field except Path means "the default"; see withDefaults.
type Config struct {
	Path        string        // e.g. /dev/ttyUSB0, or a udev symlink like /dev/bianmin-fingerprint
	Baud        int           // default 57600 (R30x/AS608 factory setting); 8N1 always
	ReadTimeout time.Duration // default 1s; the tty counts tenths of a second, 100ms..25.5s
}

// Defaults and limits for Config.
const (
	DefaultBaud        = 57600
	DefaultReadTimeout = time.Second

	// The tty measures the read timeout (VTIME) in tenths of a second in one
	// byte: POSIX termios, "Non-canonical mode input processing".
	vtimeUnit      = 100 * time.Millisecond
	minReadTimeout = vtimeUnit
	maxReadTimeout = 255 * vtimeUnit
)

// standardBaud reports whether termios can set baud on Linux (a Bxxx
// constant that tarm/serial knows).
func standardBaud(baud int) bool {
	switch baud {
	case 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800,
		500000, 576000, 921600, 1000000, 1152000, 1500000, 2000000, 2500000,
		3000000, 3500000, 4000000:
		return true
	}
	return false
}

// withDefaults is the one place Config defaults are applied.
func (c Config) withDefaults() Config {
	if c.Baud == 0 {
		c.Baud = DefaultBaud
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = DefaultReadTimeout
	}
	return c
}

// validate checks a Config that already has its defaults.
func (c Config) validate() error {
	switch {
	case c.Path == "":
		return errors.New("serial port: no device path configured — set the device path in the settings")
	case !standardBaud(c.Baud):
		return fmt.Errorf("serial port %s: unsupported baud rate %d — use a standard rate such as 9600, 57600 or 115200", c.Path, c.Baud)
	case c.ReadTimeout < minReadTimeout || c.ReadTimeout > maxReadTimeout:
		return fmt.Errorf("serial port %s: read timeout %v out of range — use %v to %v",
			c.Path, c.ReadTimeout, minReadTimeout, maxReadTimeout)
	}
	return nil
}

// effectiveReadTimeout is the timeout the tty really applies: ReadTimeout
// rounded down to a tenth of a second (this is what tarm/serial sets).
func (c Config) effectiveReadTimeout() time.Duration {
	return max(c.ReadTimeout/vtimeUnit*vtimeUnit, minReadTimeout)
}

// Error is a failure on a serial port, worded for a technician: what failed
// and what to do. It unwraps to its Kind (ErrUnplugged or nil) and to the
// underlying OS error. Key names the same failure for the pages, which
// show it in the user's language (embedded/locales/device.*.json) and keep
// Error() as the technician's detail line.
type Error struct {
	Path string
	Key  string // locale key, e.g. "serial.err.unplugged"
	What string // "no such device", "permission denied", ...
	Hint string // "check the cable", ...
	Kind error  // ErrUnplugged, or nil
	Err  error  // the OS error, may be nil
}

func (e *Error) Error() string {
	s := fmt.Sprintf("serial port %s: %s — %s", e.Path, e.What, e.Hint)
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

// Unwrap lets errors.Is find both ErrUnplugged and the OS error.
func (e *Error) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.Kind, e.Err} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// Locale keys of the port's failures (Error.Key), and of a session that
// ended by itself (KeySessionEnded, reported by a Link).
const (
	KeyUnplugged    = "serial.err.unplugged"
	KeyPermission   = "serial.err.permission"
	KeyBusy         = "serial.err.busy"
	KeyNotSerial    = "serial.err.not_serial"
	KeyCannotOpen   = "serial.err.cannot_open"
	KeyIO           = "serial.err.io"
	KeySessionEnded = "serial.err.session_ended"
)

// Keys lists every locale key the package reports, so that a test can
// check the locale files have them.
func Keys() []string {
	return []string{KeyUnplugged, KeyPermission, KeyBusy, KeyNotSerial, KeyCannotOpen, KeyIO, KeySessionEnded}
}

// ErrorKey is the locale key of err as a serial link reports it: the
// port's Error's key, KeySessionEnded for a session that ended by itself,
// "" for anything else (a device driver's own error, which has its own).
func ErrorKey(err error) string {
	var pe *Error
	switch {
	case errors.As(err, &pe) && pe.Key != "":
		return pe.Key
	case errors.Is(err, errSessionEnded):
		return KeySessionEnded
	}
	return ""
}

// unplugged wraps err as "the device is gone".
func unplugged(path string, err error) error {
	return &Error{Path: path, Key: KeyUnplugged, What: "device unplugged", Hint: "check the cable", Kind: ErrUnplugged, Err: err}
}

// isGoneErrno reports whether err is how Linux says a tty's device went
// away: the node is gone (ENOENT), no device behind it (ENXIO, ENODEV), or
// the line was hung up (EIO on a hung-up tty).
func isGoneErrno(err error) bool {
	return errors.Is(err, fs.ErrNotExist) ||
		errors.Is(err, syscall.ENXIO) ||
		errors.Is(err, syscall.ENODEV) ||
		errors.Is(err, syscall.EIO)
}

// openError words a failure to open path.
func openError(path string, err error) error {
	e := &Error{Path: path, Err: err}
	switch {
	case isGoneErrno(err):
		e.Key, e.What, e.Hint, e.Kind = KeyUnplugged, "no such device", "check the cable", ErrUnplugged
	case errors.Is(err, fs.ErrPermission):
		e.Key, e.What, e.Hint = KeyPermission, "permission denied", "add the bianmin user to the dialout group (deploy/udev rules)"
	case errors.Is(err, syscall.EBUSY):
		e.Key, e.What, e.Hint = KeyBusy, "device busy", "stop the other program using it"
	case errors.Is(err, syscall.ENOTTY), errors.Is(err, syscall.EINVAL):
		e.Key, e.What, e.Hint = KeyNotSerial, "not a serial device", "check the configured device path"
	default:
		e.Key, e.What, e.Hint = KeyCannotOpen, "cannot open", "check the device path and the cable"
	}
	return e
}

// ioError words a failure of Read, Write or Flush on an open port.
func ioError(path, op string, err error) error {
	switch {
	case isGoneErrno(err):
		return unplugged(path, err)
	case errors.Is(err, os.ErrClosed):
		return &Error{Path: path, Key: KeyIO, What: op + " on closed port", Hint: "reopen the port", Err: err}
	default:
		return &Error{Path: path, Key: KeyIO, What: op + " failed", Hint: "check the cable and the device", Err: err}
	}
}
