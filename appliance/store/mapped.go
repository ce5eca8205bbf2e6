package store

import (
	"golang.org/x/sys/unix"

	bolt "go.etcd.io/bbolt"
)

// ReleaseMapped drops the database pages mapped into this process, so that
// they no longer count in its memory: bbolt reads through a memory map of
// the whole file, and a scan of a whole bucket (the audit chain check over
// ten years is 600 MB) leaves every page it read resident in the process
// until the kernel needs the memory. The pages stay in the page cache; a
// later read maps them again. It runs inside a read transaction, so bbolt
// cannot remap the file meanwhile (a remap waits for read transactions),
// and the map is read-only, so nothing unwritten is dropped.
func (db *DB) ReleaseMapped() error {
	return db.bolt.View(func(btx *bolt.Tx) error {
		return (&Tx{btx: btx, db: db}).releaseMapped()
	})
}

// releaseMapped is ReleaseMapped inside a transaction, for a long scan to
// let go of what it has read as it goes (the transaction holds the map,
// so bbolt cannot remap it meanwhile; pages in use are read again).
func (tx *Tx) releaseMapped() error {
	return madviseDontNeed(tx.db.bolt.Info().Data, uintptr(tx.btx.Size()))
}

func madviseDontNeed(addr, length uintptr) error {
	if addr == 0 || length == 0 {
		return nil
	}
	if _, _, errno := unix.Syscall(unix.SYS_MADVISE, addr, length, unix.MADV_DONTNEED); errno != 0 {
		return errno
	}
	return nil
}
