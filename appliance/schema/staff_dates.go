package schema

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"bianmin/appliance/store"
)

// staffDates (migration 4) gives every staff member the day they joined
// the hall and, to those made inactive, the day they left — the end date
// replaces the active flag — and gives the center its go-live date. Dates
// are civil dates in the center's time zone (the store's Location).
//
//   - start_date: the day the person was registered (created_at), or the
//     day of their first punch when that is earlier (punches imported from
//     an older clock). Registering comes with joining on a box in use; a
//     punch cannot come before joining.
//   - end_date, for a person whose active flag was off: the day of their
//     last punch — the last day they were at the hall — or, with no punch
//     at all, the day of the last change to their record (updated_at: for
//     a person made inactive and not edited since, the day the office made
//     them so); never before the start date.
//   - center go_live: the day of the earliest punch stored, when there is
//     one and no go-live is set.
//
// A record that has a start date already is left as it is, so running it
// twice does no harm.
func staffDates(tx *store.Tx) error {
	loc := tx.Location()
	day := func(t time.Time) string { return t.In(loc).Format(store.DateLayout) }
	members := map[string]map[string]json.RawMessage{}
	err := tx.ForEach("staff.members", func(k, v []byte) error {
		var rec map[string]json.RawMessage
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("staff %x: %w", k, err)
		}
		members[string(k)] = rec
		return nil
	})
	if err != nil {
		return err
	}
	for k, rec := range members {
		if _, done := rec["start_date"]; done {
			continue
		}
		var s struct {
			Active    *bool     `json:"active"`
			CreatedAt time.Time `json:"created_at"`
			UpdatedAt time.Time `json:"updated_at"`
		}
		raw, _ := json.Marshal(rec)
		if err := json.Unmarshal(raw, &s); err != nil {
			return fmt.Errorf("staff %x: %w", k, err)
		}
		first, last, punched, err := punchSpan(tx, []byte(k))
		if err != nil {
			return err
		}
		start := day(s.CreatedAt)
		if punched && day(first) < start || s.CreatedAt.IsZero() && punched {
			start = day(first)
		}
		if s.CreatedAt.IsZero() && !punched {
			start = day(tx.Now())
		}
		if err := setString(rec, "start_date", start); err != nil {
			return err
		}
		if s.Active != nil && !*s.Active {
			end := day(s.UpdatedAt)
			if punched {
				end = day(last)
			}
			if end < start {
				end = start
			}
			if err := setString(rec, "end_date", end); err != nil {
				return err
			}
		}
		delete(rec, "active")
		if err := tx.Put("staff.members", []byte(k), rec); err != nil {
			return err
		}
	}
	return centerGoLive(tx, day)
}

// punchSpan is the time of a person's first and last punch (bucket
// attendance.punches, keys staffID|unixNano).
func punchSpan(tx *store.Tx, staffKey []byte) (first, last time.Time, ok bool, err error) {
	b, err := tx.Bucket("attendance.punches")
	if err != nil || b == nil {
		return first, last, false, err
	}
	c := b.Cursor()
	k, _ := c.Seek(staffKey)
	if k == nil || len(k) != 16 || !bytes.HasPrefix(k, staffKey) {
		return first, last, false, nil
	}
	first = time.Unix(0, int64(binary.BigEndian.Uint64(k[8:])))
	next := binary.BigEndian.AppendUint64(nil, binary.BigEndian.Uint64(staffKey)+1)
	if k, _ = c.Seek(next); k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	last = time.Unix(0, int64(binary.BigEndian.Uint64(k[8:])))
	return first, last, true, nil
}

// centerGoLive sets the center's go-live date to the day of the earliest
// punch (index attendance.punches_by_time, keys unixNano|staffID).
func centerGoLive(tx *store.Tx, day func(time.Time) string) error {
	idx, err := tx.Bucket("attendance.punches_by_time")
	if err != nil || idx == nil {
		return err
	}
	k, _ := idx.Cursor().First()
	if len(k) < 8 {
		return nil
	}
	settings := map[string]json.RawMessage{}
	if err := tx.Get("center", []byte("settings"), &settings); err != nil && err != store.ErrNotFound {
		return err
	}
	if _, set := settings["go_live"]; set {
		return nil
	}
	if err := setString(settings, "go_live", day(time.Unix(0, int64(binary.BigEndian.Uint64(k[:8]))))); err != nil {
		return err
	}
	return tx.Put("center", []byte("settings"), settings)
}

func setString(rec map[string]json.RawMessage, key, value string) error {
	v, err := json.Marshal(value)
	rec[key] = v
	return err
}
