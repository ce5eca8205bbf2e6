package intake

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"time"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// DueQuery asks for one page of the cases whose limit runs, by due date.
type DueQuery struct {
	// UnitIDs are the units whose cases are listed; empty: every unit.
	UnitIDs  []uint64
	WindowID uint64 // 0: every window
	// Overdue lists the cases past their due date (oldest due first);
	// otherwise those due from today to Settings.DueSoonDays working days
	// ahead (due soon).
	Overdue    bool
	Page, Size int
}

// DueRow is one case of a deadline list with its deadline now.
type DueRow struct {
	Case Case
	Due  Due
}

// DuePage is one page of a deadline list.
type DuePage struct {
	Rows               []DueRow
	Total, Page, Pages int
	// Until is the last day the due-soon list reaches.
	Until time.Time
}

// DueList reads one page of the overdue or due-soon cases of the units
// (and window), walking the due-date index.
func (s *Service) DueList(q DueQuery) (DuePage, error) {
	return store.Read(s.db, func(tx *store.Tx) (DuePage, error) {
		sq, until, err := s.dueQuery(tx, q)
		if err != nil {
			return DuePage{}, err
		}
		page, err := tx.Page(sq)
		if err != nil {
			return DuePage{}, err
		}
		out := DuePage{Total: page.Total, Page: page.Page, Pages: page.Pages, Until: until}
		now := tx.Now()
		for _, e := range page.Entries {
			c, err := GetTx(tx, binary.BigEndian.Uint64(e.Key[len(e.Key)-8:]))
			if err != nil {
				return DuePage{}, err
			}
			out.Rows = append(out.Rows, DueRow{Case: c, Due: DueOf(s.cal, c, now)})
		}
		return out, nil
	})
}

// DueCounts counts the overdue and due-soon cases of the units (and
// window) over the index (no case is read).
func (s *Service) DueCounts(unitIDs []uint64, windowID uint64) (overdue, soon int, err error) {
	err = s.db.View(func(tx *store.Tx) error {
		for _, late := range []bool{true, false} {
			sq, _, err := s.dueQuery(tx, DueQuery{UnitIDs: unitIDs, WindowID: windowID, Overdue: late, Size: 1})
			if err != nil {
				return err
			}
			p, err := tx.Page(sq)
			if err != nil {
				return err
			}
			if late {
				overdue = p.Total
			} else {
				soon = p.Total
			}
		}
		return nil
	})
	return overdue, soon, err
}

func (s *Service) dueQuery(tx *store.Tx, q DueQuery) (store.Query, time.Time, error) {
	set, err := settingsTx(tx)
	if err != nil {
		return store.Query{}, time.Time{}, err
	}
	units := q.UnitIDs
	if len(units) == 0 {
		all, err := staff.UnitsTx(tx)
		if err != nil {
			return store.Query{}, time.Time{}, err
		}
		for _, u := range all {
			units = append(units, u.ID)
		}
	}
	today := civil(tx.Now(), s.cal.Location())
	until := s.cal.AddWorkdays(today, set.DueSoonDays)
	from, to := []byte(today.Format(store.DateLayout)), []byte(until.AddDate(0, 0, 1).Format(store.DateLayout))
	if q.Overdue {
		from, to = nil, []byte(today.Format(store.DateLayout))
	}
	size := q.Size
	if size <= 0 {
		size = DefaultPageSize
	}
	sq := store.Query{Bucket: bucketDue, Page: q.Page, Size: size}
	for _, u := range units {
		sq.Spans = append(sq.Spans, store.Span{Prefix: store.IDKey(u), From: from, To: to})
	}
	if q.WindowID != 0 {
		w := store.IDKey(q.WindowID)
		sq.Keep = func(_, v []byte) bool { return len(v) >= 8 && bytes.Equal(v[:8], w) }
	}
	return sq, until, nil
}

// OverdueEvents lists the limits missed with a due date in [from, to)
// (YYYY-MM-DD): those met late (MetAt set) and those still late now, by
// due date. The assessment reads them (a missed one-time notice, 超时).
func (s *Service) OverdueEvents(from, to string) ([]OverdueEvent, error) {
	return store.Read(s.db, func(tx *store.Tx) ([]OverdueEvent, error) {
		var out []OverdueEvent
		lb, err := tx.Bucket(bucketLate)
		if err != nil {
			return nil, err
		}
		if lb != nil {
			c := lb.Cursor()
			for k, v := c.Seek([]byte(from)); k != nil && string(k[:10]) < to; k, v = c.Next() {
				ev, err := store.Decode[OverdueEvent](bucketLate, k, v)
				if err != nil {
					return nil, err
				}
				out = append(out, ev)
			}
		}
		today := civil(tx.Now(), s.cal.Location()).Format(store.DateLayout)
		end := min(to, today)
		units, err := staff.UnitsTx(tx)
		if err != nil {
			return nil, err
		}
		for _, u := range units {
			p, err := tx.Page(store.Query{Bucket: bucketDue, Spans: []store.Span{{Prefix: store.IDKey(u.ID), From: []byte(from), To: []byte(end)}}})
			if err != nil {
				return nil, err
			}
			for _, e := range p.Entries {
				c, err := GetTx(tx, binary.BigEndian.Uint64(e.Key[len(e.Key)-8:]))
				if err != nil {
					return nil, err
				}
				out = append(out, eventOf(c))
			}
		}
		slices.SortStableFunc(out, func(a, b OverdueEvent) int {
			if a.DueDate != b.DueDate {
				return strings.Compare(a.DueDate, b.DueDate)
			}
			return strings.Compare(a.Number, b.Number)
		})
		return out, nil
	})
}
