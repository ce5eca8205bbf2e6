package leave

import (
	"strings"
	"testing"
	"time"
)

// TestMeasure: only scheduled working time inside the span counts, in
// halves of days (issue #11 item 1: "weekends and holidays inside a leave
// are not counted"; item 8: "a year without holiday data counts
// Monday–Friday and warns").
func TestMeasure(t *testing.T) {
	cases := []struct {
		start, end string
		minutes    int
		days       float64
		working    float64
		unknown    string
	}{
		{"2026-03-02 08:30", "2026-03-02 12:00", 210, 0.5, 0.5, ""},
		{"2026-03-02 08:30", "2026-03-02 18:00", 420, 1, 1, ""},
		{"2026-03-02 00:00", "2026-03-03 00:00", 420, 1, 1, ""},
		{"2026-03-02 09:00", "2026-03-02 10:00", 60, 1.0 / 7, 0.5, ""},
		{"2026-03-02 14:30", "2026-03-04 12:00", 840, 2, 2, ""},
		{"2026-03-06 08:30", "2026-03-09 18:00", 840, 2, 2, ""},     // Friday and Monday; the weekend not counted
		{"2026-04-03 08:30", "2026-04-07 18:00", 840, 2, 2, ""},     // Qingming Monday off
		{"2026-03-07 08:30", "2026-03-08 18:00", 0, 0, 0, ""},       // a weekend
		{"2026-03-02 10:00", "2026-03-03 16:00", 630, 1.5, 1.5, ""}, // 2 h + 3.5 h, then 3.5 h + 1.5 h
		{"2030-01-07 08:30", "2030-01-08 18:00", 840, 2, 2, "2030"},
	}
	for _, tc := range cases {
		l := Measure(sched, at(tc.start), at(tc.end))
		var unknown []string
		for _, y := range l.UnknownYears {
			unknown = append(unknown, time.Date(y, 1, 1, 0, 0, 0, 0, cst).Format("2006"))
		}
		if l.Minutes != tc.minutes || l.Days < tc.days-1e-5 || l.Days > tc.days+1e-5 || l.WorkingDays != tc.working || strings.Join(unknown, ",") != tc.unknown {
			t.Errorf("%s → %s: %+v, want %d min, %.4f days, %.1f working days, unknown %q", tc.start, tc.end, l, tc.minutes, tc.days, tc.working, tc.unknown)
		}
	}
}

// TestQuota: regulation 000 第二篇 七(二)9 (line 96) "窗口首席代表請假不得超過
// 5天或5次(以先到限額為準);窗口工作人員請假不得超過3天或3次(以先到限額為準),
// 窗口單位一周以上正常業務培訓學習(需附書面文件)、年休假、婚假、產假、探親假、
// 喪假等法定假除外"; pending and approved requests count (issue #11 item 8),
// rejected and withdrawn ones give their place back.
func TestQuota(t *testing.T) {
	type filing struct {
		start, end string
		typ        Type
		training   bool
		undo       string // "reject", "withdraw": after filing
	}
	half := func(day string) filing {
		return filing{start: "2026-03-" + day + " 08:30", end: "2026-03-" + day + " 12:00", typ: TypePersonal}
	}
	cases := []struct {
		name    string
		chief   bool
		before  []filing
		next    filing
		wantKey string
		cite    string
	}{
		{"staff: the 4th request is refused", false, []filing{half("02"), half("03"), half("04")}, half("05"), errQuotaStaff, "line 96: 3次"},
		{"staff: 3 requests are fine", false, []filing{half("02"), half("03")}, half("04"), "", "line 96"},
		{"staff: days reached before requests", false, []filing{{start: "2026-03-02 08:30", end: "2026-03-03 18:00", typ: TypePersonal}},
			filing{start: "2026-03-04 08:30", end: "2026-03-05 12:00", typ: TypeSick}, errQuotaStaff, "line 96: 3天, 以先到限額為準"},
		{"staff: exactly 3 days", false, []filing{{start: "2026-03-02 08:30", end: "2026-03-03 18:00", typ: TypePersonal}},
			filing{start: "2026-03-04 08:30", end: "2026-03-04 18:00", typ: TypePersonal}, "", "line 96: 不得超過3天"},
		{"staff: statutory leave the same month is accepted", false, []filing{half("02"), half("03"), half("04")},
			filing{start: "2026-03-09 08:30", end: "2026-03-13 18:00", typ: TypeAnnual}, "", "line 96: 年休假…等法定假除外"},
		{"staff: bereavement too", false, []filing{half("02"), half("03"), half("04")},
			filing{start: "2026-03-09 08:30", end: "2026-03-10 18:00", typ: TypeBereavement}, "", "line 96: 喪假"},
		{"staff: documented training of a week is exempt", false, []filing{half("02"), half("03"), half("04")},
			filing{start: "2026-03-09 08:30", end: "2026-03-13 18:00", typ: TypeOfficial, training: true}, "", "line 96: 一周以上…培訓學習(需附書面文件)"},
		{"staff: training of 2 days counts", false, []filing{half("02"), half("03"), half("04")},
			filing{start: "2026-03-09 08:30", end: "2026-03-10 18:00", typ: TypeOfficial, training: true}, errQuotaStaff, "line 96: 一周以上"},
		{"staff: official business counts", false, []filing{half("02"), half("03"), half("04")},
			filing{start: "2026-03-09 08:30", end: "2026-03-09 12:00", typ: TypeOfficial}, errQuotaStaff, "003 line 238: 因公務…按事假對待"},
		{"staff: a rejected request gives its place back", false, []filing{half("02"), half("03"), func() filing { f := half("04"); f.undo = "reject"; return f }()},
			half("05"), "", "issue #11: pending or approved count"},
		{"staff: a withdrawn one too", false, []filing{half("02"), half("03"), func() filing { f := half("04"); f.undo = "withdraw"; return f }()},
			half("05"), "", "issue #11"},
		{"staff: another month is another quota", false, []filing{half("02"), half("03"), half("04")},
			filing{start: "2026-04-01 08:30", end: "2026-04-01 12:00", typ: TypePersonal}, "", "line 96: 月度限額"},
		{"chief: 4 requests are fine", true, []filing{half("02"), half("03"), half("04")}, half("05"), "", "line 96: 首席代表…5次"},
		{"chief: the 6th is refused", true, []filing{half("02"), half("03"), half("04"), half("05"), half("06")}, half("09"), errQuotaChief, "line 96: 5次"},
		{"chief: 5.5 days are refused", true, []filing{{start: "2026-03-02 08:30", end: "2026-03-06 18:00", typ: TypePersonal}},
			half("09"), errQuotaChief, "line 96: 5天"},
	}
	for _, tc := range cases {
		f := newFlow(t)
		who := f.liu
		if tc.chief {
			who = f.wang
		}
		add := func(fl filing) (Filed, error) {
			in := req(who, fl.typ, fl.start, fl.end)
			in.Training = fl.training
			if fl.training {
				in.Files = []NewFile{{Kind: FileTraining, Name: "通知.pdf", Data: []byte("%PDF-1.4 training notice")}}
			}
			in.SubstituteID = f.chen.ID
			if tc.chief {
				in.SubstituteID = f.li.ID
			}
			return f.svc.Request(self(who), in)
		}
		for _, b := range tc.before {
			filed, err := add(b)
			if err != nil {
				t.Fatalf("%s: filing %s: %v", tc.name, b.start, err)
			}
			switch b.undo {
			case "reject":
				_, err = f.svc.Reject(office, filed.Leave.ID, "材料不全")
			case "withdraw":
				_, err = f.svc.Withdraw(self(who), filed.Leave.ID)
			}
			if err != nil {
				t.Fatalf("%s: %s: %v", tc.name, b.undo, err)
			}
		}
		_, err := add(tc.next)
		if got := keyOf(err); got != tc.wantKey {
			t.Errorf("%s (%s): %q, want %q", tc.name, tc.cite, got, tc.wantKey)
		}
	}
}

// TestAnnualPieces: regulation 000 line 95 "公休假應一次性安排,分期休假的,
// 每次不得低於5天".
func TestAnnualPieces(t *testing.T) {
	type piece struct{ start, end string }
	cases := []struct {
		name   string
		before []piece
		next   piece
		want   string
	}{
		{"one piece of any length", nil, piece{"2026-03-09 08:30", "2026-03-11 18:00"}, ""},
		{"a second piece of 5 days after one of 5", []piece{{"2026-03-09 08:30", "2026-03-13 18:00"}}, piece{"2026-05-11 08:30", "2026-05-15 18:00"}, ""},
		{"a second piece of 3 days", []piece{{"2026-03-09 08:30", "2026-03-13 18:00"}}, piece{"2026-05-11 08:30", "2026-05-13 18:00"}, errAnnualPiece},
		{"a first piece of 3 days makes the split short", []piece{{"2026-03-09 08:30", "2026-03-11 18:00"}}, piece{"2026-05-11 08:30", "2026-05-15 18:00"}, errAnnualPiece},
		{"last year's pieces do not count", []piece{{"2025-12-01 08:30", "2025-12-03 18:00"}}, piece{"2026-05-11 08:30", "2026-05-13 18:00"}, ""},
	}
	for _, tc := range cases {
		f := newFlow(t)
		*f.now = at("2025-11-03 08:00")
		for _, b := range tc.before {
			in := req(f.liu, TypeAnnual, b.start, b.end)
			in.SubstituteID = f.chen.ID
			f.file(self(f.liu), in)
		}
		in := req(f.liu, TypeAnnual, tc.next.start, tc.next.end)
		in.SubstituteID = f.chen.ID
		_, err := f.svc.Request(self(f.liu), in)
		if got := keyOf(err); got != tc.want {
			t.Errorf("%s (000 line 95): %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestRequestRefusals: the request's own rules, each with its message key.
func TestRequestRefusals(t *testing.T) {
	f := newFlow(t)
	*f.now = at("2026-03-02 10:00")
	cases := []struct {
		name string
		a    Actor
		in   RequestInput
		want string
	}{
		{"filed after it began (000 line 88 應事前填寫請假條)", self(f.liu), req(f.liu, TypePersonal, "2026-03-02 08:30", "2026-03-02 12:00"), errLate},
		{"the office without a reason", office, req(f.liu, TypePersonal, "2026-03-02 08:30", "2026-03-02 12:00"), errLateReason},
		{"someone else's leave", self(f.chen), req(f.liu, TypePersonal, "2026-03-03 08:30", "2026-03-03 12:00"), errNotYours},
		{"not on the half hour", self(f.liu), req(f.liu, TypePersonal, "2026-03-03 08:45", "2026-03-03 12:00"), errHalfHour},
		{"only a weekend", self(f.liu), req(f.liu, TypePersonal, "2026-03-07 08:30", "2026-03-08 18:00"), errNoWorkingTime},
		{"ends before it starts", self(f.liu), req(f.liu, TypePersonal, "2026-03-03 12:00", "2026-03-03 08:30"), errEndBeforeStart},
		{"training without its notice", self(f.liu), RequestInput{StaffID: f.liu.ID, Type: TypeOfficial, Training: true, Start: at("2026-03-09 08:30"), End: at("2026-03-13 18:00")}, errTrainingDoc},
		{"the substitute is the leaver", self(f.liu), RequestInput{StaffID: f.liu.ID, Type: TypePersonal, Start: at("2026-03-03 08:30"), End: at("2026-03-03 18:00"), SubstituteID: f.liu.ID}, errSubstituteSelf},
		{"a scan that is no picture", self(f.liu), RequestInput{StaffID: f.liu.ID, Type: TypePersonal, Start: at("2026-03-03 08:30"), End: at("2026-03-03 12:00"), Files: []NewFile{{Name: "a.exe", Data: []byte("MZ\x90\x00")}}}, errFileType},
		{"a scan too big", self(f.liu), RequestInput{StaffID: f.liu.ID, Type: TypePersonal, Start: at("2026-03-03 08:30"), End: at("2026-03-03 12:00"), Files: []NewFile{{Name: "a.jpg", Data: append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, MaxFileBytes)...)}}}, errFileTooBig},
	}
	for _, tc := range cases {
		_, err := f.svc.Request(tc.a, tc.in)
		if got := keyOf(err); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	// The office accepts a late request with its reason.
	in := req(f.liu, TypePersonal, "2026-03-02 08:30", "2026-03-02 12:00")
	in.LateReason = "突发急病，电话请假"
	if l := f.file(office, in); l.LateReason == "" || l.Status != StatusPending {
		t.Errorf("late request by the office: %+v", l)
	}
	// Overlapping the live request is refused; after its withdrawal it is
	// fine.
	again := req(f.liu, TypePersonal, "2026-03-02 10:00", "2026-03-02 12:00")
	again.LateReason = "再次"
	if _, err := f.svc.Request(office, again); keyOf(err) != errOverlapStored {
		t.Errorf("overlap: %v", err)
	}
}
