package main

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"bianmin/appliance/queue"
	"bianmin/appliance/rating"
	"bianmin/hw/button"
	"bianmin/hw/systime"
)

// The queue's wiring: its clock (whether the date can be trusted, from
// hw/systime) and the minute loop that starts a new day overnight.

// queueClock trusts the date when NTP has synced the clock or an RTC set
// it at boot (hw/systime); an unsure clock never starts a new day.
type queueClock struct{ m *systime.Monitor }

func (c queueClock) Trusted() bool {
	q := c.m.Quality()
	return q == systime.Synced || q == systime.RTC
}

// queueRollEvery is how often the service asks the queue whether a new
// day has begun (the hall display empties within this long of midnight).
const queueRollEvery = time.Minute

// startQueue makes the queue and keeps its day.
func startQueue(ctx context.Context, svc *services, m *systime.Monitor, logger *slog.Logger) *queue.Queue {
	q := queue.New(svc.db, queueClock{m})
	go func() {
		t := time.NewTicker(queueRollEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := q.Roll(); err != nil {
					logger.Warn("queue: start the new day", "err", err)
				}
			}
		}
	}()
	return q
}

// queuePresses hands a service's 取号 button presses (hw/button, run by
// the ratings' line map) to the queue, which applies the one-ticket-per-
// gap rule; other presses are not the queue's.
func queuePresses(q *queue.Queue, logger *slog.Logger) func(button.Press) {
	return func(p button.Press) {
		if p.Button.Kind != button.KindTicket {
			return
		}
		if _, _, err := q.Press(p.Button.Service, p.At); err != nil {
			logger.Warn("queue: take-a-number button", "service", p.Button.Service, "err", err)
		}
	}
}

// armRating arms the window's satisfaction buttons for the service a
// window just finished (the ratings' flow; 服务评价器).
func armRating(flow *rating.Flow, svc *services, logger *slog.Logger) func(queue.Finished) {
	return func(f queue.Finished) {
		ref := rating.Ref{Key: "queue/" + strconv.FormatUint(f.Ticket.ID, 10), Window: f.Window, Ticket: f.Ticket.Number,
			Service: f.Ticket.ServiceName, StaffID: f.StaffID, Staff: f.Staff}
		if f.StaffID != 0 {
			if st, err := svc.staff.GetStaff(f.StaffID); err == nil {
				ref.Staff = st.Name
			}
		}
		if err := flow.Arm(ref, f.Done); err != nil {
			logger.Warn("queue: arm the rating buttons", "window", f.Window, "err", err)
		}
	}
}
