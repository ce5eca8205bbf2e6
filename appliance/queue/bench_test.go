package queue

import (
	"testing"
	"time"

	"bianmin/appliance/store"
)

// BenchmarkTakeCallFinish: one citizen through the queue — a ticket taken
// (its print job queued in the same transaction by a recording printer),
// called and finished at a window — each step one committed, fsynced
// bbolt write with its audit and outbox entries. The cmd package's
// BenchmarkQueueTakePrintCall adds the real print job and its ESC/POS
// rendering.
func BenchmarkTakeCallFinish(b *testing.B) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	db, err := store.Open(b.TempDir(), store.Options{Now: func() time.Time { return now }, Location: time.UTC})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	q := New(db, nil)
	q.SetPrinter(&recPrinter{})
	who := Actor{Name: "bench"}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := q.Take(TakeRequest{Service: "B", Source: SourceKiosk, Actor: "bench"}); err != nil {
			b.Fatal(err)
		}
		if _, err := q.CallNext(who, 3); err != nil {
			b.Fatal(err)
		}
		if _, err := q.Finish(who, 3); err != nil {
			b.Fatal(err)
		}
		if i%900 == 899 { // a day holds 999 numbers a service
			now = now.AddDate(0, 0, 1)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
}
