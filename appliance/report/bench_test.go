package report_test

import (
	"fmt"
	"io"
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/leave"
	"bianmin/appliance/report"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// surnames and given names for a believable roster; one long name tests
// wrapping.
var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "欧阳"}
	given    = []string{"建国", "秀英", "伟", "芳", "明", "丽", "强", "敏", "军", "静", "磊", "燕", "超", "红梅", "志刚", "玉兰"}
	unitsBig = []string{"民政办", "社保所", "国土资源和规划管理所", "卫健办", "农业农村综合服务中心", "退役军人服务站"}
)

// bigCenter is a center of n staff in six units, with punches on every
// working day from first to before end: most on time, some late, early or
// missing, now and then a day of leave.
func bigCenter(tb testing.TB, n int, first, end string) *fixture {
	tb.Helper()
	fx := newFixture(tb)
	reg := staff.New(fx.db)
	var units []staff.Unit
	for _, name := range unitsBig {
		u, err := staff.New(fx.db).CreateUnit("t", staff.Unit{Name: name, Active: true})
		if err != nil { // the fixture's own units
			err = fx.db.View(func(tx *store.Tx) error { u, err = staff.UnitByNameTx(tx, name); return err })
		}
		if err != nil {
			tb.Fatal(err)
		}
		units = append(units, u)
	}
	for i := len(fx.staff); i < n; i++ {
		name := surnames[i%len(surnames)] + given[(i/3)%len(given)]
		if i == 7 {
			name = "阿卜杜热合曼·买买提依明"
		}
		s := must[staff.Staff](tb)(reg.CreateStaff("t", staff.Staff{StaffNo: fmt.Sprintf("QS%03d", i+1), Name: name,
			UnitID: units[i%len(units)].ID, Position: staff.PositionStaff, Post: staff.PostA}))
		fx.staff = append(fx.staff, s)
	}
	fx.now = at(end, "23:00")
	start, stop := at(first, "00:00"), at(end, "00:00")
	for m := start; m.Before(stop); m = m.AddDate(0, 1, 0) {
		err := fx.db.Update("device:fingerprint", func(tx *store.Tx) error {
			for d := m; d.Before(m.AddDate(0, 1, 0)) && d.Before(stop); d = d.AddDate(0, 0, 1) {
				if fx.cal.IsWorkday(d) {
					if err := punchDay(tx, fx, d); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return fx
}

// punchDay records one working day of everyone: a day of leave for one in
// 23, a late arrival for one in 7, an early leave for one in 11, a missing
// sign-out for one in 13.
func punchDay(tx *store.Tx, fx *fixture, d time.Time) error {
	date := d.Format("2006-01-02")
	hours := []string{"08:20", "12:03", "13:55", "17:35"}
	if d.Month() >= time.May && d.Month() <= time.October {
		hours = []string{"08:20", "12:03", "14:25", "18:05"}
	}
	for i, s := range fx.staff {
		k := i + d.YearDay()
		if k%23 == 0 {
			_, err := leave.RecordTx(tx, leave.Leave{StaffID: s.ID, Type: leave.TypePersonal, Start: at(date, "08:00"), End: at(date, "19:00")})
			if err != nil {
				return err
			}
			continue
		}
		clocks := append([]string(nil), hours...)
		switch {
		case k%7 == 0:
			clocks[0] = "08:41"
		case k%11 == 0:
			clocks[3] = "17:02"
		case k%13 == 0:
			clocks = clocks[:3]
		}
		for _, c := range clocks {
			p := attendance.Punch{StaffID: s.ID, Time: at(date, c), Source: attendance.SourceFingerprint, Quality: attendance.TimeSynced}
			if _, _, err := attendance.RecordTx(tx, p, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// monthlyReport judges March 2026 and writes its PDF: what the office's
// "generate" does.
func monthlyReport(b *testing.B, fx *fixture) {
	p, _ := report.ParsePeriod(report.Monthly, "2026-03", shanghai)
	tr := translator(b, "zh-CN")
	for b.Loop() {
		r, err := report.Build(fx.db, p, report.Options{Calendar: fx.cal, Location: shanghai})
		if err != nil {
			b.Fatal(err)
		}
		doc := report.Layout(r, report.Meta{Lang: "zh-CN", T: tr, Location: shanghai})
		if err := report.WritePDF(io.Discard, doc, pdfOptions); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMonthlyReport60Staff: judgement and PDF of a month of 60 staff.
func BenchmarkMonthlyReport60Staff(b *testing.B) {
	fx := bigCenter(b, 60, "2026-03-01", "2026-04-01")
	fx.now = at("2026-04-02", "09:00")
	b.ReportAllocs()
	monthlyReport(b, fx)
}

// BenchmarkMonthlyReportTenYears: the same month with ten years of punches
// and leave stored (2016–2026, about 600 000 punches): it costs what the
// month alone costs when every lookup is a key range, not a scan.
func BenchmarkMonthlyReportTenYears(b *testing.B) {
	fx := bigCenter(b, 60, "2016-04-01", "2026-04-01")
	fx.now = at("2026-04-02", "09:00")
	var n int
	_ = fx.db.View(func(tx *store.Tx) error { n = tx.Count("attendance.punches"); return nil })
	b.ReportAllocs()
	monthlyReport(b, fx)
	b.ReportMetric(float64(n), "punches-stored")
}
