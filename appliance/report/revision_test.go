package report_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/problem"
	"bianmin/appliance/report"
	"bianmin/appliance/store"
)

// TestPublishRevisions publishes the weekly notice, accepts an objection
// filed against it (regulation 004 五、8: within 2 days), and publishes
// again: revision 1 stays as it was, revision 2 has the correction, both
// stay readable, and each publication is audited and queued for the county.
func TestPublishRevisions(t *testing.T) {
	fx := newFixture(t)
	fx.march(t)
	fx.now = at("2026-03-09", "09:00")
	r1 := fx.build(t, report.Weekly, "2026-03-02")
	info1, err := report.Publish(fx.db, "office", r1, "")
	if err != nil {
		t.Fatal(err)
	}

	fx.now = at("2026-03-10", "10:00")
	rs := attendance.NewRecords(fx.db, shanghai, fx.cal)
	var ref attendance.NoticeRef
	err = fx.db.View(func(tx *store.Tx) error {
		info, ok, err := report.NoticeForWeek(tx, "2026-03-02")
		if !ok || info.ID != info1.ID {
			t.Errorf("notice for the week: %+v %v", info, ok)
		}
		ref, err = report.NoticeRefTx(tx, info1.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if ref.WeekStart != "2026-03-02" || !ref.PublishedAt.Equal(at("2026-03-09", "09:00")) {
		t.Errorf("notice ref: %+v", ref)
	}
	o, err := rs.FileObjection("staff:wang", attendance.Objection{StaffID: fx.wang.ID, Notice: ref, Date: "2026-03-03", Point: "morning_in", Reason: "指纹机排队"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rs.AcceptObjection("office", o.ID, attendance.Correction{}, ""); err != nil {
		t.Fatal(err)
	}
	r2 := fx.build(t, report.Weekly, "2026-03-02")
	info2, err := report.Publish(fx.db, "office", r2, "采纳王建国 3月3日 异议")
	if err != nil {
		t.Fatal(err)
	}
	old, err := report.Open(fx.db, info1.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := report.Open(fx.db, info2.ID)
	if err != nil {
		t.Fatal(err)
	}
	list, err := report.PeriodRevisions(fx.db, report.Weekly, "2026-03-02")
	if err != nil {
		t.Fatal(err)
	}
	checkAll(t, []check{
		{"revision 1", info1.Revision, 1},
		{"revision 2", info2.Revision, 2},
		{"published by", info2.PublishedBy, "office"},
		{"note", info2.Note, "采纳王建国 3月3日 异议"},
		{"revision 1 still has the late arrival", staffWeek(t, old.Report.Weekly, "QS001").Counts.Late, 1},
		{"revision 2 has the correction", staffWeek(t, cur.Report.Weekly, "QS001").Counts.Late, 0},
		{"revisions of the week", len(list), 2},
		{"publication time kept", old.PublishedAt.Equal(at("2026-03-09", "09:00")), true},
	})
	// The stored data is exactly what was published.
	want, _ := json.Marshal(r1)
	if string(old.Data) != string(want) {
		t.Errorf("revision 1 data changed:\n%s\nwant\n%s", old.Data, want)
	}
	entries, err := fx.db.AuditEntries("report/", 10)
	if err != nil || len(entries) != 2 || entries[0].Action != "report.publish" {
		t.Errorf("audit: %+v %v", entries, err)
	}
	pending, err := fx.db.OutboxPending(0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	uploads := 0
	for _, e := range pending {
		if e.Kind == "report" {
			uploads++
			if !strings.Contains(string(e.Payload), `"王建国"`) {
				t.Errorf("outbox report without the data: %.200s", e.Payload)
			}
		}
	}
	if uploads != 2 {
		t.Errorf("%d report uploads, want 2", uploads)
	}
	// A monthly summary is no weekly notice; unknown ids are not found.
	m, err := report.Publish(fx.db, "office", fx.build(t, report.Monthly, "2026-02"), "")
	if err != nil {
		t.Fatal(err)
	}
	err = fx.db.View(func(tx *store.Tx) error { _, err := report.NoticeRefTx(tx, m.ID); return err })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("notice ref of a monthly summary: %v", err)
	}
	if _, err := report.Open(fx.db, 999); !errors.Is(err, store.ErrNotFound) || !problem.Is(err, "report.err.not_found") {
		t.Errorf("open 999: %v", err)
	}
	all, err := report.ListRevisions(fx.db, report.Filter{Kinds: []report.Kind{report.Weekly}})
	if err != nil || len(all) != 2 || all[0].ID != info2.ID {
		t.Errorf("weekly revisions newest first: %+v %v", all, err)
	}
	// Since stops the walk at the first revision published before it: the
	// objection pages ask only for notices still open, or for one week's.
	recent, err := report.ListRevisions(fx.db, report.Filter{Kinds: []report.Kind{report.Weekly}, Since: info2.PublishedAt})
	if err != nil || len(recent) != 1 || recent[0].ID != info2.ID {
		t.Errorf("weekly revisions since the second: %+v %v", recent, err)
	}
	if none, _ := report.ListRevisions(fx.db, report.Filter{Since: info2.PublishedAt.Add(time.Second)}); len(none) != 0 {
		t.Errorf("revisions after the last: %+v", none)
	}
}
