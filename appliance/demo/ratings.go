package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/rating"
	"bianmin/appliance/store"
)

// SeedRatings gives the demo windows five weeks of citizens' ratings: one
// or two a working day per window at a time in office hours, most of them
// 满意 or better, now and then a 差评 (which opens its follow-up). The
// first is a 非常不满意 at window 1, so the demo always has a follow-up to
// show (/rating/followups/1).
func SeedRatings(svc *rating.Service, days attendance.WorkingDays, loc *time.Location, now time.Time, seed uint64) (int, error) {
	rnd := rand.New(rand.NewPCG(seed, seed^0x51ed270b27fd1b3d))
	today := time.Date(now.In(loc).Year(), now.In(loc).Month(), now.In(loc).Day(), 0, 0, 0, 0, loc)
	var ds []rating.Decided
	err := svc.DB().View(func(tx *store.Tx) error {
		for d := today.AddDate(0, 0, -Days); d.Before(today); d = d.AddDate(0, 0, 1) {
			if !days.IsWorkday(d) {
				continue
			}
			for w := 1; w <= len(windows); w++ {
				for i := range 1 + rnd.IntN(2) {
					at := d.Add(9*time.Hour + time.Duration(rnd.IntN(7*60))*time.Minute)
					key := fmt.Sprintf("demo/%d/%s/%d", w, d.Format("20060102"), i)
					ref, err := rating.RefForWindowTx(tx, w, key, fmt.Sprintf("%c%03d", 'A'+w-1, i+1+rnd.IntN(60)), windows[w-1].Name)
					if err != nil {
						continue // a window nobody serves
					}
					level := demoLevel(rnd)
					if len(ds) == 0 && w == 1 {
						level = rating.VeryDissatisfied
					}
					ds = append(ds, rating.Decided{Ref: ref, Press: rating.Press{Window: w, Level: level, At: at, Device: "demo"}, Channel: rating.ChannelButtons})
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(ds), svc.RateMany("system:demo", ds)
}

// demoLevel draws a level: 55 % 非常满意, 30 % 满意, 10 % 基本满意, 3 %
// 不满意, 2 % 非常不满意.
func demoLevel(rnd *rand.Rand) rating.Level {
	switch n := rnd.IntN(100); {
	case n < 55:
		return rating.VerySatisfied
	case n < 85:
		return rating.Satisfied
	case n < 95:
		return rating.Basic
	case n < 98:
		return rating.Dissatisfied
	default:
		return rating.VeryDissatisfied
	}
}
