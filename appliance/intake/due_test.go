package intake

import (
	"testing"
)

// The deadline table over real 2026 dates (the shipped notice 国办发明电〔2025〕7号:
// 中秋 25–27 Sep, 国庆 1–7 Oct, make-up workday Sat 10 Oct).
func TestDueDates2026(t *testing.T) {
	all := []string{"申请书", "身份证复印件"}
	tests := []struct {
		name string
		// days is the promised limit; run moves the case on from its
		// receipt on Thu 24 Sep 2026 09:00.
		days int
		// short: only the application form is handed in at receipt
		short bool
		run   func(f *fixture, c Case) Case
		want  string
		kind  DueKind
	}{
		{name: "承诺件 of 5 working days accepted on receipt (issue 13; DOMAIN.md 承诺时限 in working days)", days: 5,
			run:  func(f *fixture, c Case) Case { return f.step(f.receiver, c.ID, StepInput{Action: ActAccept}) },
			want: "2026-10-09", kind: DueDecision},
		{name: "6 working days: due on the make-up Saturday 10 Oct", days: 6,
			run:  func(f *fixture, c Case) Case { return f.step(f.receiver, c.ID, StepInput{Action: ActAccept}) },
			want: "2026-10-10", kind: DueDecision},
		{name: "a 3-working-day expert review (行政许可法 art. 45) moves it 3 working days", days: 5,
			run: func(f *fixture, c Case) Case {
				f.step(f.receiver, c.ID, StepInput{Action: ActAccept})
				*f.now = at("2026-09-30 10:00")
				return f.step(f.receiver, c.ID, StepInput{Action: ActPause, Kind: ExclExpert, Note: "专家评审", Day: "2026-09-28", End: "2026-09-30"})
			},
			want: "2026-10-13", kind: DueDecision},
		{name: "补正 before 受理 moves nothing: a notice and the materials the same day", days: 5, short: true,
			run: func(f *fixture, c Case) Case {
				c = f.step(f.receiver, c.ID, StepInput{Action: ActNotice})
				*f.now = at("2026-09-24 15:00")
				return f.step(f.receiver, c.ID, StepInput{Action: ActAccept, Materials: []string{"身份证复印件"}})
			},
			want: "2026-10-09", kind: DueDecision},
		{name: "the decision limit runs from 受理 (material in on Mon 28 Sep; regulation 002 line 27)", days: 5, short: true,
			run: func(f *fixture, c Case) Case {
				c = f.step(f.receiver, c.ID, StepInput{Action: ActNotice})
				*f.now = at("2026-09-28 10:00")
				return f.step(f.receiver, c.ID, StepInput{Action: ActAccept, Materials: []string{"身份证复印件"}})
			},
			want: "2026-10-10", kind: DueDecision},
		{name: "before 受理 only the one-time notice's 5 working days run (regulation 002 line 27)", days: 5,
			run:  func(f *fixture, c Case) Case { return c },
			want: "2026-10-09", kind: DueNotice},
		{name: "the notice issued: no limit runs until the materials come", days: 5, short: true,
			run:  func(f *fixture, c Case) Case { return f.step(f.receiver, c.ID, StepInput{Action: ActNotice}) },
			want: "", kind: DueNone},
		{name: "即办件: due the day it is accepted", days: 0,
			run:  func(f *fixture, c Case) Case { return f.step(f.receiver, c.ID, StepInput{Action: ActAccept}) },
			want: "2026-09-24", kind: DueDecision},
		{name: "an expert review under way suspends the limit", days: 5,
			run: func(f *fixture, c Case) Case {
				f.step(f.receiver, c.ID, StepInput{Action: ActAccept})
				return f.step(f.receiver, c.ID, StepInput{Action: ActPause, Kind: ExclExpert, Note: "专家评审"})
			},
			want: "", kind: DueSuspended},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			received := all
			if tc.short {
				received = all[:1]
			}
			c := tc.run(f, f.register(tc.days, received...))
			d := f.svc.Due(c)
			got := ""
			if !d.Date.IsZero() && d.Kind != DueSuspended {
				got = day(d.Date)
			}
			if d.Kind != tc.kind || got != tc.want {
				t.Fatalf("due = %s %q, want %s %q", d.Kind, got, tc.kind, tc.want)
			}
			if c.DueDate != tc.want {
				t.Errorf("stored due date %q, want %q", c.DueDate, tc.want)
			}
		})
	}
}
