package attendance

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
	"time"

	"bianmin/appliance/decision"
	"bianmin/appliance/schema"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// benchRecords is ten years (2026–2035) of a 60-person center's remedies
// and objections: two remedies and one objection per person and month,
// nearly all decided (14,400 remedies, 7,200 objections).
type benchRecords struct {
	rs     *Records
	db     *store.DB
	people []uint64
}

func seedTenYears(b *testing.B) benchRecords {
	b.Helper()
	now := at("2026-01-01", "08:00:00")
	db, err := store.Open(b.TempDir(), store.Options{Migrations: schema.Migrations(), Now: func() time.Time { return now }, Location: shanghai})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	var people []uint64
	err = db.Update("bench", func(tx *store.Tx) error {
		u, err := staff.CreateUnitTx(tx, staff.Unit{Name: "民政办", Active: true})
		if err != nil {
			return err
		}
		for i := range 60 {
			s, err := staff.CreateStaffTx(tx, staff.Staff{StaffNo: fmt.Sprintf("QS%03d", i+1), Name: fmt.Sprintf("员工%d", i+1),
				UnitID: u.ID, Post: staff.PostA, Position: staff.PositionStaff, StartDate: "2026-01-01"})
			if err != nil {
				return err
			}
			people = append(people, s.ID)
		}
		notice := uint64(0)
		for m := time.Date(2026, time.January, 1, 0, 0, 0, 0, shanghai); m.Year() < 2036; m = m.AddDate(0, 1, 0) {
			monday := m.AddDate(0, 0, 7+(8-int(m.Weekday()))%7) // the second or third Monday
			notice++
			n := NoticeRef{ID: notice, PublishedAt: monday.AddDate(0, 0, 7).Add(9 * time.Hour), WeekStart: monday.Format(dateLayout)}
			for i, id := range people {
				for j, day := range []int{3 + i%5, 15 + i%7} {
					date := m.AddDate(0, 0, day-1)
					for !(MondayToFriday{}).IsWorkday(date) {
						date = date.AddDate(0, 0, 1) // remedies are for working days
					}
					now = date.AddDate(0, 0, 1).Add(time.Duration(i) * time.Minute)
					r, err := RequestRemedyTx(tx, Remedy{StaffID: id, Date: date.Format(dateLayout), Point: []string{"morning_in", "afternoon_out"}[j],
						Reason: "指纹机未识别"}, shanghai, MondayToFriday{})
					if err != nil {
						return err
					}
					if (i+j+m.Year())%50 == 0 {
						continue // left pending
					}
					now = now.Add(48 * time.Hour)
					if _, err := DecideRemedyTx(tx, r.ID, (i+j)%5 != 0, "核实", shanghai, MondayToFriday{}); err != nil {
						return err
					}
				}
				now = n.PublishedAt.Add(time.Hour + time.Duration(i)*time.Minute)
				o, err := FileObjectionTx(tx, Objection{StaffID: id, Notice: n, Date: monday.AddDate(0, 0, i%5).Format(dateLayout),
					Point: "morning_in", Reason: "当天在岗"}, shanghai)
				if err != nil {
					return err
				}
				if (i+m.Year())%40 == 0 {
					continue
				}
				now = now.Add(24 * time.Hour)
				if i%3 == 0 {
					_, err = AcceptObjectionTx(tx, o.ID, Correction{}, "", shanghai)
				} else {
					_, err = RejectObjectionTx(tx, o.ID, "无依据")
				}
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return benchRecords{rs: NewRecords(db, shanghai, nil), db: db, people: people}
}

// loadAllRemedyPage is how the remedies page worked before the indexes:
// every remedy of every person in the scope, 2000 to 2101, read and
// decoded, split and sorted in memory, then one page cut out.
func loadAllRemedyPage(db *store.DB, people []uint64, page, size int) (pending, decided []Remedy, err error) {
	err = db.View(func(tx *store.Tx) error {
		for _, id := range people {
			list, err := RemediesTx(tx, id, "2000-01-01", "2101-01-01")
			if err != nil {
				return err
			}
			for _, r := range list {
				if r.Status == StatusPending {
					pending = append(pending, r)
				} else {
					decided = append(decided, r)
				}
			}
		}
		return nil
	})
	slices.SortStableFunc(pending, func(x, y Remedy) int { return cmp.Compare(x.Date, y.Date) })
	slices.SortStableFunc(decided, func(x, y Remedy) int { return y.DecidedAt.Compare(x.DecidedAt) })
	first := min((page-1)*size, len(decided))
	return pending, decided[first:min(first+size, len(decided))], err
}

// BenchmarkRecordsPages10Years: one page of the remedies and objections
// pages over ten years of a 60-person center's records, read by key range
// from the pending and decided indexes ("index"), against the way the
// pages read them before ("load all": every record of the scope decoded,
// sorted and cut in memory).
func BenchmarkRecordsPages10Years(b *testing.B) {
	f := seedTenYears(b)
	everyone := decision.Scope{All: true}
	team := decision.Scope{Staff: f.people[10:16]}
	first, err := f.rs.RemedyPage(RemedyQuery{Query: decision.Query{Scope: everyone, PageSize: 50}})
	if err != nil || first.Decided.Total < 14000 || len(first.Decided.Rows) != 50 || first.Pending.Total == 0 {
		b.Fatalf("seeded: %d pending, %d decided, %v", first.Pending.Total, first.Decided.Total, err)
	}
	_, old, err := loadAllRemedyPage(f.db, f.people, 1, 50)
	if err != nil || old[0].ID != first.Decided.Rows[0].ID {
		b.Fatalf("the two ways disagree on the newest decision: %v", err)
	}
	remedies := []struct {
		name string
		q    decision.Query
	}{
		{"remedies/index/everyone/page 1", decision.Query{Scope: everyone, PageSize: 50}},
		{"remedies/index/everyone/page 200", decision.Query{Scope: everyone, PageSize: 50, DecidedPage: 200}},
		{"remedies/index/everyone/rejected only", decision.Query{Scope: everyone, PageSize: 50, Outcome: string(StatusRejected)}},
		{"remedies/index/a team of 6/page 1", decision.Query{Scope: team, PageSize: 50}},
		{"remedies/index/one person/page 1", decision.Query{Scope: everyone, StaffID: f.people[7], PageSize: 50}},
	}
	for _, bc := range remedies {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.rs.RemedyPage(RemedyQuery{Query: bc.q}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("objections/index/everyone/page 1", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.rs.ObjectionPage(decision.Query{Scope: everyone, PageSize: 50}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, bc := range []struct {
		name   string
		people []uint64
	}{{"remedies/load all/everyone/page 1", f.people}, {"remedies/load all/a team of 6/page 1", team.Staff}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := loadAllRemedyPage(f.db, bc.people, 1, 50); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
