package county

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Scopes of a tally.
const (
	ScopeTownship = 't'
	ScopeUnit     = 'u'
	ScopePerson   = 'p'
)

// TallyOf is one stored tally: of a township, one of its units (unit) or
// one person (unit and staffID), for a day (YYYY-MM-DD) or a month
// (YYYY-MM).
func (c *County) TallyOf(box uint64, period string, scope byte, unit, staffID uint64) (Tally, error) {
	return store.Read(c.db, func(tx *store.Tx) (Tally, error) {
		level := byte('m')
		if len(period) == 10 {
			level = 'd'
		}
		k := key(box, level, period, scope)
		switch scope {
		case ScopeUnit:
			k = key(box, level, period, scope, unit)
		case ScopePerson:
			k = key(box, level, period, scope, unit, staffID)
		}
		return c.newView(tx).tally(k)
	})
}

// Period is a month ("2026-11") or a quarter ("2026-Q4") of the
// drill-down.
type Period struct {
	Key    string
	Months []string // YYYY-MM, in order
}

// Quarter reports whether the period is a quarter.
func (p Period) Quarter() bool { return len(p.Months) == 3 }

// First and Last are the period's first and last days (YYYY-MM-DD).
func (p Period) First() string { return p.Months[0] + "-01" }

// Last is the period's last day.
func (p Period) Last() string {
	t, _ := time.Parse("2006-01", p.Months[len(p.Months)-1])
	return t.AddDate(0, 1, -1).Format(store.DateLayout)
}

// ErrPeriod is returned for a period that is neither a month nor a quarter.
var ErrPeriod = errors.New("not a month (2026-11) or a quarter (2026-Q4)")

// ParsePeriod reads "2026-11" or "2026-Q4".
func ParsePeriod(s string) (Period, error) {
	if y, q, ok := strings.Cut(s, "-Q"); ok && len(y) == 4 && len(q) == 1 && q >= "1" && q <= "4" {
		var p Period
		p.Key = s
		first := (int(q[0]-'0')-1)*3 + 1
		for m := first; m < first+3; m++ {
			p.Months = append(p.Months, fmt.Sprintf("%s-%02d", y, m))
		}
		if _, err := time.Parse("2006", y); err != nil {
			return Period{}, ErrPeriod
		}
		return p, nil
	}
	if _, err := time.Parse("2006-01", s); err != nil || len(s) != 7 {
		return Period{}, ErrPeriod
	}
	return Period{Key: s, Months: []string{s}}, nil
}

// MonthPeriod is the month of t.
func MonthPeriod(t time.Time) Period {
	m := t.Format("2006-01")
	return Period{Key: m, Months: []string{m}}
}

// Periods are the last n months and the quarters they touch, newest first,
// for a period picker.
func Periods(now time.Time, n int) []Period {
	var out []Period
	seenQ := map[string]bool{}
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		m := first.AddDate(0, -i, 0)
		out = append(out, MonthPeriod(m))
		q := fmt.Sprintf("%d-Q%d", m.Year(), (int(m.Month())-1)/3+1)
		if !seenQ[q] {
			seenQ[q] = true
			p, _ := ParsePeriod(q)
			out = append(out, p)
		}
	}
	return out
}

// Row is one line of a drill-down table: a township, a unit or a person,
// with its tally over the period.
type Row struct {
	Box   uint64
	Unit  uint64
	Staff uint64
	Name  string
	No    string // a person's staff number
	Tally Tally
}

// Townships are the tallies over the period of every township of the
// scope.
func (c *County) Townships(s Scope, p Period) ([]Row, error) {
	return store.Read(c.db, func(tx *store.Tx) ([]Row, error) {
		v := c.newView(tx)
		boxes, err := boxesInTx(tx, s)
		if err != nil {
			return nil, err
		}
		out := make([]Row, 0, len(boxes))
		for _, b := range boxes {
			r := Row{Box: b.ID, Name: b.Name}
			for _, m := range p.Months {
				t, err := v.tally(key(b.ID, byte('m'), m, byte('t')))
				if err != nil {
					return nil, err
				}
				r.Tally.add(t, 1)
			}
			out = append(out, r)
		}
		return out, nil
	})
}

// Units are a township's units' tallies over the period (unit 0: records
// of no known unit).
func (c *County) Units(box uint64, p Period) ([]Row, error) {
	return store.Read(c.db, func(tx *store.Tx) ([]Row, error) {
		v := c.newView(tx)
		rows := map[uint64]*Row{}
		for _, m := range p.Months {
			pre := key(box, byte('m'), m, byte('u'))
			if err := scan(v.roll, pre, func(k, data []byte) error {
				id := binary.BigEndian.Uint64(k[len(pre):])
				return v.addRow(rows, Row{Box: box, Unit: id}, id, data)
			}); err != nil {
				return nil, err
			}
		}
		for _, r := range rows {
			r.Name = v.unitName(box, r.Unit)
		}
		return sorted(rows), nil
	})
}

// People are the tallies of a unit's people over the period.
func (c *County) People(box, unit uint64, p Period) ([]Row, error) {
	return store.Read(c.db, func(tx *store.Tx) ([]Row, error) {
		v := c.newView(tx)
		rows := map[uint64]*Row{}
		for _, m := range p.Months {
			pre := key(box, byte('m'), m, byte('p'), unit)
			if err := scan(v.roll, pre, func(k, data []byte) error {
				id := binary.BigEndian.Uint64(k[len(pre):])
				return v.addRow(rows, Row{Box: box, Unit: unit, Staff: id}, id, data)
			}); err != nil {
				return nil, err
			}
		}
		for _, r := range rows {
			s, _ := v.person(box, r.Staff)
			r.Name, r.No = s.Name, s.StaffNo
		}
		return sorted(rows), nil
	})
}

func (v *view) addRow(rows map[uint64]*Row, base Row, id uint64, data []byte) error {
	var t Tally
	if err := json.Unmarshal(data, &t); err != nil {
		return err
	}
	r := rows[id]
	if r == nil {
		r = &base
		rows[id] = r
	}
	r.Tally.add(t, 1)
	return nil
}

func sorted(rows map[uint64]*Row) []Row {
	out := make([]Row, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (v *view) unitName(box, id uint64) string {
	var u staff.Unit
	if v.dir != nil {
		if data := v.dir.Get(key(box, byte('u'), id)); data != nil {
			_ = json.Unmarshal(data, &u)
		}
	}
	return u.Name
}

func (v *view) person(box, id uint64) (staff.Staff, bool) {
	var s staff.Staff
	if v.dir == nil {
		return s, false
	}
	data := v.dir.Get(key(box, byte('s'), id))
	return s, data != nil && json.Unmarshal(data, &s) == nil
}

// Names are the names the drill-down's headings show.
type Names struct {
	Township string
	Unit     string
	Person   string
	No       string
}

// NamesOf names a township, a unit and a person (0: not asked).
func (c *County) NamesOf(box, unit, staffID uint64) (Names, error) {
	return store.Read(c.db, func(tx *store.Tx) (Names, error) {
		var n Names
		var b Box
		if err := tx.Get(bucketBoxes, store.IDKey(box), &b); err != nil {
			return n, err
		}
		v := c.newView(tx)
		n.Township = b.Name
		if unit != 0 {
			n.Unit = v.unitName(box, unit)
		}
		if staffID != 0 {
			s, _ := v.person(box, staffID)
			n.Person, n.No = s.Name, s.StaffNo
		}
		return n, nil
	})
}

// Day is one person-day: the tally, the punches and covering leave the
// box sent, and the judgement of attendance.JudgeDay over them.
type Day struct {
	Date    string
	Workday bool
	Tally   Tally
	Punches []attendance.Mark
	Leave   []attendance.Cover
	Judged  bool
	Result  attendance.DayResult
}

// Days are a person's days of the period (those with something counted
// or recorded), in date order.
func (c *County) Days(box, unit, staffID uint64, p Period) ([]Day, error) {
	return store.Read(c.db, func(tx *store.Tx) ([]Day, error) {
		v := c.newView(tx)
		var out []Day
		var err error
		eachDay(p.First(), p.Last(), func(date string) {
			if err != nil {
				return
			}
			var d Day
			d, err = v.day(box, unit, staffID, date, false)
			if err == nil && (!d.Tally.IsZero() || len(d.Punches) > 0 || len(d.Leave) > 0) {
				out = append(out, d)
			}
		})
		return out, err
	})
}

// DayOf is one person-day in full, with the judgement's details.
func (c *County) DayOf(box, unit, staffID uint64, date string) (Day, error) {
	if !validDate(date) {
		return Day{}, ErrPeriod
	}
	return store.Read(c.db, func(tx *store.Tx) (Day, error) { return c.newView(tx).day(box, unit, staffID, date, true) })
}

func (v *view) day(box, unit, staffID uint64, date string, judge bool) (Day, error) {
	d := Day{Date: date}
	t, err := v.tally(key(box, byte('d'), date, byte('p'), unit, staffID))
	if err != nil {
		return d, err
	}
	d.Tally = t
	day, err := time.ParseInLocation(store.DateLayout, date, v.loc)
	if err != nil {
		return d, err
	}
	d.Workday = v.wd.IsWorkday(day)
	if v.days == nil {
		return d, nil
	}
	data := v.days.Get(key(box, date, staffID))
	if data == nil {
		return d, nil
	}
	var rec dayRec
	if err := json.Unmarshal(data, &rec); err != nil {
		return d, err
	}
	d.Punches, d.Judged = rec.Marks, rec.Judged
	for _, c := range rec.Covers {
		d.Leave = append(d.Leave, c.Cover)
	}
	if judge {
		s, known := v.person(box, staffID)
		if known {
			set := attendance.DefaultSettings()
			if data := v.dir.Get(key(box, byte('p'))); data != nil {
				_ = json.Unmarshal(data, &set)
			}
			d.Result = attendance.JudgeDay(set.Preset, attendance.DayInput{Date: day, Working: d.Workday,
				Excluded: attendance.ExclusionOf(s, "", date), Punches: rec.Marks, Covers: d.Leave})
		}
	}
	return d, nil
}
