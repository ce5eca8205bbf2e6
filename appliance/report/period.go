package report

import (
	"bianmin/appliance/problem"
	"bianmin/appliance/store"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is what a report is.
type Kind string

// Report kinds (DOMAIN.md: 按周通报、月汇总、季考核).
const (
	Weekly    Kind = "weekly"    // 周通报: Monday to Sunday
	Monthly   Kind = "monthly"   // 月汇总, with a letter per home unit
	Quarterly Kind = "quarterly" // 季考核
)

// Kinds lists the kinds in display order.
func Kinds() []Kind { return []Kind{Weekly, Monthly, Quarterly} }

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return k == Weekly || k == Monthly || k == Quarterly }

// Period is the span a report covers, in the center's location.
type Period struct {
	Kind Kind `json:"kind"`
	// Key names the period: a week by its Monday ("2026-03-02"), a month
	// ("2026-02"), a quarter ("2026-Q1").
	Key   string    `json:"key"`
	Start time.Time `json:"start"` // midnight of the first day
	End   time.Time `json:"end"`   // midnight after the last day
}

// Keys of refused inputs, which come back as problems (appliance/problem)
// with the arguments of their messages (embedded/locales/report.*.json).
const (
	keyKind         = "report.err.kind"
	keyPeriod       = "report.err.period"
	keyNotStarted   = "report.err.not_started"
	keyNoSuchID     = "report.err.not_found"
	keyEmptyReport  = "report.err.empty"
	keyBeforeGoLive = "report.err.before_go_live"
)

// ParsePeriod reads a period of the kind: a week as any of its dates
// ("2026-03-02"; the week is the Monday to Sunday around it), a month as
// "2026-02", a quarter as "2026-Q1".
func ParsePeriod(kind Kind, s string, loc *time.Location) (Period, error) {
	if loc == nil {
		loc = time.Local
	}
	s = strings.TrimSpace(s)
	// The years are those records may be dated in (store.RecordDateOK):
	// "0000-01" is a typo, not a month to judge.
	bad := problem.New("period", keyPeriod, "Kind", string(kind), "Value", problem.Bound(s))
	switch kind {
	case Weekly:
		d, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil || !store.RecordDateOK(d) {
			return Period{}, bad
		}
		return WeekOf(d), nil
	case Monthly:
		m, err := time.ParseInLocation("2006-01", s, loc)
		if err != nil || !store.RecordDateOK(m) {
			return Period{}, bad
		}
		return MonthOf(m.Year(), m.Month(), loc), nil
	case Quarterly:
		y, q, ok := strings.Cut(strings.ToUpper(s), "-Q")
		year, err1 := strconv.Atoi(y)
		n, err2 := strconv.Atoi(q)
		if !ok || err1 != nil || err2 != nil || n < 1 || n > 4 || year < store.MinRecordYear || year > store.MaxRecordYear {
			return Period{}, bad
		}
		return QuarterOf(year, n, loc), nil
	}
	return Period{}, problem.New("kind", keyKind, "Kind", string(kind))
}

// WeekOf is the Monday-to-Sunday week of t's date, in t's location.
func WeekOf(t time.Time) Period {
	d := midnight(t)
	d = d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)) // back to Monday
	return Period{Kind: Weekly, Key: d.Format("2006-01-02"), Start: d, End: d.AddDate(0, 0, 7)}
}

// MonthOf is the month.
func MonthOf(year int, month time.Month, loc *time.Location) Period {
	d := time.Date(year, month, 1, 0, 0, 0, 0, loc)
	return Period{Kind: Monthly, Key: d.Format("2006-01"), Start: d, End: d.AddDate(0, 1, 0)}
}

// QuarterOf is quarter q (1–4) of the year.
func QuarterOf(year, q int, loc *time.Location) Period {
	d := time.Date(year, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, loc)
	return Period{Kind: Quarterly, Key: fmt.Sprintf("%d-Q%d", year, q), Start: d, End: d.AddDate(0, 3, 0)}
}

// Last is the period's last day.
func (p Period) Last() time.Time { return p.End.AddDate(0, 0, -1) }

// Quarter is the quarter's number (1–4) for a quarterly period.
func (p Period) Quarter() int { return (int(p.Start.Month())-1)/3 + 1 }

// Months lists the first day of each month the period touches, in order.
func (p Period) Months() []time.Time {
	var out []time.Time
	for m := time.Date(p.Start.Year(), p.Start.Month(), 1, 0, 0, 0, 0, p.Start.Location()); m.Before(p.End); m = m.AddDate(0, 1, 0) {
		out = append(out, m)
	}
	return out
}

// Contains reports whether t's date lies in the period.
func (p Period) Contains(t time.Time) bool {
	d := midnight(t.In(p.Start.Location()))
	return !d.Before(p.Start) && d.Before(p.End)
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// Current is the period of the kind that today falls in.
func Current(kind Kind, today time.Time) Period {
	switch kind {
	case Weekly:
		return WeekOf(today)
	case Monthly:
		return MonthOf(today.Year(), today.Month(), today.Location())
	}
	return QuarterOf(today.Year(), (int(today.Month())-1)/3+1, today.Location())
}

// CheckStarted refuses a period whose first day has not ended by now: a
// report judges only days that are over, so a period is reported from the
// day after it began.
func (p Period) CheckStarted(now time.Time) error {
	if !p.Start.Before(midnight(now.In(p.Start.Location()))) {
		return problem.New("period", keyNotStarted, "Period", p.Key)
	}
	return nil
}

// Previous is the period of the same kind just before p.
func (p Period) Previous() Period { return Current(p.Kind, p.Start.AddDate(0, 0, -1)) }

// DefaultPeriod is the period of the kind a report form offers first: the
// latest period with data — one that has days on or after go-live
// (YYYY-MM-DD, "" when nothing limits it) before today. An ended period is
// preferred, as only those can be published; when no ended period has
// data yet (a center live since this week, this month or this quarter),
// the current one, judged up to yesterday.
func DefaultPeriod(kind Kind, today time.Time, goLive string) Period {
	cur := Current(kind, midnight(today))
	prev := cur.Previous()
	hasData := func(p Period) bool { return goLive == "" || goLive <= p.Last().Format(dateLayout) }
	switch {
	case hasData(prev):
		return prev
	case goLive < midnight(today).Format(dateLayout) && cur.Start.Before(midnight(today)):
		return cur
	}
	return prev
}
