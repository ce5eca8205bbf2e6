package report_test

import (
	"testing"

	"bianmin/appliance/problem"
	"bianmin/appliance/report"
)

// TestDefaultPeriod: the report form offers the latest period with data —
// an ended one when there is one with data, else the current one.
func TestDefaultPeriod(t *testing.T) {
	today := at("2026-12-06", "09:00") // a Sunday, in the fourth quarter
	for _, tc := range []struct {
		name   string
		kind   report.Kind
		goLive string
		want   string
	}{
		{"a box in use for years: last quarter", report.Quarterly, "2024-03-01", "2026-Q3"},
		{"live since November: this quarter (the demo)", report.Quarterly, "2026-11-01", "2026-Q4"},
		{"nothing limits it: last quarter", report.Quarterly, "", "2026-Q3"},
		{"live since today: nothing judged yet, last quarter", report.Quarterly, "2026-12-06", "2026-Q3"},
		{"last month", report.Monthly, "2026-11-01", "2026-11"},
		{"live since this month", report.Monthly, "2026-12-01", "2026-12"},
		{"last week (this one ends tonight)", report.Weekly, "2026-11-01", "2026-11-23"},
		{"live since this week", report.Weekly, "2026-12-02", "2026-11-30"},
	} {
		if got := report.DefaultPeriod(tc.kind, today, tc.goLive); got.Key != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got.Key, tc.want)
		}
	}
}

// TestBuildBeforeGoLive: a period that ended before attendance went live
// has nothing to report and says so.
func TestBuildBeforeGoLive(t *testing.T) {
	fx := newFixture(t)
	fx.march(t) // punches from the first working day of 2026, Sunday 4 January (a make-up day): go-live falls back to it
	p, _ := report.ParsePeriod(report.Quarterly, "2025-Q4", shanghai)
	_, err := report.Build(fx.db, p, report.Options{Calendar: fx.cal, Location: shanghai})
	if key := problemKeyOf(err); key != "report.err.before_go_live" {
		t.Fatalf("2025-Q4: %v, want report.err.before_go_live", err)
	}
	r := fx.build(t, report.Quarterly, "2026-Q1")
	if r.GoLive != "2026-01-04" {
		t.Errorf("the quarter's go-live: %q, want 2026-01-04", r.GoLive)
	}
}

func problemKeyOf(err error) string {
	if p, ok := problem.As(err); ok {
		return p.Key
	}
	return ""
}
