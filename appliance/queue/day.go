package queue

import (
	"bytes"
	"errors"
	"sort"
	"time"

	"bianmin/appliance/store"
)

// DayState is the queue's day and the last number of each service in it.
type DayState struct {
	Day      string         `json:"day"`
	Counters map[string]int `json:"counters"`
}

const keyDay = "day"

// dayStateTx reads the stored day (zero before the first ticket).
func dayStateTx(tx *store.Tx) (DayState, error) {
	d, err := store.GetAs[DayState](tx, bucketSettings, []byte(keyDay))
	if errors.Is(err, store.ErrNotFound) {
		return DayState{Counters: map[string]int{}}, nil
	}
	if d.Counters == nil {
		d.Counters = map[string]int{}
	}
	return d, err
}

// NextDay is the rule of the queue's day: the day numbers are counted in.
// The first day is today's date, whatever the clock; after that the day
// moves on only to a later date read from a trusted clock (synced or RTC).
// An unsure clock — a box without RTC before its first sync, or a clock
// that jumped — keeps the day, so numbering goes on (A088 after A087)
// instead of restarting at A001 on a date that may be wrong. A trusted
// date earlier than the stored day (a clock set back) keeps the day too.
func NextDay(stored, today string, trusted bool) (day string, rolled bool) {
	switch {
	case stored == "":
		return today, false
	case trusted && today > stored:
		return today, true
	}
	return stored, false
}

// dayTx is the queue's day for a write, rolling it over when NextDay says
// so: tickets still waiting from the old day expire, windows are cleared,
// numbering restarts and the new day's appointments get their numbers.
func (q *Queue) dayTx(tx *store.Tx, ev *[]Event) (DayState, error) {
	d, err := dayStateTx(tx)
	if err != nil {
		return d, err
	}
	now := q.nowTx(tx)
	day, rolled := NextDay(d.Day, tx.DateOf(now), q.clock.Trusted())
	if day == d.Day {
		return d, nil
	}
	before := d
	d = DayState{Day: day, Counters: map[string]int{}}
	if rolled {
		if err := expireWaitingTx(tx); err != nil {
			return d, err
		}
		if err := clearWindowsTx(tx, now); err != nil {
			return d, err
		}
	}
	if err := tx.Put(bucketSettings, []byte(keyDay), d); err != nil {
		return d, err
	}
	if err := tx.AuditAndOutbox("queue.day", "queue/day", outboxDay, before, d); err != nil {
		return d, err
	}
	if err := q.issueBookedTx(tx, &d); err != nil {
		return d, err
	}
	*ev = append(*ev, Event{Kind: EventDayStarted, At: now})
	return d, nil
}

// Roll moves the queue to a new day when the clock says one has begun
// and can be trusted; the service calls it every minute so that the hall
// display empties overnight, not at the first ticket.
func (q *Queue) Roll() error {
	var ev []Event
	err := q.db.Update("system", func(tx *store.Tx) error {
		d, err := dayStateTx(tx)
		if err != nil || d.Day == "" {
			return err // nothing to roll before the first ticket
		}
		_, err = q.dayTx(tx, &ev)
		return err
	})
	if err == nil {
		q.publish(ev...)
	}
	return err
}

// Day is the queue's current day (empty before the first ticket).
func (q *Queue) Day() (string, error) {
	d, err := store.Read(q.db, dayStateTx)
	return d.Day, err
}

func expireWaitingTx(tx *store.Tx) error {
	ws, err := waitingTx(tx)
	if err != nil {
		return err
	}
	for _, w := range ws {
		t, err := TicketTx(tx, w.ID)
		if err != nil {
			return err
		}
		before := t
		t.Status = StatusExpired
		if err := tx.Delete(bucketWaiting, store.IDKey(t.ID)); err != nil {
			return err
		}
		if err := putTicket(tx, "queue.expire", &before, t); err != nil {
			return err
		}
	}
	return nil
}

func clearWindowsTx(tx *store.Tx, now time.Time) error {
	ws, err := store.All[WindowState](tx, bucketWindows)
	if err != nil {
		return err
	}
	for _, w := range ws {
		if w.Current == 0 {
			continue
		}
		if t, err := TicketTx(tx, w.Current); err == nil && t.Status == StatusCalled {
			before := t
			t.Status, t.Finished = StatusFinished, now
			if err := putTicket(tx, "queue.finish", &before, t); err != nil {
				return err
			}
		}
		w.Current = 0
		if err := tx.Put(bucketWindows, store.IDKey(uint64(w.Number)), w); err != nil {
			return err
		}
	}
	return nil
}

// issueBookedTx gives the day's booked appointments their numbers, in
// the order of their times.
func (q *Queue) issueBookedTx(tx *store.Tx, d *DayState) error {
	b, err := tx.Bucket(bucketBooked)
	if err != nil || b == nil {
		return err
	}
	var ts []Ticket
	c := b.Cursor()
	prefix := []byte(d.Day)
	var keys [][]byte
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
		t, err := TicketTx(tx, store.KeyID(k[len(prefix):]))
		if err != nil {
			return err
		}
		ts = append(ts, t)
	}
	// Booked tickets of days gone by (the box was off) are dropped from
	// the index; they stay booked in the history.
	for k, _ := c.First(); k != nil && string(k[:len(store.DateLayout)]) < d.Day; k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].AppointAt.Before(ts[j].AppointAt) })
	for _, t := range ts {
		before := t
		if err := numberTx(tx, d, &t); err != nil {
			return err
		}
		if err := putTicket(tx, "queue.issue", &before, t); err != nil {
			return err
		}
	}
	return nil
}
