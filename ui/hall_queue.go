package ui

// The queue (appliance/queue) as the hall's screens' HallSource: its
// HallState read model becomes the board, its event feed the changes (a
// call or a recall is announced). New wires it when Deps.Queue is set
// and Deps.Hall is not.

import (
	"bianmin/appliance/queue"
	"bianmin/appliance/staff"
)

type queueHall struct {
	q     *queue.Queue
	staff *staff.Registry // window names; may be nil
}

func (h queueHall) HallBoard() (HallBoard, error) {
	s, err := h.q.Hall()
	if err != nil {
		return HallBoard{}, err
	}
	var b HallBoard
	for _, w := range s.Windows {
		hw := HallWindow{Number: w.Number, Paused: w.Paused, Open: !w.Paused}
		if h.staff != nil {
			if sw, err := h.staff.WindowByNumber(w.Number); err == nil {
				hw.Name = sw.Name
			}
		}
		if w.Call != nil {
			hw.Ticket, hw.Service = w.Call.Number, w.Call.ServiceName
		}
		b.Windows = append(b.Windows, hw)
	}
	for _, c := range s.Recent {
		b.Recent = append(b.Recent, HallCall{Ticket: c.Number, Window: c.Window, At: c.At, Recall: c.Recalls > 0})
	}
	for _, sv := range s.Services {
		b.Waiting = append(b.Waiting, HallWaiting{Service: sv.Name, Prefix: sv.Prefix, Waiting: sv.Waiting})
	}
	return b, nil
}

func (h queueHall) SubscribeHall() (<-chan HallChange, func()) {
	events, stop := h.q.Subscribe()
	out := make(chan HallChange, queue.FeedBuffer)
	go func() {
		defer close(out)
		for e := range events {
			var c HallChange
			if e.Announce() {
				c.Call = &HallCall{Ticket: e.Ticket.Number, Window: e.Window, At: e.At, Recall: e.Kind == queue.EventRecalled}
			}
			select {
			case out <- c:
			default: // the reader is behind: it reads the board again anyway
			}
		}
	}()
	return out, stop
}
