package schema_test

import (
	"encoding/binary"
	"testing"
	"time"

	"bianmin/appliance/center"
	"bianmin/appliance/schema"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// TestStaffDatesMigration: a store written before start and end dates
// (schema version 3, staff with an active flag) gets them from migration
// 4, and the center its go-live date: the earliest punch.
func TestStaffDatesMigration(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	now := at("2026-03-20 10:00")
	dir := t.TempDir()
	db, err := store.Open(dir, store.Options{Migrations: schema.Migrations()[:3], Now: func() time.Time { return now }, Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	type old struct {
		ID        uint64    `json:"id"`
		StaffNo   string    `json:"staff_no"`
		Name      string    `json:"name"`
		UnitID    uint64    `json:"unit_id"`
		Post      string    `json:"post"`
		Position  string    `json:"position"`
		Active    bool      `json:"active"`
		CreatedAt time.Time `json:"created_at"`
		UpdatedAt time.Time `json:"updated_at"`
	}
	people := []old{
		// registered at installation, punching since the 2nd: starts the day registered
		{1, "QS001", "王建国", 1, "A", "staff", true, at("2026-01-01 09:00"), at("2026-01-01 09:00")},
		// punches imported from an older clock before being registered: starts at the first punch
		{2, "QS002", "李秀英", 1, "A", "staff", true, at("2026-02-10 09:00"), at("2026-02-10 09:00")},
		// made inactive on 10 March, last punch on 6 March (00:30 in Shanghai: the 5th in UTC)
		{3, "QS003", "陈明", 1, "A", "staff", false, at("2026-01-01 09:00"), at("2026-03-10 16:00")},
		// made inactive on 12 March, never punched
		{4, "QS004", "赵磊", 1, "A", "staff", false, at("2026-03-02 09:00"), at("2026-03-12 11:00")},
		// registered yesterday: no punch
		{5, "QS005", "孙敏", 1, "A", "staff", true, at("2026-03-19 15:00"), at("2026-03-19 15:00")},
	}
	punches := map[uint64][]time.Time{
		1: {at("2026-01-02 08:20"), at("2026-03-19 17:40")},
		2: {at("2026-01-05 08:25"), at("2026-03-19 17:35")},
		3: {at("2026-01-02 08:10"), at("2026-03-06 00:30")},
	}
	err = db.Update("t", func(tx *store.Tx) error {
		if err := tx.Put("staff.units", store.IDKey(1), map[string]any{"id": 1, "name": "民政办", "active": true}); err != nil {
			return err
		}
		if err := tx.Put("center", []byte("settings"), map[string]any{"name": "青山镇便民服务中心"}); err != nil {
			return err
		}
		for _, p := range people {
			if err := tx.Put("staff.members", store.IDKey(p.ID), p); err != nil {
				return err
			}
			for _, at := range punches[p.ID] {
				k := binary.BigEndian.AppendUint64(store.IDKey(p.ID), uint64(at.UnixNano()))
				if err := tx.Put("attendance.punches", k, map[string]any{"staff_id": p.ID, "time": at}); err != nil {
					return err
				}
				idx, _ := tx.Bucket("attendance.punches_by_time")
				if err := idx.Put(binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, uint64(at.UnixNano())), p.ID), nil); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = store.Open(dir, store.Options{Migrations: schema.Migrations(), Now: func() time.Time { return now }, Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := map[uint64][2]string{
		1: {"2026-01-01", ""},
		2: {"2026-01-05", ""},
		3: {"2026-01-01", "2026-03-06"},
		4: {"2026-03-02", "2026-03-12"},
		5: {"2026-03-19", ""},
	}
	reg := staff.New(db)
	for id, w := range want {
		s, err := reg.GetStaff(id)
		if err != nil {
			t.Fatal(err)
		}
		if s.StartDate != w[0] || s.EndDate != w[1] {
			t.Errorf("%s: %s..%s, want %s..%s", s.Name, s.StartDate, s.EndDate, w[0], w[1])
		}
	}
	if current, _ := reg.ListStaff(staff.Filter{}); len(current) != 3 {
		t.Errorf("%d serving after the migration, want 3", len(current))
	}
	if got := center.New(db).Get(); got.GoLive != "2026-01-02" || got.Name != "青山镇便民服务中心" {
		t.Errorf("center after the migration: %+v", got)
	}
}
