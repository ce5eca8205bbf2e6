package main

import (
	"context"
	"log/slog"
	"time"

	"bianmin/appliance/queue"
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
