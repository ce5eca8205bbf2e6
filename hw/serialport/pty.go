package serialport

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// Pair is a pseudo-terminal standing in for a serial device: a simulator
// reads and writes Master, and the appliance opens Path() with Open exactly
// as it would open /dev/ttyUSB0. Both ends are raw: every byte value passes
// unchanged, nothing is echoed.
//
// A Pair's fields never change. Unplug (or Close) closes the master, which
// hangs up the slave: the appliance's next Read returns ErrUnplugged. Replug
// makes a new Pair behind the same LinkPath, the way udev re-creates
// /dev/bianmin-fingerprint when a USB adapter is plugged back in.
type Pair struct {
	Master    *os.File // the device side, for a simulator; supports deadlines
	SlavePath string   // /dev/pts/N
	LinkPath  string   // stable symlink to SlavePath, "" when made by OpenPair

	slave     *os.File // held open so the master never sees EIO between appliance (re)opens
	closeOnce sync.Once
	closeErr  error
}

// OpenPair opens a new raw pseudo-terminal pair.
func OpenPair() (*Pair, error) {
	master, slave, err := pty.Open()
	if err != nil {
		return nil, fmt.Errorf("pseudo-terminal: open: %w — check that /dev/ptmx and /dev/pts are available", err)
	}
	if master, err = nonblocking(master); err != nil {
		_ = slave.Close()
		return nil, fmt.Errorf("pseudo-terminal %s: %w", slave.Name(), err)
	}
	p := &Pair{Master: master, SlavePath: slave.Name(), slave: slave}
	for _, f := range []*os.File{slave, master} {
		if err := makeRaw(f); err != nil {
			_ = p.Close()
			return nil, fmt.Errorf("pseudo-terminal %s: set raw mode: %w", p.SlavePath, err)
		}
	}
	return p, nil
}

// OpenPairAt opens a new raw pair and points the symlink linkPath at its
// slave, replacing whatever linkPath was. The appliance is configured with
// linkPath, as it would be with a udev symlink on real hardware.
func OpenPairAt(linkPath string) (*Pair, error) {
	p, err := OpenPair()
	if err != nil {
		return nil, err
	}
	p.LinkPath = linkPath
	if err := pointLink(linkPath, p.SlavePath); err != nil {
		_ = p.Close()
		return nil, err
	}
	return p, nil
}

// Path is the path the appliance should open: LinkPath when there is one,
// otherwise SlavePath.
func (p *Pair) Path() string {
	if p.LinkPath != "" {
		return p.LinkPath
	}
	return p.SlavePath
}

// Unplug simulates pulling the cable: it closes the pair (see Close). The
// appliance's port then reads ErrUnplugged and its opens of LinkPath fail
// until Replug.
func (p *Pair) Unplug() error {
	return p.Close()
}

// Replug simulates plugging the device back in: it unplugs p if that has
// not happened yet, opens a new pair (a new /dev/pts/N) and atomically
// re-points LinkPath at it. Use the returned Pair from then on.
func (p *Pair) Replug() (*Pair, error) {
	if p.LinkPath == "" {
		return nil, errors.New("pseudo-terminal: replug needs a pair made by OpenPairAt")
	}
	if err := p.Unplug(); err != nil {
		return nil, err
	}
	return OpenPairAt(p.LinkPath)
}

// Close closes both ends and removes LinkPath if it still points at this
// pair. Calling it again returns the first result.
func (p *Pair) Close() error {
	p.closeOnce.Do(func() {
		var errs []error
		if p.LinkPath != "" {
			if target, err := os.Readlink(p.LinkPath); err == nil && target == p.SlavePath {
				errs = append(errs, os.Remove(p.LinkPath))
			}
		}
		errs = append(errs, p.Master.Close(), p.slave.Close())
		p.closeErr = errors.Join(errs...)
	})
	return p.closeErr
}

// pointLink makes linkPath a symlink to target atomically: readers see the
// old target or the new one, never no link (rename(2) replaces atomically).
func pointLink(linkPath, target string) error {
	tmp := filepath.Join(filepath.Dir(linkPath), "."+filepath.Base(linkPath)+".replug-"+filepath.Base(target))
	_ = os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("pseudo-terminal: link %s: %w — check the directory exists and is writable", linkPath, err)
	}
	if err := os.Rename(tmp, linkPath); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("pseudo-terminal: link %s: %w — check the directory exists and is writable", linkPath, err)
	}
	return nil
}

// nonblocking returns a pollable copy of f and closes f. creack/pty calls
// Fd on the master, which switches it to blocking mode for good: deadlines
// stop working, and Close cannot interrupt a simulator blocked in Read, so
// Unplug would not hang up the slave until the device side sent something.
func nonblocking(f *os.File) (*os.File, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	var fd int
	var dupErr error
	if err := rc.Control(func(old uintptr) { fd, dupErr = unix.Dup(int(old)) }); err != nil {
		return nil, err
	}
	name := f.Name()
	_ = f.Close()
	if dupErr != nil {
		return nil, fmt.Errorf("dup master: %w", dupErr)
	}
	unix.CloseOnExec(fd)
	if err := unix.SetNonblock(fd, true); err != nil {
		_ = unix.Close(fd)
		return nil, fmt.Errorf("make master non-blocking: %w", err)
	}
	// NewFile registers a non-blocking descriptor with the runtime poller.
	return os.NewFile(uintptr(fd), name), nil
}

// makeRaw puts the terminal behind f in raw mode, as cfmakeraw(3) does: no
// input translation (ICRNL, IXON...), no output processing (OPOST), no echo,
// no line editing or signals, 8 data bits. It goes through SyscallConn so f
// stays non-blocking and its deadlines keep working.
func makeRaw(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ioctlErr error
	err = rc.Control(func(fd uintptr) {
		t, err := unix.IoctlGetTermios(int(fd), unix.TCGETS)
		if err != nil {
			ioctlErr = err
			return
		}
		t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP |
			unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
		t.Oflag &^= unix.OPOST
		t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
		t.Cflag &^= unix.CSIZE | unix.PARENB
		t.Cflag |= unix.CS8
		t.Cc[unix.VMIN] = 1
		t.Cc[unix.VTIME] = 0
		ioctlErr = unix.IoctlSetTermios(int(fd), unix.TCSETS, t)
	})
	if err != nil {
		return err
	}
	return ioctlErr
}
