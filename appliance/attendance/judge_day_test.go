package attendance

import (
	"testing"
	"time"
)

// A full, punctual standard day: summer (1 May–31 Oct) and winter hours.
var (
	stdSummer = []string{"08:25", "12:05", "14:25", "18:05"}
	stdWinter = []string{"08:25", "12:05", "13:55", "17:35"}
)

// withPunch returns the day's punches with the one at index i replaced.
func withPunch(day []string, i int, p string) []string {
	out := append([]string(nil), day...)
	out[i] = p
	return out
}

// without returns the day's punches without those at the indexes.
func without(day []string, idx ...int) []string {
	var out []string
	for i, p := range day {
		skip := false
		for _, j := range idx {
			skip = skip || i == j
		}
		if !skip {
			out = append(out, p)
		}
	}
	return out
}

type dayRow struct {
	reg        string
	name       string
	preset     string
	edit       func(*Preset)
	date       string
	notWorking bool
	punches    []string
	covers     []Cover
	offPost    []OffPostEvent
	want       []string // tokens, see dayTokens; "!x" = x must not appear
}

func runDayRows(t *testing.T, rows []dayRow) {
	t.Helper()
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			if r.reg == "" {
				t.Fatal("row cites no regulation")
			}
			p := mustPreset(t, r.preset, r.edit)
			res := JudgeDay(p, DayInput{Date: jDate(r.date), Working: !r.notWorking, Punches: jMarks(r.date, r.punches...), Covers: r.covers, OffPost: r.offPost})
			t.Logf("reg: %s", r.reg)
			expectTokens(t, dayTokens(res), r.want)
		})
	}
}

func TestJudgeDayStandard(t *testing.T) {
	const s, summer, winter = "standard", "2026-05-04", "2026-03-02"
	grace5 := func(p *Preset) { p.LateGraceMinutes, p.EarlyGraceMinutes = 5, 5 }
	runDayRows(t, []dayRow{
		// Hours and a punctual day.
		{reg: r000Hours, name: "punctual summer day", preset: s, date: summer, punches: stdSummer,
			want: []string{"status=judged", "points=4", "morning_in=ok", "morning_out=ok", "afternoon_in=ok", "afternoon_out=ok", "morning:ok", "afternoon:ok",
				"morning_in@08:25", "morning_out@12:05", "afternoon_in@14:25", "afternoon_out@18:05",
				"late=0", "early=0", "missed=0", "absent=0", "extra=0", "morning=08:30-12:00", "afternoon=14:30-18:00"}},
		{reg: r000Seasons, name: "punctual winter day", preset: s, date: winter, punches: stdWinter,
			want: []string{"morning=08:30-12:00", "afternoon=14:00-17:30", "afternoon_in=ok", "afternoon_out=ok", "late=0", "early=0"}},

		// Late: a minute after the start.
		{reg: r000Punch, name: "08:30:59 on time", preset: s, date: summer, punches: withPunch(stdSummer, 0, "08:30:59"),
			want: []string{"morning_in=ok", "morning_in@08:30:59", "remark=attendance.remark.on_time", "late=0"}},
		{reg: r000Punch, name: "08:31:00 late one minute", preset: s, date: summer, punches: withPunch(stdSummer, 0, "08:31:00"),
			want: []string{"morning_in=late/1", "remark=attendance.remark.late", "late=1"}},
		{reg: r000Punch, name: "08:30:00 exactly on time", preset: s, date: summer, punches: withPunch(stdSummer, 0, "08:30:00"),
			want: []string{"morning_in=ok", "late=0"}},
		{reg: r000Punch, name: "afternoon in 14:31 late in summer", preset: s, date: summer, punches: withPunch(stdSummer, 2, "14:31"),
			want: []string{"afternoon_in=late/1", "late=1"}},

		// Early: a started minute before the end.
		{reg: r000NoLate, name: "11:59:59 early", preset: s, date: summer, punches: withPunch(stdSummer, 1, "11:59:59"),
			want: []string{"morning_out=early/1", "remark=attendance.remark.early", "early=1"}},
		{reg: r000NoLate, name: "12:00:00 not early", preset: s, date: summer, punches: withPunch(stdSummer, 1, "12:00:00"),
			want: []string{"morning_out=ok", "early=0"}},
		{reg: r000NoLate, name: "17:59:00 early in summer", preset: s, date: summer, punches: withPunch(stdSummer, 3, "17:59"),
			want: []string{"afternoon_out=early/1", "early=1"}},

		// Grace minutes.
		{reg: rIssueGrace, name: "grace 5: 08:35:59 within", preset: s, edit: grace5, date: summer, punches: withPunch(stdSummer, 0, "08:35:59"),
			want: []string{"morning_in=ok/5", "remark=attendance.remark.late_within_grace", "late=0"}},
		{reg: rIssueGrace, name: "grace 5: 08:36:00 late six minutes", preset: s, edit: grace5, date: summer, punches: withPunch(stdSummer, 0, "08:36:00"),
			want: []string{"morning_in=late/6", "late=1"}},
		{reg: rIssueGrace, name: "grace 5: 11:55:00 within", preset: s, edit: grace5, date: summer, punches: withPunch(stdSummer, 1, "11:55:00"),
			want: []string{"morning_out=ok/5", "remark=attendance.remark.early_within_grace", "early=0"}},
		{reg: rIssueGrace, name: "grace 5: 11:54:59 early six minutes", preset: s, edit: grace5, date: summer, punches: withPunch(stdSummer, 1, "11:54:59"),
			want: []string{"morning_out=early/6", "early=1"}},
		{reg: rIssueGrace, name: "grace 0 default: 08:31 late", preset: s, date: summer, punches: withPunch(stdSummer, 0, "08:31"),
			want: []string{"morning_in=late/1"}},

		// Assignment of punches to points, at the middles (summer: morning
		// 10:15, lunch 13:15, afternoon 16:15; winter lunch 13:00).
		{reg: r000Assign, name: "earliest punch before mid-morning is morning in", preset: s, date: summer, punches: []string{"08:10", "08:20", "12:05", "14:25", "18:05"},
			want: []string{"morning_in@08:10", "morning_in=ok", "extra=1", "punches=5"}},
		{reg: r000Assign, name: "10:14:59 is still morning in", preset: s, date: summer, punches: []string{"10:14:59", "12:05", "14:25", "18:05"},
			want: []string{"morning_in@10:14:59", "morning_in=late/104", "morning_out@12:05"}},
		{reg: r000Assign, name: "10:15:00 is morning out", preset: s, date: summer, punches: []string{"10:15:00", "14:25", "18:05"},
			want: []string{"morning_in@-", "morning_in=missing", "morning_out@10:15", "morning_out=early/105", "morning:missed_one"}},
		{reg: r000Assign, name: "latest punch before mid-lunch is morning out", preset: s, date: summer, punches: []string{"08:25", "12:01", "12:30", "14:25", "18:05"},
			want: []string{"morning_out@12:30", "extra=1"}},
		{reg: r000Assign, name: "13:14:59 is morning out in summer", preset: s, date: summer, punches: []string{"08:25", "13:14:59", "14:25", "18:05"},
			want: []string{"morning_out@13:14:59", "afternoon_in@14:25", "extra=0"}},
		{reg: r000Assign, name: "13:15:00 is afternoon in in summer", preset: s, date: summer, punches: []string{"08:25", "12:05", "13:15", "18:05"},
			want: []string{"afternoon_in@13:15", "morning_out@12:05", "extra=0"}},
		{reg: r000Assign, name: "12:59:59 is morning out in winter", preset: s, date: winter, punches: []string{"08:25", "12:59:59", "13:55", "17:35"},
			want: []string{"morning_out@12:59:59", "afternoon_in@13:55"}},
		{reg: r000Assign, name: "13:00:00 is afternoon in in winter", preset: s, date: winter, punches: []string{"08:25", "12:05", "13:00", "17:35"},
			want: []string{"afternoon_in@13:00", "extra=0"}},
		{reg: r000Assign, name: "16:14:59 is afternoon in", preset: s, date: summer, punches: []string{"08:25", "12:05", "16:14:59", "18:05"},
			want: []string{"afternoon_in@16:14:59", "afternoon_in=late/104", "afternoon_out@18:05"}},
		{reg: r000Assign, name: "16:15:00 is afternoon out", preset: s, date: summer, punches: []string{"08:25", "12:05", "16:15"},
			want: []string{"afternoon_in@-", "afternoon_out@16:15", "afternoon_out=early/105", "afternoon:missed_one"}},
		{reg: r000Assign, name: "latest evening punch is afternoon out", preset: s, date: summer, punches: []string{"08:25", "12:05", "14:25", "18:01", "19:30"},
			want: []string{"afternoon_out@19:30", "extra=1"}},
		{reg: r000Assign, name: "a punch of another date is kept as extra", preset: s, date: summer, punches: append([]string{"2026-05-03 23:50"}, stdSummer...),
			want: []string{"morning_in@08:25", "extra=1", "punches=5"}},

		// Summer and winter afternoons around 1 May and 31 Oct (the hours
		// apply whatever the calendar says; Working is the caller's).
		{reg: r000Seasons, name: "30 Apr winter: 14:01 late", preset: s, date: "2026-04-30", punches: []string{"08:25", "12:05", "14:01", "17:30"},
			want: []string{"afternoon=14:00-17:30", "afternoon_in=late/1", "afternoon_out=ok"}},
		{reg: r000Seasons, name: "1 May summer: 14:01 on time, 17:30 early", preset: s, date: "2026-05-01", punches: []string{"08:25", "12:05", "14:01", "17:30"},
			want: []string{"afternoon=14:30-18:00", "afternoon_in=ok", "afternoon_out=early/30"}},
		{reg: r000Seasons, name: "31 Oct summer: 14:31 late", preset: s, date: "2026-10-31", punches: []string{"08:25", "12:05", "14:31", "18:00"},
			want: []string{"afternoon=14:30-18:00", "afternoon_in=late/1", "afternoon_out=ok"}},
		{reg: r000Seasons, name: "1 Nov winter: 14:01 late, 17:30 on time", preset: s, date: "2026-11-01", punches: []string{"08:25", "12:05", "14:01", "17:30"},
			want: []string{"afternoon=14:00-17:30", "afternoon_in=late/1", "afternoon_out=ok"}},
		{reg: r000Hours, name: "morning hours the same all year", preset: s, date: "2026-11-01", punches: []string{"08:31", "11:59", "13:55", "17:35"},
			want: []string{"morning=08:30-12:00", "morning_in=late/1", "morning_out=early/1"}},

		// One punch of two: missed (漏签); neither: half a day of absence.
		{reg: r000OneOfTwo, name: "morning out missing: one missed punch", preset: s, date: summer, punches: without(stdSummer, 1),
			want: []string{"morning:missed_one", "morning_out=missing", "remark=attendance.remark.missing", "missed=1", "absent=0", "late=0", "early=0"}},
		{reg: r000OneOfTwo, name: "morning in missing: one missed punch", preset: s, date: summer, punches: without(stdSummer, 0),
			want: []string{"morning:missed_one", "morning_in=missing", "missed=1", "absent=0"}},
		{reg: r000OneOfTwo, name: "one punch in each half-day: two missed", preset: s, date: summer, punches: []string{"08:25", "18:05"},
			want: []string{"morning:missed_one", "afternoon:missed_one", "missed=2", "absent=0"}},
		{reg: r000NoPunch, name: "no morning punch: half a day absent", preset: s, date: summer, punches: without(stdSummer, 0, 1),
			want: []string{"morning:absent", "remark=attendance.remark.session_absent", "afternoon:ok", "absent=0.5", "missed=0"}},
		{reg: r000NoPunch, name: "no punch at all: one day absent", preset: s, date: summer,
			want: []string{"morning:absent", "afternoon:absent", "absent=1", "missed=0", "late=0", "early=0"}},

		// Leave, errands and remedies remove requirements.
		{reg: r000Leave, name: "sick leave for the morning only", preset: s, date: summer, punches: []string{"14:25", "18:05"},
			covers: []Cover{jLeave(summer, "sick", "08:30", "12:00")},
			want:   []string{"morning:leave(sick)", "morning_in=covered_leave", "morning_out=covered_leave", "afternoon:ok", "leave.sick=0.5", "absent=0", "missed=0"}},
		{reg: r000Leave, name: "annual leave for the whole day", preset: s, date: summer,
			covers: []Cover{jLeave(summer, "annual", "00:00", "23:59:59")},
			want:   []string{"morning:leave(annual)", "afternoon:leave(annual)", "leave.annual=1", "absent=0", "missed=0"}},
		{reg: r000Leave, name: "leave from 08:31 does not cover the 08:30 sign-in", preset: s, date: summer, punches: []string{"14:25", "18:05"},
			covers: []Cover{jLeave(summer, "personal", "08:31", "12:00")},
			want:   []string{"morning_in=missing", "morning_out=covered_leave", "morning:missed_one", "missed=1", "!leave.personal=0.5"}},
		{reg: r000Leave, name: "a punch under leave is shown, not judged", preset: s, date: summer, punches: []string{"11:00", "14:25", "18:05"},
			covers: []Cover{jLeave(summer, "personal", "08:30", "12:00")},
			want:   []string{"morning_out@11:00", "morning_out=covered_leave", "early=0", "leave.personal=0.5"}},
		{reg: r000Leave, name: "leave and errand over one morning count as leave", preset: s, date: summer, punches: []string{"14:25", "18:05"},
			covers: []Cover{jErrand(summer, "08:00", "10:00"), jLeave(summer, "official", "10:00", "12:00")},
			want:   []string{"morning_in=covered_errand", "morning_out=covered_leave", "morning:leave(official)", "leave.official=0.5", "errand=0"}},
		{reg: r000Errand, name: "errand covering the afternoon sign-in", preset: s, date: summer, punches: []string{"08:25", "12:05", "18:05"},
			covers: []Cover{jErrand(summer, "14:00", "15:30")},
			want:   []string{"afternoon_in=covered_errand", "remark=attendance.remark.covered_errand", "afternoon:ok", "missed=0", "absent=0", "errand=0"}},
		{reg: r000Errand, name: "errand over the whole afternoon", preset: s, date: summer, punches: []string{"08:25", "12:05"},
			covers: []Cover{jErrand(summer, "14:30", "18:00")},
			want:   []string{"afternoon:errand", "errand=0.5", "absent=0", "missed=0"}},
		{reg: r000Errand, name: "errand covering the sign-in, no sign-out: one missed", preset: s, date: summer, punches: []string{"08:25", "12:05"},
			covers: []Cover{jErrand(summer, "14:00", "15:30")},
			want:   []string{"afternoon_in=covered_errand", "afternoon_out=missing", "afternoon:missed_one", "missed=1", "absent=0"}},
		{reg: rIssueRemedy, name: "remedy fills a missing sign-out", preset: s, date: summer, punches: withPunch(stdSummer, 1, "R12:00"),
			want: []string{"morning_out=remedied", "morning_out@R12:00", "remark=attendance.remark.remedied", "morning:ok", "missed=0"}},
		{reg: rIssueRemedy, name: "a late remedy is still late", preset: s, date: summer, punches: withPunch(stdSummer, 0, "R08:40"),
			want: []string{"morning_in=late/10", "morning_in@R08:40", "late=1"}},
		{reg: r004Late + "; issue #10: a remedy never replaces a punch", name: "an approved remedy does not erase a late sign-in", preset: s, date: summer,
			punches: append(withPunch(stdSummer, 0, "08:45"), "R08:30"),
			want:    []string{"morning_in=late/15", "morning_in@08:45", "late=1", "extra=1"}},
		{reg: r004Early + "; issue #10: a remedy never replaces a punch", name: "an approved remedy does not erase an early sign-out", preset: s, date: summer,
			punches: append(withPunch(stdSummer, 3, "17:40"), "R18:00"),
			want:    []string{"afternoon_out=early/20", "afternoon_out@17:40", "early=1", "extra=1"}},
		{reg: "004 五、8「对公示的考勤结果有异议的,应在2日内提出」: an accepted objection's correction does replace the punch", name: "a correction replaces a late sign-in", preset: s, date: summer,
			punches: append(withPunch(stdSummer, 0, "08:45"), "C08:30"),
			want:    []string{"morning_in=remedied", "morning_in@R08:30", "late=0", "extra=1"}},

		// Off post: more than two hours, per event.
		{reg: r000OffPost, name: "off post exactly 2 h: recorded only", preset: s, date: summer, punches: stdSummer,
			offPost: []OffPostEvent{{Start: jAt(summer, "09:00"), Duration: 2 * time.Hour}},
			want:    []string{"offpost=120/0", "remark=attendance.remark.off_post_recorded", "offpost_absent=0"}},
		{reg: r000OffPost, name: "off post 2 h 1 s: half a day absent", preset: s, date: summer, punches: stdSummer,
			offPost: []OffPostEvent{{Start: jAt(summer, "09:00"), Duration: 2*time.Hour + time.Second}},
			want:    []string{"offpost=121/0.5", "remark=attendance.remark.off_post_escalation", "offpost_absent=0.5"}},
		{reg: r000OffPost, name: "two off-post events over 2 h: one day", preset: s, date: summer, punches: stdSummer,
			offPost: []OffPostEvent{{Start: jAt(summer, "09:00"), Duration: 150 * time.Minute}, {Start: jAt(summer, "14:40"), Duration: 3 * time.Hour}},
			want:    []string{"offpost=150/0.5", "offpost=180/0.5", "offpost_absent=1"}},

		// Not a working day.
		{reg: r000Holiday, name: "punches on a holiday are kept, not judged", preset: s, date: "2026-05-01", notWorking: true, punches: []string{"09:00", "11:00"},
			covers: []Cover{jLeave("2026-05-01", "personal", "00:00", "23:59")}, offPost: []OffPostEvent{{Start: jAt("2026-05-01", "09:00"), Duration: 3 * time.Hour}},
			want: []string{"status=not_judged", "punches=2", "points=0", "extra=0", "late=0", "absent=0", "offpost_absent=0", "remark=attendance.remark.not_judged", "!leave.personal=1"}},
	})
}

func TestJudgeDayCountyB(t *testing.T) {
	const c, winter, summer = "county-b", "2026-03-02", "2026-06-01"
	full := []string{"07:55", "12:05", "14:25", "17:35"}
	runDayRows(t, []dayRow{
		{reg: r004Hours, name: "punctual day", preset: c, date: winter, punches: full,
			want: []string{"morning=08:00-12:00", "afternoon=14:30-17:30", "morning_in=ok", "morning_out=ok", "afternoon_in=ok", "afternoon_out=ok", "late=0", "early=0"}},
		{reg: r004Late, name: "08:20:00 twenty minutes: not late", preset: c, date: winter, punches: withPunch(full, 0, "08:20:00"),
			want: []string{"morning_in=ok/20", "remark=attendance.remark.late_within_grace", "late=0"}},
		{reg: r004Late, name: "08:20:59 still twenty minutes: not late", preset: c, date: winter, punches: withPunch(full, 0, "08:20:59"),
			want: []string{"morning_in=ok/20", "late=0"}},
		{reg: r004Late, name: "08:21:00 twenty-one minutes: late", preset: c, date: winter, punches: withPunch(full, 0, "08:21:00"),
			want: []string{"morning_in=late/21", "late=1"}},
		{reg: r004Early, name: "11:40:00 twenty minutes early: not early", preset: c, date: winter, punches: withPunch(full, 1, "11:40:00"),
			want: []string{"morning_out=ok/20", "early=0"}},
		{reg: r004Early, name: "11:39:59 more than twenty minutes: early", preset: c, date: winter, punches: withPunch(full, 1, "11:39:59"),
			want: []string{"morning_out=early/21", "early=1"}},
		{reg: r004Late, name: "no sign-in counts as late", preset: c, date: winter, punches: without(full, 0),
			want: []string{"morning_in=late", "morning_in@-", "remark=attendance.remark.missing_in_as_late", "morning:ok", "late=1", "missed=0", "absent=0"}},
		{reg: r004Early, name: "no sign-out counts as early", preset: c, date: winter, punches: without(full, 3),
			want: []string{"afternoon_out=early", "remark=attendance.remark.missing_out_as_early", "early=1", "missed=0"}},
		{reg: r004Absent, name: "neither sign-in nor sign-out: one absence, not late or early", preset: c, date: winter, punches: without(full, 0, 1),
			want: []string{"morning:absent", "absent=0.5", "late=0", "early=0", "missed=0"}},
		{reg: r004HalfDay, name: "errand covers the sign-in: no late", preset: c, date: winter, punches: without(full, 2),
			covers: []Cover{jErrand(winter, "14:00", "15:00")},
			want:   []string{"afternoon_in=covered_errand", "late=0", "early=0"}},
		{reg: r004Hours, name: "summer afternoon from 1 Jun: 15:20:59 not late", preset: c, date: summer, punches: []string{"07:55", "12:05", "15:20:59", "17:40"},
			want: []string{"afternoon=15:00-18:00", "afternoon_in=ok/20", "afternoon_out=ok/20", "late=0", "early=0"}},
		{reg: r004Hours, name: "summer afternoon: 15:21 late, 17:39 early", preset: c, date: summer, punches: []string{"07:55", "12:05", "15:21", "17:39"},
			want: []string{"afternoon_in=late/21", "afternoon_out=early/21"}},
		{reg: r004Hours, name: "31 May is not summer", preset: c, date: "2026-05-31", punches: full,
			want: []string{"afternoon=14:30-17:30"}},
		{reg: r004Hours, name: "30 Sep is summer", preset: c, date: "2026-09-30", punches: full,
			want: []string{"afternoon=15:00-18:00"}},
		{reg: r004Hours, name: "1 Oct is not summer", preset: c, date: "2026-10-01", punches: full,
			want: []string{"afternoon=14:30-17:30"}},
		{reg: r004Absent, name: "out 1 h exactly: recorded", preset: c, date: winter, punches: full,
			offPost: []OffPostEvent{{Start: jAt(winter, "09:00"), Duration: time.Hour}},
			want:    []string{"offpost=60/0", "offpost_absent=0"}},
		{reg: r004Absent, name: "out 1 h 1 s: one absence", preset: c, date: winter, punches: full,
			offPost: []OffPostEvent{{Start: jAt(winter, "09:00"), Duration: time.Hour + time.Second}},
			want:    []string{"offpost=61/0.5", "offpost_absent=0.5"}},
		{reg: r004Weekend, name: "Saturday not judged", preset: c, date: "2026-06-06", notWorking: true, punches: []string{"09:00"},
			want: []string{"status=not_judged", "punches=1", "late=0"}},
	})
}

func TestJudgeDayNineToFive(t *testing.T) {
	const n, day = "nine-to-five", "2026-03-02"
	runDayRows(t, []dayRow{
		{reg: r003Hours, name: "punctual day: two points", preset: n, date: day, punches: []string{"08:55", "17:05"},
			want: []string{"points=2", "day=09:00-17:00", "day_in=ok", "day_out=ok", "day:ok", "late=0", "early=0"}},
		{reg: r003Hours, name: "09:00:59 on time", preset: n, date: day, punches: []string{"09:00:59", "17:05"},
			want: []string{"day_in=ok", "late=0"}},
		{reg: r003Hours, name: "09:01 late", preset: n, date: day, punches: []string{"09:01", "17:05"},
			want: []string{"day_in=late/1", "late=1"}},
		{reg: r003Hours, name: "16:59:59 early", preset: n, date: day, punches: []string{"08:55", "16:59:59"},
			want: []string{"day_out=early/1", "early=1"}},
		{reg: r003Punch, name: "12:59:59 is the sign-in", preset: n, date: day, punches: []string{"12:59:59", "17:05"},
			want: []string{"day_in@12:59:59", "day_in=late/239"}},
		{reg: r003Punch, name: "13:00:00 is the sign-out", preset: n, date: day, punches: []string{"13:00:00"},
			want: []string{"day_in@-", "day_out@13:00", "day_out=early/240", "day:missed_one", "missed=1"}},
		{reg: r003Punch, name: "middle punches are extra", preset: n, date: day, punches: []string{"08:55", "12:00", "13:30", "17:05"},
			want: []string{"day_in@08:55", "day_out@17:05", "extra=2"}},
		{reg: r003Punch, name: "no punch: one day absent", preset: n, date: day,
			want: []string{"day:absent", "absent=1", "missed=0"}},
		{reg: r003Leave, name: "whole-day leave: one day", preset: n, date: day,
			covers: []Cover{jLeave(day, "personal", "09:00", "17:00")},
			want:   []string{"day:leave(personal)", "leave.personal=1", "absent=0"}},
		{reg: r003Leave, name: "morning leave is half a day", preset: n, date: day, punches: []string{"17:05"},
			covers: []Cover{jLeave(day, "personal", "09:00", "13:00")},
			want:   []string{"day_in=covered_leave", "day_out=ok", "day:ok(personal)", "leave.personal=0.5", "missed=0"}},
		{reg: r003Errand, name: "errand at the sign-out time", preset: n, date: day, punches: []string{"08:55"},
			covers: []Cover{jErrand(day, "16:00", "17:30")},
			want:   []string{"day_out=covered_errand", "day:ok", "early=0", "missed=0", "errand=0"}},
	})
}
