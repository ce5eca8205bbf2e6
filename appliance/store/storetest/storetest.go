// Package storetest holds what the domain's tests share to stand up a
// store: a fresh one in the test's temporary directory, closed when the
// test ends, and moments written as the center's clock shows them. For
// tests only; it imports appliance/store and the standard library.
package storetest

import (
	"testing"
	"time"

	"bianmin/appliance/store"
)

// CST is the center's time zone in tests: China Standard Time, UTC+8, no
// daylight saving.
var CST = time.FixedZone("CST", 8*3600)

// At is a moment in CST written "2026-09-24 09:00"; it panics on any
// other form (a test's own constant).
func At(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, CST)
	if err != nil {
		panic(err)
	}
	return t
}

// Open opens a new store with opt in tb's temporary directory and closes
// it when tb ends; a store that does not open fails tb.
func Open(tb testing.TB, opt store.Options) *store.DB {
	tb.Helper()
	db, err := store.Open(tb.TempDir(), opt)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
