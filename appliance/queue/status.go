package queue

import (
	"errors"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// TicketStatus is what a ticket's public status page shows (/q/<token>):
// the ticket, how many wait before it, and the window it is called to.
type TicketStatus struct {
	Ticket Ticket
	Ahead  int
	// Current is the number each of its service's windows serves now.
	Current []Call
}

// StatusByToken reads a ticket's status by its token; an unknown token
// is a problem (the page says so, nothing else).
func (q *Queue) StatusByToken(token string) (TicketStatus, error) {
	return store.Read(q.db, func(tx *store.Tx) (TicketStatus, error) {
		if len(token) == 0 || len(token) > 64 {
			return TicketStatus{}, problem.New("", errUnknownToken)
		}
		id, err := store.GetAs[uint64](tx, bucketTokens, []byte(token))
		if errors.Is(err, store.ErrNotFound) {
			return TicketStatus{}, problem.New("", errUnknownToken)
		} else if err != nil {
			return TicketStatus{}, err
		}
		t, err := TicketTx(tx, id)
		if errors.Is(err, store.ErrNotFound) {
			return TicketStatus{}, problem.New("", errUnknownToken)
		} else if err != nil {
			return TicketStatus{}, err
		}
		st := TicketStatus{Ticket: t}
		if st.Ahead, err = AheadTx(tx, t); err != nil {
			return TicketStatus{}, err
		}
		h, err := HallTx(tx)
		if err != nil {
			return TicketStatus{}, err
		}
		for _, w := range h.Windows {
			if w.Call != nil && w.Call.Service == t.Service {
				st.Current = append(st.Current, *w.Call)
			}
		}
		return st, nil
	})
}
