package staff

import (
	"testing"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

// newTestRegistry opens a real store in a temp dir with a fixed clock.
func newTestRegistry(t *testing.T) (*Registry, *store.DB) {
	t.Helper()
	now := time.Date(2025, 3, 3, 8, 30, 0, 0, time.UTC)
	db := storetest.Open(t, store.Options{Now: func() time.Time { return now }, Location: time.UTC})
	return New(db), db
}

// seed is a small hall: two units, windows 1–3, and one person.
type seed struct {
	police, market Unit
	w1, w2, w3     Window
	zhang          Staff
}

func newSeed(t *testing.T, r *Registry) seed {
	t.Helper()
	var s seed
	s.police = must(t)(r.CreateUnit("admin", Unit{Name: "县公安局", Active: true}))
	s.market = must(t)(r.CreateUnit("admin", Unit{Name: "县市场监督管理局", Active: true}))
	s.w1 = mustW(t)(r.CreateWindow("admin", Window{Number: 1, Name: "户籍窗口", UnitID: s.police.ID, Active: true}))
	s.w2 = mustW(t)(r.CreateWindow("admin", Window{Number: 2, Name: "出入境窗口", UnitID: s.police.ID, Active: true}))
	s.w3 = mustW(t)(r.CreateWindow("admin", Window{Number: 3, Name: "市场监管窗口", UnitID: s.market.ID, Active: true}))
	st, err := r.CreateStaff("admin", Staff{StaffNo: "1001", Name: "张伟", UnitID: s.police.ID, WindowID: s.w1.ID,
		Post: PostA, Position: PositionLead, Phone: "13812345678", StartDate: "2025-01-02"})
	if err != nil {
		t.Fatal(err)
	}
	s.zhang = st
	return s
}

func must(t *testing.T) func(Unit, error) Unit {
	return func(u Unit, err error) Unit {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
}

func mustW(t *testing.T) func(Window, error) Window {
	return func(w Window, err error) Window {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
}

// validationKeys returns "field:key" for each problem of a refusal,
// failing the test for any other error.
func validationKeys(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	probs := problem.All(err)
	if len(probs) == 0 {
		t.Fatalf("error %v is no problem list", err)
	}
	var out []string
	for _, f := range probs {
		out = append(out, f.Field+":"+f.Key)
	}
	return out
}
