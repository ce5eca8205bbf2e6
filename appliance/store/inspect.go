package store

// Structure checks of a database file.
//
// The quick check runs before bbolt ever maps a file (at every Open, on a
// backup before restore): it reads the two meta pages with ordinary reads,
// picks the one bbolt would use, and checks that the file still holds every
// page that meta names, and that the root and freelist pages it points at
// are what they claim to be. It costs two small reads and catches a file
// that was cut short (the commonest damage: a copy that stopped, a full SD
// card) before bbolt would fault on it.
//
// The full check reads every page in use: on a store open for writing a
// walk of every bucket in a read transaction (writers go on; FullCheck
// says why not bbolt's Check), on a file no process writes (a backup, a
// snapshot, a read-only store) bbolt's own Tx.Check, which also proves
// every page below the high-water mark is in use or free. It reads the
// whole file, so its cost grows with the data (see DECISIONS: ten years of
// a 60-person hall); the appliance runs it in the background after start
// and daily, and before every backup and restore.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bbolt's file layout (go.etcd.io/bbolt/internal/common, v1.5): every page
// starts with a 16-byte header (id, flags, count, overflow); a meta page's
// body is magic, version, page size, flags, the root bucket (root page,
// sequence), the freelist page, the high-water mark (pgid), the
// transaction id and an FNV-64a checksum of the fields before it. Values
// are in the machine's byte order; every box bianmin runs on is
// little-endian.
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	pageHeaderSize   = 16
	metaBodySize     = 64 // through checksum
	metaChecksumAt   = 56 // offset of checksum in the body
	pageFlagBranch   = 0x01
	pageFlagLeaf     = 0x02
	pageFlagMeta     = 0x04
	pageFlagFreelist = 0x10
	pgidNoFreelist   = ^uint64(0)
	minPageSize      = 512
	maxPageSize      = 64 << 10
)

// boltMeta is the part of a meta page the quick check uses.
type boltMeta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	pgid     uint64 // high-water mark: pages 0..pgid-1 are in the file
	txid     uint64
}

// parseMeta reads the meta page at the start of b (a page header and a
// meta body) and checks its magic, version and checksum.
func parseMeta(b []byte) (boltMeta, error) {
	if len(b) < pageHeaderSize+metaBodySize {
		return boltMeta{}, errors.New("meta page cut short")
	}
	le := binary.LittleEndian
	if flags := le.Uint16(b[8:]); flags&pageFlagMeta == 0 {
		return boltMeta{}, fmt.Errorf("page is not a meta page (flags %#x)", flags)
	}
	body := b[pageHeaderSize : pageHeaderSize+metaBodySize]
	if le.Uint32(body[0:]) != boltMagic {
		return boltMeta{}, errors.New("no bbolt magic number")
	}
	if v := le.Uint32(body[4:]); v != boltVersion {
		return boltMeta{}, fmt.Errorf("bbolt file version %d, want %d", v, boltVersion)
	}
	h := fnv.New64a()
	h.Write(body[:metaChecksumAt])
	if h.Sum64() != le.Uint64(body[metaChecksumAt:]) {
		return boltMeta{}, errors.New("meta page checksum does not match")
	}
	m := boltMeta{pageSize: le.Uint32(body[8:]), root: le.Uint64(body[16:]),
		freelist: le.Uint64(body[32:]), pgid: le.Uint64(body[40:]), txid: le.Uint64(body[48:])}
	if m.pageSize < minPageSize || m.pageSize > maxPageSize || m.pageSize&(m.pageSize-1) != 0 {
		return boltMeta{}, fmt.Errorf("implausible page size %d", m.pageSize)
	}
	return m, nil
}

// QuickCheck checks the file at path without mapping it: both meta pages
// are read, the one bbolt would use is chosen (the valid one with the
// higher transaction id), and the file must hold every page up to its
// high-water mark, with a branch or leaf page at the root and a freelist
// page where the freelist is said to be. A 0-byte file is damaged too
// (bbolt would silently start a new, empty database in it).
func QuickCheck(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return quickCheckFile(f, path)
}

// quickCheckFile is QuickCheck on an open file.
func quickCheckFile(f *os.File, path string) error {
	info, err := f.Stat()
	if err != nil {
		return err
	}
	size := info.Size()
	if size == 0 {
		return damagedErr(path + " is empty (0 bytes)")
	}
	first := make([]byte, pageHeaderSize+metaBodySize)
	if _, err := f.ReadAt(first, 0); err != nil {
		return damagedErr(fmt.Sprintf("%s: the first page cannot be read (%d bytes): %v", path, size, err))
	}
	m0, err0 := parseMeta(first)
	// Meta page 1 is one page further on; a damaged meta 0 leaves the page
	// size unknown, so try the sizes bbolt uses.
	var m1 boltMeta
	err1 := errors.New("not found")
	for _, ps := range pageSizesToTry(m0, err0) {
		b := make([]byte, pageHeaderSize+metaBodySize)
		if _, err := f.ReadAt(b, int64(ps)); err != nil {
			continue
		}
		if m1, err1 = parseMeta(b); err1 == nil {
			break
		}
	}
	m, err := chooseMeta(m0, err0, m1, err1)
	if err != nil {
		return damagedErr(fmt.Sprintf("%s: %v", path, err))
	}
	need := int64(m.pgid) * int64(m.pageSize)
	if size < need {
		return damagedErr(fmt.Sprintf("%s is cut short: %d bytes, its pages need %d (%d%% present)", path, size, need, 100*size/need))
	}
	if m.root < 2 || m.root >= m.pgid {
		return damagedErr(fmt.Sprintf("%s: root page %d outside 2..%d", path, m.root, m.pgid-1))
	}
	if err := checkPageType(f, m, m.root, pageFlagBranch|pageFlagLeaf, "root"); err != nil {
		return damagedErr(fmt.Sprintf("%s: %v", path, err))
	}
	if m.freelist != pgidNoFreelist {
		if m.freelist < 2 || m.freelist >= m.pgid {
			return damagedErr(fmt.Sprintf("%s: freelist page %d outside 2..%d", path, m.freelist, m.pgid-1))
		}
		if err := checkPageType(f, m, m.freelist, pageFlagFreelist, "freelist"); err != nil {
			return damagedErr(fmt.Sprintf("%s: %v", path, err))
		}
	}
	return nil
}

func pageSizesToTry(m0 boltMeta, err0 error) []int {
	if err0 == nil {
		return []int{int(m0.pageSize)}
	}
	return []int{os.Getpagesize(), 4096, 16384, 65536, 8192, 2048, 1024, 512}
}

// chooseMeta picks the meta page bbolt would use: the higher transaction
// id if it is valid, else the other if that is.
func chooseMeta(m0 boltMeta, err0 error, m1 boltMeta, err1 error) (boltMeta, error) {
	switch {
	case err0 != nil && err1 != nil:
		return boltMeta{}, fmt.Errorf("neither meta page is valid (page 0: %v; page 1: %v)", err0, err1)
	case err0 != nil:
		return m1, nil
	case err1 != nil:
		return m0, nil
	case m1.txid > m0.txid:
		return m1, nil
	}
	return m0, nil
}

// checkPageType reads page id's header and checks its id and type.
func checkPageType(f *os.File, m boltMeta, id uint64, want uint16, what string) error {
	b := make([]byte, pageHeaderSize)
	if _, err := f.ReadAt(b, int64(id)*int64(m.pageSize)); err != nil {
		return fmt.Errorf("%s page %d cannot be read: %v", what, id, err)
	}
	gotID, flags := binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint16(b[8:])
	if gotID != id || flags&want == 0 {
		return fmt.Errorf("%s page %d is not a %s page (id %d, flags %#x)", what, id, what, gotID, flags)
	}
	return nil
}

// maxCheckErrors bounds the findings a full check reports.
const maxCheckErrors = 5

// FullCheck walks the whole open store and records the outcome in the
// store's health (a finding marks it damaged). It returns nil when the
// file is sound.
//
// bbolt's own Tx.Check reads the live freelist, which writers change
// under it: in a read transaction beside writers it reports pages freed or
// allocated since the transaction began as damage, and its walk of the
// freelist's pending map can race a commit and end the process. So a store
// open for writing is walked instead (walkTx): every bucket, every key in
// order, every value's pages, in one ordinary read transaction — a zeroed
// or foreign page, a page that is not where its parent says, keys out of
// order, a page the card cannot read are all found, as panics or faults
// the guard turns into ErrDamaged, and writers go on. The freelist is
// checked by bbolt's Check where no writer can run: a read-only store (the
// commands with the service stopped) and every copy (CheckFile: a backup
// before restore, the snapshot of every backup).
//
// While it runs, a read-write store keeps the file DATA/check.running: a
// page the card cannot read can fault where no recover reaches, and end
// the process; the file left behind tells the next start to check the
// database in a separate process first (CheckInterrupted).
func (db *DB) FullCheck() error {
	start := time.Now()
	if !db.opts.ReadOnly {
		mark := filepath.Join(db.dataDir, checkMarkName)
		if err := os.WriteFile(mark, []byte(start.UTC().Format(time.RFC3339)+"\n"), 0o600); err == nil {
			defer os.Remove(mark)
		}
	}
	check := db.walkTx
	if db.opts.ReadOnly {
		check = checkTx
	}
	err := guarded(db, "structure check", func() error {
		return db.bolt.View(check)
	})
	// The walk read the whole file through the map: let the pages go, or
	// they stay resident (1.4 GB for ten years) until memory is short.
	_ = db.ReleaseMapped()
	if err != nil && !errors.Is(err, ErrDamaged) {
		err = damagedErr("structure check: " + err.Error())
	}
	if err != nil {
		db.opts.Logger.Error("structure check found damage", "err", DamageDetail(err), "took", time.Since(start).Round(time.Millisecond))
	}
	db.checked(err, time.Since(start))
	return err
}

// walkTx reads every bucket of btx, every key in order and every value
// whole; it returns the damage found (bbolt's own page checks panic,
// which the caller's guard turns into ErrDamaged). Every walkRelease bytes
// it lets the pages it read go (ReleaseMapped), so the walk does not leave
// the file resident.
func (db *DB) walkTx(btx *bolt.Tx) error {
	w := &walker{release: func() { _ = (&Tx{btx: btx, db: db}).releaseMapped() }}
	return btx.ForEach(func(name []byte, b *bolt.Bucket) error {
		return w.bucket(b, string(name))
	})
}

// walkRelease is how much the walk reads between releases of the map.
const walkRelease = 64 << 20

// walker is one structure walk.
type walker struct {
	sink    byte
	read    int
	release func()
}

func (w *walker) bucket(b *bolt.Bucket, path string) error {
	c := b.Cursor()
	var prev []byte
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if prev != nil && bytes.Compare(prev, k) >= 0 {
			return damagedErr(fmt.Sprintf("structure check: keys out of order in bucket %s", path))
		}
		prev = append(prev[:0], k...)
		if v != nil {
			// Touch every page of the value (a large one spans overflow
			// pages); an unreadable one faults here, under the guard.
			for i := 0; i < len(v); i += 1024 {
				w.sink ^= v[i]
			}
			if w.read += len(k) + len(v); w.read >= walkRelease {
				w.read = 0
				w.release()
			}
			continue
		}
		child := b.Bucket(k)
		if child == nil {
			return damagedErr(fmt.Sprintf("structure check: bucket %s has a nested bucket %x that cannot be opened", path, k))
		}
		if err := w.bucket(child, path+"/"+string(k)); err != nil {
			return err
		}
	}
	return nil
}

// checkTx drains bbolt's check of btx into one error (nil when sound).
func checkTx(btx *bolt.Tx) error {
	var found []string
	n := 0
	for err := range btx.Check() {
		if n++; len(found) < maxCheckErrors {
			found = append(found, err.Error())
		}
	}
	if n == 0 {
		return nil
	}
	msg := strings.Join(found, "; ")
	if n > len(found) {
		msg += fmt.Sprintf(" (and %d more)", n-len(found))
	}
	return damagedErr("structure check: " + msg)
}

// CheckFile checks a database file that no process holds (a backup before
// it is restored, a snapshot before it is offered): the quick check, then
// bbolt's full check and the presence of the store's meta bucket, under
// the same fault guard as the store's transactions. It opens the file
// read-only; nothing is written.
func CheckFile(path string) error {
	if err := QuickCheck(path); err != nil {
		return err
	}
	return withFile(path, func(bdb *bolt.DB) error {
		return bdb.View(func(btx *bolt.Tx) error {
			if err := checkTx(btx); err != nil {
				return err
			}
			if btx.Bucket([]byte(bucketMeta)) == nil {
				return errNotBianmin
			}
			return nil
		})
	})
}

// errNotBianmin: a sound bbolt file that is not a bianmin database.
var errNotBianmin = errors.New("it is a bbolt file but not a bianmin database (no meta bucket)")

// withFile opens path read-only and runs fn under the fault guard.
func withFile(path string, fn func(bdb *bolt.DB) error) error {
	return guarded(nil, path, func() error {
		bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		if err != nil {
			return fmt.Errorf("open %s: %w", path, err)
		}
		defer bdb.Close()
		return fn(bdb)
	})
}

// checkMarkName is the file that exists while a full check runs.
const checkMarkName = "check.running"

// CheckInterrupted reports whether the last full check of the database in
// dataDir never finished: the process ended during it (a power cut, or a
// page that faulted).
func CheckInterrupted(dataDir string) bool {
	_, err := os.Stat(filepath.Join(dataDir, checkMarkName))
	return err == nil
}

// ClearCheckInterrupted forgets an interrupted check (once the database
// was checked in a separate process).
func ClearCheckInterrupted(dataDir string) error {
	err := os.Remove(filepath.Join(dataDir, checkMarkName))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}
