package assess

import (
	"fmt"
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// BenchmarkMonth assesses a hall's month: 60 staff members with four
// punches on each of November 2026's 21 working days (some late), 60
// inspections — what the month page, the ranking and a unit's report read.
func BenchmarkMonth(b *testing.B) {
	f := newFixture(b)
	reg := staff.New(f.db)
	var ids []uint64
	for i := range 58 {
		st, err := reg.CreateStaff("t", staff.Staff{StaffNo: fmt.Sprintf("B%03d", i), Name: fmt.Sprintf("人员%d", i), UnitID: f.wang.UnitID, Position: staff.PositionStaff, StartDate: "2026-10-01"})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, st.ID)
	}
	ids = append(ids, f.wang.ID, f.li.ID)
	for i, id := range ids {
		err := f.db.UpdateBulk("device:fingerprint", func(tx *store.Tx) error {
			for d := date("2026-11-01"); d.Before(date("2026-12-01")); d = d.AddDate(0, 0, 1) {
				if !f.cal.IsWorkday(d) {
					continue
				}
				in := "08:20"
				if (d.Day()+i)%9 == 0 {
					in = "08:41"
				}
				for _, p := range []string{in, "12:05", "13:55", "17:35"} {
					if _, _, err := attendance.RecordTx(tx, attendance.Punch{StaffID: id, Time: date(d.Format(dateLayout) + " " + p), Source: attendance.SourceFingerprint, Quality: attendance.TimeSynced}, 0); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.svc.RecordInspection("inspector", NewInspection{StaffID: id, At: date("2026-11-16 10:00").Add(time.Duration(i) * time.Minute), Item: "desk"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		all, err := f.svc.Month("2026-11")
		if err != nil || len(all) != 60 {
			b.Fatalf("%d people, %v", len(all), err)
		}
	}
}
