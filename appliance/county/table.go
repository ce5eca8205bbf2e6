package county

import (
	"sort"
	"strconv"
	"strings"

	"bianmin/appliance/report"
)

// Columns of the drill-down tables, in their order; the locale key of a
// column's heading is "countyroll.col.<column>".
const (
	ColName      = "name"
	ColWorkDays  = "work_days"
	ColLate      = "late"
	ColEarly     = "early"
	ColMissed    = "missed"
	ColAbsent    = "absent"
	ColLeave     = "leave"
	ColSubst     = "substitutes"
	ColTickets   = "tickets"
	ColWait      = "wait"
	ColCases     = "cases"
	ColOnTime    = "on_time"
	ColRatings   = "ratings"
	ColSatisfied = "satisfied"
	ColBad       = "bad"
	ColBadDone   = "bad_done"
	ColScore     = "score"
)

// Columns lists the columns of a drill-down table.
func Columns() []string {
	return []string{ColName, ColWorkDays, ColLate, ColEarly, ColMissed, ColAbsent, ColLeave, ColSubst, ColTickets, ColWait,
		ColCases, ColOnTime, ColRatings, ColSatisfied, ColBad, ColBadDone, ColScore}
}

// Value is a tally's figure in a column, as a number a table shows (days
// for half-day counts, percent for rates, minutes for waits, points for
// scores); ok is false when there is nothing to measure (a rate of no
// cases).
func (t Tally) Value(col string) (v float64, ok bool) {
	rate := func(pm int) (float64, bool) { return float64(pm) / 10, pm >= 0 }
	switch col {
	case ColWorkDays:
		return float64(t.WorkDays), true
	case ColLate:
		return float64(t.Late), true
	case ColEarly:
		return float64(t.Early), true
	case ColMissed:
		return float64(t.Missed), true
	case ColAbsent:
		return float64(t.Absent) / 2, true
	case ColLeave:
		return float64(t.LeaveHalves()) / 2, true
	case ColSubst:
		return float64(t.Substitutes), true
	case ColTickets:
		return float64(t.Tickets), true
	case ColWait:
		w := t.WaitMinutes()
		return float64(w), w >= 0
	case ColCases:
		return float64(t.CaseTotal().N), true
	case ColOnTime:
		return rate(t.OnTimeRate())
	case ColRatings:
		return float64(t.Ratings), true
	case ColSatisfied:
		return rate(t.SatisfiedRate())
	case ColBad:
		return float64(t.Bad), true
	case ColBadDone:
		return float64(t.BadDone), true
	case ColScore:
		s := t.Score()
		return float64(s) / 10, s >= 0
	}
	return 0, false
}

// Text is a column's figure as a table writes it ("—" for nothing to
// measure; rates with "%").
func (t Tally) Text(col string) string {
	v, ok := t.Value(col)
	if !ok {
		return "—"
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if col == ColOnTime || col == ColSatisfied {
		s += "%"
	}
	return s
}

// TableQuery is how a drill-down table is asked for: sorted by a column
// (Desc: largest first), filtered by words in the name or staff number and
// to rows with something in column Only, and paged.
type TableQuery struct {
	Sort string
	Desc bool
	Q    string
	Only string
	Page int // from 1
	Size int
}

// DefaultPageSize is the rows of one page of a drill-down table.
const DefaultPageSize = 50

// TablePage is one page of a table and the sum of every row that passed
// the filter.
type TablePage struct {
	Rows  []Row
	Total int
	Page  int
	Pages int
	Sum   Tally
}

// Table filters, sorts and pages rows (q.Size < 0: every row, for an
// export).
func Table(rows []Row, q TableQuery) TablePage {
	var kept []Row
	words := strings.TrimSpace(q.Q)
	for _, r := range rows {
		if words != "" && !strings.Contains(r.Name, words) && !strings.Contains(r.No, words) {
			continue
		}
		if q.Only != "" {
			if v, ok := r.Tally.Value(q.Only); !ok || v == 0 {
				continue
			}
		}
		kept = append(kept, r)
	}
	sort.SliceStable(kept, func(i, j int) bool {
		a, b := kept[i], kept[j]
		if q.Sort == "" || q.Sort == ColName {
			if q.Desc {
				return a.Name > b.Name
			}
			return a.Name < b.Name
		}
		va, oka := a.Tally.Value(q.Sort)
		vb, okb := b.Tally.Value(q.Sort)
		if oka != okb {
			return oka // rows with a figure first
		}
		if va == vb {
			return a.Name < b.Name
		}
		if q.Desc {
			return va > vb
		}
		return va < vb
	})
	p := TablePage{Total: len(kept)}
	for _, r := range kept {
		p.Sum.add(r.Tally, 1)
	}
	size := q.Size
	if size == 0 {
		size = DefaultPageSize
	}
	if size < 0 {
		p.Rows, p.Page, p.Pages = kept, 1, 1
		return p
	}
	p.Pages = max(1, (len(kept)+size-1)/size)
	p.Page = min(max(q.Page, 1), p.Pages)
	from := (p.Page - 1) * size
	p.Rows = kept[from:min(len(kept), from+size)]
	return p
}

// ReportTable lays rows out as a report table (for XLSX and the PDF):
// head words a column's heading, first the name column's; a total row
// closes it when total is set.
func ReportTable(sheet string, rows []Row, head func(col string) string, total string) *report.Table {
	tb := &report.Table{Sheet: sheet}
	cols := Columns()
	for _, c := range cols {
		tb.Columns = append(tb.Columns, report.Column{Head: head(c), Num: c != ColName})
	}
	line := func(kind report.RowKind, name string, t Tally) report.Row {
		r := report.Row{Kind: kind, Cells: []report.Cell{{Text: name}}}
		for _, c := range cols[1:] {
			v, ok := t.Value(c)
			r.Cells = append(r.Cells, report.Cell{Text: t.Text(c), Value: v, IsNum: ok})
		}
		return r
	}
	var sum Tally
	for _, r := range rows {
		name := r.Name
		if r.No != "" {
			name += " " + r.No
		}
		tb.Rows = append(tb.Rows, line(report.RowData, name, r.Tally))
		sum.add(r.Tally, 1)
	}
	if total != "" {
		tb.Rows = append(tb.Rows, line(report.RowTotal, total, sum))
	}
	return tb
}
