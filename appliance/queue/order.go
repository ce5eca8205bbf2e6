package queue

import (
	"sort"
	"time"

	"bianmin/appliance/store"
)

// Entry is a waiting ticket as the order needs it, kept in its own
// bucket so that calling the next one reads only the waiting few.
type Entry struct {
	ID        uint64    `json:"id"`
	Service   string    `json:"service"`
	Class     Class     `json:"class"`
	Taken     time.Time `json:"taken"`
	AppointAt time.Time `json:"appoint_at,omitzero"`
	Transfers int       `json:"transfers,omitempty"`
	ToWindow  int       `json:"to_window,omitempty"`
}

func entryOf(t Ticket) Entry {
	return Entry{ID: t.ID, Service: t.Service, Class: t.Class, Taken: t.Taken,
		AppointAt: t.AppointAt, Transfers: t.Transfers, ToWindow: t.ToWindow}
}

// The ranks of a waiting ticket, first called first.
const (
	RankAppointmentDue = iota // 预约 from its time on (Settings.Appointments)
	RankTransferred           // sent on by another window: it has waited its turn
	RankGreen                 // 绿色通道 (Settings.Green)
	RankNormal                // everyone else, in the order they took their tickets
)

// Rank is the rule of the order: a due appointment first (regulation
// 001 line 16, 约定办理时间), then a ticket a window transferred, then the
// green channel (regulation 000 line 228: the disabled and the elderly
// are helped first), then everyone in the order they came (004 line 195:
// 依次排队等候). An appointment not yet due, or any class the settings
// turned off, queues as an ordinary ticket.
func Rank(e Entry, now time.Time, s Settings) int {
	switch {
	case e.Class == ClassAppointment && s.Appointments && !now.Before(e.AppointAt.Add(-time.Duration(s.AppointmentLeadMin)*time.Minute)):
		return RankAppointmentDue
	case e.Transfers > 0:
		return RankTransferred
	case e.Class == ClassGreen && s.Green:
		return RankGreen
	}
	return RankNormal
}

// before reports whether a is called before b.
func before(a, b Entry, now time.Time, s Settings) bool {
	ra, rb := Rank(a, now, s), Rank(b, now, s)
	if ra != rb {
		return ra < rb
	}
	ka, kb := a.Taken, b.Taken
	if ra == RankAppointmentDue {
		ka, kb = a.AppointAt, b.AppointAt
	}
	if !ka.Equal(kb) {
		return ka.Before(kb)
	}
	return a.ID < b.ID
}

// callable reports whether window may call e: its service is one the
// window serves, and a ticket transferred to a window goes to that one.
func callable(e Entry, window int, services []string) bool {
	if e.ToWindow != 0 && e.ToWindow != window {
		return false
	}
	for _, s := range services {
		if s == e.Service {
			return true
		}
	}
	return false
}

// Order sorts the entries in calling order.
func order(es []Entry, now time.Time, s Settings) {
	sort.SliceStable(es, func(i, j int) bool { return before(es[i], es[j], now, s) })
}

// Ahead counts the tickets of e's service that would be called before it.
func Ahead(es []Entry, e Entry, now time.Time, s Settings) int {
	n := 0
	for _, o := range es {
		if o.ID != e.ID && o.Service == e.Service && before(o, e, now, s) {
			n++
		}
	}
	return n
}

// waitingTx reads every waiting ticket's entry.
func waitingTx(tx *store.Tx) ([]Entry, error) {
	return store.All[Entry](tx, bucketWaiting)
}

// AheadTx is how many tickets wait before ticket t (0 when it is not
// waiting).
func AheadTx(tx *store.Tx, t Ticket) (int, error) { return aheadAt(tx, t, tx.Now()) }

func aheadAt(tx *store.Tx, t Ticket, now time.Time) (int, error) {
	if t.Status != StatusWaiting {
		return 0, nil
	}
	es, err := waitingTx(tx)
	if err != nil {
		return 0, err
	}
	s, err := SettingsTx(tx)
	if err != nil {
		return 0, err
	}
	return Ahead(es, entryOf(t), now, s), nil
}
