package county

import (
	"strconv"

	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
)

// Tally is what the county adds up per township, unit, person and day or
// month (issue 16): attendance as the box's own judgement gives it
// (appliance/attendance.JudgeDay), leave and substitutes, queue volumes
// and waiting, cases by category with the on-time ones, ratings and 差评
// with their follow-up, and the 100-point assessment. Every field is a
// count or a sum, so that a tally of a month is the sum of its days and a
// change is applied as old subtracted, new added.
type Tally struct {
	// Attendance: judged working person-days, person-days with a punch,
	// late arrivals, early departures, missed punches, absence and leave
	// (half-days, leave by type) and registered errands (half-days).
	WorkDays int            `json:"wd,omitempty"`
	Present  int            `json:"pr,omitempty"`
	Late     int            `json:"la,omitempty"`
	Early    int            `json:"ea,omitempty"`
	Missed   int            `json:"mi,omitempty"`
	Absent   int            `json:"ab,omitempty"`
	Leave    map[string]int `json:"lv,omitempty"`
	Errand   int            `json:"er,omitempty"`
	Unsure   int            `json:"un,omitempty"` // punches flagged for a second look (manual, unsure clock)

	// Leave requests approved (by the day they begin), and of them those
	// with a substitute (顶岗) registered.
	LeaveReqs   int `json:"lr,omitempty"`
	Substitutes int `json:"sb,omitempty"`

	// Queue: tickets taken, served (finished at a window), and the
	// seconds the called ones waited (WaitN of them).
	Tickets int   `json:"tk,omitempty"`
	Served  int   `json:"sv,omitempty"`
	WaitSec int64 `json:"ws,omitempty"`
	WaitN   int   `json:"wn,omitempty"`

	// Cases by category (intake.Category): received, closed, closed on
	// time.
	Cases map[string]CaseCount `json:"cs,omitempty"`

	// Ratings given, 差评 among them, 差评 whose follow-up is done.
	Ratings int `json:"rt,omitempty"`
	Bad     int `json:"bd,omitempty"`
	BadDone int `json:"bf,omitempty"`

	// Assessment: the 100-point scores' sum (tenths) and how many.
	ScoreTenths int `json:"sc,omitempty"`
	Scored      int `json:"sn,omitempty"`
}

// CaseCount counts cases of one category.
type CaseCount struct {
	N      int `json:"n,omitempty"`
	Done   int `json:"d,omitempty"`
	OnTime int `json:"o,omitempty"`
}

// add adds sign × o to t.
func (t *Tally) add(o Tally, sign int) {
	t.WorkDays += sign * o.WorkDays
	t.Present += sign * o.Present
	t.Late += sign * o.Late
	t.Early += sign * o.Early
	t.Missed += sign * o.Missed
	t.Absent += sign * o.Absent
	t.Errand += sign * o.Errand
	t.Unsure += sign * o.Unsure
	t.LeaveReqs += sign * o.LeaveReqs
	t.Substitutes += sign * o.Substitutes
	t.Tickets += sign * o.Tickets
	t.Served += sign * o.Served
	t.WaitSec += int64(sign) * o.WaitSec
	t.WaitN += sign * o.WaitN
	t.Ratings += sign * o.Ratings
	t.Bad += sign * o.Bad
	t.BadDone += sign * o.BadDone
	t.ScoreTenths += sign * o.ScoreTenths
	t.Scored += sign * o.Scored
	for k, v := range o.Leave {
		if t.Leave == nil {
			t.Leave = map[string]int{}
		}
		t.Leave[k] += sign * v
		if t.Leave[k] == 0 {
			delete(t.Leave, k)
		}
	}
	for k, v := range o.Cases {
		if t.Cases == nil {
			t.Cases = map[string]CaseCount{}
		}
		c := t.Cases[k]
		c.N += sign * v.N
		c.Done += sign * v.Done
		c.OnTime += sign * v.OnTime
		if c == (CaseCount{}) {
			delete(t.Cases, k)
		} else {
			t.Cases[k] = c
		}
	}
}

// Add returns t + o.
func (t Tally) Add(o Tally) Tally {
	var s Tally
	s.add(t, 1)
	s.add(o, 1)
	return s
}

// IsZero reports whether nothing was counted.
func (t Tally) IsZero() bool {
	var z Tally
	z.add(t, 1)
	return z.WorkDays == 0 && z.Present == 0 && z.Late == 0 && z.Early == 0 && z.Missed == 0 && z.Absent == 0 &&
		len(z.Leave) == 0 && z.Errand == 0 && z.Unsure == 0 && z.LeaveReqs == 0 && z.Substitutes == 0 && z.Tickets == 0 &&
		z.Served == 0 && z.WaitSec == 0 && z.WaitN == 0 && len(z.Cases) == 0 && z.Ratings == 0 && z.Bad == 0 &&
		z.BadDone == 0 && z.ScoreTenths == 0 && z.Scored == 0
}

// LeaveHalves is the leave of every type, in half-days.
func (t Tally) LeaveHalves() int {
	n := 0
	for _, v := range t.Leave {
		n += v
	}
	return n
}

// CaseTotal sums the categories.
func (t Tally) CaseTotal() CaseCount {
	var s CaseCount
	for _, c := range t.Cases {
		s.N += c.N
		s.Done += c.Done
		s.OnTime += c.OnTime
	}
	return s
}

// OnTimeRate is the share of closed cases closed on time, in per mille
// (-1 when none closed).
func (t Tally) OnTimeRate() int {
	c := t.CaseTotal()
	return permille(c.OnTime, c.Done)
}

// SatisfiedRate is the share of ratings that are not 差评, in per mille
// (-1 without ratings). GB/T 39734-2020 9.2: the two lowest levels are
// 差评; the three others count as satisfied.
func (t Tally) SatisfiedRate() int { return permille(t.Ratings-t.Bad, t.Ratings) }

// AttendanceRate is the share of judged working half-days not absent, in
// per mille (-1 when nothing was judged).
func (t Tally) AttendanceRate() int { return permille(2*t.WorkDays-t.Absent, 2*t.WorkDays) }

// WaitMinutes is the average wait of the called tickets in minutes
// (-1 when none was called).
func (t Tally) WaitMinutes() int {
	if t.WaitN == 0 {
		return -1
	}
	return int((t.WaitSec/int64(t.WaitN) + 30) / 60)
}

// Score is the average 100-point assessment in tenths (-1 without).
func (t Tally) Score() int {
	if t.Scored == 0 {
		return -1
	}
	return (t.ScoreTenths + t.Scored/2) / t.Scored
}

func permille(n, d int) int {
	if d <= 0 {
		return -1
	}
	return (n*1000 + d/2) / d
}

// CaseRow is one category's cases (intake.Category) with its on-time
// rate in per mille (-1 when none closed).
type CaseRow struct {
	Category string
	CaseCount
	Rate int
}

// RateText is the on-time rate as a table writes it ("—" for none).
func (r CaseRow) RateText() string {
	if r.Rate < 0 {
		return "—"
	}
	return strconv.FormatFloat(float64(r.Rate)/10, 'f', -1, 64) + "%"
}

// CaseRows are the tally's cases by category, in the catalog's order.
func (t Tally) CaseRows() []CaseRow {
	var out []CaseRow
	for _, cat := range intake.Categories() {
		if c, ok := t.Cases[string(cat)]; ok {
			out = append(out, CaseRow{Category: string(cat), CaseCount: c, Rate: permille(c.OnTime, c.Done)})
		}
	}
	return out
}

// LeaveRow is one leave type's days (half-days counted).
type LeaveRow struct {
	Type   string
	Halves int
}

// Days is the row's leave in days ("1.5").
func (r LeaveRow) Days() string { return strconv.FormatFloat(float64(r.Halves)/2, 'f', -1, 64) }

// LeaveRows are the tally's leave by type (leave.Type), in the leave
// form's order; types not known to it come last.
func (t Tally) LeaveRows() []LeaveRow {
	var out []LeaveRow
	seen := map[string]bool{}
	for _, typ := range leave.Types() {
		if h := t.Leave[string(typ)]; h != 0 {
			out = append(out, LeaveRow{Type: string(typ), Halves: h})
		}
		seen[string(typ)] = true
	}
	for typ, h := range t.Leave {
		if !seen[typ] && h != 0 {
			out = append(out, LeaveRow{Type: typ, Halves: h})
		}
	}
	return out
}
