package demo

import (
	"math/rand/v2"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Days is how far back the demo's punches go: five weeks before today.
const Days = 35

// From is the first day of the demo's punches: the day the demo center
// went live, Days before today in loc.
func From(now time.Time, loc *time.Location) time.Time {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc).AddDate(0, 0, -Days)
}

// SeedPunches gives every staff member believable punches for the working
// days of the last five weeks before today that they served on: most on
// time, a few late or early, now and then one missing, so the month view,
// the reports and the kiosk have something to show. They are recorded as
// imported from the clock (source import, ref "demo"), with audit and
// outbox entries like any other punch.
func SeedPunches(db *store.DB, days attendance.WorkingDays, loc *time.Location, now time.Time, seed uint64) (int, error) {
	preset, _ := attendance.PresetByKey(attendance.DefaultPresetKey)
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	today := time.Date(now.In(loc).Year(), now.In(loc).Month(), now.In(loc).Day(), 0, 0, 0, 0, loc)
	n := 0
	err := db.Update("system:demo", func(tx *store.Tx) error {
		people, err := staff.ListStaffTx(tx, staff.Filter{IncludeInactive: true})
		if err != nil {
			return err
		}
		for d := today.AddDate(0, 0, -Days); d.Before(today); d = d.AddDate(0, 0, 1) {
			if !days.IsWorkday(d) {
				continue
			}
			for _, p := range people {
				if !p.Serves(d.Format(store.DateLayout)) {
					continue
				}
				for _, t := range dayPunches(preset, d, rnd) {
					_, dup, err := attendance.RecordTx(tx, attendance.Punch{StaffID: p.ID, Time: t,
						Source: attendance.SourceImport, Quality: attendance.TimeSynced, Ref: "demo"}, time.Minute)
					if err != nil {
						return err
					}
					if !dup {
						n++
					}
				}
			}
		}
		return nil
	})
	return n, err
}

// dayPunches makes one person's punches for a working day: in a few
// minutes early, out a few minutes late; about 1 in 40 punches late or
// early and 1 in 150 missing — a month of a few late arrivals for most, the
// monthly escalation for a handful, as a real hall has.
func dayPunches(p attendance.Preset, day time.Time, rnd *rand.Rand) []time.Time {
	var out []time.Time
	md := attendance.MonthDayOf(day)
	for _, s := range p.Sessions {
		start, end := s.HoursOn(md)
		in := start.On(day).Add(-time.Duration(2+rnd.IntN(15)) * time.Minute)
		out2 := end.On(day).Add(time.Duration(1+rnd.IntN(10)) * time.Minute)
		if rnd.IntN(40) == 0 {
			in = start.On(day).Add(time.Duration(1+rnd.IntN(20)) * time.Minute)
		}
		if rnd.IntN(40) == 0 {
			out2 = end.On(day).Add(-time.Duration(1+rnd.IntN(15)) * time.Minute)
		}
		for _, t := range []time.Time{in, out2} {
			if rnd.IntN(150) != 0 {
				out = append(out, t.Add(time.Duration(rnd.IntN(60))*time.Second))
			}
		}
	}
	return out
}
