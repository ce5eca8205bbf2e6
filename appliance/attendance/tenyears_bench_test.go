package attendance

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Ten years of a 60-person hall: 60 staff punching four times every
// working day (Monday to Friday) from 2016 to 2025 — about 626,000 punches,
// each with its index, audit and outbox entries, none uploaded (the
// worst case). Made once through RecordTx and kept in the system's
// temporary directory (BIANMIN_BENCH_TENYEARS names another place), since
// writing it takes minutes.
const tenYearsStaff = 60

func tenYearsDir(b *testing.B) string {
	b.Helper()
	dir := os.Getenv("BIANMIN_BENCH_TENYEARS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "bianmin-bench-tenyears-v2")
	}
	if _, err := os.Stat(filepath.Join(dir, "complete")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	start := time.Now()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	reg := staff.New(db)
	u, err := reg.CreateUnit("bench", staff.Unit{Name: "基准单位", Active: true})
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]uint64, tenYearsStaff)
	for i := range ids {
		s, err := reg.CreateStaff("bench", staff.Staff{StaffNo: fmt.Sprintf("B%03d", i+1), Name: fmt.Sprintf("基准%d", i+1),
			UnitID: u.ID, Post: staff.PostA, Position: staff.PositionStaff, StartDate: "2015-12-01"})
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = s.ID
	}
	loc := time.FixedZone("CST", 8*3600)
	marks := []time.Duration{8*time.Hour + 25*time.Minute, 12*time.Hour + 2*time.Minute, 14*time.Hour + 24*time.Minute, 18*time.Hour + 4*time.Minute}
	n := 0
	for d := time.Date(2016, 1, 1, 0, 0, 0, 0, loc); d.Year() < 2026; d = d.AddDate(0, 0, 7) {
		// One transaction per week: 60 × 4 × 5 punches.
		err := db.Update("device:bench", func(tx *store.Tx) error {
			for day := d; day.Before(d.AddDate(0, 0, 7)) && day.Year() < 2026; day = day.AddDate(0, 0, 1) {
				if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
					continue
				}
				for i, id := range ids {
					for j, m := range marks {
						at := day.Add(m + time.Duration((i*7+j*13+day.Day())%9)*time.Minute)
						p := Punch{StaffID: id, Time: at, Source: SourceFingerprint, Quality: TimeSynced, Ref: "fingerprint"}
						if _, _, err := RecordTx(tx, p, DefaultDedupeWindow); err != nil {
							return err
						}
						n++
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "complete"), []byte(fmt.Sprintln(n, "punches")), 0o600); err != nil {
		b.Fatal(err)
	}
	b.Logf("made ten years of punches (%d) in %s in %v", n, dir, time.Since(start).Round(time.Second))
	return dir
}

// BenchmarkStoreTenYears measures, on ten years of data, what the store's
// damage checks cost: the quick check every start does, the full
// structure check (run in the background after start, before backups and
// restores), and a backup snapshot (copy and check). Each reports the
// file's size.
func BenchmarkStoreTenYears(b *testing.B) {
	dir := tenYearsDir(b)
	path := filepath.Join(dir, store.FileName)
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	mb := float64(info.Size()) / (1 << 20)
	b.Run("QuickCheck", func(b *testing.B) {
		for b.Loop() {
			if err := store.QuickCheck(path); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(mb, "MB")
	})
	b.Run("OpenClose", func(b *testing.B) {
		for b.Loop() {
			db, err := store.Open(dir, store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
		}
	})
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.Run("FullCheck", func(b *testing.B) {
		for b.Loop() {
			if err := db.FullCheck(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(mb, "MB")
	})
	b.Run("Snapshot", func(b *testing.B) {
		for b.Loop() {
			snap, err := db.Snapshot(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, snap); err != nil {
				b.Fatal(err)
			}
			snap.Close()
		}
		b.ReportMetric(mb, "MB")
	})
}
