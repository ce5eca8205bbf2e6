package report

import (
	"testing"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// TestDraftsKeptAcrossRestart: a draft and its progress live in the
// store: a finished draft is still there after the store is closed and
// opened again (a restart), one running when the restart came is handed
// back to be built again, and only one draft runs at a time.
func TestDraftsKeptAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	loc := time.FixedZone("CST", 8*3600)
	q := QuarterOf(2025, 4, loc)
	d := NewDrafts(db)
	first, ok, err := d.Start(q, "office")
	if err != nil || !ok || !IsDraftID(first.ID) || first.Total != 3 {
		t.Fatalf("start: %+v %v %v", first, ok, err)
	}
	if busy, ok, _ := d.Start(MonthOf(2025, 12, loc), "office"); ok || busy.ID != first.ID {
		t.Fatalf("a second draft started while one runs: %+v", busy)
	}
	if err := d.Progress(first.ID, 2, 3); err != nil {
		t.Fatal(err)
	}
	r := &Report{Period: q}
	if err := d.Finish(first.ID, r, nil); err != nil {
		t.Fatal(err)
	}
	second, ok, err := d.Start(MonthOf(2025, 12, loc), "director")
	if err != nil || !ok {
		t.Fatalf("start after the first finished: %v %v", ok, err)
	}
	if err := d.Progress(second.ID, 0, 1); err != nil {
		t.Fatal(err)
	}
	db.Close() // the restart

	db, err = store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d = NewDrafts(db)
	got, ok, err := d.Get(first.ID)
	if err != nil || !ok || got.Running || got.Report == nil || got.Report.Period.Key != q.Key || got.Done != 2 {
		t.Fatalf("the finished draft after a restart: %+v %v %v", got, ok, err)
	}
	again, err := d.Interrupted()
	if err != nil || len(again) != 1 || again[0].ID != second.ID || again[0].Restarted != 1 {
		t.Fatalf("interrupted drafts: %+v %v", again, err)
	}
	failure := problem.New("period", "report.err.not_started", "Period", "2025-12")
	if err := d.Finish(second.ID, nil, failure); err != nil {
		t.Fatal(err)
	}
	list, err := d.List(time.Now())
	if err != nil || len(list) != 2 || list[0].ID != second.ID {
		t.Fatalf("list: %+v %v", list, err)
	}
	if f := list[0].Failure(); !problem.Is(f, "report.err.not_started") {
		t.Fatalf("failure kept as a problem: %v", f)
	}
	// A day later both are forgotten.
	if list, _ := d.List(time.Now().Add(DraftKeep + time.Hour)); len(list) != 0 {
		t.Fatalf("old drafts kept: %+v", list)
	}
	if _, ok, _ := d.Get(first.ID); ok {
		t.Fatal("an old draft was not forgotten")
	}
}

// TestDraftsPrune: beyond DraftMax the oldest finished drafts go; running
// ones always stay.
func TestDraftsPrune(t *testing.T) {
	now := time.Now()
	var all []Draft
	for i := range DraftMax + 5 {
		all = append(all, Draft{ID: DraftPrefix + string(rune('a'+i)), Ended: now.Add(-time.Duration(i) * time.Minute)})
	}
	all = append(all, Draft{ID: "d-run", Running: true})
	keep, drop := prune(all, now)
	if len(keep) != DraftMax || len(drop) != 6 || keep[0].ID != "d-run" {
		t.Fatalf("kept %d (first %s), dropped %d", len(keep), keep[0].ID, len(drop))
	}
	for _, x := range drop {
		if x.Running {
			t.Fatal("a running draft was dropped")
		}
	}
}
