package attendance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/leave"
	"bianmin/appliance/locale"
)

// The arguments the code gives each remark are the ones its message uses:
// judge a busy month and render every remark it produced.
func TestJudgeRemarksRender(t *testing.T) {
	cat, err := locale.Load(os.DirFS(filepath.Join("..", "..", "embedded")))
	if err != nil {
		t.Fatal(err)
	}
	p := mustPreset(t, "standard", func(p *Preset) { p.LateGraceMinutes, p.EarlyGraceMinutes = 5, 5 })
	day := "2026-05-04"
	days := []DayInput{
		{Date: jDate(day), Working: true, Punches: jMarks(day, "08:33", "R11:50", "14:40"),
			Covers:  []Cover{jErrand(day, "17:00", "18:30")},
			OffPost: []OffPostEvent{{Start: jAt(day, "09:00"), Duration: 3 * time.Hour}, {Start: jAt(day, "10:00"), Duration: time.Minute}}},
		{Date: jDate("2026-05-05"), Working: true, Covers: []Cover{jLeave("2026-05-05", "sick", "08:00", "12:30"), jErrand("2026-05-05", "14:00", "18:30")},
			Punches: jMarks("2026-05-05", "11:00")},
		{Date: jDate("2026-05-06"), Working: true, Punches: jMarks("2026-05-06", "08:40", "11:59")},
		{Date: jDate("2026-05-07"), Working: true, Punches: jMarks("2026-05-07", "08:40", "11:59", "14:25")},
		{Date: jDate("2026-05-08"), Working: true, Punches: jMarks("2026-05-08", "08:25", "R12:00", "14:25")},
		{Date: jDate("2026-05-09"), Working: false, Punches: jMarks("2026-05-09", "09:00")},
		{Date: jDate("2026-05-14"), Working: true, Excluded: ExcludedBeforeGoLive},
		{Date: jDate("2026-05-15"), Working: true, Excluded: ExcludedBeforeStart, Punches: jMarks("2026-05-15", "08:25")},
		{Date: jDate("2026-05-18"), Working: true, Excluded: ExcludedAfterEnd},
	}
	// Back a day late (超假), and a departure before the substitute came.
	days = append(days, DayInput{Date: jDate("2026-05-14"), Working: true, Overstay: []Span{{Start: jAt("2026-05-13", "18:00"), End: jAt("2026-05-14", "14:30")}},
		Punches: jMarks("2026-05-14", "14:25", "18:05")})
	for _, d := range []string{"2026-05-11", "2026-05-12", "2026-05-13"} {
		days = append(days, DayInput{Date: jDate(d), Working: true, Punches: jMarks(d, "08:25", "12:05", "14:25")})
	}
	m := JudgeMonth(p, days)
	cb := JudgeMonth(mustPreset(t, "county-b", nil), []DayInput{
		{Date: jDate(day), Working: true, Punches: jMarks(day, "12:05", "14:25")},
		{Date: jDate("2026-05-05"), Working: true, Punches: jMarks("2026-05-05", "08:25", "12:05", "14:25", "17:35")},
	})
	var remarks []Remark
	for _, d := range append(m.Days, cb.Days...) {
		for _, pt := range d.Points {
			remarks = append(remarks, pt.Remark)
		}
		for _, s := range d.Sessions {
			remarks = append(remarks, s.Remark)
		}
		for _, op := range d.OffPost {
			remarks = append(remarks, op.Remark)
		}
		remarks = append(remarks, d.Remarks...)
	}
	remarks = append(remarks, m.Remarks...)
	// The handover's remarks: waiting, covered, left first, no substitute.
	l := leave.Leave{ID: 1, StaffID: 1, SubstituteID: 2}
	for _, h := range []struct {
		leaver, sub []string
		now         string
	}{{nil, nil, "13:00"}, {[]string{"14:25"}, []string{"14:20"}, "18:30"}, {[]string{"14:25"}, nil, "18:30"}, {nil, nil, "18:30"}} {
		remarks = append(remarks, JudgeHandover(p, l, jAt(day, "14:30"), jMarks(day, h.leaver...), jMarks(day, h.sub...), jAt(day, h.now), 1).Remark)
	}
	seen := map[string]bool{}
	for _, r := range remarks {
		seen[r.Key] = true
		for _, lang := range locale.Languages {
			if got := cat.T(lang, r.Key, r.Args); got == r.Key || strings.Contains(got, "<no value>") {
				t.Errorf("%s %s with %v renders %q", lang, r.Key, r.Args, got)
			}
		}
	}
	for _, key := range cat.Keys() {
		if strings.HasPrefix(key, "attendance.remark.") && !seen[key] {
			t.Errorf("no month here produced %s: add a day that does", key)
		}
	}
}
