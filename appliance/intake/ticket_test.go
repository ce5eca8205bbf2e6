package intake

import (
	"strings"
	"testing"

	"bianmin/appliance/problem"
	"bianmin/appliance/queue"
)

type trustedClock struct{}

func (trustedClock) Trusted() bool { return true }

// A case registered from the queue ticket served at the window: the case
// names the ticket and the ticket the case, in one transaction (issue 12
// item 4, issue 13 "Done when": the browser run starts from a ticket). A
// ticket no window has called links nothing and registers nothing.
func TestRegisterFromTicket(t *testing.T) {
	f := newFixture(t)
	q := queue.New(f.db, trustedClock{})
	tk, err := q.Take(queue.TakeRequest{Service: "A", Source: queue.SourceKiosk, Actor: "screen:kiosk"})
	if err != nil {
		t.Fatal(err)
	}
	in := NewCase{ItemID: f.subsidy.ID, WindowID: f.w1.ID, Applicant: Applicant{Name: "张三", Phone: "13800138000"},
		IDNumber: validID, TicketID: tk.Ticket.ID}
	for _, row := range []struct {
		name string
		id   uint64
	}{
		{"a ticket still waiting", tk.Ticket.ID},
		{"no such ticket", tk.Ticket.ID + 100},
	} {
		bad := in
		bad.TicketID = row.id
		if _, err := f.svc.Register(f.receiver, bad); !problem.Is(err, errTicket) {
			t.Fatalf("%s: %v", row.name, err)
		}
	}
	if c, _ := f.svc.ByNumber("2026-000001"); c.ID != 0 {
		t.Fatalf("a refused link registered %s", c.Number)
	}
	if _, err := q.CallNext(queue.Actor{Name: "wangfang", StaffID: f.clerk.ID}, 1); err != nil {
		t.Fatal(err)
	}
	c, err := f.svc.Register(f.receiver, in)
	if err != nil {
		t.Fatal(err)
	}
	if c.Ticket == nil || c.Ticket.ID != tk.Ticket.ID || c.Ticket.Number != "A001" || c.Ticket.Window != 1 || c.Ticket.Day != "2026-09-24" {
		t.Fatalf("case's ticket = %+v", c.Ticket)
	}
	if _, err := q.Finish(queue.Actor{Name: "wangfang"}, 1); err != nil {
		t.Fatal(err)
	}
	// a second application of the same citizen, after the service finished
	c2, err := f.svc.Register(f.receiver, in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := q.Ticket(tk.Ticket.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Ref != c.Number+" "+c2.Number || got.Status != queue.StatusFinished {
		t.Errorf("ticket Ref %q (%s), want %q", got.Ref, got.Status, c.Number+" "+c2.Number)
	}
	stored, _ := f.svc.Case(c.ID)
	if stored.Ticket == nil || !strings.HasPrefix(stored.Ticket.Number, "A") {
		t.Errorf("stored case's ticket %+v", stored.Ticket)
	}
}
