package assess

// Quarterly 先进个人 and the yearly summary (regulation 003 line 275 "按照
// 考核得分,每季度评定窗口'先进个人'2名,三个季度被评为先进个人的,年度总评时
// 优先"): the months' scores added up per person; Awards is the rule.

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
)

// MonthScore is one month of a person's period.
type MonthScore struct {
	Month    string `json:"month"`
	Score    int    `json:"score"`
	Assessed bool   `json:"assessed"`
}

// Exclusion says why a person cannot be 先进个人 in a quarter.
type Exclusion string

// Exclusions (Rules.ExcludeAbsence, ExcludeBad; Partial always).
const (
	ExclNone    Exclusion = ""
	ExclPartial Exclusion = "partial" // not assessed in every month of the quarter
	ExclAbsence Exclusion = "absence" // any 旷工 in the quarter
	ExclBad     Exclusion = "bad"     // any 差评 in the quarter
)

// PersonPeriod is one person's quarter or year.
type PersonPeriod struct {
	Staff  staff.Staff         `json:"staff"`
	Unit   string              `json:"unit"`
	Months []MonthScore        `json:"months"`
	Total  int                 `json:"total"`
	Avg10  int                 `json:"avg10"` // the average of the assessed months, in tenths
	Absent attendance.HalfDays `json:"absent"`
	Bad    int                 `json:"bad"`
	// Quarter: why not eligible, and whether awarded. Year: the quarters
	// awarded, and priority in the yearly review (3 or more).
	Excluded Exclusion `json:"excluded,omitempty"`
	Award    bool      `json:"award,omitempty"`
	Awards   int       `json:"awards,omitempty"`
	Priority bool      `json:"priority,omitempty"`
}

// AvgText is the average as pages print it: 97.3.
func (p PersonPeriod) AvgText() string { return fmt.Sprintf("%d.%d", p.Avg10/10, p.Avg10%10) }

// Period is a quarter's or a year's people, the best first.
type Period struct {
	Key    string   `json:"key"` // 2026-Q4, 2026
	Months []string `json:"months"`
	// Ended: every month of it is over; before, awards are provisional.
	Ended  bool           `json:"ended"`
	People []PersonPeriod `json:"people"`
}

// Awards is the 先进个人 rule of one quarter (regulation 003 line 275):
// among those assessed in every month of it and not excluded by the
// center's rules (any absence, any 差评), the best Rules.AwardCount by
// average score; people tied with the last one awarded are awarded too.
// It marks Excluded and Award on rows, sorted best first.
func Awards(r Rules, rows []PersonPeriod, months int) []PersonPeriod {
	out := slices.Clone(rows)
	for i := range out {
		p := &out[i]
		assessed := 0
		for _, m := range p.Months {
			if m.Assessed {
				assessed++
			}
		}
		switch {
		case assessed < months:
			p.Excluded = ExclPartial
		case r.ExcludeAbsence && p.Absent > 0:
			p.Excluded = ExclAbsence
		case r.ExcludeBad && p.Bad > 0:
			p.Excluded = ExclBad
		default:
			p.Excluded = ExclNone
		}
		p.Award = false
	}
	rank(out)
	awarded, last := 0, -1
	for i := range out {
		p := &out[i]
		if p.Excluded != ExclNone {
			continue
		}
		if awarded < r.AwardCount || p.Avg10 == last {
			p.Award, last = true, p.Avg10
			awarded++
		}
	}
	return out
}

func rank(rows []PersonPeriod) {
	slices.SortStableFunc(rows, func(a, b PersonPeriod) int {
		return cmp.Or(cmp.Compare(b.Avg10, a.Avg10), cmp.Compare(a.Staff.StaffNo, b.Staff.StaffNo))
	})
}

// monthCache keeps months already assessed while a year is added up.
type monthCache map[string][]StaffMonth

func (s *Service) month(c monthCache, m string) ([]StaffMonth, error) {
	if all, ok := c[m]; ok {
		return all, nil
	}
	all, err := s.Month(m)
	if err == nil {
		c[m] = all
	}
	return all, err
}

// periodOf adds up the months (YYYY-MM) that are over by today.
func (s *Service) periodOf(c monthCache, key string, months []string) (Period, error) {
	p := Period{Key: key, Months: months}
	loc := s.db.Location()
	today := civil(s.db.Now(), loc)
	by := map[uint64]*PersonPeriod{}
	var order []uint64
	last, err := ParseMonth(months[len(months)-1], loc)
	if err != nil {
		return p, err
	}
	p.Ended = !today.Before(last.AddDate(0, 1, 0))
	for i, m := range months {
		first, err := ParseMonth(m, loc)
		if err != nil {
			return p, err
		}
		if first.AddDate(0, 1, 0).After(today) {
			continue // a month counts once it is over
		}
		all, err := s.month(c, m)
		if err != nil {
			return p, err
		}
		for _, sm := range all {
			pp := by[sm.Staff.ID]
			if pp == nil {
				pp = &PersonPeriod{Staff: sm.Staff, Unit: sm.Unit, Months: make([]MonthScore, len(months))}
				for j := range months {
					pp.Months[j].Month = months[j]
				}
				by[sm.Staff.ID] = pp
				order = append(order, sm.Staff.ID)
			}
			pp.Months[i] = MonthScore{Month: m, Score: sm.Score, Assessed: true}
			pp.Total += sm.Score
			pp.Absent += sm.Absent
			pp.Bad += sm.Bad
		}
	}
	for _, id := range order {
		pp := by[id]
		n := 0
		for _, m := range pp.Months {
			if m.Assessed {
				n++
			}
		}
		if n > 0 {
			pp.Avg10 = (pp.Total*10 + n/2) / n
		}
		p.People = append(p.People, *pp)
	}
	rank(p.People)
	return p, nil
}

// QuarterMonths are the months of quarter q (1–4) of year.
func QuarterMonths(year, q int) []string {
	var out []string
	for m := 3*(q-1) + 1; m <= 3*q; m++ {
		out = append(out, fmt.Sprintf("%04d-%02d", year, m))
	}
	return out
}

// Quarter adds up a quarter and names its 先进个人 (provisionally while it
// runs).
func (s *Service) Quarter(year, q int) (Period, error) {
	return s.quarter(monthCache{}, year, q)
}

func (s *Service) quarter(c monthCache, year, q int) (Period, error) {
	if q < 1 || q > 4 {
		return Period{}, fmt.Errorf("quarter %d: want 1–4", q)
	}
	rules, err := s.Rules()
	if err != nil {
		return Period{}, err
	}
	p, err := s.periodOf(c, fmt.Sprintf("%d-Q%d", year, q), QuarterMonths(year, q))
	if err != nil {
		return p, err
	}
	p.People = Awards(rules, p.People, 3)
	return p, nil
}

// PriorityAwards is how many quarters of 先进个人 give priority in the
// yearly review (regulation 003 line 275: 三个季度).
const PriorityAwards = 3

// Year is the yearly summary (年度总评): each person's months, average,
// the quarters they were 先进个人 in, and priority at 3 or more.
func (s *Service) Year(year int) (Period, error) {
	var months []string
	for q := 1; q <= 4; q++ {
		months = append(months, QuarterMonths(year, q)...)
	}
	c := monthCache{}
	p, err := s.periodOf(c, fmt.Sprint(year), months)
	if err != nil {
		return p, err
	}
	awards := map[uint64]int{}
	today := civil(s.db.Now(), s.db.Location())
	for q := 1; q <= 4; q++ {
		first := time.Date(year, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, s.db.Location())
		if first.After(today) {
			break
		}
		qp, err := s.quarter(c, year, q)
		if err != nil {
			return p, err
		}
		for _, pp := range qp.People {
			if pp.Award {
				awards[pp.Staff.ID]++
			}
		}
	}
	for i := range p.People {
		p.People[i].Awards = awards[p.People[i].Staff.ID]
		p.People[i].Priority = p.People[i].Awards >= PriorityAwards
	}
	return p, nil
}
