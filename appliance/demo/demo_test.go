package demo

import (
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/queue"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"

	"golang.org/x/crypto/bcrypt"
)

type weekdays struct{}

func (weekdays) IsWorkday(t time.Time) bool {
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}

func TestSeedAndPunches(t *testing.T) {
	db := storetest.Open(t, store.Options{})
	accts := account.New(db, account.Options{BcryptCost: bcrypt.MinCost})
	loc := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 3, 20, 9, 0, 0, 0, loc)
	creds, err := Seed(db, accts, From(now, loc), now)
	if err != nil || len(creds) != len(accounts) {
		t.Fatalf("seed: %d accounts, %v", len(creds), err)
	}
	reg := staff.New(db)
	people, _ := reg.ListStaff(staff.Filter{})
	units, _ := reg.Units()
	windows, _ := reg.Windows()
	if len(people) != 20 || len(units) != 5 || len(windows) != 8 || !Seeded(reg) {
		t.Fatalf("demo center: %d staff, %d units, %d windows", len(people), len(units), len(windows))
	}
	n, err := SeedPunches(db, weekdays{}, loc, now, 1)
	if err != nil {
		t.Fatal(err)
	}
	// 25 weekdays in the 35 days before 20 March; 19 people all of them,
	// QS020 the 9 from 8 March, QS021 the 19 up to 11 March; 4 punches a
	// day, a few missing.
	want := (19*25 + 9 + 19) * 4
	if n < want*9/10 || n > want {
		t.Fatalf("%d demo punches, want about %d", n, want)
	}
	list, _ := attendance.New(db, 0).Between(now.AddDate(0, 0, -40), now, 0)
	for _, p := range list {
		if d := p.Time.In(loc); !(weekdays{}).IsWorkday(d) || !d.Before(time.Date(2026, 3, 20, 0, 0, 0, 0, loc)) {
			t.Fatalf("punch on %v: not a past working day", d)
		}
	}
}

func TestSeedQueueDay(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 3, 3, 9, 0, 0, 0, loc) // a Tuesday: Monday is played
	db := storetest.Open(t, store.Options{Now: func() time.Time { return now }, Location: loc})
	n, err := SeedQueueDay(db, now, loc, 7)
	if err != nil || n < 60 {
		t.Fatalf("played %d tickets: %v", n, err)
	}
	st, err := queue.New(db, nil).Stats("2026-03-02")
	if err != nil || st.Total.Tickets != n || st.Total.Finished < n*3/4 || st.Total.AvgWait() <= 0 {
		t.Fatalf("stats of the played day: %+v %v", st.Total, err)
	}
}
