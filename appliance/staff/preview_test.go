package staff

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// A typo in the unit column ("民证办" for "民政办") must show as a unit to
// be created before anything exists, and nothing is written until the
// preview is confirmed.
func TestPreviewShowsWhatWillBeCreatedAndWritesNothing(t *testing.T) {
	r, db := newTestRegistry(t)
	newSeed(t, r)
	before := db.OutboxLen()
	file := "工号,姓名,窗口单位,窗口,职务,进驻日期\n1001,张伟,县公安局,1,窗口负责人,2025-01-02\n3001,刘芳,民证办,7,工作人员,2025-03-10\n"
	res, err := r.PreviewCSV(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.NewUnits, []string{"民证办"}) || len(res.NewWindows) != 1 || res.NewWindows[0].Number != 7 {
		t.Errorf("preview units/windows = %v %+v", res.NewUnits, res.NewWindows)
	}
	if len(res.NewStaff) != 1 || res.NewStaff[0].Name != "刘芳" || res.NewStaff[0].StartDate != "2025-03-10" || res.NewStaff[0].StartDefaulted {
		t.Errorf("preview staff = %+v", res.NewStaff)
	}
	if res.Unchanged != 1 || len(res.Changed) != 0 {
		t.Errorf("preview of 张伟 = %+v", res)
	}
	if db.OutboxLen() != before {
		t.Fatal("a preview wrote to the store")
	}
	if _, err := r.UnitByName("民证办"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the misspelt unit exists after a preview: %v", err)
	}

	// The registry changes between preview and confirm: the plan differs,
	// nothing is written, the new plan comes back.
	if _, err := r.CreateUnit("admin", Unit{Name: "民证办", Active: true}); err != nil {
		t.Fatal(err)
	}
	again, err := r.ConfirmCSV("office", strings.NewReader(file), res.Digest())
	if !errors.Is(err, ErrPlanChanged) || len(again.NewUnits) != 0 || again.Created != 1 {
		t.Fatalf("confirm after a change = %+v, %v", again, err)
	}
	if _, err := r.StaffByNo("3001"); !errors.Is(err, ErrNotFound) {
		t.Fatal("a changed plan was applied")
	}
	// Confirming the plan as it is now applies it.
	done, err := r.ConfirmCSV("office", strings.NewReader(file), again.Digest())
	if err != nil || done.Created != 1 || done.WindowsCreated != 1 {
		t.Fatalf("confirm = %+v, %v", done, err)
	}
	if s, err := r.StaffByNo("3001"); err != nil || s.StartDate != "2025-03-10" {
		t.Fatalf("刘芳 = %+v, %v", s, err)
	}
	if _, err := r.ConfirmCSV("office", strings.NewReader(file), ""); !errors.Is(err, ErrPlanChanged) {
		t.Errorf("confirm without a preview: %v", err)
	}
}

func TestPreviewRefusesABadFile(t *testing.T) {
	r, _ := newTestRegistry(t)
	res, err := r.PreviewCSV(strings.NewReader("staff_no,name,unit,window,position,start_date\n1,李,县公安局,,staff,2026-02-30\n"))
	if !errors.Is(err, ErrImportRejected) || len(res.Errors) != 1 || res.Errors[0].Key != "date.err.no_such_day" || res.Errors[0].Line != 2 {
		t.Fatalf("preview of a bad file = %+v, %v", res.Errors, err)
	}
}

// A unit or window made by mistake can be deleted while nothing refers to
// it; one in use cannot.
func TestDeleteUnitAndWindowNothingRefersTo(t *testing.T) {
	r, db := newTestRegistry(t)
	sd := newSeed(t, r)
	if _, err := r.ImportCSV("office", strings.NewReader("staff_no,name,unit,window,position\n3001,刘芳,民证办,7,staff\n")); err != nil {
		t.Fatal(err)
	}
	typo, err := r.UnitByName("民证办")
	if err != nil {
		t.Fatal(err)
	}
	err = r.DeleteUnit("office", typo.ID)
	if keys := validationKeys(t, err); !slices.Equal(keys, []string{"delete:staff.err.unit_referenced"}) {
		t.Fatalf("delete a unit in use: %v", keys)
	}
	// The office corrects the person's unit; the typo's window and unit go.
	liu, _ := r.StaffByNo("3001")
	liu.UnitID, liu.WindowID = sd.police.ID, 0
	if _, err := r.UpdateStaff("office", liu); err != nil {
		t.Fatal(err)
	}
	w7, err := r.WindowByNumber(7)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.DeleteUnit("office", typo.ID); err == nil {
		t.Fatal("deleted a unit that still has a window")
	}
	if err := r.DeleteWindow("office", w7.ID); err != nil {
		t.Fatal(err)
	}
	if err := r.DeleteUnit("office", typo.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.UnitByName("民证办"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unit still there: %v", err)
	}
	// Its name and window number are free again.
	if _, err := r.CreateUnit("office", Unit{Name: "民证办", Active: true}); err != nil {
		t.Errorf("name not freed: %v", err)
	}
	err = r.DeleteWindow("office", sd.w1.ID)
	if keys := validationKeys(t, err); !slices.Equal(keys, []string{"delete:staff.err.window_referenced"}) {
		t.Fatalf("delete a window in use: %v", keys)
	}
	entries, _ := db.AuditEntries("unit/", 10)
	if len(entries) == 0 || entries[0].Action != "unit.create" || entries[1].Action != "unit.delete" {
		t.Errorf("audit = %+v", entries)
	}
}
