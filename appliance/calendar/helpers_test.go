package calendar

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"bianmin/appliance/locale"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

// Notices the tests cite by number.
const (
	notice2025 = "国办发明电〔2024〕12号" // 2025 arrangement, 12 Nov 2024
	notice2026 = "国办发明电〔2025〕7号"  // 2026 arrangement, 4 Nov 2025
	weeklyRule = "周一至周五工作（无通知）"
)

// cst is China Standard Time, the hall's zone.
var cst = time.FixedZone("CST", 8*3600)

// shipped is the embedded directory as the binary embeds it.
func shipped() fs.FS { return os.DirFS(filepath.Join("..", "..", "embedded")) }

// translator renders locale keys in lang through the shipped locale files.
func translator(t testing.TB, lang string) Translator {
	t.Helper()
	cat, err := locale.Load(shipped())
	if err != nil {
		t.Fatal(err)
	}
	return func(key string, args map[string]any) string { return cat.T(lang, key, args) }
}

// date is midnight of an ISO date in CST.
func date(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", s, cst)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func iso(t time.Time) string { return t.Format("2006-01-02") }

// openDB opens a fresh store in a temp dir with a fixed clock.
func openDB(t testing.TB) *store.DB {
	t.Helper()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, cst)
	db := storetest.Open(t, store.Options{Now: func() time.Time { return now }})
	return db
}

// newCal loads the shipped data over a fresh store.
func newCal(t testing.TB) (*Calendar, *store.DB) {
	t.Helper()
	db := openDB(t)
	c, err := Load(db, shipped(), cst)
	if err != nil {
		t.Fatal(err)
	}
	return c, db
}

// naiveAdd steps one day at a time: the reference AddWorkdays must match.
func naiveAdd(c *Calendar, from time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	d := from
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// naiveBetween counts day by day.
func naiveBetween(c *Calendar, from, to time.Time) int {
	n := 0
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		if c.IsWorkday(d) {
			n++
		}
	}
	return n
}
