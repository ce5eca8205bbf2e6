package attendance

import (
	"testing"
	"time"
)

// TestRegisterErrand: regulation 003 "确因工作原因,需提前回单位交换文件的,应提前
// 向…督查科备案" and "因事外出,应提前向政务服务中心记录备查,不进行备案的记为
// 脱岗" — an errand is registered in advance, with reason and time span.
func TestRegisterErrand(t *testing.T) {
	f, rs := newRecords(t) // now 2026-03-02 18:00
	cases := []struct {
		name       string
		start, end time.Time
		reason     string
		want       string
	}{
		{"tomorrow morning, back to the unit with files", at("2026-03-03", "09:00:00"), at("2026-03-03", "10:30:00"), "回单位交换文件", ""},
		{"starting this minute counts as in advance", at("2026-03-02", "18:00:00"), at("2026-03-02", "18:30:00"), "送件", ""},
		{"already started: not in advance", at("2026-03-02", "17:59:00"), at("2026-03-02", "18:30:00"), "送件", keyErrandPast},
		{"ends before it starts", at("2026-03-04", "10:00:00"), at("2026-03-04", "09:00:00"), "x", keyErrandSpan},
		{"longer than 12 hours is leave", at("2026-03-04", "06:00:00"), at("2026-03-04", "18:01:00"), "x", keyErrandSpan},
		{"no reason", at("2026-03-04", "09:00:00"), at("2026-03-04", "10:00:00"), "", keyReasonRequired},
		{"overlaps the first", at("2026-03-03", "10:00:00"), at("2026-03-03", "11:00:00"), "x", keyErrandOverlap},
		{"right after the first", at("2026-03-03", "10:30:00"), at("2026-03-03", "11:00:00"), "x", ""},
	}
	for _, tc := range cases {
		e, err := rs.RegisterErrand("office", Errand{StaffID: f.wang.ID, Start: tc.start, End: tc.end, Reason: tc.reason})
		if k := problemKey(err); k != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		if err == nil && (e.Status != StatusApproved || e.RegisteredBy != "office") {
			t.Errorf("%s: %+v, want approved by the office", tc.name, e)
		}
	}
	got, err := rs.Errands(f.wang.ID, at("2026-03-03", "00:00:00"), at("2026-03-04", "00:00:00"))
	if err != nil || len(got) != 2 {
		t.Fatalf("errands on 3 March: %+v %v", got, err)
	}
	if c := got[0].Cover(); c.Kind != CoverErrand || !c.Start.Equal(at("2026-03-03", "09:00:00")) || !c.End.Equal(at("2026-03-03", "10:30:00")) {
		t.Errorf("cover: %+v", c)
	}
	checkTrail(t, f.db, "errand.register")
}

// TestRecordOffPost: regulation 004 五、4 "业务督查科…每天不定期巡查上班情况,
// 发现问题及时登记备案" — the inspector records staff, start, duration or end,
// and a note.
func TestRecordOffPost(t *testing.T) {
	f, rs := newRecords(t)
	cases := []struct {
		name    string
		r       OffPostRecord
		want    string
		minutes int
	}{
		{"150 minutes from 09:00", OffPostRecord{StaffID: f.wang.ID, Start: at("2026-03-02", "09:00:00"), Minutes: 150, Note: "巡查未在岗"}, "", 150},
		{"given by its end", OffPostRecord{StaffID: f.wang.ID, Start: at("2026-03-02", "15:00:00"), End: at("2026-03-02", "15:40:00")}, "", 40},
		{"in the future", OffPostRecord{StaffID: f.wang.ID, Start: at("2026-03-02", "18:30:00"), Minutes: 10}, keyOffPostFuture, 0},
		{"no duration", OffPostRecord{StaffID: f.wang.ID, Start: at("2026-03-02", "10:00:00")}, keyOffPostDuration, 0},
		{"inactive staff", OffPostRecord{StaffID: f.retired.ID, Start: at("2026-03-02", "10:00:00"), Minutes: 5}, keyStaffInactive, 0},
	}
	for _, tc := range cases {
		r, err := rs.RecordOffPost("inspector:li", tc.r)
		if k := problemKey(err); k != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		if err == nil && (r.Minutes != tc.minutes || r.Event().Duration != time.Duration(tc.minutes)*time.Minute || r.RecordedBy != "inspector:li") {
			t.Errorf("%s: %+v", tc.name, r)
		}
	}
	got, _ := rs.OffPost(f.wang.ID, at("2026-03-02", "00:00:00"), at("2026-03-03", "00:00:00"))
	if len(got) != 2 {
		t.Fatalf("off-post records: %+v", got)
	}
	checkTrail(t, f.db, "offpost.record")
}
