package printjob

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

// clock is a settable store clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func openDB(t *testing.T) (*store.DB, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	db := storetest.Open(t, store.Options{Now: c.Now})
	return db, c
}

// fakePrinter is a printer whose readiness and next failures a test sets.
type fakePrinter struct {
	mu      sync.Mutex
	ready   bool
	fail    []error // returned by the next prints, in order
	printed []Doc
}

func (p *fakePrinter) Ready() bool { p.mu.Lock(); defer p.mu.Unlock(); return p.ready }
func (p *fakePrinter) setReady(r bool) {
	p.mu.Lock()
	p.ready = r
	p.mu.Unlock()
}
func (p *fakePrinter) Print(_ context.Context, d Doc) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.fail) > 0 {
		err := p.fail[0]
		p.fail = p.fail[1:]
		if pe, ok := err.(*PrintError); ok && pe.Sent {
			p.printed = append(p.printed, d) // it printed, in the end
		}
		return err
	}
	p.printed = append(p.printed, d)
	return nil
}
func (p *fakePrinter) count() int { p.mu.Lock(); defer p.mu.Unlock(); return len(p.printed) }

func ticket(n string) *Doc {
	return Ticket{Center: "青山镇便民服务中心", Number: n, Service: "综合业务", QR: "http://box/q/" + n, Footer: []string{"过号无效，请留意叫号"}}.Doc()
}

func submit(t *testing.T, db *store.DB, kind, title string) Job {
	t.Helper()
	var j Job
	if err := db.Update("kiosk", func(tx *store.Tx) error {
		var err error
		j, err = Submit(tx, Request{Kind: kind, Title: title, Doc: ticket(title)})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return j
}

func state(t *testing.T, db *store.DB, id uint64) Job {
	t.Helper()
	j, err := Get(db, id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// A job is part of the caller's write: a ticket whose transaction fails
// leaves no print job behind, and a committed one is there with its
// document (as JSON) intact.
func TestSubmitCommitsWithTheCaller(t *testing.T) {
	db, _ := openDB(t)
	boom := errors.New("the ticket was refused")
	err := db.Update("kiosk", func(tx *store.Tx) error {
		if _, err := Submit(tx, Request{Kind: KindTicket, Title: "A001", Doc: ticket("A001")}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if p, _ := List(db, Query{}); p.Total != 0 {
		t.Fatalf("a rolled-back ticket left %d jobs", p.Total)
	}
	j := submit(t, db, KindTicket, "A002")
	got := state(t, db, j.ID)
	if got.State != StateQueued || got.Doc.Summary(80) != j.Doc.Summary(80) || got.Expires.Sub(got.Created) != TicketStaleAfter {
		t.Fatalf("stored %+v", got)
	}
	for _, r := range []Request{{Kind: KindTicket, Doc: NewDoc().Feed(2)}, {Kind: "poster", Doc: ticket("A3")}} {
		err := db.Update("kiosk", func(tx *store.Tx) error { _, err := Submit(tx, r); return err })
		if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrKind) {
			t.Errorf("%+v: %v", r, err)
		}
	}
}

// Issue 12 §1 (“a job that fails (paper out, unplugged) is kept and
// retried when the printer is back”): a job waits while the printer is
// not ready, a failed try keeps it with the reason, and it prints once
// the printer is back.
func TestWorkerWaitsAndRetries(t *testing.T) {
	db, _ := openDB(t)
	p := &fakePrinter{}
	w := &Worker{DB: db, Printer: p}
	ctx := context.Background()
	j := submit(t, db, KindSlip, "slip")
	if printed, err := w.Step(ctx); printed || err != nil || p.count() != 0 {
		t.Fatalf("printed %v err %v on a printer that is not ready", printed, err)
	}
	if got := state(t, db, j.ID); got.State != StateQueued || got.Attempts != 0 {
		t.Fatalf("a job tried on a printer not ready: %+v", got)
	}
	paperOut := &PrintError{Reason: Reason{Key: "escpos.status.paper_out", Detail: "paper out"}}
	p.setReady(true)
	p.fail = []error{paperOut}
	if _, err := w.Step(ctx); !errors.As(err, new(*PrintError)) {
		t.Fatalf("step: %v", err)
	}
	got := state(t, db, j.ID)
	if got.State != StateFailed || got.Reason.Key != "escpos.status.paper_out" || got.Attempts != 1 || !got.Auto() {
		t.Fatalf("after a refused try: %+v", got)
	}
	if printed, err := w.Step(ctx); !printed || err != nil {
		t.Fatalf("retry: %v %v", printed, err)
	}
	if got := state(t, db, j.ID); got.State != StateDone || got.Attempts != 2 || p.count() != 1 {
		t.Fatalf("after the retry: %+v, %d printed", got, p.count())
	}
	c, _ := Count(db)
	if c != (Counts{}) {
		t.Fatalf("open jobs left: %+v", c)
	}
}

// A printer that ran out of paper in the middle holds the rest and prints
// it when paper is loaded: the job stays printing with the reason, is not
// sent again, and is done once the printer is ready.
func TestWorkerHeldJobIsNotSentTwice(t *testing.T) {
	db, _ := openDB(t)
	p := &fakePrinter{ready: true}
	p.fail = []error{&PrintError{Sent: true, Reason: Reason{Key: "escpos.status.paper_out"}}}
	w := &Worker{DB: db, Printer: p}
	ctx := context.Background()
	j := submit(t, db, KindTicket, "A001")
	k := submit(t, db, KindTicket, "A002")
	_, _ = w.Step(ctx)
	if got := state(t, db, j.ID); got.State != StatePrinting || got.Reason.Key != "escpos.status.paper_out" {
		t.Fatalf("held job: %+v", got)
	}
	p.setReady(false)
	if printed, _ := w.Step(ctx); printed {
		t.Fatal("stepped on while the paper is out")
	}
	p.setReady(true)
	if printed, err := w.Step(ctx); !printed || err != nil {
		t.Fatal(printed, err)
	}
	if got := state(t, db, j.ID); got.State != StateDone || got.Attempts != 1 {
		t.Fatalf("held job after the paper was loaded: %+v", got)
	}
	if got := state(t, db, k.ID); got.State != StateQueued {
		t.Fatalf("the next job moved before the held one was done: %+v", got)
	}
	_, _ = w.Step(ctx)
	if got := state(t, db, k.ID); got.State != StateDone || p.count() != 2 {
		t.Fatalf("next job: %+v, %d printed", got, p.count())
	}
}

// Issue 12 §1 (“queue tickets older than 10 minutes are listed for staff,
// not printed late”): the rule in rows — a ticket at 9:59 after taking
// prints, at 10:00 it is stale; other kinds wait as long as it takes.
// Retried by staff, a stale ticket prints (someone decided so).
func TestStaleTickets(t *testing.T) {
	for _, row := range []struct {
		kind  string
		wait  time.Duration
		stale bool
	}{
		{KindTicket, TicketStaleAfter - time.Second, false},
		{KindTicket, TicketStaleAfter, true},
		{KindTicket, 3 * time.Hour, true},
		{KindSlip, 3 * time.Hour, false},
		{KindWorkCard, 48 * time.Hour, false},
	} {
		db, clk := openDB(t)
		p := &fakePrinter{}
		w := &Worker{DB: db, Printer: p}
		j := submit(t, db, row.kind, "A001")
		clk.Add(row.wait)
		p.setReady(true)
		_, _ = w.Step(context.Background())
		got := state(t, db, j.ID)
		if row.stale != (got.State == StateStale) || row.stale == (p.count() == 1) {
			t.Errorf("%s after %v: %s, %d printed", row.kind, row.wait, got.State, p.count())
			continue
		}
		if !row.stale {
			continue
		}
		if pg, _ := List(db, Query{Open: true, Staff: true}); pg.Total != 1 || pg.Jobs[0].ID != j.ID {
			t.Errorf("staff list: %+v", pg)
		}
		if _, err := Retry(db, "office", j.ID); err != nil {
			t.Fatal(err)
		}
		_, _ = w.Step(context.Background())
		if got := state(t, db, j.ID); got.State != StateDone || p.count() != 1 {
			t.Errorf("retried stale ticket: %+v", got)
		}
	}
}

// Staff cancel an open job (audited); a done job cannot be cancelled, a
// cancelled one can be printed again.
func TestCancelAndRetry(t *testing.T) {
	db, _ := openDB(t)
	p := &fakePrinter{}
	w := &Worker{DB: db, Printer: p}
	j := submit(t, db, KindTicket, "A001")
	if _, err := Cancel(db, "office", j.ID); err != nil {
		t.Fatal(err)
	}
	p.setReady(true)
	_, _ = w.Step(context.Background())
	if p.count() != 0 {
		t.Fatal("a cancelled job printed")
	}
	entries, err := db.AuditEntries("printjob/", 10)
	if err != nil || len(entries) != 1 || entries[0].Action != "printjob.cancel" || entries[0].Actor != "office" {
		t.Fatalf("audit: %+v %v", entries, err)
	}
	if _, err := Cancel(db, "office", j.ID); !errors.Is(err, ErrNotOpen) {
		t.Fatalf("cancel twice: %v", err)
	}
	if _, err := Retry(db, "office", j.ID); err != nil {
		t.Fatal(err)
	}
	_, _ = w.Step(context.Background())
	if got := state(t, db, j.ID); got.State != StateDone {
		t.Fatalf("%+v", got)
	}
	if _, err := Retry(db, "office", j.ID); err != nil {
		t.Fatalf("reprint a done job: %v", err)
	}
	if _, err := Retry(db, "office", j.ID); !errors.Is(err, ErrNotRetried) {
		t.Fatalf("retry a queued job: %v", err)
	}
	if _, err := Cancel(db, "office", 999); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
}

// Lists are paged by the store: the open list oldest first, the whole
// list newest first; old done jobs are pruned, open ones never.
func TestListsAndPrune(t *testing.T) {
	db, clk := openDB(t)
	var ids []uint64
	for _, n := range []string{"A001", "A002", "A003", "A004", "A005"} {
		ids = append(ids, submit(t, db, KindSlip, n).ID)
	}
	p := &fakePrinter{ready: true}
	w := &Worker{DB: db, Printer: p}
	_, _ = w.Step(context.Background()) // A001 done
	open, err := List(db, Query{Open: true, Page: 2, Size: 3})
	if err != nil || open.Total != 4 || open.Pages != 2 || len(open.Jobs) != 1 || open.Jobs[0].ID != ids[4] {
		t.Fatalf("open page 2: %+v %v", open, err)
	}
	all, _ := List(db, Query{Size: 2})
	if all.Total != 5 || all.Jobs[0].ID != ids[4] || all.Jobs[1].ID != ids[3] {
		t.Fatalf("all page 1: %+v", all)
	}
	clk.Add(KeepDone + time.Hour)
	if n, err := Prune(db, clk.Now().Add(-KeepDone)); err != nil || n != 1 {
		t.Fatalf("pruned %d, %v", n, err)
	}
	if all, _ := List(db, Query{}); all.Total != 4 {
		t.Fatalf("after prune: %d", all.Total)
	}
}

// Run prints a job submitted while it waits, at once (woken on commit).
func TestRunWakesOnSubmit(t *testing.T) {
	db, _ := openDB(t)
	p := &fakePrinter{ready: true}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { _ = (&Worker{DB: db, Printer: p, Poll: time.Minute}).Run(ctx); close(done) }()
	time.Sleep(50 * time.Millisecond)
	j := submit(t, db, KindTicket, "A001")
	deadline := time.Now().Add(2 * time.Second)
	for state(t, db, j.ID).State != StateDone {
		if time.Now().After(deadline) {
			t.Fatal("not printed within 2 s of the commit")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}
