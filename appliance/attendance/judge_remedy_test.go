package attendance

import (
	"testing"
	"time"

	"bianmin/appliance/center"
	"bianmin/appliance/leave"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// The regulation lines the remedy rules cite (checked by
// TestRegulationQuotes like the judgement's).
const (
	r003Remedy    = "003 第三条(一)「如指纹机不能识别指纹或不能正常工作,请第一时间向中心反映并采取补救措施」: a remedy (补签) stands for a punch the clock did not record"
	r003AtOnce    = "003 第三条(一)「请第一时间向中心反映」: read as within RemedyDays working days of the day (issue #10, default 3)"
	r003JoinedHal = "003 第三条「进驻中心的窗口工作人员,应严格要求,遵守中心的各项规章制度」: nobody is judged before joining or after leaving (issue #10)"
	r004Objection = "004 五、8「对公示的考勤结果有异议的,应在2日内提出」: late and early are corrected by an objection, not a remedy (issue #10)"
	rIssueQuota   = "issue #5/#10: three remedies a month; rejected and withdrawn requests give their place back"
)

// remedyWorld is the remedy fixture: now Monday 2 March 2026 18:00 (the
// shipped calendar: 28 Feb a make-up Saturday, 15–23 Feb Spring Festival),
// 王建国 from 5 Jan, 李秀英 left on 27 Feb, 赵磊 joined on 2 March.
type remedyWorld struct {
	fixture
	rs     *Records
	joined staff.Staff
}

func newRemedyWorld(t *testing.T) remedyWorld {
	t.Helper()
	f, rs := newRecords(t)
	joined, err := staff.New(f.db).CreateStaff("t", staff.Staff{StaffNo: "QS003", Name: "赵磊", UnitID: f.wang.UnitID, Position: staff.PositionStaff, StartDate: "2026-03-02"})
	if err != nil {
		t.Fatal(err)
	}
	w := remedyWorld{fixture: f, rs: rs, joined: joined}
	w.punch(t, "2026-03-02", "08:18:00") // on time
	w.punch(t, "2026-03-02", "14:25:00") // afternoon in, late (winter hours 14:00)
	w.punch(t, "2026-03-02", "17:10:00") // afternoon out, early (17:30)
	w.punch(t, "2026-02-27", "08:20:00") // the fixture's first punch: go-live falls back to 27 Feb… unless set
	w.setGoLive(t, "2026-01-05")
	return w
}

func (w remedyWorld) punch(t *testing.T, day, clock string) {
	t.Helper()
	if _, _, err := w.svc.Record("device:fingerprint", Punch{StaffID: w.wang.ID, Time: at(day, clock), Source: SourceFingerprint, Quality: TimeSynced}); err != nil {
		t.Fatal(err)
	}
}

func (w remedyWorld) setGoLive(t *testing.T, day string) {
	t.Helper()
	if err := center.New(w.db).Update("office", center.Settings{Name: "青山镇便民服务中心", GoLive: day}); err != nil {
		t.Fatal(err)
	}
}

// TestRemedyRefusals: every refusal of a remedy request, with the rule it
// applies.
func TestRemedyRefusals(t *testing.T) {
	rows := []struct {
		reg   string
		name  string
		setup func(t *testing.T, w remedyWorld)
		r     func(w remedyWorld) Remedy
		want  string // "" granted
		args  map[string]any
	}{
		{reg: r004Weekend, name: "a Sunday is no working day",
			r: func(w remedyWorld) Remedy { return Remedy{StaffID: w.wang.ID, Date: "2026-03-01", Point: "morning_in"} }, want: keyRemedyNotWorkday},
		{reg: r004Weekend + "; 国办发明电〔2025〕7号 春节", name: "a public holiday is no working day",
			r: func(w remedyWorld) Remedy { return Remedy{StaffID: w.wang.ID, Date: "2026-02-18", Point: "morning_in"} }, want: keyRemedyNotWorkday},
		{reg: r004Weekend + "; 国办发明电〔2025〕7号 2月28日（周六）上班", name: "a make-up Saturday is a working day",
			r: func(w remedyWorld) Remedy { return Remedy{StaffID: w.wang.ID, Date: "2026-02-28", Point: "morning_in"} }},
		{reg: r003Remedy, name: "a point already punched on time",
			r:    func(w remedyWorld) Remedy { return Remedy{StaffID: w.wang.ID, Date: "2026-03-02", Point: "morning_in"} },
			want: keyRemedyPunched, args: map[string]any{"Time": "08:18"}},
		{reg: r004Late + "; " + r004Objection, name: "a late sign-in is not remedied",
			r: func(w remedyWorld) Remedy {
				return Remedy{StaffID: w.wang.ID, Date: "2026-03-02", Point: "afternoon_in"}
			},
			want: keyRemedyLate, args: map[string]any{"Time": "14:25"}},
		{reg: r004Early + "; " + r004Objection, name: "an early sign-out is not remedied",
			r: func(w remedyWorld) Remedy {
				return Remedy{StaffID: w.wang.ID, Date: "2026-03-02", Point: "afternoon_out"}
			},
			want: keyRemedyEarly, args: map[string]any{"Time": "17:10"}},
		{reg: r003Remedy, name: "a point with no punch is remedied",
			r: func(w remedyWorld) Remedy {
				return Remedy{StaffID: w.wang.ID, Date: "2026-03-02", Point: "morning_out"}
			}},
		{reg: r003Remedy, name: "a time that would fill a punched point",
			r: func(w remedyWorld) Remedy {
				return Remedy{StaffID: w.wang.ID, Date: "2026-03-02", Time: at("2026-03-02", "08:25:00")}
			}, want: keyRemedyTimeTaken},
		{reg: r000Leave, name: "a point covered by leave needs no remedy",
			setup: func(t *testing.T, w remedyWorld) {
				if _, err := leave.New(w.db).Record("office", leave.Leave{StaffID: w.wang.ID, Type: leave.TypePersonal,
					Start: at("2026-02-27", "13:00:00"), End: at("2026-02-27", "18:00:00")}); err != nil {
					t.Fatal(err)
				}
			},
			r: func(w remedyWorld) Remedy {
				return Remedy{StaffID: w.wang.ID, Date: "2026-02-27", Point: "afternoon_out"}
			}, want: keyRemedyCovered},
		{reg: r003AtOnce, name: "four working days after the day is too late",
			r:    func(w remedyWorld) Remedy { return Remedy{StaffID: w.wang.ID, Date: "2026-02-25", Point: "morning_in"} },
			want: keyRemedyTooLate, args: map[string]any{"Days": 3, "Deadline": "2026-02-28"}},
		{reg: r003AtOnce, name: "the third working day after the day is still in time",
			r: func(w remedyWorld) Remedy { return Remedy{StaffID: w.wang.ID, Date: "2026-02-26", Point: "morning_in"} }},
		{reg: r003AtOnce, name: "the days are a setting",
			setup: func(t *testing.T, w remedyWorld) {
				if _, err := SaveSettingsDB(w.db, "office", func() Settings { s := DefaultSettings(); s.RemedyDays = 1; return s }()); err != nil {
					t.Fatal(err)
				}
			},
			r:    func(w remedyWorld) Remedy { return Remedy{StaffID: w.wang.ID, Date: "2026-02-26", Point: "morning_in"} },
			want: keyRemedyTooLate, args: map[string]any{"Days": 1, "Deadline": "2026-02-27"}},
		{reg: r003JoinedHal, name: "before the person joined",
			r: func(w remedyWorld) Remedy {
				return Remedy{StaffID: w.joined.ID, Date: "2026-02-27", Point: "morning_in"}
			},
			want: keyBeforeStart, args: map[string]any{"Start": "2026-03-02"}},
		{reg: r003JoinedHal, name: "on the day the person joined",
			r: func(w remedyWorld) Remedy {
				return Remedy{StaffID: w.joined.ID, Date: "2026-03-02", Point: "morning_in"}
			}},
		{reg: r003JoinedHal, name: "after the person left",
			r: func(w remedyWorld) Remedy {
				return Remedy{StaffID: w.retired.ID, Date: "2026-03-02", Point: "morning_in"}
			},
			want: keyStaffInactive, args: map[string]any{"End": "2026-02-27"}},
		{reg: r003JoinedHal, name: "on the person's last day",
			r: func(w remedyWorld) Remedy {
				return Remedy{StaffID: w.retired.ID, Date: "2026-02-27", Point: "morning_in"}
			}},
		{reg: r003JoinedHal, name: "before the center's attendance went live",
			setup: func(t *testing.T, w remedyWorld) { w.setGoLive(t, "2026-03-02") },
			r:     func(w remedyWorld) Remedy { return Remedy{StaffID: w.wang.ID, Date: "2026-02-27", Point: "morning_in"} },
			want:  keyBeforeGoLive, args: map[string]any{"GoLive": "2026-03-02"}},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			if row.reg == "" {
				t.Fatal("row cites no regulation")
			}
			t.Logf("reg: %s", row.reg)
			w := newRemedyWorld(t)
			if row.setup != nil {
				row.setup(t, w)
			}
			r := row.r(w)
			r.Reason = "指纹机未识别"
			got, err := w.rs.RequestRemedy("staff:wang", r)
			if k := problemKey(err); k != row.want {
				t.Fatalf("refused with %q (%v), want %q", k, err, row.want)
			}
			if err == nil {
				if got.Status != StatusPending {
					t.Errorf("stored %+v", got)
				}
				return
			}
			p, _ := problem.As(err)
			for k, v := range row.args {
				if p.Args[k] != v {
					t.Errorf("argument %s = %v, want %v", k, p.Args[k], v)
				}
			}
		})
	}
}

// TestRemedyQuotaCountsOnlyLiveRequests: the quota counts pending and
// approved requests; a rejected or withdrawn one gives its place back.
func TestRemedyQuotaCountsOnlyLiveRequests(t *testing.T) {
	t.Logf("reg: %s", rIssueQuota)
	w := newRemedyWorld(t)
	ask := func(date, point string) (Remedy, error) {
		return w.rs.RequestRemedy("staff:wang", Remedy{StaffID: w.wang.ID, Date: date, Point: point, Reason: "指纹机未识别"})
	}
	mustValue(ask("2026-03-02", "morning_out")) // March: another month's quota
	withdrawn := mustValue(ask("2026-02-27", "morning_out"))
	mustValue(ask("2026-02-27", "afternoon_in"))
	mustValue(ask("2026-02-26", "morning_in"))
	if _, err := ask("2026-02-27", "afternoon_out"); problemKey(err) != keyRemedyQuota {
		t.Fatalf("a 4th request in February: %v", err)
	}
	// One withdrawn by its filer gives its place back …
	if _, err := w.rs.WithdrawRemedy("staff:wang", withdrawn.ID, false); err != nil {
		t.Fatal(err)
	}
	rejected := mustValue(ask("2026-02-27", "afternoon_out"))
	if _, err := ask("2026-02-26", "afternoon_out"); problemKey(err) != keyRemedyQuota {
		t.Fatalf("February full again: %v", err)
	}
	// … and so does one rejected.
	if _, err := w.rs.DecideRemedy("office", rejected.ID, false, "当日指纹机正常"); err != nil {
		t.Fatal(err)
	}
	q, err := w.rs.RemedyQuota(w.wang.ID, "2026-02-27")
	if err != nil || q.Used != 2 || q.Max != 3 {
		t.Fatalf("February quota = %+v, %v; want 2 of 3 (withdrawn and rejected do not count)", q, err)
	}
	// The point withdrawn may be asked for again.
	mustValue(ask("2026-02-27", "morning_out"))
}

// TestWithdrawRemedy: a pending request is withdrawn by its filer or the
// office, and by nobody else; a decided one cannot be.
func TestWithdrawRemedy(t *testing.T) {
	w := newRemedyWorld(t)
	r := mustValue(w.rs.RequestRemedy("staff:wang", Remedy{StaffID: w.wang.ID, Date: "2026-03-02", Point: "morning_out", Reason: "x"}))
	if _, err := w.rs.WithdrawRemedy("staff:li", r.ID, false); problemKey(err) != keyNotFiler {
		t.Fatalf("someone else withdraws: %v", err)
	}
	got, err := w.rs.WithdrawRemedy("office", r.ID, true)
	if err != nil || got.Status != StatusWithdrawn || got.DecidedBy != "office" {
		t.Fatalf("office withdraws: %+v %v", got, err)
	}
	if _, err := w.rs.WithdrawRemedy("staff:wang", r.ID, false); problemKey(err) != keyDecided {
		t.Fatalf("withdraw twice: %v", err)
	}
	if _, err := w.rs.DecideRemedy("office", r.ID, true, ""); problemKey(err) != keyDecided {
		t.Fatalf("approve a withdrawn request: %v", err)
	}
	entries, _ := w.db.AuditEntries("remedy/", 5)
	if len(entries) == 0 || entries[0].Action != "remedy.withdraw" {
		t.Errorf("audit = %+v", entries)
	}
}

// TestApprovalNeverErasesAPunch: a remedy is approved only while its point
// has no punch; a punch arriving meanwhile (imported, entered by hand)
// makes the approval a refusal; and an approved remedy never replaces a
// late sign-in or an early sign-out in the judgement.
func TestApprovalNeverErasesAPunch(t *testing.T) {
	t.Logf("reg: %s; %s", r003Remedy, r004Objection)
	w := newRemedyWorld(t)
	r := mustValue(w.rs.RequestRemedy("staff:wang", Remedy{StaffID: w.wang.ID, Date: "2026-03-02", Point: "morning_out", Reason: "指纹机未识别"}))
	state, err := store.Read(w.db, func(tx *store.Tx) (PointState, error) { return RemedyPointState(tx, r, shanghai, testCalendar) })
	if err != nil || state.Status != PointMissing || state.Punch != nil {
		t.Fatalf("state before = %+v, %v", state, err)
	}
	// The clock's own export brings the morning's sign-out, early.
	w.punch(t, "2026-03-02", "11:40:00")
	state, _ = store.Read(w.db, func(tx *store.Tx) (PointState, error) { return RemedyPointState(tx, r, shanghai, testCalendar) })
	if state.Status != PointEarly || state.Punch == nil {
		t.Fatalf("state after the punch = %+v", state)
	}
	if _, err := w.rs.DecideRemedy("office", r.ID, true, ""); problemKey(err) != keyRemedyEarly {
		t.Fatalf("approving over an early punch: %v", err)
	}
	if _, err := w.rs.DecideRemedy("office", r.ID, false, "该点已有打卡"); err != nil {
		t.Fatal(err)
	}
}

// TestRemedyDeadline: the days-th working day after the day.
func TestRemedyDeadline(t *testing.T) {
	for _, tc := range []struct {
		reg, day string
		days     int
		want     string
	}{
		{r003AtOnce, "2026-03-02", 0, "2026-03-02"},
		{r003AtOnce, "2026-02-27", 1, "2026-02-28"}, // a make-up Saturday
		{r003AtOnce, "2026-02-13", 1, "2026-02-14"}, // the make-up Saturday before Spring Festival
		{r003AtOnce, "2026-02-14", 1, "2026-02-24"}, // across the holiday
		{r003AtOnce, "2026-03-06", 3, "2026-03-11"}, // across a weekend
	} {
		day, _ := time.ParseInLocation(dateLayout, tc.day, shanghai)
		got, ok := RemedyDeadline(day, tc.days, testCalendar)
		if !ok || got.Format(dateLayout) != tc.want {
			t.Errorf("%s + %d working days = %s, want %s (%s)", tc.day, tc.days, got.Format(dateLayout), tc.want, tc.reg)
		}
	}
}

// TestRemediable: which judged points the month page offers a remedy for.
func TestRemediable(t *testing.T) {
	day := "2026-05-06"
	for _, tc := range []struct {
		reg, name, preset string
		punches           []string
		covers            []Cover
		point             string
		want              bool
	}{
		{r003Remedy, "a point with no punch", "standard", []string{"08:25", "14:25", "18:05"}, nil, "morning_out", true},
		{r004Late + "; " + r004Objection, "a late sign-in", "standard", []string{"08:45", "12:05", "14:25", "18:05"}, nil, "morning_in", false},
		{r004Early + "; " + r004Objection, "an early sign-out", "standard", []string{"08:25", "11:40", "14:25", "18:05"}, nil, "morning_out", false},
		{r004Late + "; county-b counts a missing sign-in as late", "a missing sign-in counted late", "county-b", []string{"12:05", "14:35", "18:05"}, nil, "morning_in", true},
		{r000Leave, "a point on leave", "standard", []string{"14:25", "18:05"}, []Cover{jLeave(day, "personal", "08:00", "12:30")}, "morning_in", false},
		{r003Remedy, "an approved remedy already there", "standard", []string{"08:25", "R12:00", "14:25", "18:05"}, nil, "morning_out", false},
	} {
		res := JudgeDay(mustPreset(t, tc.preset, nil), DayInput{Date: jDate(day), Working: true, Punches: jMarks(day, tc.punches...), Covers: tc.covers})
		found := false
		for _, pt := range res.Points {
			if pt.Key == tc.point {
				found = true
				if got := pt.Remediable(); got != tc.want {
					t.Errorf("%s (%s): remediable %v, want %v (%s)", tc.name, pt.Status, got, tc.want, tc.reg)
				}
			}
		}
		if !found {
			t.Errorf("%s: no point %s", tc.name, tc.point)
		}
	}
}
