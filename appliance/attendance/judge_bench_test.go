package attendance

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkJudgeMonth60Staff judges a center's month: 60 staff, 22 working
// days (of 30), four punches a day with some late, early and missing.
func BenchmarkJudgeMonth60Staff(b *testing.B) {
	p := mustPreset(b, "standard", nil)
	const staff = 60
	months := make([][]DayInput, staff)
	for s := range months {
		for d := jDate("2026-06-01"); d.Month() == time.June; d = d.AddDate(0, 0, 1) {
			in := DayInput{Date: d, Working: d.Weekday() != time.Saturday && d.Weekday() != time.Sunday}
			if in.Working {
				date := d.Format("2006-01-02")
				in.Punches = jMarks(date, fmt.Sprintf("08:%02d", 20+(s+d.Day())%12), "12:03", "14:2"+fmt.Sprint(d.Day()%10), "18:05")
				if (s+d.Day())%17 == 0 {
					in.Punches = in.Punches[:3]
				}
			}
			months[s] = append(months[s], in)
		}
	}
	judged := 0
	for _, m := range months {
		judged += JudgeMonth(p, m).WorkingDays
	}
	if judged != staff*22 {
		b.Fatalf("judged %d staff-days, want %d", judged, staff*22)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, m := range months {
			JudgeMonth(p, m)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(staff*22), "ns/staff-day")
}
