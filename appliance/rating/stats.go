package rating

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strconv"
	"time"

	"bianmin/appliance/store"
)

// Tally counts ratings by level.
type Tally struct {
	Total  int    `json:"total"`
	Levels [5]int `json:"levels"` // by Levels() order, best first
	Bad    int    `json:"bad"`    // 差评
}

func (t *Tally) add(l Level) {
	t.Total++
	t.Levels[l.index()]++
	if l.Bad() {
		t.Bad++
	}
}

// RatePermille is the satisfaction rate in thousandths: the ratings that
// are not 差评 (非常满意, 满意, 基本满意) over all; 0 when there are none.
func (t Tally) RatePermille() int {
	if t.Total == 0 {
		return 0
	}
	return (t.Total - t.Bad) * 1000 / t.Total
}

// Row is one line of a statistics table: what it counts and its tally.
type Row struct {
	Key    string `json:"key"` // window number, staff id, service name, month YYYY-MM
	Label  string `json:"label"`
	UnitID uint64 `json:"unit_id,omitempty"`
	Unit   string `json:"unit,omitempty"`
	Tally
}

// Stats are the ratings of a span counted four ways.
type Stats struct {
	All       Tally
	ByWindow  []Row
	ByStaff   []Row
	ByService []Row
	ByMonth   []Row
}

// RatingsTx calls fn for every rating made in [from, to), in time order.
func RatingsTx(tx *store.Tx, from, to time.Time, fn func(seq uint64, r Rating) error) error {
	b, err := tx.Bucket(bucketByTime)
	if err != nil || b == nil {
		return err
	}
	start, end := timeKey(from, 0), timeKey(to, 0)
	c := b.Cursor()
	for k, _ := c.Seek(start); k != nil && string(k) < string(end); k, _ = c.Next() {
		seq := binary.BigEndian.Uint64(k[8:])
		e, err := EntryTx(tx, seq)
		if err != nil {
			return err
		}
		if e.Rating != nil {
			if err := fn(seq, *e.Rating); err != nil {
				return err
			}
		}
	}
	return nil
}

// StatsTx counts the ratings of [from, to) per window, staff member,
// service and month (in the store's location).
func StatsTx(tx *store.Tx, from, to time.Time) (Stats, error) {
	var st Stats
	win, staff, svc, month := map[string]*Row{}, map[string]*Row{}, map[string]*Row{}, map[string]*Row{}
	row := func(m map[string]*Row, key, label string) *Row {
		r := m[key]
		if r == nil {
			r = &Row{Key: key, Label: label}
			m[key] = r
		}
		return r
	}
	loc := tx.Location()
	err := RatingsTx(tx, from, to, func(_ uint64, r Rating) error {
		st.All.add(r.Level)
		row(win, strconv.Itoa(r.Window), strconv.Itoa(r.Window)).add(r.Level)
		sr := row(staff, strconv.FormatUint(r.StaffID, 10), r.Staff)
		sr.UnitID, sr.Unit = r.UnitID, r.Unit
		sr.add(r.Level)
		row(svc, r.Service, r.Service).add(r.Level)
		m := r.At.In(loc).Format("2006-01")
		row(month, m, m).add(r.Level)
		return nil
	})
	st.ByWindow = sorted(win, func(a, b Row) int { return cmp.Compare(atoi(a.Key), atoi(b.Key)) })
	st.ByStaff = sorted(staff, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.RatePermille(), b.RatePermille()), cmp.Compare(a.Key, b.Key))
	})
	st.ByService = sorted(svc, func(a, b Row) int { return cmp.Compare(a.Key, b.Key) })
	st.ByMonth = sorted(month, func(a, b Row) int { return cmp.Compare(a.Key, b.Key) })
	return st, err
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func sorted(m map[string]*Row, by func(a, b Row) int) []Row {
	out := make([]Row, 0, len(m))
	for _, r := range m {
		out = append(out, *r)
	}
	slices.SortFunc(out, by)
	return out
}

// BadCountsTx counts each staff member's 差评 in month (YYYY-MM, the
// store's location): what the monthly assessment deducts for.
func BadCountsTx(tx *store.Tx, month string) (map[uint64]int, error) {
	from, err := time.ParseInLocation("2006-01", month, tx.Location())
	if err != nil {
		return nil, err
	}
	out := map[uint64]int{}
	err = RatingsTx(tx, from, from.AddDate(0, 1, 0), func(_ uint64, r Rating) error {
		if r.Level.Bad() {
			out[r.StaffID]++
		}
		return nil
	})
	return out, err
}

// PageTx is one page of the ratings of [from, to), newest first.
func PageTx(tx *store.Tx, from, to time.Time, page, size int) ([]Entry, store.Paged, error) {
	p, err := tx.Page(store.Query{Bucket: bucketByTime, Spans: []store.Span{{From: timeKey(from, 0), To: timeKey(to, 0)}}, Desc: true, Page: page, Size: size})
	if err != nil {
		return nil, p, err
	}
	out := make([]Entry, 0, len(p.Entries))
	for _, e := range p.Entries {
		en, err := EntryTx(tx, binary.BigEndian.Uint64(e.Key[8:]))
		if err != nil {
			return nil, p, err
		}
		out = append(out, en)
	}
	return out, p, nil
}
