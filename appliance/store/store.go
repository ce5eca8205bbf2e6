package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// FileName is the name of the database file inside the data directory.
const FileName = "bianmin.db"

// ErrLocked is returned by Open when another process holds the database.
var ErrLocked = errors.New("the data directory is in use by another bianmin process")

// ErrNoDatabase is returned by a read-only Open (backup, audit verify,
// reports from the command line) when the data directory holds no database
// yet: there is nothing to read, and a read-only open must not create one.
var ErrNoDatabase = errors.New("there is no database in the data directory yet")

// ErrNewerSchema is returned by Open and Restore for a database written by
// a newer bianmin than this one.
var ErrNewerSchema = errors.New("the database was written by a newer bianmin")

// ErrNotFound is returned by typed getters when a key is absent.
var ErrNotFound = errors.New("not found")

// Options configure Open. The zero value is usable.
type Options struct {
	// LockTimeout is how long Open waits for another process to release the
	// file lock before giving up. Default 1s.
	LockTimeout time.Duration
	// Migrations run in order at start when the stored schema version is
	// lower than their number. Before the first pending one runs, the file
	// is backed up into DataDir/backups.
	Migrations []Migration
	// Now is the clock used for audit entries and backups. Default time.Now.
	Now func() time.Time
	// Logger receives structured logs. Default slog.Default().
	Logger *slog.Logger
	// ReadOnly opens the file read-only (for audit verify and inspection).
	ReadOnly bool
	// Location is the center's time zone: Tx.Today and Tx.DateOf give
	// civil dates ("2026-03-02") in it. Default time.Local.
	Location *time.Location
	// Reserve is the size of the disk space reserve file kept for
	// essential writes (space.go); default DefaultReserve, < 0 none.
	Reserve int64
	// MinFree is the free space below which ordinary writes are refused
	// with ErrDiskFull; default DefaultMinFree, < 0 no floor.
	MinFree int64
	// Version is the running bianmin's version: a store migrated by a
	// newer version opens when that version's migrations recorded this
	// one as still able to use it (Migration.ReadableBy).
	Version string
	// SnapshotTimeout bounds the read transaction of a backup snapshot
	// (snapshot.go); default DefaultSnapshotTimeout.
	SnapshotTimeout time.Duration
}

func (o *Options) applyDefaults() {
	if o.LockTimeout <= 0 {
		o.LockTimeout = time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Reserve == 0 {
		o.Reserve = DefaultReserve
	}
	if o.MinFree == 0 {
		o.MinFree = DefaultMinFree
	}
	if o.SnapshotTimeout <= 0 {
		o.SnapshotTimeout = DefaultSnapshotTimeout
	}
}

// DB is the opened store.
type DB struct {
	bolt    *bolt.DB
	dataDir string
	opts    Options
	health  health
	space   *spaceGuard // nil for a read-only open
	snap    sync.Mutex  // one backup snapshot at a time
}

// Open opens (creating when absent) the database in dataDir, runs pending
// migrations and returns it. When another process holds the file, Open
// returns an error wrapping ErrLocked after opts.LockTimeout.
//
// Before bbolt maps the file, Open refuses one that is damaged (QuickCheck:
// cut short, meta pages unreadable, ErrDamaged) and, for a read-write open,
// one that is missing or empty in a data directory that held a database
// (ErrDataMissing), rather than let bbolt fault on it or start a new empty
// database in its place. A panic or memory fault inside bbolt while opening
// is returned as ErrDamaged. The first read-write open of a data directory
// writes its marker (marker.go). The store starts unchecked: FullCheck
// walks the whole file (the service runs it in the background).
func Open(dataDir string, opts Options) (*DB, error) {
	opts.applyDefaults()
	if !opts.ReadOnly {
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("data directory %s: %w — check that it exists and is writable", dataDir, err)
		}
	}
	path := filepath.Join(dataDir, FileName)
	if opts.ReadOnly {
		info, err := os.Stat(path)
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s does not exist — check --data, or start bianmin serve once to create it", ErrNoDatabase, path)
		}
		if err == nil && info.Size() == 0 {
			return nil, checkBeforeCreate(dataDir, path)
		}
	} else if err := checkBeforeCreate(dataDir, path); err != nil {
		return nil, err
	}
	if err := quickCheckUnlocked(path, opts.LockTimeout); err != nil {
		return nil, err
	}
	var bdb *bolt.DB
	err := guarded(nil, "open "+path, func() (err error) {
		bdb, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.LockTimeout, ReadOnly: opts.ReadOnly})
		return err
	})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s is locked — stop the other bianmin (systemctl stop bianmin) or use another --data directory", ErrLocked, path)
		}
		if errors.Is(err, ErrDamaged) {
			return nil, err
		}
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db := &DB{bolt: bdb, dataDir: dataDir, opts: opts}
	db.health.h = Health{State: StateUnchecked, Since: time.Now()}
	if opts.ReadOnly {
		return db, nil
	}
	db.space = newSpaceGuard(dataDir, opts.Reserve, opts.MinFree)
	if err := guarded(db, "open", db.init); err != nil {
		bdb.Close()
		return nil, err
	}
	if err := db.migrate(); err != nil {
		bdb.Close()
		return nil, err
	}
	if err := writeMarker(dataDir, time.Now()); err != nil {
		opts.Logger.Warn("could not write the data directory's marker", "err", err)
	}
	return db, nil
}

// quickCheckUnlocked runs QuickCheck on the database file at path (when
// there is one) under a shared lock, so that a file another process is
// writing is reported as locked, not read half-written and called damaged.
func quickCheckUnlocked(path string, timeout time.Duration) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close() // releases the shared lock before bbolt takes its own
	for deadline := time.Now().Add(timeout); ; time.Sleep(50 * time.Millisecond) {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) || time.Now().After(deadline) {
			return fmt.Errorf("%w: %s is locked — stop the other bianmin (systemctl stop bianmin) or use another --data directory", ErrLocked, path)
		}
	}
	return quickCheckFile(f, path)
}

// Close closes the database file.
func (db *DB) Close() error { return db.bolt.Close() }

// Path is the database file's path.
func (db *DB) Path() string { return db.bolt.Path() }

// DataDir is the directory that holds the database and its backups.
func (db *DB) DataDir() string { return db.dataDir }

// Now is the store's clock.
func (db *DB) Now() time.Time { return db.opts.Now() }

// Location is the center's time zone (Options.Location).
func (db *DB) Location() *time.Location { return db.opts.Location }

// Bucket names owned by the store itself.
const (
	bucketMeta   = "meta"
	bucketAudit  = "audit"
	bucketOutbox = "outbox"
)

// init creates the store's own buckets in a new database. An existing one
// has them, and is only read: a write transaction commits (two fsyncs)
// even when it changes nothing, which on an SD card is most of a restart.
func (db *DB) init() error {
	own := []string{bucketMeta, bucketAudit, bucketOutbox, bucketAuditByTime, bucketAuditByActor, bucketAuditByAction}
	missing := false
	if err := db.bolt.View(func(btx *bolt.Tx) error {
		for _, name := range own {
			missing = missing || btx.Bucket([]byte(name)) == nil
		}
		missing = missing || btx.Bucket([]byte(bucketMeta)).Get([]byte(metaAuditIndexed)) == nil
		return nil
	}); err != nil || !missing {
		return err
	}
	return db.bolt.Update(func(btx *bolt.Tx) error {
		for _, name := range own {
			if _, err := btx.CreateBucketIfNotExists([]byte(name)); err != nil {
				return err
			}
		}
		return initAuditIndex(btx)
	})
}

// Tx is one bbolt transaction with the acting user attached, so that audit
// entries written through it name who did what.
type Tx struct {
	btx   *bolt.Tx
	db    *DB
	actor string
}

// Update runs fn in one read-write transaction committed to disk before
// Update returns. actor names the user (or "system", "device:fingerprint")
// recorded in audit entries appended through tx.Audit.
//
// A damaged store refuses every write (ErrDamaged); below the free-space
// floor an ordinary write is refused (ErrDiskFull) before it starts.
func (db *DB) Update(actor string, fn func(tx *Tx) error) error {
	if db.health.damaged() {
		return damagedErr("writes are refused: " + db.health.get().Reason)
	}
	if err := db.space.ordinary(); err != nil {
		return err
	}
	err := db.update(actor, fn)
	if noSpace(err) {
		return diskFullErr(err.Error())
	}
	return err
}

// UpdateEssential is Update for the writes the hall cannot do without when
// the storage fills up — a punch at the fingerprint clock, a login — and
// is refused only when the store is damaged. It skips the free-space floor
// and, when the file system is out of space, releases the reserve file and
// tries once more (space.go).
func (db *DB) UpdateEssential(actor string, fn func(tx *Tx) error) error {
	if db.health.damaged() {
		return damagedErr("writes are refused: " + db.health.get().Reason)
	}
	err := db.update(actor, fn)
	if noSpace(err) && db.space.release() {
		db.opts.Logger.Warn("out of disk space: the reserve was released so that punches go on", "dir", db.dataDir)
		err = db.update(actor, fn)
	}
	if noSpace(err) {
		return diskFullErr(err.Error())
	}
	return err
}

// UpdateBulk is Update for one step of a long run of writes (a chunk of a
// big import): it first waits for a backup copy in progress to finish.
// The copy's read transaction holds bbolt's memory map, so a write that
// grows the file past the map would wait for the copy with every other
// writer queued behind it; bulk writes are what grow the file, so they
// give way, and a punch (a few pages) goes on between them.
func (db *DB) UpdateBulk(actor string, fn func(tx *Tx) error) error {
	db.snap.Lock()
	db.snap.Unlock() // only waiting for a copy to finish; nothing is held
	return db.Update(actor, fn)
}

// update runs one write transaction under the fault guard.
func (db *DB) update(actor string, fn func(tx *Tx) error) error {
	return guarded(db, "write", func() error {
		return db.bolt.Update(func(btx *bolt.Tx) error {
			return fn(&Tx{btx: btx, db: db, actor: actor})
		})
	})
}

// View runs fn in a read-only transaction. A damaged page met on the way
// returns ErrDamaged (and marks the store damaged) instead of crashing.
func (db *DB) View(fn func(tx *Tx) error) error {
	return guarded(db, "read", func() error {
		return db.bolt.View(func(btx *bolt.Tx) error {
			return fn(&Tx{btx: btx, db: db})
		})
	})
}

// Actor is the user the transaction acts for.
func (tx *Tx) Actor() string { return tx.actor }

// Now is the store's clock.
func (tx *Tx) Now() time.Time { return tx.db.opts.Now() }

// DateLayout is how civil dates are written in records and keys.
const DateLayout = "2006-01-02"

// Location is the center's time zone (Options.Location).
func (tx *Tx) Location() *time.Location { return tx.db.opts.Location }

// DateOf is the civil date ("2026-03-02") of t in the center's time zone.
func (tx *Tx) DateOf(t time.Time) string { return t.In(tx.db.opts.Location).Format(DateLayout) }

// Today is the civil date of the store's clock in the center's time zone:
// the day records such as a staff member's end date are compared with.
func (tx *Tx) Today() string { return tx.DateOf(tx.Now()) }

// Bolt exposes the underlying bbolt transaction for cursors and nested
// buckets. Prefer the typed helpers.
func (tx *Tx) Bolt() *bolt.Tx { return tx.btx }

// Bucket returns the named top-level bucket; in a write transaction it is
// created when missing, in a read transaction it may be nil.
func (tx *Tx) Bucket(name string) (*bolt.Bucket, error) {
	if tx.btx.Writable() {
		return tx.btx.CreateBucketIfNotExists([]byte(name))
	}
	return tx.btx.Bucket([]byte(name)), nil
}

// Put stores v as JSON under key in bucket.
func (tx *Tx) Put(bucket string, key []byte, v any) error {
	b, err := tx.Bucket(bucket)
	if err != nil {
		return err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s/%x: %w", bucket, key, err)
	}
	return b.Put(key, data)
}

// Get decodes the JSON under key in bucket into v. It returns ErrNotFound
// when the key (or bucket) is absent.
func (tx *Tx) Get(bucket string, key []byte, v any) error {
	b, err := tx.Bucket(bucket)
	if err != nil {
		return err
	}
	if b == nil {
		return ErrNotFound
	}
	data := b.Get(key)
	if data == nil {
		return ErrNotFound
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode %s/%x: %w", bucket, key, err)
	}
	return nil
}

// Delete removes key from bucket; absent keys are not an error.
func (tx *Tx) Delete(bucket string, key []byte) error {
	b, err := tx.Bucket(bucket)
	if err != nil || b == nil {
		return err
	}
	return b.Delete(key)
}

// ForEach calls fn for every key in bucket in key order.
func (tx *Tx) ForEach(bucket string, fn func(k, v []byte) error) error {
	b, err := tx.Bucket(bucket)
	if err != nil || b == nil {
		return err
	}
	return b.ForEach(fn)
}

// NextID returns the bucket's next sequence number (1, 2, …).
func (tx *Tx) NextID(bucket string) (uint64, error) {
	b, err := tx.Bucket(bucket)
	if err != nil {
		return 0, err
	}
	return b.NextSequence()
}

// Count returns the number of keys in bucket.
func (tx *Tx) Count(bucket string) int {
	b, _ := tx.Bucket(bucket)
	if b == nil {
		return 0
	}
	return b.Stats().KeyN
}

// IDKey encodes id as an 8-byte big-endian key so that keys sort by id.
func IDKey(id uint64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, id)
	return k
}

// KeyID decodes a key made by IDKey.
func KeyID(k []byte) uint64 {
	if len(k) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k)
}

// GetAs is the typed form of Tx.Get.
func GetAs[T any](tx *Tx, bucket string, key []byte) (T, error) {
	var v T
	err := tx.Get(bucket, key, &v)
	return v, err
}

// All decodes every value in bucket, in key order.
func All[T any](tx *Tx, bucket string) ([]T, error) {
	var out []T
	err := tx.ForEach(bucket, func(k, data []byte) error {
		var v T
		if err := json.Unmarshal(data, &v); err != nil {
			return fmt.Errorf("decode %s/%x: %w", bucket, k, err)
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// The years records may be dated in. Domain keys hold instants as uint64
// nanoseconds since 1970 (big-endian, so that they sort), which a date
// before 1970 (negative) or after 2262 (overflow) would scramble; dates a
// person types or a file carries are held to MinRecordYear..MaxRecordYear
// so that a typo like 1900-01-01 or 0206-03-02 is refused with a clear
// message instead of being stored out of order.
const (
	MinRecordYear = 2000
	MaxRecordYear = 2099
)

// RecordDateOK reports whether t's year (in t's location) lies in
// MinRecordYear..MaxRecordYear.
func RecordDateOK(t time.Time) bool {
	y := t.Year()
	return y >= MinRecordYear && y <= MaxRecordYear
}

// TimeKeyOK reports whether t can be encoded as a uint64 nanosecond key:
// not before 1970-01-01 UTC and not past what int64 nanoseconds hold.
func TimeKeyOK(t time.Time) bool {
	return !t.Before(time.Unix(0, 0)) && t.Before(time.Unix(0, math.MaxInt64))
}
