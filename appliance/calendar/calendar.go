package calendar

import (
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"bianmin/appliance/store"
)

// Kind says why a day is or is not a working day.
type Kind string

const (
	KindWorkday Kind = "workday" // 工作日: Monday to Friday
	KindWeekend Kind = "weekend" // 周末: Saturday or Sunday
	KindHoliday Kind = "holiday" // 法定节假日 (or a local closure): a day off by notice or decision
	KindMakeup  Kind = "makeup"  // 调休上班: a Saturday or Sunday that is a working day
)

// Day is one calendar date and what it is.
type Day struct {
	Date     time.Time `json:"date"` // midnight at the start of the date in the Calendar's location
	Working  bool      `json:"working"`
	Kind     Kind      `json:"kind"`
	Name     string    `json:"name,omitempty"`    // 春节, 春节调休上班, a closure's reason
	NameEn   string    `json:"name_en,omitempty"` // the English name when the data has one
	Override bool      `json:"override,omitempty"`
}

// Bucket names; every calendar bucket starts with "calendar.".
const (
	bucketOverrides = "calendar.overrides" // "YYYY-MM-DD" → override
	bucketNotices   = "calendar.notices"   // "YYYY" → storedNotice
)

// HolidayDir is the directory of the shipped notices in the fs.FS passed to
// Load: HolidayDir/YYYY.txt.
const HolidayDir = "holidays"

// Calendar answers working-day questions. It is safe for concurrent use.
type Calendar struct {
	db      *store.DB // nil: shipped data only, no writes
	loc     *time.Location
	shipped map[int]Notice

	mu    sync.Mutex // serialises writes and snapshot rebuilds
	snap  atomic.Pointer[snapshot]
	plain sync.Map // year → *yearTable by the weekly rule alone (no data touches that year)

	followers []Follower // told of every change in its transaction (Follow)
}

// Follower is told of a change of the calendar (a day set or cleared, a
// notice imported) inside the change's own transaction, with next: the
// calendar as it will be once the change commits, and from: the first
// date the change touches (a count of working days that ends before it
// is the same on both calendars). What is counted in working days and
// stored (intake's due dates) moves with the change, or the change is
// refused: an error rolls the whole write back.
type Follower func(tx *store.Tx, next *Calendar, from time.Time) error

// Follow registers f for every later change. Call it before the calendar
// is shared (at start, where the services are wired).
func (c *Calendar) Follow(f Follower) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.followers = append(c.followers, f)
}

// follow tells the followers of the change written in tx so far, which
// touches no date before from.
func (c *Calendar) follow(tx *store.Tx, from dayNum) error {
	if len(c.followers) == 0 {
		return nil
	}
	s, err := c.snapshotTx(tx)
	if err != nil {
		return err
	}
	next := &Calendar{loc: c.loc, shipped: c.shipped}
	next.snap.Store(s)
	for _, f := range c.followers {
		if err := f(tx, next, from.timeIn(c.loc)); err != nil {
			return err
		}
	}
	return nil
}

// snapshot is the immutable state readers see.
type snapshot struct {
	notices  map[int]Notice // by year; an imported notice replaces the shipped one
	imported map[int]bool
	marks    map[dayNum]mark    // dates that differ from, or are named beyond, the weekly rule
	tables   map[int]*yearTable // years with at least one mark
	years    []int              // sorted keys of notices
}

// mark is what the data says about one date.
type mark struct {
	working      bool
	name, nameEn string
	override     bool
}

// override is a local change of one day, as stored.
type override struct {
	Date    string    `json:"date"`
	Working bool      `json:"working"`
	Name    string    `json:"name"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// storedNotice is an imported notice as stored.
type storedNotice struct {
	Notice
	ImportedBy string    `json:"imported_by"`
	ImportedAt time.Time `json:"imported_at"`
}

// Load reads the shipped notices (HolidayDir/*.txt in data; data may be
// nil) and the imported notices and overrides in db, and returns the
// calendar. db may be nil: the calendar then knows the shipped data alone
// and refuses writes. Dates are interpreted in loc (time.Local when nil).
func Load(db *store.DB, data fs.FS, loc *time.Location) (*Calendar, error) {
	if loc == nil {
		loc = time.Local
	}
	c := &Calendar{db: db, loc: loc, shipped: map[int]Notice{}}
	if data != nil {
		if err := c.loadShipped(data); err != nil {
			return nil, err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.reload(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Calendar) loadShipped(data fs.FS) error {
	files, err := fs.Glob(data, HolidayDir+"/*.txt")
	if err != nil {
		return err
	}
	for _, f := range files {
		year, err := strconv.Atoi(strings.TrimSuffix(path.Base(f), ".txt"))
		if err != nil {
			return fmt.Errorf("holiday data %s: the file name must be the year, like 2026.txt", f)
		}
		raw, err := fs.ReadFile(data, f)
		if err != nil {
			return fmt.Errorf("holiday data %s: %w", f, err)
		}
		n, problems := ParseNotice(raw, year)
		if len(problems) > 0 {
			return fmt.Errorf("holiday data %s: %v", f, problems[0])
		}
		c.shipped[year] = n
	}
	return nil
}

// reload reads the store and replaces the snapshot. c.mu must be held.
func (c *Calendar) reload() error {
	if c.db == nil {
		c.snap.Store(c.build(nil, nil))
		return nil
	}
	var s *snapshot
	err := c.db.View(func(tx *store.Tx) (err error) {
		s, err = c.snapshotTx(tx)
		return err
	})
	if err != nil {
		return err
	}
	c.snap.Store(s)
	return nil
}

// snapshotTx builds the snapshot of the notices and overrides in tx.
func (c *Calendar) snapshotTx(tx *store.Tx) (*snapshot, error) {
	imported, err := store.All[storedNotice](tx, bucketNotices)
	if err != nil {
		return nil, fmt.Errorf("read the calendar from the store: %w", err)
	}
	overrides, err := store.All[override](tx, bucketOverrides)
	if err != nil {
		return nil, fmt.Errorf("read the calendar from the store: %w", err)
	}
	return c.build(imported, overrides), nil
}

// build is the snapshot of the shipped notices with imported and
// overrides over them.
func (c *Calendar) build(imported []storedNotice, overrides []override) *snapshot {
	s := &snapshot{notices: maps.Clone(c.shipped), imported: map[int]bool{}, marks: map[dayNum]mark{}, tables: map[int]*yearTable{}}
	for _, n := range imported {
		s.notices[n.Year], s.imported[n.Year] = n.Notice, true
	}
	s.years = slices.Sorted(maps.Keys(s.notices))
	for _, y := range s.years { // a later notice wins a December date
		for _, d := range s.notices[y].Days {
			if n, ok := parseDay(d.Date); ok {
				s.marks[n] = mark{working: d.Working, name: d.Name, nameEn: d.NameEn}
			}
		}
	}
	for _, o := range overrides {
		if n, ok := parseDay(o.Date); ok {
			s.marks[n] = mark{working: o.Working, name: o.Name, override: true}
		}
	}
	for n := range s.marks {
		if y := n.year(); s.tables[y] == nil {
			s.tables[y] = buildYear(y, s.marks)
		}
	}
	return s
}

// Location is the time zone in which the calendar reads dates.
func (c *Calendar) Location() *time.Location { return c.loc }

// Day returns what the calendar date of t (in the calendar's location) is.
func (c *Calendar) Day(t time.Time) Day {
	return c.day(c.snap.Load(), dayOf(t, c.loc))
}

func (c *Calendar) day(s *snapshot, n dayNum) Day {
	d := Day{Date: n.timeIn(c.loc), Working: !n.weekend(), Kind: KindWorkday}
	if n.weekend() {
		d.Kind = KindWeekend
	}
	m, ok := s.marks[n]
	if !ok {
		return d
	}
	d.Working, d.Name, d.NameEn, d.Override = m.working, m.name, m.nameEn, m.override
	switch {
	case m.working && n.weekend():
		d.Kind = KindMakeup
	case m.working:
		d.Kind = KindWorkday
	case n.weekend() && m.override:
		d.Kind = KindWeekend // a weekend kept closed by decision is still a weekend
	default:
		d.Kind = KindHoliday
	}
	return d
}

// IsWorkday reports whether the calendar date of t is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	return c.Day(t).Working
}

// Month returns every day of the month, the 1st first.
func (c *Calendar) Month(year int, month time.Month) []Day {
	s := c.snap.Load()
	first, next := civil(year, month, 1), civil(year, month+1, 1)
	days := make([]Day, 0, int(next-first))
	for n := first; n < next; n++ {
		days = append(days, c.day(s, n))
	}
	return days
}

// Years returns the years that have a notice (shipped or imported), in order.
func (c *Calendar) Years() []int { return slices.Clone(c.snap.Load().years) }

// HasYear reports whether year has a notice.
func (c *Calendar) HasYear(year int) bool {
	_, ok := c.snap.Load().notices[year]
	return ok
}

// MissingNextYear says which year's notice the office should import now:
// from 1 December, next year's when it is missing; any day, the current
// year's when that is missing. The dashboard shows a warning while missing
// is true (locale key calendar.missing_year).
func (c *Calendar) MissingNextYear(now time.Time) (year int, missing bool) {
	y, m, _ := now.In(c.loc).Date()
	switch {
	case !c.HasYear(y):
		return y, true
	case m == time.December && !c.HasYear(y+1):
		return y + 1, true
	}
	return y + 1, false
}

// NoticeInfo describes one year's notice.
type NoticeInfo struct {
	Year     int    `json:"year"`
	Source   string `json:"source,omitempty"`
	Imported bool   `json:"imported"` // imported by the office, not shipped
	Holidays int    `json:"holidays"` // days off listed
	Workdays int    `json:"workdays"` // make-up workdays listed
}

// Notices lists the notices in year order.
func (c *Calendar) Notices() []NoticeInfo {
	s := c.snap.Load()
	out := make([]NoticeInfo, 0, len(s.years))
	for _, y := range s.years {
		n := s.notices[y]
		h, w := n.Counts()
		out = append(out, NoticeInfo{Year: y, Source: n.Source, Imported: s.imported[y], Holidays: h, Workdays: w})
	}
	return out
}

// Overrides returns the locally changed days, in date order.
func (c *Calendar) Overrides() []Day {
	s := c.snap.Load()
	var days []dayNum
	for n, m := range s.marks {
		if m.override {
			days = append(days, n)
		}
	}
	slices.Sort(days)
	out := make([]Day, len(days))
	for i, n := range days {
		out[i] = c.day(s, n)
	}
	return out
}
