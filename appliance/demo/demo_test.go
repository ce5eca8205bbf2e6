package demo

import (
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"

	"golang.org/x/crypto/bcrypt"
)

type weekdays struct{}

func (weekdays) IsWorkday(t time.Time) bool {
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}

func TestSeedAndPunches(t *testing.T) {
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
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
