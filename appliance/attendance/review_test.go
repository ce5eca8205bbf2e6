package attendance

import (
	"errors"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/center"
	"bianmin/appliance/civil"
	"bianmin/appliance/store"
)

// TestReviewDateRange: dates people type or files carry are held to
// 2000..2099. Before, a manual punch, an imported line, a remedy, an
// off-post record or an objection dated 1900 was stored under a key made
// from its negative UnixNano (a huge uint64: it sorted after every real
// record and no month ever found it), and an errand in 2300 overflowed.
func TestReviewDateRange(t *testing.T) {
	f, rs := newRecords(t) // now 2026-03-02 18:00

	_, _, err := f.svc.Record("office", Punch{StaffID: f.wang.ID, Time: at("1900-03-02", "08:30:00"), Source: SourceManual, Reason: "补录"})
	if !errors.Is(err, ErrTimeOutOfRange) {
		t.Errorf("manual punch in 1900: %v, want ErrTimeOutOfRange", err)
	}
	_, _, err = f.svc.Record("device:fingerprint", Punch{StaffID: f.wang.ID, Time: time.Date(1969, 12, 31, 23, 0, 0, 0, time.UTC), Source: SourceFingerprint, Quality: TimeUnsure})
	if !errors.Is(err, ErrTimeOutOfRange) {
		t.Errorf("fingerprint punch before 1970 (the key cannot hold it): %v, want ErrTimeOutOfRange", err)
	}
	// A fingerprint punch from a box whose clock is wrong but encodable is
	// flagged, never refused.
	if p, _, err := f.svc.Record("device:fingerprint", Punch{StaffID: f.wang.ID, Time: time.Date(1999, 12, 31, 8, 0, 0, 0, shanghai), Source: SourceFingerprint, Quality: TimeUnsure}); err != nil || !p.Flagged() {
		t.Errorf("unsure fingerprint punch of 1999: %+v %v; want it stored and flagged", p, err)
	}

	res, err := ImportPunches(f.db, "cli", strings.NewReader("staff_no,time\nQS001,1900-03-02 08:25:00\nQS001,2026-03-02 08:25:00\n"), PunchImportOptions{Name: "p.csv", Location: shanghai})
	if !errors.Is(err, ErrPunchImportRejected) || len(res.Errors) != 1 || res.Errors[0].Line != 2 || res.Errors[0].Key != keyDateRange {
		t.Errorf("import with a 1900 line: %+v %v; want line 2 refused with %s", res, err, keyDateRange)
	} else if v := res.Errors[0].Args["Value"]; v != "1900-03-02 08:25:00" {
		t.Errorf("import problem names %v, want the time as read", v)
	}

	// Dates typed into a form are read by appliance/civil, which names the
	// range.
	if _, err := rs.RequestRemedy("staff:wang", Remedy{StaffID: f.wang.ID, Date: "1900-01-01", Point: "morning_in", Reason: "x"}); problemKey(err) != civil.KeyOutOfRange {
		t.Errorf("remedy for 1900-01-01: %v, want %s", err, civil.KeyOutOfRange)
	}
	if _, err := rs.RequestRemedy("staff:wang", Remedy{StaffID: f.wang.ID, Date: "0206-03-02", Point: "morning_in", Reason: "x"}); problemKey(err) != civil.KeyOutOfRange {
		t.Errorf("remedy for year 206: %v, want %s", err, civil.KeyOutOfRange)
	}
	if _, err := rs.RecordOffPost("inspector", OffPostRecord{StaffID: f.wang.ID, Start: at("1900-03-02", "09:00:00"), Minutes: 30}); problemKey(err) != keyDateRange {
		t.Errorf("off-post in 1900: %v, want %s", err, keyDateRange)
	}
	if _, err := rs.RegisterErrand("office", Errand{StaffID: f.wang.ID, Start: at("2300-03-02", "09:00:00"), End: at("2300-03-02", "10:00:00"), Reason: "x"}); problemKey(err) != keyDateRange {
		t.Errorf("errand in 2300: %v, want %s", err, keyDateRange)
	}
	n := NoticeRef{ID: 1, PublishedAt: at("2026-03-02", "09:00:00"), WeekStart: "1900-01-01"}
	if _, err := rs.FileObjection("staff:wang", Objection{StaffID: f.wang.ID, Notice: n, Date: "1900-01-02", Point: "morning_in", Reason: "x"}); problemKey(err) != civil.KeyOutOfRange {
		t.Errorf("objection about 1900-01-02: %v, want %s", err, civil.KeyOutOfRange)
	}
	if got, _ := rs.Remedies(f.wang.ID, "1900-01-01", "2100-01-01"); len(got) != 0 {
		t.Errorf("remedies stored: %+v", got)
	}
}

// TestReviewPunchNeverOverwritten: RecordTx with a window ≤ 0 (a caller's
// mistake) used to Put a second punch at the very instant of a stored one
// over it; now it is the stored punch, reported as a duplicate.
func TestReviewPunchNeverOverwritten(t *testing.T) {
	f := newFixture(t)
	when := at("2026-03-02", "08:25:10")
	first, _, err := f.svc.Record("device:fingerprint", Punch{StaffID: f.wang.ID, Time: when, Source: SourceFingerprint, Quality: TimeSynced, Score: 120})
	if err != nil {
		t.Fatal(err)
	}
	var again Punch
	var dup bool
	err = f.db.Update("office", func(tx *store.Tx) error {
		var err error
		again, dup, err = RecordTx(tx, Punch{StaffID: f.wang.ID, Time: when, Source: SourceManual, Reason: "改时间"}, -time.Second)
		return err
	})
	if err != nil || !dup || again.ID != first.ID {
		t.Fatalf("second punch at the same instant: %+v dup=%v err=%v; want the first, dup", again, dup, err)
	}
	got, _ := f.svc.Punches(f.wang.ID, when, when.Add(time.Second))
	if len(got) != 1 || got[0].ID != first.ID || got[0].Source != SourceFingerprint || got[0].Score != 120 {
		t.Fatalf("stored punch: %+v; want the fingerprint punch unchanged", got)
	}
}

// TestReviewRangeEnds: every range read is from ≤ t < to.
func TestReviewRangeEnds(t *testing.T) {
	f, rs := newRecords(t)
	for _, hm := range []string{"00:00:00", "23:59:59"} {
		if _, _, err := f.svc.Record("device:fingerprint", Punch{StaffID: f.wang.ID, Time: at("2026-03-01", hm), Source: SourceFingerprint, Quality: TimeSynced}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := f.svc.Record("device:fingerprint", Punch{StaffID: f.wang.ID, Time: at("2026-03-02", "00:00:00"), Source: SourceFingerprint, Quality: TimeSynced}); err != nil {
		t.Fatal(err)
	}
	day, next := at("2026-03-01", "00:00:00"), at("2026-03-02", "00:00:00")
	if got, _ := f.svc.Punches(f.wang.ID, day, next); len(got) != 2 {
		t.Errorf("Punches of 1 March: %d, want 2 (00:00:00 in, next midnight out)", len(got))
	}
	if got, _ := f.svc.Between(day, next, 0); len(got) != 2 {
		t.Errorf("Between of 1 March: %d, want 2", len(got))
	}
	if err := center.New(f.db).Update("office", center.Settings{Name: "中心", GoLive: "2026-02-02"}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"2026-02-26", "2026-02-27", "2026-03-02"} {
		if _, err := rs.RequestRemedy("staff:wang", Remedy{StaffID: f.wang.ID, Date: d, Point: "morning_in", Reason: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := rs.Remedies(f.wang.ID, "2026-02-27", "2026-03-02"); len(got) != 1 || got[0].Date != "2026-02-27" {
		t.Errorf("remedies of 27 February: %+v", got)
	}
}
