package calendar

import (
	"sort"
	"time"
)

// yearTable holds one year's running count of working days, so that
// counting and stepping cost a lookup and a binary search instead of a walk
// over the days.
type yearTable struct {
	first dayNum  // 1 January
	cum   []int32 // cum[i]: working days in [first, first+i); len = days in year + 1
}

// buildYear makes year y's table from the weekly rule and the marks.
func buildYear(y int, marks map[dayNum]mark) *yearTable {
	first, next := yearStart(y), yearStart(y+1)
	t := &yearTable{first: first, cum: make([]int32, int(next-first)+1)}
	for n := first; n < next; n++ {
		working := !n.weekend()
		if m, ok := marks[n]; ok {
			working = m.working
		}
		i := int(n - first)
		t.cum[i+1] = t.cum[i]
		if working {
			t.cum[i+1]++
		}
	}
	return t
}

func (t *yearTable) total() int32 { return t.cum[len(t.cum)-1] }

// nth returns the day of the year's k-th working day (k counted from 1,
// 1 <= k <= total).
func (t *yearTable) nth(k int32) dayNum {
	days := len(t.cum) - 1
	i := sort.Search(days, func(i int) bool { return t.cum[i+1] >= k })
	return t.first + dayNum(i)
}

// table returns year y's table: the snapshot's when data touches y, else the
// weekly rule's (built once and kept: it never changes).
func (c *Calendar) table(s *snapshot, y int) *yearTable {
	if t := s.tables[y]; t != nil {
		return t
	}
	if t, ok := c.plain.Load(y); ok {
		return t.(*yearTable)
	}
	t, _ := c.plain.LoadOrStore(y, buildYear(y, nil))
	return t.(*yearTable)
}

// AddWorkdays returns the n-th working day after the calendar date of t,
// that date itself not counted: AddWorkdays(Thu 24 Sep 2026, 6) is
// Sat 10 Oct 2026 (a make-up workday) across Mid-Autumn and National Day.
// A negative n counts back: the |n|-th working day before the date. n = 0
// returns the date itself, working day or not. The result is midnight at the
// start of that date in the calendar's location.
func (c *Calendar) AddWorkdays(t time.Time, n int) time.Time {
	s := c.snap.Load()
	d := dayOf(t, c.loc)
	if n == 0 {
		return d.timeIn(c.loc)
	}
	y := d.year()
	tab := c.table(s, y)
	i := int(d - tab.first)
	if n > 0 {
		need := int32(n)
		for after := tab.total() - tab.cum[i+1]; need > after; after = tab.total() {
			need -= after
			y++
			tab = c.table(s, y)
		}
		if y == d.year() {
			need += tab.cum[i+1]
		}
		return tab.nth(need).timeIn(c.loc)
	}
	need := int32(-n)
	before := tab.cum[i]
	for need > before {
		need -= before
		y--
		tab = c.table(s, y)
		before = tab.total()
	}
	return tab.nth(before - need + 1).timeIn(c.loc)
}

// WorkdaysBetween counts the working days from the calendar date of from to
// that of to, both included: WorkdaysBetween(1 Feb 2026, 28 Feb 2026) is 16.
// It is 0 when to is before from, and 1 for one working day (from = to).
func (c *Calendar) WorkdaysBetween(from, to time.Time) int {
	s := c.snap.Load()
	a, b := dayOf(from, c.loc), dayOf(to, c.loc)
	if b < a {
		return 0
	}
	ya, yb := a.year(), b.year()
	ta, tb := c.table(s, ya), c.table(s, yb)
	count := tb.cum[int(b-tb.first)+1] - ta.cum[int(a-ta.first)]
	for y := ya; y < yb; y++ {
		count += c.table(s, y).total()
	}
	return int(count)
}
