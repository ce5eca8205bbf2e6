package store

// The store's health: a damaged file is a state the appliance shows, not a
// crash. bbolt reads pages straight out of a memory map, so a page that was
// zeroed, cut off or unreadable on the SD card shows up as a panic inside
// bbolt ("invalid page type", "invalid freelist page") or as a memory fault
// (SIGBUS, SIGSEGV) in whatever goroutine touched the page. Every
// transaction runs with debug.SetPanicOnFault and a recover: a fault, or a
// panic raised inside bbolt, marks the store damaged and returns ErrDamaged
// to the caller. A damaged store refuses writes (they could only spread the
// damage); reads are still tried, since most pages of a damaged file are
// usually fine, and a read that hits damage fails the same way.

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"bianmin/appliance/problem"
)

// Health is the store's state as the 设备 page shows it.
type Health struct {
	State State
	// Reason says what was found (technical, for the technician and logs).
	Reason string
	// Since is when the store entered State (the process's clock, not the
	// store's: these are facts about this run, and a test's clock is left
	// to the records).
	Since time.Time
	// Checked is when the last full structure check finished; CheckTook
	// how long it took. Zero before the first one.
	Checked   time.Time
	CheckTook time.Duration
}

// State is the store's condition.
type State string

// States of the store.
const (
	StateUnchecked State = "unchecked" // opened; the full structure check has not finished yet
	StateOK        State = "ok"        // the last full structure check found nothing
	StateDamaged   State = "damaged"   // a check or a transaction found damage: writes are refused
)

// ErrDamaged is returned (wrapped, with the problem store.err.damaged)
// when the database file is damaged: by Open, by every write of a store
// found damaged, and by a transaction that hit a damaged page.
var ErrDamaged = errors.New("the database file is damaged — restore a backup (bianmin restore FILE)")

// The problem keys of the store's refusals (embedded/locales/store.*.json).
const (
	KeyDamaged  = "store.err.damaged"
	KeyDiskFull = "store.err.disk_full"
	KeyBusy     = "store.err.backup_busy"
)

// damageError is ErrDamaged with what was found; it carries the problem
// store.err.damaged for pages and the command line.
type damageError struct{ detail string }

func (e *damageError) Error() string { return ErrDamaged.Error() + ": " + e.detail }
func (e *damageError) Unwrap() []error {
	return []error{ErrDamaged, problem.New("", KeyDamaged, "Detail", problem.Bound(e.detail))}
}

// damagedErr wraps ErrDamaged and its problem with what was found.
func damagedErr(detail string) error { return &damageError{detail: detail} }

// DamageDetail is what was found wrong, from an error wrapping ErrDamaged
// (its whole text otherwise).
func DamageDetail(err error) string {
	var d *damageError
	if errors.As(err, &d) {
		return d.detail
	}
	return err.Error()
}

// health guards the store's state.
type health struct {
	mu sync.Mutex
	h  Health
}

func (s *health) get() Health {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.h
}

func (s *health) damaged() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.h.State == StateDamaged
}

// Health returns the store's state.
func (db *DB) Health() Health { return db.health.get() }

// MarkDamaged puts the store in the damaged state (the first reason
// found is kept).
func (db *DB) MarkDamaged(reason string) {
	db.health.mu.Lock()
	first := db.health.h.State != StateDamaged
	if first {
		db.health.h.State, db.health.h.Reason, db.health.h.Since = StateDamaged, reason, time.Now()
	}
	db.health.mu.Unlock()
	if first {
		db.opts.Logger.Error("the database is damaged: writes are refused until a backup is restored", "reason", reason, "file", db.Path())
	}
}

// checked records a full structure check's outcome.
func (db *DB) checked(err error, took time.Duration) {
	if err != nil {
		db.MarkDamaged(DamageDetail(err))
	}
	db.health.mu.Lock()
	defer db.health.mu.Unlock()
	db.health.h.Checked, db.health.h.CheckTook = time.Now(), took
	if err == nil && db.health.h.State == StateUnchecked {
		db.health.h.State, db.health.h.Since = StateOK, time.Now()
	}
}

// guarded runs fn with memory faults turned into panics and converts a
// fault, or a panic raised inside bbolt, into ErrDamaged (marking db
// damaged when db is not nil). Any other panic — a bug in the caller's
// function — goes on up as it was.
func guarded(db *DB, what string, fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		reason, ok := damageOf(r)
		if !ok {
			panic(r)
		}
		if db != nil {
			db.MarkDamaged(what + ": " + reason)
		}
		err = damagedErr(what + ": " + reason)
	}()
	return fn()
}

// damageOf tells a panic that means a damaged file from any other: a
// memory fault at a real address (a page of the map the file no longer
// backs, or an unreadable sector), or a panic whose first frame outside
// the runtime is bbolt's own (its consistency checks).
func damageOf(r any) (string, bool) {
	if f, ok := r.(interface{ Addr() uintptr }); ok && f.Addr() >= 0x1000 {
		return fmt.Sprintf("memory fault reading the file at %#x (%v)", f.Addr(), r), true
	}
	if fromBolt() {
		return fmt.Sprint(r), true
	}
	return "", false
}

// fromBolt reports whether the panic being recovered was raised in bbolt:
// the stack above runtime.gopanic, skipping the runtime's own frames
// (index checks, sigpanic), starts in go.etcd.io/bbolt.
func fromBolt() bool {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	seenPanic := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			seenPanic = true
		case seenPanic && strings.HasPrefix(f.Function, "runtime."):
		case seenPanic:
			return strings.HasPrefix(f.Function, "go.etcd.io/bbolt")
		}
		if !more {
			return false
		}
	}
}
