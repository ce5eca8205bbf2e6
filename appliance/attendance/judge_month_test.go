package attendance

import (
	"fmt"
	"testing"
	"time"
)

// r003Monthly: the nine-to-five text reports monthly but sets no numbers.
const r003Monthly = "003 一㈤「窗口工作人员考勤情况由政务中心督查科如实记录并按月通报」: no monthly escalation in the text, so none by default"

// monthSpec builds a month of DayInputs: every weekday of June 2026 (22 of
// them; June is summer in both seasonal presets) is a working day with the
// punctual punches, unless changed.
type monthSpec struct {
	punctual []string            // a punctual day's punches
	punches  map[string][]string // date → that day's punches (nil: none)
	holidays []string            // weekdays that are not working days
	covers   []Cover             // given to every day; the judgement keeps what overlaps
	offPost  map[string][]OffPostEvent
}

func (s monthSpec) days() []DayInput {
	var out []DayInput
	for d := jDate("2026-06-01"); d.Month() == time.June; d = d.AddDate(0, 0, 1) {
		date := d.Format("2006-01-02")
		working := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
		for _, h := range s.holidays {
			working = working && h != date
		}
		punches := []string(nil)
		if working {
			punches = s.punctual
		}
		if p, ok := s.punches[date]; ok {
			punches = p
		}
		out = append(out, DayInput{Date: d, Working: working, Punches: jMarks(date, punches...), Covers: s.covers, OffPost: s.offPost[date]})
	}
	return out
}

// junDates are June 2026's working days, for rows that change n of them.
var junDates = func() []string {
	var out []string
	for d := jDate("2026-06-01"); d.Month() == time.June; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			out = append(out, d.Format("2006-01-02"))
		}
	}
	return out
}()

// onDays gives the first n working days the punches, the next m days the
// other punches.
func onDays(n int, punches []string, more ...any) map[string][]string {
	m := map[string][]string{}
	i := 0
	for k := 0; k < n; k, i = k+1, i+1 {
		m[junDates[i]] = punches
	}
	for j := 0; j+1 < len(more); j += 2 {
		cnt, p := more[j].(int), more[j+1].([]string)
		for k := 0; k < cnt; k, i = k+1, i+1 {
			m[junDates[i]] = p
		}
	}
	return m
}

// monthTokens describes a month like dayTokens does a day.
func monthTokens(m MonthResult) []string {
	tok := []string{
		fmt.Sprintf("working=%d", m.WorkingDays), fmt.Sprintf("days=%d", len(m.Days)),
		fmt.Sprintf("late=%d", m.Late), fmt.Sprintf("early=%d", m.Early), fmt.Sprintf("missed=%d", m.Missed),
		"session_absent=" + m.SessionAbsent.String(), "offpost_absent=" + m.OffPostAbsent.String(),
		"late_early_absent=" + m.LateEarlyAbsent.String(), "missed_absent=" + m.MissedAbsent.String(),
		"absent=" + m.Absent.String(), "errand=" + m.Errand.String(), fmt.Sprintf("remarks=%d", len(m.Remarks)),
	}
	for lt, h := range m.Leave {
		tok = append(tok, "leave."+lt+"="+h.String())
	}
	for _, r := range m.Remarks {
		s := "remark=" + r.Key
		if n, ok := r.Args["N"]; ok {
			s += fmt.Sprintf("/N=%v/Days=%v", n, r.Args["Days"])
		} else if d, ok := r.Args["Date"]; ok {
			s += fmt.Sprintf("/%v/Days=%v", d, r.Args["Days"])
		}
		tok = append(tok, s)
	}
	return tok
}

type monthRow struct {
	reg    string
	name   string
	preset string
	spec   monthSpec
	want   []string
}

func runMonthRows(t *testing.T, preset string, punctual []string, rows []monthRow) {
	t.Helper()
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			if r.reg == "" {
				t.Fatal("row cites no regulation")
			}
			p := mustPreset(t, preset, nil)
			r.spec.punctual = punctual
			m := JudgeMonth(p, r.spec.days())
			t.Logf("reg: %s", r.reg)
			expectTokens(t, monthTokens(m), r.want)
		})
	}
}

func TestJudgeMonthStandard(t *testing.T) {
	late := withPunch(stdSummer, 0, "08:31")
	early := withPunch(stdSummer, 3, "17:59:59")
	missOne := without(stdSummer, 3)
	missTwo := []string{"08:25", "14:25"}
	runMonthRows(t, "standard", stdSummer, []monthRow{
		{reg: r000Hours, name: "punctual month",
			want: []string{"working=22", "days=30", "late=0", "early=0", "missed=0", "absent=0", "remarks=0"}},
		{reg: r000LateEarly4, name: "3 late: no absence", spec: monthSpec{punches: onDays(3, late)},
			want: []string{"late=3", "late_early_absent=0", "absent=0", "remarks=0"}},
		{reg: r000LateEarly4, name: "2 late + 1 early = 3: no absence", spec: monthSpec{punches: onDays(2, late, 1, early)},
			want: []string{"late=2", "early=1", "late_early_absent=0"}},
		{reg: r000LateEarly4, name: "2 late + 2 early = 4: half a day", spec: monthSpec{punches: onDays(2, late, 2, early)},
			want: []string{"late=2", "early=2", "late_early_absent=0.5", "absent=0.5", "remark=attendance.remark.late_early_escalation/N=4/Days=0.5"}},
		{reg: r000LateEarly4, name: "4 late: half a day", spec: monthSpec{punches: onDays(4, late)},
			want: []string{"late=4", "late_early_absent=0.5", "absent=0.5"}},
		{reg: r000LateEarly4, name: "10 late: still half a day, once a month", spec: monthSpec{punches: onDays(10, late)},
			want: []string{"late=10", "late_early_absent=0.5", "remarks=1"}},
		{reg: r000Missed, name: "3 missed: no absence", spec: monthSpec{punches: onDays(3, missOne)},
			want: []string{"missed=3", "missed_absent=0", "absent=0"}},
		{reg: r000Missed, name: "4 missed: half a day", spec: monthSpec{punches: onDays(4, missOne)},
			want: []string{"missed=4", "missed_absent=0.5", "absent=0.5", "remark=attendance.remark.missed_escalation/N=4/Days=0.5"}},
		{reg: r000Missed, name: "7 missed: half a day", spec: monthSpec{punches: onDays(3, missTwo, 1, missOne)},
			want: []string{"missed=7", "missed_absent=0.5", "absent=0.5"}},
		{reg: r000Missed, name: "8 missed: one day instead of half", spec: monthSpec{punches: onDays(4, missTwo)},
			want: []string{"missed=8", "missed_absent=1", "absent=1", "remarks=1", "remark=attendance.remark.missed_escalation/N=8/Days=1"}},
		{reg: r000Missed, name: "missed punches are not late or early", spec: monthSpec{punches: onDays(8, missOne)},
			want: []string{"missed=8", "late=0", "early=0", "late_early_absent=0"}},
		{reg: r000OffPost, name: "off post 2 h and 2 h 1 s: half a day", spec: monthSpec{offPost: map[string][]OffPostEvent{
			"2026-06-02": {{Start: jAt("2026-06-02", "09:00"), Duration: 2 * time.Hour}},
			"2026-06-03": {{Start: jAt("2026-06-03", "09:00"), Duration: 2*time.Hour + time.Second}},
		}},
			want: []string{"offpost_absent=0.5", "absent=0.5", "remarks=1", "remark=attendance.remark.off_post_escalation/2026-06-03/Days=0.5"}},
		{reg: r000NoPunch, name: "absences add up with escalations", spec: monthSpec{punches: onDays(1, nil, 4, late)},
			want: []string{"session_absent=1", "late=4", "late_early_absent=0.5", "absent=1.5"}},
		{reg: r000Quota, name: "annual leave Fri–Mon counts 2 working days", spec: monthSpec{
			punches: map[string][]string{"2026-06-05": nil, "2026-06-08": nil},
			covers:  []Cover{jLeave("", "annual", "2026-06-05 00:00", "2026-06-08 23:59")}},
			want: []string{"leave.annual=2", "absent=0", "working=22"}},
		{reg: r000Quota, name: "leave over a holiday counts working days only", spec: monthSpec{
			holidays: []string{"2026-06-19"},
			punches:  map[string][]string{"2026-06-18": nil},
			covers:   []Cover{jLeave("", "personal", "2026-06-18 08:00", "2026-06-19 18:30")}},
			want: []string{"working=21", "leave.personal=1", "absent=0"}},
		{reg: r000HalfLeave, name: "half-day sick leave counts 0.5", spec: monthSpec{
			punches: map[string][]string{"2026-06-10": {"14:25", "18:05"}},
			covers:  []Cover{jLeave("", "sick", "2026-06-10 08:30", "2026-06-10 12:00")}},
			want: []string{"leave.sick=0.5", "absent=0", "missed=0"}},
		{reg: r000HalfLeave, name: "leave types kept apart", spec: monthSpec{
			punches: map[string][]string{"2026-06-10": {"14:25", "18:05"}, "2026-06-11": nil, "2026-06-12": nil},
			covers: []Cover{jLeave("", "sick", "2026-06-10 08:30", "2026-06-10 12:00"),
				jLeave("", "bereavement", "2026-06-11 08:00", "2026-06-12 18:30")}},
			want: []string{"leave.sick=0.5", "leave.bereavement=2", "absent=0"}},
		{reg: r000Errand, name: "errand afternoons are counted, not absent", spec: monthSpec{
			punches: map[string][]string{"2026-06-10": {"08:25", "12:05"}},
			covers:  []Cover{jErrand("", "2026-06-10 14:00", "2026-06-10 18:30")}},
			want: []string{"errand=0.5", "absent=0", "missed=0"}},
		{reg: r000Holiday, name: "weekend punches never count", spec: monthSpec{punches: map[string][]string{"2026-06-06": {"09:40"}, "2026-06-07": {"11:00"}}},
			want: []string{"working=22", "late=0", "early=0", "missed=0", "absent=0"}},
		{reg: r000Holiday, name: "a holiday without punches is not absence", spec: monthSpec{holidays: []string{"2026-06-19"}},
			want: []string{"working=21", "absent=0"}},
	})
}

func TestJudgeMonthCountyB(t *testing.T) {
	punctual := []string{"07:55", "12:05", "14:55", "18:05"} // June: summer afternoon 15:00–18:00
	late := withPunch(punctual, 0, "08:21")
	within := withPunch(punctual, 0, "08:20:59")
	noIn := without(punctual, 2)
	runMonthRows(t, "county-b", punctual, []monthRow{
		{reg: r004Five, name: "4 late/early: no absence", spec: monthSpec{punches: onDays(4, late)},
			want: []string{"late=4", "late_early_absent=0", "absent=0"}},
		{reg: r004Five, name: "5 late/early: one day", spec: monthSpec{punches: onDays(5, late)},
			want: []string{"late=5", "late_early_absent=1", "absent=1", "remark=attendance.remark.late_early_escalation/N=5/Days=1"}},
		{reg: r004Late, name: "missing sign-ins count toward the five", spec: monthSpec{punches: onDays(3, late, 2, noIn)},
			want: []string{"late=5", "missed=0", "late_early_absent=1"}},
		{reg: r004Late, name: "within twenty minutes never counts", spec: monthSpec{punches: onDays(10, within)},
			want: []string{"late=0", "late_early_absent=0"}},
		{reg: r004Absent, name: "neither punch is an absence, not late/early", spec: monthSpec{punches: onDays(3, []string{"14:55", "18:05"})},
			want: []string{"session_absent=1.5", "late=0", "early=0", "absent=1.5"}},
		{reg: r004Absent, name: "off post over an hour, twice", spec: monthSpec{offPost: map[string][]OffPostEvent{
			"2026-06-02": {{Start: jAt("2026-06-02", "09:00"), Duration: 61 * time.Minute}},
			"2026-06-03": {{Start: jAt("2026-06-03", "09:00"), Duration: 90 * time.Minute}},
		}},
			want: []string{"offpost_absent=1", "absent=1", "remarks=2"}},
	})
}

func TestJudgeMonthNineToFive(t *testing.T) {
	punctual := []string{"08:55", "17:05"}
	runMonthRows(t, "nine-to-five", punctual, []monthRow{
		{reg: r003Monthly, name: "10 late: counted, no escalation", spec: monthSpec{punches: onDays(10, []string{"09:10", "17:05"})},
			want: []string{"late=10", "late_early_absent=0", "absent=0", "remarks=0"}},
		{reg: r003Monthly, name: "8 missed: counted, no escalation", spec: monthSpec{punches: onDays(8, []string{"08:55"})},
			want: []string{"missed=8", "missed_absent=0", "absent=0"}},
		{reg: r003Punch, name: "a day without punches is a day absent", spec: monthSpec{punches: onDays(1, nil)},
			want: []string{"session_absent=1", "absent=1"}},
		{reg: r003Leave, name: "leave over a weekend counts working days", spec: monthSpec{
			punches: map[string][]string{"2026-06-05": nil, "2026-06-08": nil},
			covers:  []Cover{jLeave("", "marriage", "2026-06-05 09:00", "2026-06-08 17:00")}},
			want: []string{"leave.marriage=2", "absent=0"}},
	})
}

func TestJudgeMonthOrderAndDays(t *testing.T) {
	p := mustPreset(t, "standard", nil)
	in := monthSpec{punctual: stdSummer, punches: onDays(3, nil)}.days()
	in[0], in[len(in)-1] = in[len(in)-1], in[0]
	m := JudgeMonth(p, in)
	for i := 1; i < len(m.Days); i++ {
		if !m.Days[i-1].Date.Before(m.Days[i].Date) {
			t.Fatalf("days out of order at %d: %s then %s", i, m.Days[i-1].Date, m.Days[i].Date)
		}
	}
	if m.Absent != 6 || m.AbsentDays() != 3 || m.Absent.String() != "3" {
		t.Errorf("absent = %d half-days (%v days, %q), want 6 (3)", m.Absent, m.AbsentDays(), m.Absent)
	}
	if got := HalfDays(3).String(); got != "1.5" {
		t.Errorf("HalfDays(3) = %q, want 1.5", got)
	}
	if m.LeaveDays("sick") != 0 {
		t.Errorf("no sick leave expected")
	}
}
