package report_test

import (
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
	"bianmin/appliance/center"
	"bianmin/appliance/leave"
	"bianmin/appliance/locale"
	"bianmin/appliance/report"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/embedded"
)

var shanghai = mustLoc("Asia/Shanghai")

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a time in the center's zone: at("2026-03-03", "08:45").
func at(day, clock string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+clock, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// fixture is a real store with a center, two units and three staff.
type fixture struct {
	db    *store.DB
	cal   *calendar.Calendar
	now   time.Time
	wang  staff.Staff // 民政办
	li    staff.Staff // 民政办
	chen  staff.Staff // 社保所
	staff []staff.Staff
}

const centerName = "青山镇便民服务中心"

func newFixture(t testing.TB) *fixture {
	t.Helper()
	fx := &fixture{now: at("2026-01-01", "07:00")}
	db, err := store.Open(t.TempDir(), store.Options{Now: func() time.Time { return fx.now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	fx.db = db
	if err := center.New(db).Update("t", center.Settings{Name: centerName}); err != nil {
		t.Fatal(err)
	}
	reg := staff.New(db)
	mz := must[staff.Unit](t)(reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true}))
	sb := must[staff.Unit](t)(reg.CreateUnit("t", staff.Unit{Name: "社保所", Active: true}))
	fx.wang = must[staff.Staff](t)(reg.CreateStaff("t", staff.Staff{StaffNo: "QS001", Name: "王建国", UnitID: mz.ID, Position: staff.PositionStaff, Post: staff.PostA}))
	fx.li = must[staff.Staff](t)(reg.CreateStaff("t", staff.Staff{StaffNo: "QS002", Name: "李秀英", UnitID: mz.ID, Position: staff.PositionStaff, Post: staff.PostB}))
	fx.chen = must[staff.Staff](t)(reg.CreateStaff("t", staff.Staff{StaffNo: "QS003", Name: "陈明", UnitID: sb.ID, Position: staff.PositionStaff, Post: staff.PostA}))
	fx.staff = []staff.Staff{fx.wang, fx.li, fx.chen}
	if fx.cal, err = calendar.Load(db, embedded.FS, shanghai); err != nil {
		t.Fatal(err)
	}
	return fx
}

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// onTime are the standard preset's punches in winter (Nov–Apr: 8:30–12:00,
// 14:00–17:30), a little early or late within the rules.
var onTime = []string{"08:20", "12:03", "13:55", "17:35"}

// punchMonths records, for every working day from first to before end and
// every staff member, the day's punches: special[staffNo][date] when
// given (nil: no punch that day), onTime otherwise. One transaction per
// day keeps the fixture fast.
func (fx *fixture) punchMonths(t testing.TB, first, end string, special map[string]map[string][]string) {
	t.Helper()
	fx.now = at(end, "23:00")
	for d := at(first, "00:00"); d.Before(at(end, "00:00")); d = d.AddDate(0, 0, 1) {
		if !fx.cal.IsWorkday(d) {
			continue
		}
		date := d.Format("2006-01-02")
		err := fx.db.Update("device:fingerprint", func(tx *store.Tx) error {
			for _, s := range fx.staff {
				clocks, ok := special[s.StaffNo][date]
				if !ok {
					clocks = onTime
				}
				for _, c := range clocks {
					p := attendance.Punch{StaffID: s.ID, Time: at(date, c), Source: attendance.SourceFingerprint, Quality: attendance.TimeSynced}
					if _, _, err := attendance.RecordTx(tx, p, 0); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// march seeds January to March 2026 with the facts the tests count by
// hand. Standard preset, winter hours 8:30–12:00 and 14:00–17:30; the week
// of 2 March is the weekly notice's:
//
//	王建国 Tue 3 Mar 08:45 late 15 min; Wed 4 Mar no sign-out in the
//	       afternoon (missed 1); Thu 5 Mar no punch (absent 1 day);
//	       10–12 Mar late 08:40 (late 4 in March → half a day of absence,
//	       regulation 000 第三篇 七(5)).
//	李秀英 Wed 4 Mar on personal leave all day; Fri 6 Mar 17:10 early 20 min.
//	陈明   Tue 3 Mar off post 09:00–11:30, 150 min > 120 (half a day of
//	       absence, 七(6)).
func (fx *fixture) march(t testing.TB) {
	t.Helper()
	late := []string{"08:40", "12:03", "13:55", "17:35"}
	fx.punchMonths(t, "2026-01-01", "2026-04-01", map[string]map[string][]string{
		"QS001": {"2026-03-03": {"08:45", "12:03", "13:55", "17:35"}, "2026-03-04": {"08:20", "12:03", "13:55"},
			"2026-03-05": nil, "2026-03-10": late, "2026-03-11": late, "2026-03-12": late},
		"QS002": {"2026-03-04": nil, "2026-03-06": {"08:20", "12:03", "13:55", "17:10"}},
	})
	fx.now = at("2026-03-03", "18:00")
	if _, err := leave.New(fx.db).Record("office", leave.Leave{StaffID: fx.li.ID, Type: leave.TypePersonal,
		Start: at("2026-03-04", "08:30"), End: at("2026-03-04", "17:30")}); err != nil {
		t.Fatal(err)
	}
	rs := attendance.NewRecords(fx.db, shanghai, fx.cal)
	if _, err := rs.RecordOffPost("inspector", attendance.OffPostRecord{StaffID: fx.chen.ID, Start: at("2026-03-03", "09:00"), End: at("2026-03-03", "11:30"), Minutes: 150}); err != nil {
		t.Fatal(err)
	}
	fx.now = at("2026-04-02", "09:00")
}

func (fx *fixture) build(t testing.TB, kind report.Kind, period string) *report.Report {
	t.Helper()
	p, err := report.ParsePeriod(kind, period, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(fx.db, p, report.Options{Calendar: fx.cal, Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// translator renders locale keys through the web app's catalog.
func translator(t testing.TB, lang string) report.Translator {
	t.Helper()
	cat, err := locale.Load(embedded.FS)
	if err != nil {
		t.Fatal(err)
	}
	return func(key string, args map[string]any) string { return cat.T(lang, key, args) }
}

func layout(t testing.TB, r *report.Report, rev *report.RevisionInfo, lang string) *report.Document {
	return report.Layout(r, report.Meta{Lang: lang, T: translator(t, lang), Revision: rev, Location: shanghai})
}

// pdfOptions write PDFs the way cmd and ui do: in the embedded font,
// inflated for each PDF.
var pdfOptions = report.PDFOptions{Font: embedded.Font}
