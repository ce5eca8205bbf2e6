package store

// Disk space: punches go on when the SD card fills up.
//
// Two measures, because space is used by more than bianmin (the system
// journal, other programs, a technician's copy):
//
//   - A free-space floor for ordinary writes. Before an ordinary write the
//     store looks at the free space of the data directory's file system
//     (statfs); below MinFree it refuses the write
//     with ErrDiskFull ("存储空间不足，请联系技术员") instead of letting it
//     fail half-way as a bare 500. Essential writes (a punch at the clock,
//     a login) skip the floor, so the space under it is theirs.
//   - A reserve file (DATA/reserve.space, Reserve bytes of real blocks)
//     made while there is room. When an essential write fails with ENOSPC
//     anyway — something else ate the last bytes — the reserve is deleted
//     and the write tried once more: that frees room for weeks of punches
//     (a punch with its index, audit and outbox entries is about 1 KB), and
//     it is space nobody else could take first, since it was ours until
//     that moment. It is made again when the free space is back above
//     MinFree + Reserve.
//
// The floor alone would not survive another program filling the disk; the
// reserve alone would let ordinary writes eat it. A file is used, not a
// count kept in memory, so the space is held on disk across restarts and
// released by one unlink.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"bianmin/appliance/problem"
)

// ReserveName is the reserve file in the data directory.
const ReserveName = "reserve.space"

// Defaults of Options.Reserve and Options.MinFree.
const (
	DefaultReserve = 16 << 20
	DefaultMinFree = 32 << 20
)

// ErrDiskFull is returned (wrapped, with the problem store.err.disk_full)
// by an ordinary write when the data directory's file system is nearly
// full, and by any write that failed for lack of space.
var ErrDiskFull = errors.New("the storage is nearly full: ordinary writes are refused, punches go on — free space on the SD card or replace it")

func diskFullErr(detail string) error {
	return fmt.Errorf("%w (%s): %w", ErrDiskFull, detail, problem.New("", KeyDiskFull))
}

// Space is the data directory's file system as the 设备 page shows it.
type Space struct {
	Free, Total int64 // bytes available to bianmin, and the file system's size
	MinFree     int64 // ordinary writes are refused below this
	Low         bool  // Free < MinFree
	Reserve     int64 // the reserve's size when held, 0 when released or not made
	Released    bool  // the reserve was released for punches and is not back yet
	Checked     time.Time
}

// spaceGuard tracks free space and the reserve file.
type spaceGuard struct {
	dir              string
	reserve, minFree int64

	mu       sync.Mutex
	released bool
}

func newSpaceGuard(dir string, reserve, minFree int64) *spaceGuard {
	return &spaceGuard{dir: dir, reserve: reserve, minFree: minFree}
}

// statfs measures the file system holding dir.
func statfs(dir string) (free, total int64, err error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, 0, err
	}
	return int64(st.Bavail) * int64(st.Bsize), int64(st.Blocks) * int64(st.Bsize), nil
}

// measure measures the space now (statfs costs a microsecond or two,
// nothing beside a commit's fsync; a cached figure would let writes through
// just after the disk filled).
func (g *spaceGuard) measure() Space {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := Space{MinFree: g.minFree, Checked: time.Now(), Released: g.released}
	free, total, err := statfs(g.dir)
	if err != nil {
		// A file system we cannot measure is not refused for it.
		free, total = 1<<62, 0
	}
	s.Free, s.Total, s.Low = free, total, free < g.minFree
	if info, err := os.Stat(filepath.Join(g.dir, ReserveName)); err == nil {
		s.Reserve = info.Size()
	}
	return s
}

// ordinary refuses an ordinary write below the floor.
func (g *spaceGuard) ordinary() error {
	if g == nil || g.minFree <= 0 {
		return nil
	}
	if s := g.measure(); s.Low {
		return diskFullErr(fmt.Sprintf("%d MiB free in %s, ordinary writes need %d MiB", s.Free>>20, g.dir, g.minFree>>20))
	}
	return nil
}

// release deletes the reserve file; it reports whether there was one.
func (g *spaceGuard) release() bool {
	if g == nil {
		return false
	}
	err := os.Remove(filepath.Join(g.dir, ReserveName))
	g.mu.Lock()
	if err == nil {
		g.released = true
	}
	g.mu.Unlock()
	return err == nil
}

// ensureReserve makes the reserve file when it is missing and there is
// room for it above the floor. It reports whether the reserve is held.
func (g *spaceGuard) ensureReserve() (bool, error) {
	if g == nil || g.reserve <= 0 {
		return false, nil
	}
	path := filepath.Join(g.dir, ReserveName)
	if info, err := os.Stat(path); err == nil && info.Size() >= g.reserve {
		return true, nil
	}
	if s := g.measure(); s.Free < g.minFree+g.reserve {
		return false, nil
	}
	err := WriteFileAtomic(path, 0o600, func(w io.Writer) error {
		zeros := make([]byte, 1<<20)
		for left := g.reserve; left > 0; left -= int64(len(zeros)) {
			n := min(left, int64(len(zeros)))
			if _, err := w.Write(zeros[:n]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("reserve file %s: %w", path, err)
	}
	g.mu.Lock()
	g.released = false
	g.mu.Unlock()
	return true, nil
}

// noSpace reports whether err is the file system running out of space.
func noSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

// Space returns the data directory's free space and the reserve's state.
func (db *DB) Space() Space {
	if db.space == nil {
		return Space{}
	}
	return db.space.measure()
}

// KeepReserve makes the reserve file again when it was released (or never
// made) and the space is back; the service calls it now and then. A
// failure is logged, not returned: the hall works without a reserve.
func (db *DB) KeepReserve() {
	if db.space == nil {
		return
	}
	was := db.space.measure().Released
	held, err := db.space.ensureReserve()
	switch {
	case err != nil:
		db.opts.Logger.Warn("could not make the disk space reserve", "err", err)
	case held && was:
		db.opts.Logger.Info("disk space reserve made again", "bytes", db.space.reserve)
	}
}
