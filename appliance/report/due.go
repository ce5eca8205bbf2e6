package report

import (
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/store"
)

// Due lists the reports the office owes at now (in the center's
// location), oldest first: last week's notice and last month's summary
// (DOMAIN.md: 按周通报, 月汇总), each when its period has ended, the hall
// took punches in it, and no revision of it is published yet.
func Due(db *store.DB, now time.Time) ([]Period, error) {
	lastWeek := WeekOf(WeekOf(now).Start.AddDate(0, 0, -1))
	lastMonth := MonthOf(now.Year(), now.Month(), now.Location())
	lastMonth = MonthOf(lastMonth.Start.AddDate(0, -1, 0).Year(), lastMonth.Start.AddDate(0, -1, 0).Month(), now.Location())
	var out []Period
	err := db.View(func(tx *store.Tx) error {
		for _, p := range []Period{lastMonth, lastWeek} {
			ran, err := attendance.AnyPunchTx(tx, p.Start, p.End)
			if err != nil {
				return err
			}
			if !ran {
				continue
			}
			ids, err := periodRevisions(tx, p.Kind, p.Key)
			if err != nil {
				return err
			}
			if len(ids) == 0 {
				out = append(out, p)
			}
		}
		return nil
	})
	return out, err
}
