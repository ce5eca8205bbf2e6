package queue

import (
	"errors"
	"time"

	"bianmin/appliance/store"
)

// Call is a ticket called to a window, as the hall shows it.
type Call struct {
	Window      int       `json:"window"`
	Number      string    `json:"number"`
	Service     string    `json:"service"`
	ServiceName string    `json:"service_name"`
	At          time.Time `json:"at"`
	Recalls     int       `json:"recalls"`
	Status      Status    `json:"status"`
}

// WindowView is one window on the hall display.
type WindowView struct {
	Number  int         `json:"number"`
	Call    *Call       `json:"call,omitempty"` // the ticket it serves now
	Paused  bool        `json:"paused"`
	Reason  PauseReason `json:"reason,omitempty"`
	Note    string      `json:"note,omitempty"`
	Since   time.Time   `json:"since,omitzero"`
	Staff   string      `json:"staff,omitempty"`
	Waiting int         `json:"waiting"` // tickets this window could call
}

// ServiceWaiting is how many wait for one service.
type ServiceWaiting struct {
	Prefix  string `json:"prefix"`
	Name    string `json:"name"`
	Waiting int    `json:"waiting"`
	Windows []int  `json:"windows"`
}

// HallState is the read model of the hall display and the consoles:
// every window with its current call, the last calls (newest first), and
// the waiting counts per service.
type HallState struct {
	Day      string           `json:"day"`
	Windows  []WindowView     `json:"windows"`
	Recent   []Call           `json:"recent"`
	Services []ServiceWaiting `json:"services"`
	Waiting  int              `json:"waiting"`
}

// Window is the view of window n (zero view when absent).
func (h HallState) Window(n int) WindowView {
	for _, w := range h.Windows {
		if w.Number == n {
			return w
		}
	}
	return WindowView{Number: n}
}

const keyRecent = "recent"

// pushRecentTx puts a called ticket at the head of the recent calls.
func pushRecentTx(tx *store.Tx, id uint64) error {
	ids, err := store.GetAs[[]uint64](tx, bucketSettings, []byte(keyRecent))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	ids = append([]uint64{id}, ids...)
	if len(ids) > maxHallRecent {
		ids = ids[:maxHallRecent]
	}
	return tx.Put(bucketSettings, []byte(keyRecent), ids)
}

func callOf(t Ticket) Call {
	return Call{Window: t.Window, Number: t.Number, Service: t.Service, ServiceName: t.ServiceName,
		At: t.Called, Recalls: t.Recalls, Status: t.Status}
}

// HallTx reads the hall's state.
func HallTx(tx *store.Tx) (HallState, error) {
	s, err := SettingsTx(tx)
	if err != nil {
		return HallState{}, err
	}
	d, err := dayStateTx(tx)
	if err != nil {
		return HallState{}, err
	}
	h := HallState{Day: d.Day}
	es, err := waitingTx(tx)
	if err != nil {
		return HallState{}, err
	}
	h.Waiting = len(es)
	for _, def := range s.Services {
		if def.Off {
			continue
		}
		sw := ServiceWaiting{Prefix: def.Prefix, Name: def.Name, Windows: def.Windows}
		for _, e := range es {
			if e.Service == def.Prefix {
				sw.Waiting++
			}
		}
		h.Services = append(h.Services, sw)
	}
	for _, n := range s.Windows() {
		w, err := WindowTx(tx, n)
		if err != nil {
			return HallState{}, err
		}
		v := WindowView{Number: n, Paused: w.Paused, Reason: w.Reason, Note: w.Note, Since: w.Since, Staff: w.Staff}
		if w.Current != 0 {
			if t, err := TicketTx(tx, w.Current); err == nil && t.Status == StatusCalled {
				c := callOf(t)
				v.Call = &c
			}
		}
		services := s.WindowServices(n)
		for _, e := range es {
			if callable(e, n, services) {
				v.Waiting++
			}
		}
		h.Windows = append(h.Windows, v)
	}
	ids, err := store.GetAs[[]uint64](tx, bucketSettings, []byte(keyRecent))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return HallState{}, err
	}
	for _, id := range ids {
		if len(h.Recent) == s.HallRecent {
			break
		}
		t, err := TicketTx(tx, id)
		if err != nil || t.Day != d.Day || t.Called.IsZero() {
			continue
		}
		h.Recent = append(h.Recent, callOf(t))
	}
	return h, nil
}

// Hall reads the hall's state.
func (q *Queue) Hall() (HallState, error) { return store.Read(q.db, HallTx) }

// WindowTicket is the ticket window serves now (nil when none).
func (q *Queue) WindowTicket(window int) (*Ticket, error) {
	return store.Read(q.db, func(tx *store.Tx) (*Ticket, error) {
		w, err := WindowTx(tx, window)
		if err != nil || w.Current == 0 {
			return nil, err
		}
		t, err := TicketTx(tx, w.Current)
		if err != nil || t.Status != StatusCalled {
			return nil, err
		}
		return &t, nil
	})
}
