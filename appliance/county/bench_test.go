package county_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/boxkey"
	"bianmin/appliance/county"
	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
	"bianmin/appliance/queue"
	"bianmin/appliance/rating"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/uplink"
)

// The county at scale (issue 16, Done when 3): 30 boxes × one year of 60
// staff — punches, leave, queue tickets, cases, ratings and follow-ups as
// the boxes' domains write them — received batch by batch through
// County.Receive (the roll-ups computed as they arrive), kept in a cached
// file so that the store is built once (BIANMIN_COUNTY_BENCH_DIR, default
// under the temporary directory; delete it to rebuild).
const (
	benchBoxes   = 30
	benchStaff   = 60
	benchVersion = "v1"
)

var benchFirst = time.Date(2025, 12, 1, 0, 0, 0, 0, shanghai) // one year: Dec 2025 – Nov 2026

func benchCounty(b *testing.B) *county.County {
	b.Helper()
	root := os.Getenv("BIANMIN_COUNTY_BENCH_DIR")
	if root == "" {
		root = filepath.Join(os.TempDir(), "bianmin-county-bench")
	}
	dir := filepath.Join(root, benchVersion)
	if _, err := os.Stat(filepath.Join(dir, "complete")); err != nil {
		start := time.Now()
		_ = os.RemoveAll(dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		n := buildBenchCounty(b, dir)
		if err := os.WriteFile(filepath.Join(dir, "complete"), []byte(fmt.Sprint(n)), 0o644); err != nil {
			b.Fatal(err)
		}
		b.Logf("built the county of %d boxes, %d records, in %v", benchBoxes, n, time.Since(start).Round(time.Second))
	}
	db, err := store.Open(dir, store.Options{Reserve: -1, MinFree: -1, Location: shanghai})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return county.New(db, nil)
}

// buildBenchCounty receives a year of every box's records, a week per
// batch, and returns how many records it sent.
func buildBenchCounty(b *testing.B, dir string) int {
	var clock time.Time
	db, err := store.Open(dir, store.Options{Reserve: -1, MinFree: -1, Location: shanghai, Now: func() time.Time { return clock }})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	c := county.New(db, nil)
	total := 0
	for i := range benchBoxes {
		key := boxkey.Generate()
		if _, err := c.AddBox("bench", fmt.Sprintf("乡镇%02d", i+1), "330110", key.PublicText()); err != nil {
			b.Fatal(err)
		}
		g := &benchBox{fakeBox: fakeBox{t: b, key: key, epoch: fmt.Sprintf("%016x", i+1)}, rnd: rand.New(rand.NewPCG(uint64(i), 7))}
		g.roster()
		for week := benchFirst; week.Before(benchFirst.AddDate(1, 0, 0)); week = week.AddDate(0, 0, 7) {
			for d := range 7 {
				g.day(week.AddDate(0, 0, d))
			}
			total += len(g.pending)
			clock = week.AddDate(0, 0, 7).Add(7 * time.Hour) // sent the next Monday morning
			data := g.seal(clock)
			if ack, err := c.Receive(data, "http bench"); err != nil || ack.Outcome != uplink.OutcomeStored {
				b.Fatalf("box %d week %s: %+v %v", i, week.Format("2006-01-02"), ack, err)
			}
		}
	}
	return total
}

// benchBox makes one township's records.
type benchBox struct {
	fakeBox
	rnd                             *rand.Rand
	punchID, ticketID, caseID, rSeq uint64
	leaveID                         uint64
}

func (g *benchBox) roster() {
	at := benchFirst.AddDate(0, 0, -1)
	for u := 1; u <= 6; u++ {
		g.add("unit", at, staff.Unit{ID: uint64(u), Name: fmt.Sprintf("单位%d", u), Active: true})
	}
	for w := 1; w <= 10; w++ {
		g.add("window", at, staff.Window{ID: uint64(w), Number: w, Name: fmt.Sprintf("窗口%d", w), UnitID: uint64(1 + (w-1)%6), Active: true})
	}
	for s := 1; s <= benchStaff; s++ {
		win := uint64(0)
		if s <= 20 {
			win = uint64(1 + (s-1)%10)
		}
		g.add("staff", at, staff.Staff{ID: uint64(s), StaffNo: fmt.Sprintf("S%03d", s), Name: fmt.Sprintf("人员%02d", s),
			UnitID: uint64(1 + (s-1)%6), WindowID: win, StartDate: "2025-01-01"})
	}
}

// day is one day of the hall: on a working day (Monday to Friday) four
// punches a person (now and then late or missing), a leave request now
// and then, 20 tickets, 3 cases, 10 ratings and a 差评's follow-up.
func (g *benchBox) day(day time.Time) {
	if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		return
	}
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	for s := uint64(1); s <= benchStaff; s++ {
		if g.rnd.IntN(200) == 0 {
			g.leaveID++
			l := leave.Leave{ID: g.leaveID, StaffID: s, Type: leave.TypePersonal, Status: leave.StatusApproved,
				Start: at(8, 30), End: at(17, 30), RecordedAt: at(8, 0)}
			g.add("leave", at(8, 0), l)
			continue
		}
		for _, p := range [][2]int{{8, 20}, {12, 5}, {13, 55}, {17, 35}} {
			if g.rnd.IntN(150) == 0 {
				continue
			}
			t := at(p[0], p[1]+g.rnd.IntN(10))
			if g.rnd.IntN(40) == 0 {
				t = t.Add(20 * time.Minute)
			}
			g.punchID++
			g.add("punch", t, attendance.Punch{ID: g.punchID, StaffID: s, Time: t, Source: attendance.SourceFingerprint,
				Quality: attendance.TimeSynced, RecordedAt: t})
		}
	}
	for range 20 {
		g.ticketID++
		taken := at(9, g.rnd.IntN(420))
		tk := queue.Ticket{ID: g.ticketID, Day: day.Format(store.DateLayout), Service: "A", Number: fmt.Sprintf("A%03d", g.ticketID%1000),
			Status: queue.StatusFinished, Taken: taken, Called: taken.Add(time.Duration(g.rnd.IntN(30)) * time.Minute),
			Window: 1 + g.rnd.IntN(10), StaffID: uint64(1 + g.rnd.IntN(20))}
		tk.Finished = tk.Called.Add(10 * time.Minute)
		g.add("queue_ticket", tk.Finished, tk)
	}
	for range 3 {
		g.caseID++
		c := intake.Case{ID: g.caseID, Number: fmt.Sprintf("2026-%06d", g.caseID), UnitID: uint64(1 + g.rnd.IntN(6)), OwnerStaffID: uint64(1 + g.rnd.IntN(20)),
			Category: intake.CategoryPromised, Status: intake.StatusDelivered, ReceivedAt: at(10, 0), DueDate: day.AddDate(0, 0, 7).Format(store.DateLayout)}
		c.DecidedAt = day.AddDate(0, 0, 3+g.rnd.IntN(6))
		c.ClosedAt = c.DecidedAt
		g.add("case", at(10, 0), intake.CaseRecord{Case: c})
	}
	for range 10 {
		g.rSeq++
		x := rating.Exchange{Seq: g.rSeq, Window: 1 + g.rnd.IntN(10), StaffNo: uint64(1 + g.rnd.IntN(20)), Time: at(11, g.rnd.IntN(300)), Level: "5"}
		g.add("rating", x.Time, x)
		if g.rnd.IntN(25) == 0 {
			f := rating.FollowUp{RatingSeq: g.rSeq, Ref: rating.Ref{StaffID: x.StaffNo}, Level: rating.Dissatisfied, RatedAt: x.Time,
				Due: day.AddDate(0, 0, 5).Format(store.DateLayout), State: rating.FUClosed, ClosedOn: day.AddDate(0, 0, 2).Format(store.DateLayout)}
			g.add("rating_followup", x.Time, f)
		}
	}
}

func reportMS(b *testing.B, start time.Time) {
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/op")
}

// BenchmarkCountyOverview is the overview of 30 townships (issue 16: under
// 200 ms).
func BenchmarkCountyOverview(b *testing.B) {
	c := benchCounty(b)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai)
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		rows, err := c.Overview(now, county.AllTownships())
		if err != nil || len(rows) != benchBoxes || rows[0].Month.WorkDays == 0 {
			b.Fatalf("overview: %d rows %v", len(rows), err)
		}
	}
	reportMS(b, start)
}

// BenchmarkCountyMonth is a month's roll-up of the county (every
// township's tally) and of one township's units and one unit's people.
func BenchmarkCountyMonth(b *testing.B) {
	c := benchCounty(b)
	p, _ := county.ParsePeriod("2026-11")
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		rows, err := c.Townships(county.AllTownships(), p)
		if err != nil || len(rows) != benchBoxes || rows[0].Tally.WorkDays < benchStaff*18 {
			b.Fatalf("month: %d rows %+v %v", len(rows), rows, err)
		}
		units, err := c.Units(rows[0].Box, p)
		if err != nil || len(units) != 6 {
			b.Fatalf("units: %+v %v", units, err)
		}
		people, err := c.People(rows[0].Box, units[0].Unit, p)
		if err != nil || len(people) < benchStaff/6 { // and those of other units with a case of this unit
			b.Fatalf("people: %+v %v", people, err)
		}
		county.Table(people, county.TableQuery{Sort: county.ColLate, Desc: true})
	}
	reportMS(b, start)
}

// BenchmarkCountyQuarter is the same for a quarter (three months added).
func BenchmarkCountyQuarter(b *testing.B) {
	c := benchCounty(b)
	p, _ := county.ParsePeriod("2026-Q3")
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		rows, err := c.Townships(county.AllTownships(), p)
		if err != nil || len(rows) != benchBoxes {
			b.Fatal(err)
		}
	}
	reportMS(b, start)
}
