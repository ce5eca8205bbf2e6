package queue

import (
	"errors"
	"strings"
	"unicode/utf8"

	"bianmin/appliance/store"
)

// ErrNotServed is returned by LinkTx for a ticket that no window has
// called (still booked or waiting, skipped or expired): no application
// was taken on it.
var ErrNotServed = errors.New("queue: the ticket was not served at a window")

// LinkTx records, in the caller's transaction, that the ticket id led to
// ref (the intake case's number, 2026-000123) — issue 12 item 4: a service
// finished at a window can open an intake case with its ticket linked.
// Only a ticket called to a window (being served or finished) takes a
// link; a second case on the same ticket is added to its Ref.
func LinkTx(tx *store.Tx, id uint64, ref string) (Ticket, error) {
	t, err := TicketTx(tx, id)
	if err != nil {
		return Ticket{}, err
	}
	if t.Status != StatusCalled && t.Status != StatusFinished {
		return t, ErrNotServed
	}
	before := t
	ref = strings.TrimSpace(ref)
	switch {
	case ref == "" || strings.Contains(t.Ref, ref):
		return t, nil
	case t.Ref == "":
		t.Ref = ref
	case utf8.RuneCountInString(t.Ref)+1+utf8.RuneCountInString(ref) <= MaxRefRunes:
		t.Ref += " " + ref
	default: // full: the case still names the ticket
		return t, nil
	}
	return t, putTicket(tx, "queue.link", &before, t)
}
