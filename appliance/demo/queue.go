package demo

import (
	"errors"
	"math/rand/v2"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/queue"
	"bianmin/appliance/store"
)

// Demo window staff who call the tickets of the played day, by window.
var queueClerks = map[int]queue.Actor{
	1: {Name: "demo-wangjianguo"}, 2: {Name: "demo-zhangwei"}, 3: {Name: "demo-chenming"},
	4: {Name: "demo-zhaoqiang"}, 5: {Name: "demo-zhoujun"},
}

// SeedQueueDay plays one working day of the hall's queue (the day before
// now) through the queue's own rules, minute by minute on a clock of its
// own: citizens take numbers at the services' buttons and kiosk (one in
// ten by the green channel), each window calls the next when its citizen
// is done, and now and then nobody comes (过号). It returns how many
// tickets were taken. The day then lies in the statistics; today starts
// afresh at A001 when the clock can be trusted.
func SeedQueueDay(db *store.DB, now time.Time, loc *time.Location, seed uint64) (int, error) {
	day := now.In(loc).AddDate(0, 0, -1)
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		day = day.AddDate(0, 0, -1)
	}
	var clock time.Time
	q := queue.New(db, nil).WithClock(func() time.Time { return clock })
	set, err := q.Settings()
	if err != nil {
		return 0, err
	}
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	busyUntil := map[int]time.Time{}
	taken := 0
	for _, half := range [][2]int{{8*60 + 30, 12 * 60}, {14*60 + 30, 18 * 60}} {
		for m := half[0]; m < half[1]; m++ {
			clock = time.Date(day.Year(), day.Month(), day.Day(), m/60, m%60, rnd.IntN(60), 0, loc)
			if m < half[1]-30 { // no new numbers in the last half hour
				for _, s := range set.Services {
					if s.Off || rnd.IntN(100) >= 10 {
						continue
					}
					src := queue.SourceKiosk
					if rnd.IntN(3) == 0 {
						src = queue.SourceButton
					}
					if _, err := q.Take(queue.TakeRequest{Service: s.Prefix, Green: rnd.IntN(10) == 0, Source: src, Actor: "demo"}); err != nil {
						return taken, err
					}
					taken++
				}
			}
			for _, w := range set.Windows() {
				if clock.Before(busyUntil[w]) {
					continue
				}
				who := queueClerks[w]
				if who.Name == "" {
					who = queue.Actor{Name: "demo"}
				}
				_, err := q.CallNext(who, w)
				var p *problem.Problem
				if errors.As(err, &p) { // nobody waits: finish the one at the window
					if _, err := q.Finish(who, w); err != nil && !errors.As(err, &p) {
						return taken, err
					}
					continue
				} else if err != nil {
					return taken, err
				}
				if rnd.IntN(20) == 0 {
					if _, err := q.Skip(who, w); err != nil {
						return taken, err
					}
					continue
				}
				busyUntil[w] = clock.Add(time.Duration(3+rnd.IntN(7)) * time.Minute)
			}
		}
	}
	return taken, nil
}
