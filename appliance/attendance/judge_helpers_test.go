package attendance

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/calendar"
	"bianmin/embedded"
)

// judgeLoc is the center's location in the judgement tests.
var judgeLoc = time.FixedZone("CST", 8*3600)

// jDate is midnight of a date ("2026-05-04") in judgeLoc.
func jDate(date string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", date, judgeLoc)
	if err != nil {
		panic(err)
	}
	return t
}

// jAt is date plus a clock time ("08:30" or "08:30:59").
func jAt(date, clock string) time.Time { return MustClock(clock).On(jDate(date)) }

// jMarks turns "08:30:59" into a punch on date; "R12:00" is an approved
// remedy, "C08:30" an accepted objection's correction; "2026-05-03 23:50"
// is a punch on another date.
func jMarks(date string, specs ...string) []Mark {
	out := make([]Mark, 0, len(specs))
	for i, s := range specs {
		m := Mark{PunchID: uint64(i + 1)}
		if rest, ok := strings.CutPrefix(s, "R"); ok {
			m.Remedy, s = true, rest
		}
		if rest, ok := strings.CutPrefix(s, "C"); ok {
			m.Remedy, m.Correction, s = true, true, rest
		}
		if d, c, ok := strings.Cut(s, " "); ok {
			m.Time = jAt(d, c)
		} else {
			m.Time = jAt(date, s)
		}
		out = append(out, m)
	}
	return out
}

// jSpan reads "2026-05-04 08:30" or, with only a clock, on date.
func jSpan(date, s string) time.Time {
	if d, c, ok := strings.Cut(s, " "); ok {
		return jAt(d, c)
	}
	return jAt(date, s)
}

// jLeave is approved leave of a type from..to ("08:30", "2026-05-08 18:00").
func jLeave(date, typ, from, to string) Cover {
	return Cover{Start: jSpan(date, from), End: jSpan(date, to), Kind: CoverLeave, LeaveType: typ}
}

// jErrand is a registered errand.
func jErrand(date, from, to string) Cover {
	return Cover{Start: jSpan(date, from), End: jSpan(date, to), Kind: CoverErrand}
}

// dayTokens describes a judged day as tokens a table row can expect:
//
//	status=judged                     the day
//	morning_in=late/1                 a point's status, with minutes late/early
//	morning_in@08:31                  its punch (R = remedy, - = none)
//	morning:missed_one                a session's status
//	morning=08:30-12:00               a session's hours
//	late=1 early=0 missed=0           the day's counts
//	absent=0.5 offpost_absent=0 errand=0 leave.sick=0.5
//	extra=1 punches=4                 punches no point took, all punches
//	offpost=121/0.5                   an off-post event: minutes/absence
//	remark=attendance.remark.x        a day-level remark or point remark key
func dayTokens(r DayResult) []string {
	tok := []string{
		"status=" + string(r.Status),
		fmt.Sprintf("late=%d", r.Late), fmt.Sprintf("early=%d", r.Early), fmt.Sprintf("missed=%d", r.Missed),
		"absent=" + r.Absent.String(), "offpost_absent=" + r.OffPostAbsent.String(), "errand=" + r.Errand.String(),
		fmt.Sprintf("extra=%d", len(r.Extra)), fmt.Sprintf("punches=%d", len(r.Punches)),
		fmt.Sprintf("points=%d", len(r.Points)),
	}
	for lt, h := range r.Leave {
		tok = append(tok, "leave."+lt+"="+h.String())
	}
	for _, pt := range r.Points {
		s := pt.Key + "=" + string(pt.Status)
		if pt.Minutes > 0 {
			s += fmt.Sprintf("/%d", pt.Minutes)
		}
		punch := "-"
		if pt.Punch != nil {
			punch = ClockOf(pt.Punch.Time.In(judgeLoc)).String()
			if pt.Punch.Remedy {
				punch = "R" + punch
			}
		}
		tok = append(tok, s, pt.Key+"@"+punch, "remark="+pt.Remark.Key)
	}
	for _, s := range r.Sessions {
		st := s.Key + ":" + string(s.Status)
		if s.LeaveType != "" {
			st += "(" + s.LeaveType + ")"
		}
		tok = append(tok, st, s.Key+"="+s.Start.String()+"-"+s.End.String(), "remark="+s.Remark.Key)
	}
	for _, op := range r.OffPost {
		tok = append(tok, fmt.Sprintf("offpost=%d/%s", op.Minutes, op.Absent), "remark="+op.Remark.Key)
	}
	for _, rm := range r.Remarks {
		tok = append(tok, "remark="+rm.Key)
	}
	return tok
}

// expectTokens fails the test for each wanted token the result lacks; a
// token "!x" wants x absent.
func expectTokens(t *testing.T, got []string, want []string) {
	t.Helper()
	for _, w := range want {
		if neg, ok := strings.CutPrefix(w, "!"); ok {
			if slices.Contains(got, neg) {
				t.Errorf("unexpected %s", neg)
			}
			continue
		}
		if !slices.Contains(got, w) {
			t.Errorf("want %s", w)
		}
	}
	if t.Failed() {
		slices.Sort(got)
		t.Logf("got: %s", strings.Join(got, " "))
	}
}

// mustPreset is a built-in preset, changed by edit when not nil.
func mustPreset(t testing.TB, key string, edit func(*Preset)) Preset {
	t.Helper()
	p, ok := PresetByKey(key)
	if !ok {
		t.Fatalf("no preset %q", key)
	}
	if edit != nil {
		edit(&p)
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("preset %s: %v", key, err)
	}
	return p
}

// testCalendar is the working-day calendar of the shipped State Council
// notices, in the center's location.
var testCalendar = func() *calendar.Calendar {
	cal, err := calendar.Load(nil, embedded.FS, shanghai)
	if err != nil {
		panic(err)
	}
	return cal
}()
