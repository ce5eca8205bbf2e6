package queue

import (
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// TakeRequest asks for a ticket now.
type TakeRequest struct {
	Service string // the service's prefix
	Green   bool   // the green channel (绿色通道)
	Source  Source // kiosk, button or staff
	Actor   string // the user, "screen:<name>" or "device:button"
}

// Taken is a ticket just taken and how many wait before it.
type Taken struct {
	Ticket Ticket
	Ahead  int
}

// Take issues a ticket for the service now: the next number of the
// queue's day, in the waiting order, with its print job queued in the
// same transaction when a printer is set.
func (q *Queue) Take(r TakeRequest) (Taken, error) {
	class := ClassNormal
	if r.Green {
		class = ClassGreen
	}
	switch r.Source {
	case SourceKiosk, SourceButton, SourceStaff:
	default:
		r.Source = SourceStaff
	}
	return q.issue(r.Actor, Ticket{Service: r.Service, Class: class, Source: r.Source}, "queue.take")
}

// Press is a service's 取号 button pressed at a moment (hw/button, wired
// in cmd): a ticket, unless the same button gave one less than
// Settings.ButtonGapSec before (a child drumming on it, a second press of
// an impatient hand) — then ok is false and nothing is written.
func (q *Queue) Press(service string, at time.Time) (t Taken, ok bool, err error) {
	s, err := q.Settings()
	if err != nil {
		return Taken{}, false, err
	}
	gap := time.Duration(s.ButtonGapSec) * time.Second
	q.pressMu.Lock()
	last, seen := q.lastTake[service]
	if seen && at.Sub(last) < gap && at.Sub(last) > -gap {
		q.pressMu.Unlock()
		return Taken{}, false, nil
	}
	q.lastTake[service] = at
	q.pressMu.Unlock()
	t, err = q.Take(TakeRequest{Service: service, Source: SourceButton, Actor: "device:button"})
	if err != nil {
		q.pressMu.Lock()
		if q.lastTake[service].Equal(at) {
			delete(q.lastTake, service) // nothing was issued: the next press may try
		}
		q.pressMu.Unlock()
		return Taken{}, false, err
	}
	return t, true, nil
}

// Booking is an appointment (预约) for a time, made by staff for a phone
// caller or by the intake desk.
type Booking struct {
	Service string
	At      time.Time
	Name    string // the citizen, as staff wrote it
	Phone   string
	Ref     string // e.g. "intake/case/12"
	Actor   string
}

// Limits of a booking.
const (
	MaxNameRunes  = 30
	MaxPhoneRunes = 20
	MaxRefRunes   = 60
	// MaxBookDays is how far ahead an appointment may be booked.
	MaxBookDays = 60
)

// Book makes an appointment ticket. An appointment for the queue's day
// gets its number now; one for a later day waits, booked, and gets its
// number when that day begins (in the order of the appointments' times,
// before anyone walks in).
func (q *Queue) Book(b Booking) (Taken, error) {
	b.Name, b.Phone, b.Ref = strings.TrimSpace(b.Name), strings.TrimSpace(b.Phone), strings.TrimSpace(b.Ref)
	var probs problem.List
	if n := utf8.RuneCountInString(b.Name); n == 0 || n > MaxNameRunes {
		probs.Add(problem.New("name", errName, "Max", MaxNameRunes))
	}
	if utf8.RuneCountInString(b.Phone) > MaxPhoneRunes {
		probs.Add(problem.New("phone", errPhone, "Max", MaxPhoneRunes))
	}
	if utf8.RuneCountInString(b.Ref) > MaxRefRunes {
		probs.Add(problem.New("ref", errRef, "Max", MaxRefRunes))
	}
	if b.At.IsZero() || !store.RecordDateOK(b.At) {
		probs.Add(problem.New("at", errBookTime))
	}
	if err := probs.Err(); err != nil {
		return Taken{}, err
	}
	return q.issue(b.Actor, Ticket{Service: b.Service, Class: ClassAppointment, Source: SourceBooking,
		AppointAt: b.At, Name: b.Name, Phone: b.Phone, Ref: b.Ref}, "queue.book")
}

// issue stores a new ticket (numbered, or booked for a later day).
func (q *Queue) issue(actor string, t Ticket, action string) (Taken, error) {
	var ev []Event
	out, err := store.Write(q.db, actor, func(tx *store.Tx) (Taken, error) {
		d, err := q.dayTx(tx, &ev)
		if err != nil {
			return Taken{}, err
		}
		s, err := SettingsTx(tx)
		if err != nil {
			return Taken{}, err
		}
		def, ok := s.Service(t.Service)
		if !ok || def.Off {
			return Taken{}, problem.New("service", errUnknownService, "Service", t.Service)
		}
		now := q.nowTx(tx)
		t.ServiceName, t.Taken, t.Token = def.Name, now, newToken()
		if t.ID, err = tx.NextID(bucketTickets); err != nil {
			return Taken{}, err
		}
		if t.Class == ClassAppointment {
			day := tx.DateOf(t.AppointAt)
			switch {
			case t.AppointAt.Before(now.Add(-time.Hour)) || day < d.Day:
				return Taken{}, problem.New("at", errBookPast)
			case t.AppointAt.After(now.AddDate(0, 0, MaxBookDays)):
				return Taken{}, problem.New("at", errBookFar, "Days", MaxBookDays)
			case day > d.Day:
				t.Day, t.Status = day, StatusBooked
				if err := tx.Put(bucketBooked, dayKey(day, t.ID), ""); err != nil {
					return Taken{}, err
				}
			}
		}
		if t.Status != StatusBooked {
			if err := numberTx(tx, &d, &t); err != nil {
				return Taken{}, err
			}
		}
		if err := tx.Put(bucketTokens, []byte(t.Token), t.ID); err != nil {
			return Taken{}, err
		}
		if err := putTicket(tx, action, nil, t); err != nil {
			return Taken{}, err
		}
		ahead, err := aheadAt(tx, t, now)
		if err != nil {
			return Taken{}, err
		}
		if q.printer != nil && t.Status == StatusWaiting {
			p := TicketPrint{TicketID: t.ID, Number: t.Number, Service: t.Service, Name: t.ServiceName,
				Ahead: ahead, Taken: t.Taken, Token: t.Token, Class: t.Class}
			if err := q.printer.QueueTicketTx(tx, p); err != nil {
				return Taken{}, err
			}
		}
		ev = append(ev, Event{Kind: EventTaken, Ticket: t, Service: t.Service, At: now})
		return Taken{Ticket: t, Ahead: ahead}, nil
	})
	if err == nil {
		q.publish(ev...)
	}
	return out, err
}

// numberTx gives t the next number of its service on day d and puts it
// in the waiting order.
func numberTx(tx *store.Tx, d *DayState, t *Ticket) error {
	n := d.Counters[t.Service] + 1
	if n > MaxPerDay {
		return problem.New("service", errDayFull, "Service", t.Service, "Max", MaxPerDay)
	}
	d.Counters[t.Service] = n
	t.Day, t.Seq, t.Number, t.Status = d.Day, n, FormatNumber(t.Service, n), StatusWaiting
	if err := tx.Put(bucketSettings, []byte(keyDay), *d); err != nil {
		return err
	}
	if err := tx.Put(bucketByDay, dayKey(d.Day, t.ID), ""); err != nil {
		return err
	}
	return tx.Put(bucketWaiting, store.IDKey(t.ID), entryOf(*t))
}
