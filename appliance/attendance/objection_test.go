package attendance

import (
	"testing"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// TestFileObjection: regulation 004 五、7–8 "考勤情况每周公示一次。对公示的考勤结果
// 有异议的,应在2日内提出,逾期视为无效异议" — the window runs from the notice's
// publication time.
func TestFileObjection(t *testing.T) {
	f, rs := newRecords(t) // now 2026-03-02 18:00
	op, err := rs.RecordOffPost("inspector:li", OffPostRecord{StaffID: f.wang.ID, Start: at("2026-02-26", "09:00:00"), Minutes: 130})
	if err != nil {
		t.Fatal(err)
	}
	week := "2026-02-23"
	notice := func(published string) NoticeRef {
		return NoticeRef{ID: 7, PublishedAt: at(published[:10], published[11:]), WeekStart: week}
	}
	cases := []struct {
		name string
		o    Objection
		want string
	}{
		{"published this morning", Objection{Notice: notice("2026-03-02 09:00:00"), Date: "2026-02-24", Point: "morning_in", Reason: "当天指纹机故障"}, ""},
		{"exactly two days after publication", Objection{Notice: notice("2026-02-28 18:00:00"), Date: "2026-02-25", Point: "morning_in", Reason: "x"}, ""},
		{"two days and a minute: void", Objection{Notice: notice("2026-02-28 17:59:00"), Date: "2026-02-25", Point: "morning_in", Reason: "x"}, keyObjectionLate},
		{"not yet published", Objection{Notice: notice("2026-03-02 18:30:00"), Date: "2026-02-25", Point: "morning_in", Reason: "x"}, keyObjectionEarly},
		{"a day outside the notice's week", Objection{Notice: notice("2026-03-02 09:00:00"), Date: "2026-03-02", Point: "morning_in", Reason: "x"}, keyObjectionWeek},
		{"about nothing", Objection{Notice: notice("2026-03-02 09:00:00"), Date: "2026-02-24", Reason: "x"}, keyObjectionSubject},
		{"a point the rules lack", Objection{Notice: notice("2026-03-02 09:00:00"), Date: "2026-02-24", Point: "noon_in", Reason: "x"}, keyPointInvalid},
		{"the off-post record of that day", Objection{Notice: notice("2026-03-02 09:00:00"), Date: "2026-02-26", OffPostID: op.ID, Reason: "已口头请假"}, ""},
		{"the off-post record on another day", Objection{Notice: notice("2026-03-02 09:00:00"), Date: "2026-02-27", OffPostID: op.ID, Reason: "x"}, keyOffPostNotThatDay},
		{"no reason", Objection{Notice: notice("2026-03-02 09:00:00"), Date: "2026-02-24", Point: "morning_out"}, keyReasonRequired},
	}
	for _, tc := range cases {
		tc.o.StaffID = f.wang.ID
		o, err := rs.FileObjection("staff:wang", tc.o)
		if k := problemKey(err); k != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		if err == nil && o.Status != StatusPending {
			t.Errorf("%s: %+v", tc.name, o)
		}
	}
	_, err = rs.FileObjection("staff:wang", Objection{StaffID: f.wang.ID, Notice: notice("2026-02-27 09:00:00"), Date: "2026-02-24", Point: "morning_in", Reason: "x"})
	if p, ok := problem.As(err); !ok || p.Key != keyObjectionLate || p.Args["Days"] != 2 || p.Args["Published"] != "2026-02-27 09:00" {
		t.Fatalf("late objection: %v, want the rule with its 2 days and the publication time", err)
	}
}

// TestResolveObjection: the office accepts with a correction, or rejects
// with a reason; once only.
func TestResolveObjection(t *testing.T) {
	f, rs := newRecords(t)
	op, _ := rs.RecordOffPost("inspector:li", OffPostRecord{StaffID: f.wang.ID, Start: at("2026-02-26", "09:00:00"), Minutes: 130})
	n := NoticeRef{ID: 7, PublishedAt: at("2026-03-02", "09:00:00"), WeekStart: "2026-02-23"}
	file := func(o Objection) Objection {
		t.Helper()
		o.StaffID, o.Notice, o.Reason = f.wang.ID, n, "有异议"
		out, err := rs.FileObjection("staff:wang", o)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	late := file(Objection{Date: "2026-02-24", Point: "morning_in"})
	off := file(Objection{Date: "2026-02-26", OffPostID: op.ID})
	other := file(Objection{Date: "2026-02-25", Point: "afternoon_out"})

	if _, err := rs.AcceptObjection("office", late.ID, Correction{}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.AcceptObjection("office", off.ID, Correction{}, "已核实为公务外出"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		do   func() error
		want string
	}{
		{"reject without reason", func() error { _, err := rs.RejectObjection("office", other.ID, ""); return err }, keyReasonRequired},
		{"accept with a bad kind", func() error {
			_, err := rs.AcceptObjection("office", other.ID, Correction{Kind: "erase"}, "")
			return err
		}, keyCorrectionKind},
		{"reject with reason", func() error { _, err := rs.RejectObjection("office", other.ID, "打卡记录无误"); return err }, ""},
		{"accept after rejection", func() error { _, err := rs.AcceptObjection("office", other.ID, Correction{}, ""); return err }, keyDecided},
		{"reject after acceptance", func() error { _, err := rs.RejectObjection("office", late.ID, "x"); return err }, keyDecided},
	}
	for _, tc := range cases {
		if err := tc.do(); problemKey(err) != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	var got []Correction
	err := f.db.View(func(tx *store.Tx) error {
		var err error
		got, err = CorrectionsTx(tx, f.wang.ID, "2026-02-01", "2026-03-01")
		return err
	})
	want := []Correction{{Date: "2026-02-24", Point: "morning_in", Kind: CorrectionOnTime}, {Date: "2026-02-26", Kind: CorrectionVoidOffPost, OffPostID: op.ID}}
	if err != nil || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("corrections = %+v %v, want %+v", got, err, want)
	}
	checkTrail(t, f.db, "objection.file", "objection.accept", "objection.reject")
}
