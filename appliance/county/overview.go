package county

import (
	"encoding/json"
	"sort"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"

	bolt "go.etcd.io/bbolt"
)

// SkewWarning is how far a box's clock may be off the county's before the
// overview warns.
const SkewWarning = 5 * time.Minute

// Today is a township's attendance today, from the punches and leave its
// box has sent so far.
type Today struct {
	Workday bool
	Staff   int // serving today
	Present int // punched today
	OnLeave int // on approved leave today, no punch
	NotIn   int // neither: absent, or not yet in
	// Windows open, and those none of whose staff has punched today.
	Windows   int
	Uncovered []string
	Unsure    int // punches flagged today (manual, unsure clock)
}

// Township is one row of the county overview.
type Township struct {
	Box   Box
	Today Today
	// Overdue counts open cases past their due date; BadOpen 差评 whose
	// follow-up is not done.
	Overdue int
	BadOpen int
	// Month is the month so far; Judged the last day attendance is judged
	// through.
	Month  Tally
	Judged string
	// Skew is the box's clock minus the county's at its latest batch.
	Skew      time.Duration
	ClockWarn bool
}

// Overview is the row of every township the scope sees at now, in one
// read: a few keys per township, never its records.
func (c *County) Overview(now time.Time, s Scope) ([]Township, error) {
	return store.Read(c.db, func(tx *store.Tx) ([]Township, error) {
		boxes, err := boxesInTx(tx, s)
		if err != nil {
			return nil, err
		}
		sort.Slice(boxes, func(i, j int) bool { return boxes[i].Name < boxes[j].Name })
		v := c.newView(tx)
		today := tx.DateOf(now)
		out := make([]Township, 0, len(boxes))
		for _, b := range boxes {
			if !s.Visible(b.ID) {
				continue
			}
			t, err := v.township(b, today, now)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
		return out, nil
	})
}

// view reads the roll-up buckets in one transaction.
type view struct {
	tx                          *store.Tx
	loc                         *time.Location
	wd                          attendance.WorkingDays
	dir, days, roll, open, ents *bolt.Bucket
}

func (c *County) newView(tx *store.Tx) *view {
	b := func(name string) *bolt.Bucket { return tx.Bolt().Bucket([]byte(name)) }
	return &view{tx: tx, loc: tx.Location(), wd: c.workdays(), dir: b(bucketDir), days: b(bucketDays), roll: b(bucketRoll), open: b(bucketOpen), ents: b(bucketEnts)}
}

func key(box uint64, parts ...any) []byte {
	r := roller{box: box}
	return r.key(parts...)
}

// scan calls fn for each key with the prefix (nil bucket: none).
func scan(b *bolt.Bucket, prefix []byte, fn func(k, v []byte) error) error {
	if b == nil {
		return nil
	}
	cur := b.Cursor()
	for k, v := cur.Seek(prefix); k != nil && len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix); k, v = cur.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

func (v *view) tally(k []byte) (Tally, error) {
	var t Tally
	if v.roll == nil {
		return t, nil
	}
	data := v.roll.Get(k)
	if data == nil {
		return t, nil
	}
	return t, json.Unmarshal(data, &t)
}

func (v *view) state(box uint64) rollState {
	var s rollState
	if v.dir != nil {
		if data := v.dir.Get(key(box, byte('x'))); data != nil {
			_ = json.Unmarshal(data, &s)
		}
	}
	return s
}

func (v *view) staffList(box uint64) ([]staff.Staff, error) {
	var out []staff.Staff
	p := key(box, byte('s'))
	err := scan(v.dir, p, func(k, data []byte) error {
		if len(k) != len(p)+8 {
			return nil
		}
		var s staff.Staff
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

func (v *view) windows(box uint64) ([]staff.Window, error) {
	var out []staff.Window
	p := key(box, byte('w'))
	err := scan(v.dir, p, func(k, data []byte) error {
		var w staff.Window
		if len(k) != len(p)+8 {
			return nil
		}
		if err := json.Unmarshal(data, &w); err != nil {
			return err
		}
		out = append(out, w)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out, err
}

func (v *view) township(b Box, today string, now time.Time) (Township, error) {
	t := Township{Box: b}
	st := v.state(b.ID)
	t.Judged, t.Skew = st.To, st.Skew
	t.ClockWarn = st.Skew > SkewWarning || st.Skew < -SkewWarning
	var err error
	if t.Month, err = v.tally(key(b.ID, byte('m'), today[:7], byte('t'))); err != nil {
		return t, err
	}
	if t.Today, err = v.today(b.ID, today, now); err != nil {
		return t, err
	}
	// Open cases by due date: those due before today are overdue.
	p := key(b.ID, byte('c'))
	if err := scan(v.open, p, func(k, _ []byte) error {
		if string(k[len(p):len(p)+10]) < today {
			t.Overdue++
		}
		return nil
	}); err != nil {
		return t, err
	}
	err = scan(v.open, key(b.ID, byte('b')), func(_, _ []byte) error { t.BadOpen++; return nil })
	return t, err
}

// today counts who is in, on leave and not in, and which windows have
// nobody in.
func (v *view) today(box uint64, today string, now time.Time) (Today, error) {
	var d Today
	day, err := time.ParseInLocation(store.DateLayout, today, v.loc)
	if err != nil {
		return d, err
	}
	d.Workday = v.wd.IsWorkday(day)
	people, err := v.staffList(box)
	if err != nil {
		return d, err
	}
	in := map[uint64]bool{}
	for _, s := range people {
		if !s.Serves(today) {
			continue
		}
		d.Staff++
		var data []byte
		if v.days != nil {
			data = v.days.Get(key(box, today, s.ID))
		}
		if data == nil {
			d.NotIn++
			continue
		}
		var rec dayRec
		if err := json.Unmarshal(data, &rec); err != nil {
			return d, err
		}
		for _, m := range rec.Marks {
			if m.Flagged {
				d.Unsure++
			}
		}
		switch {
		case len(rec.Marks) > 0:
			d.Present++
			in[s.ID] = true
		case len(rec.Covers) > 0:
			d.OnLeave++
		default:
			d.NotIn++
		}
	}
	ws, err := v.windows(box)
	if err != nil {
		return d, err
	}
	covered := map[uint64]bool{}
	for _, s := range people {
		if in[s.ID] && s.WindowID != 0 {
			covered[s.WindowID] = true
		}
	}
	for _, w := range ws {
		if !w.Active {
			continue
		}
		d.Windows++
		if !covered[w.ID] {
			d.Uncovered = append(d.Uncovered, w.Name)
		}
	}
	return d, nil
}
