package intake

import (
	"strings"
	"testing"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

var deskCST = time.FixedZone("CST", 8*3600)

// deskFixture is a store with two windows, the clock movable.
type deskFixture struct {
	db      *store.DB
	desk    *FrontDesk
	now     *time.Time
	w1, w2  staff.Window
	closedW staff.Window
}

func newDeskFixture(t *testing.T) *deskFixture {
	t.Helper()
	now := time.Date(2026, 9, 24, 9, 0, 0, 0, deskCST)
	f := &deskFixture{now: &now}
	db := storetest.Open(t, store.Options{Now: func() time.Time { return *f.now }, Location: deskCST})
	f.db, f.desk = db, NewFrontDesk(db)
	reg := staff.New(db)
	u, err := reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(n int, name string, active bool) staff.Window {
		w, err := reg.CreateWindow("t", staff.Window{Number: n, Name: name, UnitID: u.ID, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		if !active {
			w.Active = false
			if w, err = reg.UpdateWindow("t", w); err != nil {
				t.Fatal(err)
			}
		}
		return w
	}
	f.w1, f.w2, f.closedW = mk(1, "民政", true), mk(2, "社保", true), mk(3, "旧窗口", false)
	return f
}

// TestRecordConsultation: every window keeps a consultation log
// (regulation 001 line 175 "各窗口须设立咨询记录簿"); phone and fax
// enquiries are logged with the caller's name and contact (001 line 162
// "来电来传人姓名、联系方式等登记在册"), a desk enquiry need not be.
func TestRecordConsultation(t *testing.T) {
	f := newDeskFixture(t)
	rows := []struct {
		name string
		c    Consultation
		key  string
	}{
		{"desk enquiry, no name (001:175)", Consultation{WindowID: f.w1.ID, Channel: ChannelDesk, Question: "低保怎么申请"}, ""},
		{"phone without caller (001:162)", Consultation{WindowID: f.w1.ID, Channel: ChannelPhone, Question: "医保"}, keyConsultRequired},
		{"fax without contact (001:162)", Consultation{WindowID: f.w1.ID, Channel: ChannelFax, CallerName: "李四", Question: "医保"}, keyConsultRequired},
		{"phone with name and contact (001:162)", Consultation{WindowID: f.w1.ID, Channel: ChannelPhone, CallerName: "李四", Contact: "13800001111", Question: "医保"}, ""},
		{"no question", Consultation{WindowID: f.w1.ID, Channel: ChannelDesk}, keyConsultRequired},
		{"window out of service", Consultation{WindowID: f.closedW.ID, Channel: ChannelDesk, Question: "x"}, keyConsultWindow},
		{"unknown channel", Consultation{WindowID: f.w1.ID, Channel: "mail", Question: "x"}, keyConsultChannel},
	}
	for _, r := range rows {
		c, err := f.desk.RecordConsultation("staff1", r.c)
		if r.key == "" {
			if err != nil {
				t.Errorf("%s: %v", r.name, err)
			} else if c.ID == 0 || c.RecordedBy != "staff1" || !c.At.Equal(*f.now) {
				t.Errorf("%s: stored %+v", r.name, c)
			}
			continue
		}
		if !problem.Is(err, r.key) {
			t.Errorf("%s: got %v, want %s", r.name, err, r.key)
		}
	}
	pg, err := f.desk.Consultations(ConsultationQuery{WindowID: f.w1.ID})
	if err != nil || pg.Total != 2 {
		t.Fatalf("window 1's log: %d rows, %v", pg.Total, err)
	}
}

// TestHandOff: 首问负责 — a question for another window is handed to it
// with the time (001 line 159 "直接指引到…相关窗口"), and the receiving
// window marks when it took it over.
func TestHandOff(t *testing.T) {
	f := newDeskFixture(t)
	c, err := f.desk.RecordConsultation("staff1", Consultation{WindowID: f.w1.ID, Channel: ChannelPhone, CallerName: "张三", Contact: "13912345678", Question: "养老保险转移"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.desk.HandOff("staff1", c.ID, f.w1.ID, ""); !problem.Is(err, keyHandoffSame) {
		t.Errorf("hand-off to the same window: %v", err)
	}
	if _, err := f.desk.TakeOver("staff2", c.ID); !problem.Is(err, keyHandoffNone) {
		t.Errorf("take-over without a hand-off: %v", err)
	}
	*f.now = f.now.Add(3 * time.Minute)
	c, err = f.desk.HandOff("staff1", c.ID, f.w2.ID, "社保窗口办理")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Pending() || !c.Handoffs[0].At.Equal(*f.now) || c.Handoffs[0].By != "staff1" {
		t.Errorf("hand-off recorded as %+v", c.Handoffs)
	}
	if w, err := f.desk.WaitingFor(f.w2.ID); err != nil || len(w) != 1 || w[0].ID != c.ID {
		t.Errorf("window 2 waits for %+v, %v", w, err)
	}
	*f.now = f.now.Add(2 * time.Minute)
	if c, err = f.desk.TakeOver("staff2", c.ID); err != nil || c.Pending() || c.Handoffs[0].TakenBy != "staff2" {
		t.Errorf("take-over: %+v, %v", c.Handoffs, err)
	}
	if _, err := f.desk.TakeOver("staff2", c.ID); !problem.Is(err, keyHandoffTaken) {
		t.Errorf("second take-over: %v", err)
	}
	if w, err := f.desk.WaitingFor(f.w2.ID); err != nil || len(w) != 0 {
		t.Errorf("window 2 still waits for %+v, %v", w, err)
	}
	all, err := f.desk.Consultations(ConsultationQuery{})
	if err != nil || all.Total != 1 || len(all.Rows[0].Handoffs) != 1 {
		t.Errorf("the log holds %+v, %v", all, err)
	}
	entries, err := f.db.AuditEntries("consultation/", 10)
	if err != nil || len(entries) != 3 {
		t.Errorf("audit: %d entries, %v", len(entries), err)
	}
	for _, e := range entries {
		if s := string(e.After); strings.Contains(s, "13912345678") {
			t.Errorf("the caller's contact went to the audit log: %s", s)
		}
	}
}
