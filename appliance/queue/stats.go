package queue

import (
	"bytes"
	"sort"
	"strconv"
	"time"

	"bianmin/appliance/store"
)

// StatsRow is one line of the statistics: a service, a window or a staff
// member over the period.
type StatsRow struct {
	Key      string // the service's prefix, the window's number, the user
	Label    string // the service's name ("" for windows and staff)
	Tickets  int    // tickets of the period (called at it, for windows and staff)
	Finished int
	Skipped  int
	Waiting  int           // still waiting (services only)
	WaitSum  time.Duration // over the called tickets
	WaitMax  time.Duration
	Called   int
	Service  time.Duration // summed service time of the finished ones
}

// AvgWait is the mean wait of the called tickets.
func (r StatsRow) AvgWait() time.Duration {
	if r.Called == 0 {
		return 0
	}
	return r.WaitSum / time.Duration(r.Called)
}

// AvgService is the mean service time of the finished tickets.
func (r StatsRow) AvgService() time.Duration {
	if r.Finished == 0 {
		return 0
	}
	return r.Service / time.Duration(r.Finished)
}

func (r *StatsRow) add(t Ticket) {
	switch t.Status {
	case StatusFinished:
		r.Finished++
		r.Service += t.Served()
	case StatusSkipped:
		r.Skipped++
	case StatusWaiting:
		r.Waiting++
	}
	if !t.Called.IsZero() {
		w := t.Waited()
		r.Called++
		r.WaitSum += w
		r.WaitMax = max(r.WaitMax, w)
	}
}

// DayCount is the tickets of one day of the period (the chart).
type DayCount struct {
	Day      string
	Tickets  int
	Finished int
}

// Stats are the queue's figures over a period: a day (YYYY-MM-DD) or a
// month (YYYY-MM).
type Stats struct {
	Period   string
	Total    StatsRow
	Services []StatsRow
	Windows  []StatsRow
	Staff    []StatsRow
	Days     []DayCount
}

// StatsTx counts the tickets of the period (by their queue day): per
// service, per window and per staff member who called them, and per day.
func StatsTx(tx *store.Tx, period string) (Stats, error) {
	st := Stats{Period: period, Total: StatsRow{Key: "all"}}
	b, err := tx.Bucket(bucketByDay)
	if err != nil || b == nil {
		return st, err
	}
	set, err := SettingsTx(tx)
	if err != nil {
		return st, err
	}
	services, windows, staff := map[string]*StatsRow{}, map[int]*StatsRow{}, map[string]*StatsRow{}
	days := map[string]*DayCount{}
	prefix := []byte(period)
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) != len(store.DateLayout)+8 {
			continue
		}
		t, err := TicketTx(tx, store.KeyID(k[len(store.DateLayout):]))
		if err != nil {
			return st, err
		}
		day := string(k[:len(store.DateLayout)])
		dc := days[day]
		if dc == nil {
			dc = &DayCount{Day: day}
			days[day] = dc
		}
		dc.Tickets++
		if t.Status == StatusFinished {
			dc.Finished++
		}
		st.Total.Tickets++
		st.Total.add(t)
		sr := services[t.Service]
		if sr == nil {
			sr = &StatsRow{Key: t.Service, Label: t.ServiceName}
			services[t.Service] = sr
		}
		sr.Tickets++
		sr.add(t)
		if t.Window != 0 {
			wr := windows[t.Window]
			if wr == nil {
				wr = &StatsRow{Key: strconv.Itoa(t.Window)}
				windows[t.Window] = wr
			}
			wr.Tickets++
			wr.add(t)
		}
		if t.Staff != "" {
			pr := staff[t.Staff]
			if pr == nil {
				pr = &StatsRow{Key: t.Staff}
				staff[t.Staff] = pr
			}
			pr.Tickets++
			pr.add(t)
		}
	}
	for _, d := range set.Services { // the settings' order, then any retired service
		if r := services[d.Prefix]; r != nil {
			r.Label = d.Name
			st.Services = append(st.Services, *r)
			delete(services, d.Prefix)
		}
	}
	for _, k := range sortedKeys(services) {
		st.Services = append(st.Services, *services[k])
	}
	ws := make([]int, 0, len(windows))
	for n := range windows {
		ws = append(ws, n)
	}
	sort.Ints(ws)
	for _, n := range ws {
		st.Windows = append(st.Windows, *windows[n])
	}
	for _, k := range sortedKeys(staff) {
		st.Staff = append(st.Staff, *staff[k])
	}
	for _, k := range sortedKeys(days) {
		st.Days = append(st.Days, *days[k])
	}
	return st, nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Stats reads the figures of a period (YYYY-MM-DD or YYYY-MM).
func (q *Queue) Stats(period string) (Stats, error) {
	return store.Read(q.db, func(tx *store.Tx) (Stats, error) { return StatsTx(tx, period) })
}
