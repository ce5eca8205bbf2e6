package queue

import (
	"testing"
	"time"

	"bianmin/appliance/store"
)

func TestNumbersAndOrder(t *testing.T) {
	f := newFixture(t)
	a1 := f.take("A", false)
	a2 := f.take("A", false)
	g := f.take("A", true)
	b1 := f.take("B", false)
	if a1.Number != "A001" || a2.Number != "A002" || g.Number != "A003" || b1.Number != "B001" {
		t.Fatalf("numbers %s %s %s %s", a1.Number, a2.Number, g.Number, b1.Number)
	}
	// The green channel first (000 line 228), then in order (004 line 195).
	for _, want := range []string{"A003", "A001", "A002"} {
		if got := f.call(1); got.Number != want {
			t.Fatalf("called %s, want %s", got.Number, want)
		}
	}
	if _, err := f.q.CallNext(clerk, 2); err == nil {
		t.Fatal("window 2 called with no A waiting")
	} else {
		wantProblem(t, err, errNobodyWaiting)
	}
	if got := f.call(3); got.Number != "B001" {
		t.Fatalf("window 3 called %s", got.Number)
	}
}

func TestConsoleFlow(t *testing.T) {
	f := newFixture(t)
	var done []Finished
	f.q.OnFinished(func(x Finished) { done = append(done, x) })
	a1 := f.take("A", false)
	f.take("A", false)
	c := f.call(1)
	if c.ID != a1.ID || c.Window != 1 || c.Staff != "wang" {
		t.Fatalf("called %+v", c)
	}
	// Recall up to the limit (Settings.RecallMax, default 3).
	for i := 1; i <= DefaultRecallMax; i++ {
		r, err := f.q.Recall(clerk, 1)
		if err != nil || r.Recalls != i {
			t.Fatalf("recall %d: %v %d", i, err, r.Recalls)
		}
	}
	_, err := f.q.Recall(clerk, 1)
	wantProblem(t, err, errRecallLimit)
	s, err := f.q.Skip(clerk, 1)
	if err != nil || s.Status != StatusSkipped {
		t.Fatalf("skip: %v %s", err, s.Status)
	}
	if len(done) != 0 {
		t.Fatal("a skipped ticket ran the finished hook")
	}
	// 先外后内 (DOMAIN.md "Queue"): no internal work while A002 waits.
	wantProblem(t, f.q.Pause(clerk, 1, PauseInternal, ""), errCitizensFirst)
	c = f.call(1)
	f.tick(4 * time.Minute)
	fin, err := f.q.Finish(clerk, 1)
	if err != nil || fin.Status != StatusFinished || fin.ID != c.ID {
		t.Fatalf("finish: %v %+v", err, fin)
	}
	if len(done) != 1 || done[0].Window != 1 || done[0].StaffID != 7 || done[0].Done.Sub(done[0].Called) != 5*time.Minute {
		t.Fatalf("finished hook got %+v", done)
	}
	_, err = f.q.Finish(clerk, 1)
	wantProblem(t, err, errNoCurrent)
	if err := f.q.Pause(clerk, 1, PauseInternal, ""); err != nil {
		t.Fatalf("internal work with nobody waiting: %v", err)
	}
	f.take("A", false)
	_, err = f.q.CallNext(clerk, 1)
	wantProblem(t, err, errPaused)
	h, _ := f.q.Hall()
	if w := h.Window(1); !w.Paused || w.Reason != PauseInternal || w.Waiting != 1 {
		t.Fatalf("hall window 1: %+v", w)
	}
	if err := f.q.Resume(clerk, 1); err != nil {
		t.Fatal(err)
	}
	f.call(1)
	// Next ends the ticket at the window.
	f.take("A", false)
	f.call(1)
	if len(done) != 2 {
		t.Fatalf("call next did not finish the ticket at the window: %d", len(done))
	}
	wantProblem(t, f.q.Pause(clerk, 1, PauseBreak, ""), errCurrentOpen)
	wantProblem(t, f.q.Pause(clerk, 1, PauseOther, ""), errPauseNote)
	_, err = f.q.CallNext(clerk, 9)
	wantProblem(t, err, errUnknownWindow)
}

func TestTransfer(t *testing.T) {
	f := newFixture(t)
	f.take("B", false)
	a := f.take("A", false)
	f.call(1)
	_, err := f.q.Transfer(clerk, 1, "B", 4)
	wantProblem(t, err, errWindowNotServing)
	m, err := f.q.Transfer(clerk, 1, "B", 0)
	if err != nil || m.ID != a.ID || m.Service != "B" || m.Number != "A001" || m.Status != StatusWaiting {
		t.Fatalf("transfer: %v %+v", err, m)
	}
	// The transferred ticket goes before B001, which came earlier.
	if got := f.call(3); got.ID != a.ID {
		t.Fatalf("window 3 called %s", got.Number)
	}
}

func TestDayRollsOnTrustedClockOnly(t *testing.T) {
	f := newFixture(t)
	f.take("A", false)
	left := f.take("A", false)
	f.call(1)
	f.now = at("2026-03-03 08:30")
	f.clock.trusted = false
	if got := f.take("A", false); got.Number != "A003" || got.Day != "2026-03-02" {
		t.Fatalf("unsure clock: %s on %s, want A003 on 2026-03-02", got.Number, got.Day)
	}
	f.clock.trusted = true
	if err := f.q.Roll(); err != nil {
		t.Fatal(err)
	}
	if got := f.take("A", false); got.Number != "A001" || got.Day != "2026-03-03" {
		t.Fatalf("synced clock: %s on %s, want A001 on 2026-03-03", got.Number, got.Day)
	}
	old, _ := f.q.Ticket(left.ID)
	if old.Status != StatusExpired {
		t.Fatalf("yesterday's waiting ticket is %s", old.Status)
	}
	h, _ := f.q.Hall()
	if h.Waiting != 1 || h.Window(1).Call != nil || len(h.Recent) != 0 {
		t.Fatalf("hall after the day rolled: %+v", h)
	}
}

func TestBookings(t *testing.T) {
	f := newFixture(t)
	f.take("A", false)
	today, err := f.q.Book(Booking{Service: "A", At: at("2026-03-02 09:00"), Name: "李秀英", Actor: "wang"})
	if err != nil || today.Ticket.Number != "A002" || today.Ticket.Class != ClassAppointment {
		t.Fatalf("book today: %v %+v", err, today.Ticket)
	}
	late, err := f.q.Book(Booking{Service: "A", At: at("2026-03-04 10:00"), Name: "张伟", Actor: "wang"})
	if err != nil || late.Ticket.Status != StatusBooked || late.Ticket.Number != "" {
		t.Fatalf("book later: %v %+v", err, late.Ticket)
	}
	early, _ := f.q.Book(Booking{Service: "A", At: at("2026-03-04 09:00"), Name: "刘芳", Actor: "wang"})
	_, err = f.q.Book(Booking{Service: "A", At: at("2026-03-01 09:00"), Name: "陈明", Actor: "wang"})
	wantProblem(t, err, errBookPast)
	_, err = f.q.Book(Booking{Service: "A", At: at("2026-03-02 09:00"), Actor: "wang"})
	wantProblem(t, err, errName)
	// Before 9:00 the appointment queues as ordinary, behind A001.
	if got := f.call(1); got.Number != "A001" {
		t.Fatalf("called %s before the appointment's time", got.Number)
	}
	// The 4th begins: the two appointments get the first numbers, by time.
	f.now = at("2026-03-04 08:00")
	if err := f.q.Roll(); err != nil {
		t.Fatal(err)
	}
	e, _ := f.q.Ticket(early.Ticket.ID)
	l, _ := f.q.Ticket(late.Ticket.ID)
	if e.Number != "A001" || l.Number != "A002" || e.Status != StatusWaiting {
		t.Fatalf("booked on the day: %s %s %s", e.Number, l.Number, e.Status)
	}
	if got := f.take("A", false); got.Number != "A003" {
		t.Fatalf("walk-in after the appointments: %s", got.Number)
	}
	// At 10:00 the 10:00 appointment is due: it goes before the walk-in.
	f.now = at("2026-03-04 10:00")
	if got := f.call(1); got.ID != e.ID {
		t.Fatalf("called %s", got.Number)
	}
	if got := f.call(1); got.ID != l.ID {
		t.Fatalf("called %s", got.Number)
	}
}

func TestPressGap(t *testing.T) {
	// Issue 12 §3: one ticket per button per 3 s.
	f := newFixture(t)
	t0 := at("2026-03-02 08:30")
	for _, c := range []struct {
		after time.Duration
		want  bool
	}{{0, true}, {time.Second, false}, {2900 * time.Millisecond, false}, {3 * time.Second, true}, {4 * time.Second, false}, {6 * time.Second, true}} {
		_, ok, err := f.q.Press("A", t0.Add(c.after))
		if err != nil || ok != c.want {
			t.Errorf("press at +%v: ok %v err %v, want %v", c.after, ok, err, c.want)
		}
	}
	if _, ok, _ := f.q.Press("B", t0.Add(time.Second)); !ok {
		t.Error("another service's button is throttled by A's")
	}
	_, ok, err := f.q.Press("Z", t0)
	if ok {
		t.Fatal("unknown service gave a ticket")
	}
	wantProblem(t, err, errUnknownService)
}

func TestEventsAfterCommit(t *testing.T) {
	f := newFixture(t)
	ch, stop := f.q.Subscribe()
	defer stop()
	a := f.take("A", false)
	f.call(1)
	if _, err := f.q.CallNext(clerk, 1); err == nil {
		t.Fatal("nobody waits")
	}
	var kinds []EventKind
	for len(ch) > 0 {
		e := <-ch
		if e.Kind == EventDayStarted {
			continue // the first ticket starts the queue's first day
		}
		kinds = append(kinds, e.Kind)
		if e.Kind == EventCalled && (e.Window != 1 || e.Ticket.ID != a.ID || !e.Announce()) {
			t.Errorf("called event %+v", e)
		}
	}
	if len(kinds) != 2 || kinds[0] != EventTaken || kinds[1] != EventCalled {
		t.Fatalf("events %v, want taken, called (nothing for the refused call)", kinds)
	}
	stop()
	if f.q.Subscribers() != 0 {
		t.Fatal("subscription left open")
	}
}

func TestWritesAuditAndOutbox(t *testing.T) {
	f := newFixture(t)
	before := f.db.OutboxLen()
	f.take("A", false)
	f.call(1)
	if _, err := f.q.Finish(clerk, 1); err != nil {
		t.Fatal(err)
	}
	if n := f.db.OutboxLen() - before; n < 4 { // day, take, call (+window), finish
		t.Fatalf("outbox grew by %d", n)
	}
	es, err := f.db.AuditEntries("queue/ticket/", 10)
	if err != nil || len(es) != 3 {
		t.Fatalf("audit of the ticket: %d %v", len(es), err)
	}
}

type recPrinter struct{ got []TicketPrint }

func (p *recPrinter) QueueTicketTx(_ *store.Tx, tp TicketPrint) error {
	p.got = append(p.got, tp)
	return nil
}

func TestPrintQueuedWithTicket(t *testing.T) {
	f := newFixture(t)
	p := &recPrinter{}
	f.q.SetPrinter(p)
	f.take("A", false)
	tk := f.take("A", false)
	if len(p.got) != 2 || p.got[1].Number != "A002" || p.got[1].Ahead != 1 || p.got[1].Token != tk.Token {
		t.Fatalf("printed %+v", p.got)
	}
	st, err := f.q.StatusByToken(tk.Token)
	if err != nil || st.Ahead != 1 || st.Ticket.ID != tk.ID {
		t.Fatalf("status: %v %+v", err, st)
	}
	_, err = f.q.StatusByToken("nope")
	wantProblem(t, err, errUnknownToken)
}
