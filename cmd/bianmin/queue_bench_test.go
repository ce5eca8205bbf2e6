package main

import (
	"context"
	"testing"
	"time"

	"bianmin/appliance/locale"
	"bianmin/appliance/printjob"
	"bianmin/appliance/queue"
	"bianmin/appliance/store"
	"bianmin/embedded"
	"bianmin/hw/escpos"
)

// renderPrinter is a ticket printer that is always ready and renders each
// document to ESC/POS bytes for the default profile, as the driver does
// before sending them.
type renderPrinter struct {
	profile escpos.Profile
	bytes   int
}

func (p *renderPrinter) Ready() bool { return true }

func (p *renderPrinter) Print(_ context.Context, d printjob.Doc) error {
	b, err := escposDoc(d).Render(p.profile, nil)
	p.bytes += len(b)
	return err
}

// BenchmarkQueueTakePrintCall: one citizen through take → print → call:
// the ticket taken with its print job in the same transaction, the
// print-job worker claiming, rendering (ESC/POS, native QR) and finishing
// it, then a window calling and finishing the ticket. Every write is a
// committed, fsynced bbolt transaction.
func BenchmarkQueueTakePrintCall(b *testing.B) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	db, err := store.Open(b.TempDir(), store.Options{Now: func() time.Time { return now }, Location: time.UTC})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	profile, err := escpos.LookupProfile(escpos.DefaultProfile)
	if err != nil {
		b.Fatal(err)
	}
	q := queue.New(db, nil)
	q.SetPrinter(queuePrinter{cat: locale.Lazy(embedded.FS), lang: "zh-CN", base: "http://192.168.1.20:8080"})
	rp := &renderPrinter{profile: profile}
	w := &printjob.Worker{DB: db, Printer: rp}
	who := queue.Actor{Name: "bench"}
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		if _, err := q.Take(queue.TakeRequest{Service: "B", Source: queue.SourceKiosk, Actor: "bench"}); err != nil {
			b.Fatal(err)
		}
		if printed, err := w.Step(ctx); err != nil || !printed {
			b.Fatalf("print: %v %v", printed, err)
		}
		if _, err := q.CallNext(who, 3); err != nil {
			b.Fatal(err)
		}
		if _, err := q.Finish(who, 3); err != nil {
			b.Fatal(err)
		}
		if i%900 == 899 {
			now = now.AddDate(0, 0, 1)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
	b.ReportMetric(float64(rp.bytes)/float64(b.N), "bytes/ticket")
}
