package calendar

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// maxReasonRunes bounds the reason of a local change.
const maxReasonRunes = 40

// SetDay makes the calendar date of t a working day or a day off by local
// decision (a closure for a power cut, a Saturday opened for a campaign),
// whatever the notices say. reason names it on pages (required, at most 40
// characters). The change is audited ("calendar.set_day") and sent to the
// county.
func (c *Calendar) SetDay(actor string, t time.Time, working bool, reason string) error {
	reason = strings.TrimSpace(reason)
	switch {
	case c.db == nil:
		return problem.New("", errReadOnly)
	case reason == "":
		return problem.New("reason", errReasonRequired)
	case utf8.RuneCountInString(reason) > maxReasonRunes:
		return problem.New("reason", errReasonTooLong, "Max", maxReasonRunes)
	case !cleanText(reason):
		return &problem.Problem{Field: "reason", Key: errTextInvalid, Value: problem.Bound(reason)}
	}
	day := dayOf(t, c.loc).String()
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.db.Update(actor, func(tx *store.Tx) error {
		var before *override
		if old, err := store.GetAs[override](tx, bucketOverrides, []byte(day)); err == nil {
			before = &old
		} else if err != store.ErrNotFound {
			return err
		}
		after := override{Date: day, Working: working, Name: reason, By: actor, At: tx.Now().UTC()}
		if err := tx.Put(bucketOverrides, []byte(day), after); err != nil {
			return err
		}
		if err := tx.Audit("calendar.set_day", "calendar/"+day, before, after); err != nil {
			return err
		}
		if err := tx.Outbox("calendar.day", after); err != nil {
			return err
		}
		return c.follow(tx, dayOf(t, c.loc))
	})
	if err != nil {
		return fmt.Errorf("calendar: set %s: %w", day, err)
	}
	return c.reload()
}

// ClearOverride removes the local change of the calendar date of t: the day
// is again what the notices and the weekly rule make it. It is audited
// ("calendar.clear_day") and sent to the county.
func (c *Calendar) ClearOverride(actor string, t time.Time) error {
	if c.db == nil {
		return problem.New("", errReadOnly)
	}
	day := dayOf(t, c.loc).String()
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.db.Update(actor, func(tx *store.Tx) error {
		before, err := store.GetAs[override](tx, bucketOverrides, []byte(day))
		if err == store.ErrNotFound {
			return problem.New("date", errNoOverride, "Date", day)
		}
		if err != nil {
			return err
		}
		if err := tx.Delete(bucketOverrides, []byte(day)); err != nil {
			return err
		}
		if err := tx.Audit("calendar.clear_day", "calendar/"+day, before, nil); err != nil {
			return err
		}
		if err := tx.Outbox("calendar.day_cleared", map[string]any{"date": day, "by": actor}); err != nil {
			return err
		}
		return c.follow(tx, dayOf(t, c.loc))
	})
	if _, ok := problem.As(err); ok {
		return err
	}
	if err != nil {
		return fmt.Errorf("calendar: clear %s: %w", day, err)
	}
	return c.reload()
}

// ImportResult says what ImportNotice did.
type ImportResult struct {
	Year     int    `json:"year"`
	Source   string `json:"source,omitempty"`
	Holidays int    `json:"holidays"` // days off in the notice
	Workdays int    `json:"workdays"` // make-up workdays in the notice
	Replaced bool   `json:"replaced"` // the year had a notice before (shipped or imported)
}

// ImportNotice loads a year's notice from r, in the format of the shipped
// data (embedded/holidays/README.md), and stores it in place of any notice
// of that year. year is the year the office means to import, or 0 to take
// it from the file. Every line is checked first: when any has a problem,
// nothing is stored and the error wraps ErrImportRejected and the
// problem.List of every problem with its line. The import is audited ("calendar.import") and sent to the
// county.
func (c *Calendar) ImportNotice(actor string, year int, r io.Reader) (ImportResult, error) {
	if c.db == nil {
		return ImportResult{}, problem.New("", errReadOnly)
	}
	data, err := io.ReadAll(io.LimitReader(r, maxNoticeBytes+1))
	if err != nil {
		return ImportResult{}, fmt.Errorf("calendar import: read the file: %w", err)
	}
	n, problems := ParseNotice(data, year)
	return c.importNotice(actor, n, problems)
}

// PreviewNoticeText reads the State Council notice's own text (pasted
// into the holiday page; ParseNoticeText) and says what importing it
// would store — the days, in date order — with every problem, the
// conflicts with another year's notice included. It writes nothing.
func (c *Calendar) PreviewNoticeText(year int, text string) (Notice, problem.List) {
	n, problems := ParseNoticeText(text, year)
	c.mu.Lock()
	defer c.mu.Unlock()
	problems = append(problems, conflicts(c.snap.Load(), n)...)
	problems.SortByLine()
	return n, problems
}

// ImportNoticeText imports the notice's own text as ImportNotice imports
// the line format: every paragraph checked first, nothing stored when
// anything is wrong.
func (c *Calendar) ImportNoticeText(actor string, year int, text string) (ImportResult, error) {
	if c.db == nil {
		return ImportResult{}, problem.New("", errReadOnly)
	}
	n, problems := ParseNoticeText(text, year)
	return c.importNotice(actor, n, problems)
}

// importNotice stores a parsed notice in place of any of its year, unless
// it has problems or conflicts with another year's notice.
func (c *Calendar) importNotice(actor string, n Notice, problems problem.List) (ImportResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.snap.Load()
	problems = append(problems, conflicts(s, n)...)
	if len(problems) > 0 {
		problems.SortByLine()
		return ImportResult{Year: n.Year}, fmt.Errorf("%w: %w", ErrImportRejected, problems)
	}
	res := ImportResult{Year: n.Year, Source: n.Source}
	res.Holidays, res.Workdays = n.Counts()
	prev, replaced := s.notices[n.Year]
	res.Replaced = replaced
	key := []byte(strconv.Itoa(n.Year))
	err := c.db.Update(actor, func(tx *store.Tx) error {
		rec := storedNotice{Notice: n, ImportedBy: actor, ImportedAt: tx.Now().UTC()}
		if err := tx.Put(bucketNotices, key, rec); err != nil {
			return err
		}
		var before any
		if replaced {
			before = prev
		}
		if err := tx.Audit("calendar.import", "calendar/notice/"+string(key), before, n); err != nil {
			return err
		}
		if err := tx.Outbox("calendar.notice", rec); err != nil {
			return err
		}
		return c.follow(tx, firstDay(n, prev, replaced))
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("calendar import %d: %w", n.Year, err)
	}
	return res, c.reload()
}

// firstDay is the first date an imported notice touches: its own first
// date or the replaced notice's, whichever is earlier (the 1st of January
// of its year when neither has a date).
func firstDay(n Notice, prev Notice, replaced bool) dayNum {
	first := yearStart(n.Year)
	days := n.Days
	if replaced {
		days = append(slices.Clone(days), prev.Days...)
	}
	for _, d := range days {
		if v, ok := parseDay(d.Date); ok && v < first {
			first = v
		}
	}
	return first
}

// conflicts finds dates of n that another year's notice (a December date
// shared by two notices) gives the other way round.
func conflicts(s *snapshot, n Notice) problem.List {
	var out problem.List
	for y, other := range s.notices {
		if y == n.Year {
			continue
		}
		theirs := map[string]bool{}
		for _, d := range other.Days {
			theirs[d.Date] = d.Working
		}
		for _, d := range n.Days {
			if w, ok := theirs[d.Date]; ok && w != d.Working {
				out.Add(problem.New("", errConflict, "Date", d.Date, "Other", y).AtLine(d.line, ""))
			}
		}
	}
	return out
}
