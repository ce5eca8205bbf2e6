package staff

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestCreateStaffValidation(t *testing.T) {
	r, db := newTestRegistry(t)
	sd := newSeed(t, r)
	base := Staff{StaffNo: "2001", Name: "李娜", UnitID: sd.police.ID, Post: PostA, Position: PositionStaff}
	tests := []struct {
		name string
		edit func(s *Staff)
		want []string // field:key, in order; nil = saved
	}{
		{"valid A岗 工作人员", func(s *Staff) {}, nil},
		{"staff number trimmed and full-width narrowed", func(s *Staff) { s.StaffNo = " ２００１ " }, nil},
		{"staff number with letters and dash", func(s *Staff) { s.StaffNo = "GA-2001" }, nil},
		{"staff number required", func(s *Staff) { s.StaffNo = "  " }, []string{"staff_no:staff.err.staff_no_required"}},
		{"staff number at most 20", func(s *Staff) { s.StaffNo = strings.Repeat("9", 21) }, []string{"staff_no:staff.err.staff_no_too_long"}},
		{"staff number no Chinese", func(s *Staff) { s.StaffNo = "工1" }, []string{"staff_no:staff.err.staff_no_format"}},
		{"staff number not starting with dash", func(s *Staff) { s.StaffNo = "-1" }, []string{"staff_no:staff.err.staff_no_format"}},
		{"staff number unique", func(s *Staff) { s.StaffNo = "1001" }, []string{"staff_no:staff.err.staff_no_taken"}},
		{"name required", func(s *Staff) { s.Name = " " }, []string{"name:staff.err.name_required"}},
		{"name 20 characters is fine", func(s *Staff) { s.Name = strings.Repeat("李", 20) }, nil},
		{"name at most 20 characters", func(s *Staff) { s.Name = strings.Repeat("李", 21) }, []string{"name:staff.err.name_too_long"}},
		{"name is no spreadsheet formula", func(s *Staff) { s.Name = "=HYPERLINK(1)" }, []string{"name:staff.err.text_invalid"}},
		{"name without line breaks", func(s *Staff) { s.Name = "李\n娜" }, []string{"name:staff.err.text_invalid"}},
		{"unit required", func(s *Staff) { s.UnitID = 0 }, []string{"unit:staff.err.unit_required"}},
		{"unit must exist", func(s *Staff) { s.UnitID = 99 }, []string{"unit:staff.err.unit_not_found"}},
		{"window optional", func(s *Staff) { s.WindowID = 0 }, nil},
		{"window must exist", func(s *Staff) { s.WindowID = 99 }, []string{"window:staff.err.window_not_found"}},
		{"window belongs to the unit", func(s *Staff) { s.WindowID = sd.w3.ID }, []string{"window:staff.err.window_other_unit"}},
		{"empty post means A岗", func(s *Staff) { s.Post = "" }, nil},
		{"B岗 substitute", func(s *Staff) { s.Post = PostB }, nil},
		{"post A or B only", func(s *Staff) { s.Post = "C" }, []string{"post:staff.err.post_invalid"}},
		{"position required", func(s *Staff) { s.Position = "" }, []string{"position:staff.err.position_required"}},
		{"position 首席代表", func(s *Staff) { s.Position = PositionChief }, nil},
		{"position from the list", func(s *Staff) { s.Position = "director" }, []string{"position:staff.err.position_invalid"}},
		{"mobile", func(s *Staff) { s.Phone = "139 0000 1111" }, nil},
		{"landline with area code", func(s *Staff) { s.Phone = "0871-65123456" }, nil},
		{"landline with extension", func(s *Staff) { s.Phone = "087165123456-801" }, nil},
		{"local landline", func(s *Staff) { s.Phone = "6512345" }, nil},
		{"mobile has 11 digits", func(s *Staff) { s.Phone = "1381234567" }, []string{"phone:staff.err.phone_invalid"}},
		{"mobile second digit 3-9", func(s *Staff) { s.Phone = "12812345678" }, []string{"phone:staff.err.phone_invalid"}},
		{"phone digits and dashes only", func(s *Staff) { s.Phone = "0871-6512345x" }, []string{"phone:staff.err.phone_invalid"}},
		{"every problem reported at once", func(s *Staff) { s.StaffNo, s.Name, s.Position = "", "", "" }, []string{
			"staff_no:staff.err.staff_no_required", "name:staff.err.name_required", "position:staff.err.position_required"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base
			tt.edit(&s)
			got, err := r.CreateStaff("admin", s)
			if keys := validationKeys(t, err); !slices.Equal(keys, tt.want) {
				t.Fatalf("errors = %v, want %v", keys, tt.want)
			}
			if err != nil {
				return
			}
			// Saved: clean up by giving the number back, so rows stay independent.
			if got.ID == 0 || got.StaffNo != strings.TrimSpace(got.StaffNo) {
				t.Fatalf("saved %+v", got)
			}
			got.StaffNo = fmt.Sprintf("DONE-%d", i)
			if _, err := r.UpdateStaff("admin", got); err != nil {
				t.Fatal(err)
			}
		})
	}
	if res, err := db.VerifyAudit(); err != nil || !res.OK {
		t.Fatalf("audit chain: %+v %v", res, err)
	}
}

func TestParseCells(t *testing.T) {
	posts := map[string]Post{"A": PostA, "b": PostB, "A岗": PostA, "B岗": PostB, "Ｂ": PostB}
	for in, want := range posts {
		if got, ok := parsePost(in); !ok || got != want {
			t.Errorf("parsePost(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := parsePost("C岗"); ok {
		t.Error("parsePost(C岗) accepted")
	}
	positions := map[string]Position{"staff": PositionStaff, "Lead": PositionLead, "chief": PositionChief,
		"工作人员": PositionStaff, "窗口负责人": PositionLead, "首席代表": PositionChief}
	for in, want := range positions {
		if got, ok := parsePosition(in); !ok || got != want {
			t.Errorf("parsePosition(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := parsePosition("主任"); ok {
		t.Error("parsePosition(主任) accepted")
	}
	windows := map[string]int{"3": 3, " 12 ": 12, "3号": 3, "3号窗口": 3, "１５": 15}
	for in, want := range windows {
		if got, ok := parseWindowNumber(in); !ok || got != want {
			t.Errorf("parseWindowNumber(%q) = %d, %v", in, got, ok)
		}
	}
	for _, in := range []string{"0", "-1", "1000", "三", "3.5"} {
		if _, ok := parseWindowNumber(in); ok {
			t.Errorf("parseWindowNumber(%q) accepted", in)
		}
	}
}

func TestCompareStaffNo(t *testing.T) {
	got := []string{"10", "A10", "2", "a2", "B1", "010", "1"}
	slices.SortFunc(got, compareStaffNo)
	want := []string{"1", "2", "010", "10", "a2", "A10", "B1"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted = %v, want %v", got, want)
	}
}
