package auditlog

import (
	"fmt"
	"testing"
	"time"

	"bianmin/appliance/store"
)

// benchLog is a log of n entries like a center's, 7 minutes apart from
// 2016: mostly fingerprint punches, one in 50 an office edit, one in 500 a
// report the director publishes. Each actor's entries are written in
// bulk (a transaction has one actor), at the instants they would have had
// among the others: the search indexes order by time.
func benchLog(b *testing.B, n int) *Log {
	b.Helper()
	t0 := time.Date(2016, 1, 4, 8, 0, 0, 0, time.UTC)
	at := 0
	db, err := store.Open(b.TempDir(), store.Options{Now: func() time.Time { return t0.Add(time.Duration(at) * 7 * time.Minute) }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	write := func(actor, action string, keep func(i int) bool) {
		for i := 0; i < n; {
			err := db.Update(actor, func(tx *store.Tx) error {
				for j := 0; j < 5000 && i < n; i++ {
					if !keep(i) {
						continue
					}
					j, at = j+1, i
					if err := tx.Audit(action, fmt.Sprintf("staff/%d", i%60), nil, map[string]any{"staff_no": "QS001", "n": i}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	write("device:fingerprint", "punch.fingerprint", func(i int) bool { return i%50 != 0 })
	write("office", "staff.update", func(i int) bool { return i%50 == 0 && i%500 != 0 })
	write("director", "report.publish", func(i int) bool { return i%500 == 0 })
	return New(db, nil)
}

// BenchmarkAuditPage: one page of a 10-year log (≈ 600,000 entries on a
// 60-person center; 200,000 here to keep `make bench` short — the cost
// does not grow with the log): the newest page, a person's page, and a
// rare action by a busy actor within a year.
func BenchmarkAuditPage(b *testing.B) {
	l := benchLog(b, 200_000)
	for _, q := range []struct {
		name string
		q    Query
	}{
		{"newest", Query{}},
		{"one_person", Query{Actor: "office"}},
		{"rare_action_by_device_in_a_year", Query{Actor: "device:fingerprint", Action: "report.publish",
			From: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"director_in_a_year", Query{Actor: "director", From: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)}},
	} {
		b.Run(q.name, func(b *testing.B) {
			for range b.N {
				if _, err := l.Search(q.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
