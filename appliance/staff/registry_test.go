package staff

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"bianmin/appliance/store"
)

func TestWritesAreAuditedAndQueuedForUpload(t *testing.T) {
	r, db := newTestRegistry(t)
	sd := newSeed(t, r) // 2 units, 3 windows, 1 person: 6 writes
	if n := db.OutboxLen(); n != 6 {
		t.Fatalf("outbox has %d entries after 6 writes, want 6", n)
	}
	s := sd.zhang
	s.Phone = "0871-65123456"
	if _, err := r.UpdateStaff("office:wang", s); err != nil {
		t.Fatal(err)
	}
	if _, err := r.SetEndDate("office:wang", s.ID, "2025-03-03"); err != nil {
		t.Fatal(err)
	}
	if n := db.OutboxLen(); n != 8 {
		t.Errorf("outbox has %d entries, want 8", n)
	}
	res, err := db.VerifyAudit()
	if err != nil || !res.OK || res.Entries != 8 {
		t.Fatalf("audit chain: %+v %v, want OK with 8 entries", res, err)
	}
	entries, err := db.AuditEntries("staff/", 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Actor+" "+e.Action+" "+e.Object)
	}
	want := []string{"office:wang staff.leave staff/1", "office:wang staff.update staff/1", "admin staff.create staff/1"}
	if !slices.Equal(got, want) {
		t.Fatalf("staff audit = %q, want %q", got, want)
	}
	var before, after Staff
	if err := json.Unmarshal(entries[1].Before, &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(entries[1].After, &after); err != nil {
		t.Fatal(err)
	}
	if before.Phone != "13812345678" || after.Phone != "0871-65123456" {
		t.Errorf("update audit before/after phone = %q/%q", before.Phone, after.Phone)
	}
	pending, err := db.OutboxPending(0, 100)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, e := range pending {
		kinds[e.Kind]++
	}
	if kinds["unit"] != 2 || kinds["window"] != 3 || kinds["staff"] != 3 {
		t.Errorf("outbox kinds = %v", kinds)
	}
}

func TestUpdateWithoutChangeWritesNothing(t *testing.T) {
	r, db := newTestRegistry(t)
	sd := newSeed(t, r)
	before := db.OutboxLen()
	if _, err := r.UpdateStaff("admin", sd.zhang); err != nil {
		t.Fatal(err)
	}
	if _, err := r.UpdateUnit("admin", sd.police); err != nil {
		t.Fatal(err)
	}
	if db.OutboxLen() != before {
		t.Errorf("an update that changed nothing wrote to the outbox")
	}
}

func TestUpdateMissingIsNotFound(t *testing.T) {
	r, _ := newTestRegistry(t)
	sd := newSeed(t, r)
	missing := []struct {
		name string
		err  error
	}{
		{"staff", func() error { s := sd.zhang; s.ID = 42; _, err := r.UpdateStaff("admin", s); return err }()},
		{"staff end date", func() error { _, err := r.SetEndDate("admin", 42, ""); return err }()},
		{"unit", func() error { _, err := r.UpdateUnit("admin", Unit{ID: 42, Name: "X", Active: true}); return err }()},
		{"window", func() error { w := sd.w1; w.ID = 42; _, err := r.UpdateWindow("admin", w); return err }()},
		{"get staff", func() error { _, err := r.GetStaff(42); return err }()},
		{"staff by number", func() error { _, err := r.StaffByNo("nobody"); return err }()},
	}
	for _, m := range missing {
		if !errors.Is(m.err, ErrNotFound) || !errors.Is(m.err, store.ErrNotFound) {
			t.Errorf("%s: err = %v, want not found", m.name, m.err)
		}
	}
}

func TestUniqueness(t *testing.T) {
	r, _ := newTestRegistry(t)
	sd := newSeed(t, r)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"unit name", func() error { _, err := r.CreateUnit("admin", Unit{Name: " 县公安局 ", Active: true}); return err }(),
			"name:staff.err.unit_name_taken"},
		{"unit rename onto another", func() error { u := sd.market; u.Name = "县公安局"; _, err := r.UpdateUnit("admin", u); return err }(),
			"name:staff.err.unit_name_taken"},
		{"window number", func() error {
			_, err := r.CreateWindow("admin", Window{Number: 2, Name: "另一个", UnitID: sd.market.ID, Active: true})
			return err
		}(), "number:staff.err.window_number_taken"},
		{"window renumber onto another", func() error { w := sd.w3; w.Number = 1; _, err := r.UpdateWindow("admin", w); return err }(),
			"number:staff.err.window_number_taken"},
		{"staff number ignores letter case", func() error {
			s := sd.zhang
			s.StaffNo = "ga-7"
			if _, err := r.UpdateStaff("admin", s); err != nil {
				return err
			}
			_, err := r.CreateStaff("admin", Staff{StaffNo: "GA-7", Name: "王芳", UnitID: sd.market.ID, Position: PositionStaff})
			return err
		}(), "staff_no:staff.err.staff_no_taken"},
	}
	for _, tt := range tests {
		if keys := validationKeys(t, tt.err); !slices.Equal(keys, []string{tt.want}) {
			t.Errorf("%s: errors = %v, want %s", tt.name, keys, tt.want)
		}
	}
	// Renumbering frees the old number; renaming frees the old name.
	if got, err := r.StaffByNo("GA-7"); err != nil || got.ID != sd.zhang.ID {
		t.Errorf("StaffByNo(GA-7) = %+v, %v", got, err)
	}
	if _, err := r.StaffByNo("1001"); !errors.Is(err, ErrNotFound) {
		t.Errorf("old staff number still found: %v", err)
	}
	w := sd.w3
	w.Number = 30
	if _, err := r.UpdateWindow("admin", w); err != nil {
		t.Fatal(err)
	}
	if _, err := r.CreateWindow("admin", Window{Number: 3, Name: "新3号", UnitID: sd.market.ID, Active: true}); err != nil {
		t.Errorf("window 3 not free after renumbering: %v", err)
	}
}

func TestDeactivation(t *testing.T) {
	r, _ := newTestRegistry(t)
	sd := newSeed(t, r)
	u := sd.police
	u.Active = false
	_, err := r.UpdateUnit("admin", u)
	if keys := validationKeys(t, err); !slices.Equal(keys, []string{"active:staff.err.unit_in_use"}) {
		t.Fatalf("deactivate unit in use: %v", keys)
	}
	w := sd.w1
	w.Active = false
	_, err = r.UpdateWindow("admin", w)
	if keys := validationKeys(t, err); !slices.Equal(keys, []string{"active:staff.err.window_in_use"}) {
		t.Fatalf("deactivate window in use: %v", keys)
	}
	w.Active, w.UnitID = true, sd.market.ID
	_, err = r.UpdateWindow("admin", w)
	if keys := validationKeys(t, err); !slices.Equal(keys, []string{"active:staff.err.window_in_use"}) {
		t.Fatalf("move window in use: %v", keys)
	}

	// A date to come is not enough: he still serves until then.
	if _, err := r.SetEndDate("admin", sd.zhang.ID, "2025-03-31"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.UpdateWindow("admin", Window{ID: sd.w1.ID, Number: 1, Name: sd.w1.Name, UnitID: sd.police.ID}); err == nil {
		t.Fatal("a window was closed under a person who serves until the end of the month")
	}
	// The person left yesterday: kept, but inactive; then window and unit can go.
	if _, err := r.SetEndDate("admin", sd.zhang.ID, "2025年3月2日"); err != nil {
		t.Fatal(err)
	}
	for _, win := range []Window{sd.w1, sd.w2} {
		win.Active = false
		if _, err := r.UpdateWindow("admin", win); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.UpdateUnit("admin", u); err != nil {
		t.Fatal(err)
	}
	got, err := r.GetStaff(sd.zhang.ID)
	if err != nil || got.EndDate != "2025-03-02" || !got.Left("2025-03-03") {
		t.Fatalf("inactive person = %+v, %v", got, err)
	}
	// An end date before the start is refused; so is one that is no date.
	_, err = r.SetEndDate("admin", sd.zhang.ID, "2024-12-31")
	if keys := validationKeys(t, err); !slices.Equal(keys, []string{"end_date:staff.err.end_before_start"}) {
		t.Fatalf("end before start: %v", keys)
	}
	_, err = r.SetEndDate("admin", sd.zhang.ID, "2025-02-29")
	if keys := validationKeys(t, err); !slices.Equal(keys, []string{"end_date:date.err.no_such_day"}) {
		t.Fatalf("end on a day that does not exist: %v", keys)
	}
	// Bringing back someone in an inactive unit is refused.
	_, err = r.SetEndDate("admin", sd.zhang.ID, "")
	if keys := validationKeys(t, err); !slices.Equal(keys, []string{"unit:staff.err.unit_inactive", "window:staff.err.window_inactive"}) {
		t.Fatalf("reactivate in inactive unit: %v", keys)
	}
}

func TestListStaff(t *testing.T) {
	r, _ := newTestRegistry(t)
	sd := newSeed(t, r)
	add := func(no, name string, unit Unit, window Window, active bool) {
		t.Helper()
		s := Staff{StaffNo: no, Name: name, UnitID: unit.ID, WindowID: window.ID, Post: PostB, Position: PositionStaff}
		if !active {
			s.StartDate, s.EndDate = "2024-01-01", "2025-03-02"
		}
		_, err := r.CreateStaff("admin", s)
		if err != nil {
			t.Fatal(err)
		}
	}
	add("20", "李娜", sd.police, sd.w2, true)
	add("3", "王芳", sd.market, sd.w3, true)
	add("A1", "赵磊", sd.market, Window{}, false)
	tests := []struct {
		name   string
		filter Filter
		want   []string
	}{
		{"active, by staff number", Filter{}, []string{"3", "20", "1001"}},
		{"with inactive", Filter{IncludeInactive: true}, []string{"3", "20", "1001", "A1"}},
		{"by unit", Filter{UnitID: sd.police.ID}, []string{"20", "1001"}},
		{"by window", Filter{WindowID: sd.w3.ID}, []string{"3"}},
		{"name substring", Filter{Query: "娜"}, []string{"20"}},
		{"number substring, any case", Filter{Query: "a", IncludeInactive: true}, []string{"A1"}},
		{"number substring", Filter{Query: "00"}, []string{"1001"}},
		{"nothing", Filter{Query: "无此人"}, nil},
	}
	for _, tt := range tests {
		got, err := r.ListStaff(tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		var nos []string
		for _, s := range got {
			nos = append(nos, s.StaffNo)
		}
		if !slices.Equal(nos, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, nos, tt.want)
		}
	}
	ws, err := r.Windows()
	if err != nil || len(ws) != 3 || ws[0].Number != 1 || ws[2].Number != 3 {
		t.Errorf("Windows() = %+v, %v", ws, err)
	}
	us, err := r.Units()
	if err != nil || len(us) != 2 || us[0].Name != "县公安局" {
		t.Errorf("Units() = %+v, %v", us, err)
	}
}

// Other packages (accounts, demo seeding) write staff in their own
// transaction; a failure later in it rolls the staff member back too.
func TestTxFunctionsShareTheCallersTransaction(t *testing.T) {
	r, db := newTestRegistry(t)
	sd := newSeed(t, r)
	boom := errors.New("account creation failed")
	err := db.Update("demo", func(tx *store.Tx) error {
		s, err := CreateStaffTx(tx, Staff{StaffNo: "9", Name: "孙敏", UnitID: sd.market.ID, Position: PositionStaff})
		if err != nil {
			return err
		}
		if got, err := StaffByNoTx(tx, "9"); err != nil || got.ID != s.ID {
			t.Errorf("StaffByNoTx in the same tx = %+v, %v", got, err)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if _, err := r.StaffByNo("9"); !errors.Is(err, ErrNotFound) {
		t.Errorf("staff member survived a rolled-back transaction: %v", err)
	}
}
