package intake

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/calendar"
	"bianmin/appliance/store"
)

// dueIndex is the intake.due index: case id → due date.
func (f *fixture) dueIndex() map[uint64]string {
	f.t.Helper()
	out := map[uint64]string{}
	err := f.db.View(func(tx *store.Tx) error {
		return tx.ForEach(bucketDue, func(k, _ []byte) error {
			out[store.KeyID(k[len(k)-8:])] = string(k[8 : len(k)-8])
			return nil
		})
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return out
}

// A change of the working-day calendar moves the due dates it touches in
// its own transaction (issue 13: deadlines in working days on the shared
// calendar; the shipped 2026 notice 国办发明电〔2025〕7号: 中秋 25–27 Sep,
// 国庆 1–7 Oct, make-up Sat 10 Oct). Both the case and the due-date index
// move, and moving back restores them; a case whose limit ended stays.
func TestDueMovesWithCalendar(t *testing.T) {
	f := newFixture(t)
	f.cal.Follow(func(tx *store.Tx, next *calendar.Calendar, from time.Time) error {
		_, err := RecomputeDueTx(tx, next, from)
		return err
	})
	all := []string{"申请书", "身份证复印件"}
	// received Thu 24 Sep 2026: accepted at once (decision limit, 5
	// working days), and one not yet accepted (the notice's 5 working days)
	decision := f.step(f.receiver, f.register(5, all...).ID, StepInput{Action: ActAccept})
	notice := f.register(5, all...)
	done := f.step(f.receiver, f.register(5, all...).ID, StepInput{Action: ActAccept})
	done = f.step(f.receiver, done.ID, StepInput{Action: ActDecide, Outcome: OutcomeApproved})
	if decision.DueDate != "2026-10-09" || notice.DueDate != "2026-10-09" || done.DueDate != "" {
		t.Fatalf("before: %s %s %q", decision.DueDate, notice.DueDate, done.DueDate)
	}
	for _, row := range []struct {
		name string
		set  func() error
		want string
	}{
		{"a closure on Wed 30 Sep (停电闭厅): one working day less, due on the make-up Sat 10 Oct",
			func() error { return f.cal.SetDay("office", at("2026-09-30 00:00"), false, "停电闭厅") }, "2026-10-10"},
		{"the closure cleared: back to Fri 9 Oct",
			func() error { return f.cal.ClearOverride("office", at("2026-09-30 00:00")) }, "2026-10-09"},
		{"Wed 7 Oct (国庆) opened as a working day: due Thu 8 Oct",
			func() error { return f.cal.SetDay("office", at("2026-10-07 00:00"), true, "集中办理") }, "2026-10-08"},
		{"a 2026 notice imported with 国庆 on 1–3 Oct only: due Tue 6 Oct",
			func() error {
				shipped, err := os.ReadFile("../../embedded/holidays/2026.txt")
				if err != nil {
					return err
				}
				short := strings.Replace(string(shipped), "2026-10-01..2026-10-07 holiday", "2026-10-01..2026-10-03 holiday", 1)
				_, err = f.cal.ImportNotice("office", 2026, strings.NewReader(short))
				return err
			}, "2026-10-06"},
	} {
		if err := row.set(); err != nil {
			t.Fatalf("%s: %v", row.name, err)
		}
		idx := f.dueIndex()
		for _, id := range []uint64{decision.ID, notice.ID} {
			c, err := f.svc.Case(id)
			if err != nil {
				t.Fatal(err)
			}
			if c.DueDate != row.want || idx[id] != row.want {
				t.Errorf("%s: case %s due %s, index %s; want %s", row.name, c.Number, c.DueDate, idx[id], row.want)
			}
		}
		if _, in := idx[done.ID]; in {
			t.Errorf("%s: the decided case entered the index", row.name)
		}
	}
	if es, _ := f.db.AuditEntries(caseObject(decision.ID), 10); len(es) == 0 || es[0].Action != "intake.due_moved" {
		t.Errorf("the move is not audited: %+v", es)
	}

	// A follower that fails refuses the change: nothing moves.
	f.cal.Follow(func(*store.Tx, *calendar.Calendar, time.Time) error { return errors.New("disk full") })
	if err := f.cal.SetDay("office", at("2026-09-29 00:00"), false, "停电闭厅"); err == nil {
		t.Fatal("the calendar changed though its follower failed")
	}
	if !f.cal.IsWorkday(at("2026-09-29 00:00")) {
		t.Error("the refused change is in the calendar")
	}
	if c, _ := f.svc.Case(decision.ID); c.DueDate != "2026-10-06" {
		t.Errorf("the refused change moved the case to %s", c.DueDate)
	}
}
