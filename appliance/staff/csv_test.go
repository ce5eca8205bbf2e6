package staff

import (
	"bianmin/appliance/csvin"
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// goodCSV is a staff list as the office keeps it: columns in their own
// order, Chinese position words, a new unit and new windows.
const goodCSV = `name,staff_no,unit,window,position,post,phone
张伟,1001,县公安局,1,窗口负责人,A岗,13812345678
李娜,1002,县公安局,2,工作人员,B,
王芳,2001,县人社局,5,首席代表,A,0871-65123456
赵磊,2002,县人社局,5,staff,B岗,
孙敏,2003,县人社局,,工作人员,,
`

func importString(t *testing.T, r *Registry, s string) (ImportResult, error) {
	t.Helper()
	return r.ImportCSV("office:wang", strings.NewReader(s))
}

func TestImportGoodFile(t *testing.T) {
	r, db := newTestRegistry(t)
	newSeed(t, r) // 县公安局 with windows 1, 2 and 张伟 1001 already exist
	res, err := importString(t, r, goodCSV)
	if err != nil {
		t.Fatalf("import: %v (%v)", err, res.Errors)
	}
	// 张伟 1001 is listed as he is already: unchanged, still one record.
	if res.Created != 4 || res.Unchanged != 1 || res.Updated != 0 || res.UnitsCreated != 1 || res.WindowsCreated != 1 {
		t.Fatalf("result = %+v", res)
	}
	if !slices.Equal(res.NewUnits, []string{"县人社局"}) || len(res.NewWindows) != 1 || res.NewWindows[0] != (NewWindow{Number: 5, Unit: "县人社局", Line: 4}) {
		t.Errorf("new units and windows = %v %+v", res.NewUnits, res.NewWindows)
	}
	if len(res.NewStaff) != 4 || res.NewStaff[0].StaffNo != "1002" || !res.NewStaff[0].StartDefaulted || res.NewStaff[0].StartDate != "2025-03-03" {
		t.Errorf("new staff = %+v", res.NewStaff)
	}
	wang, err := r.StaffByNo("2001")
	if err != nil {
		t.Fatal(err)
	}
	unit, window := lookupUnitWindow(t, r, wang)
	if wang.Name != "王芳" || unit != "县人社局" || window != 5 || wang.Position != PositionChief ||
		wang.Post != PostA || wang.Phone != "0871-65123456" || wang.StartDate != "2025-03-03" || wang.EndDate != "" {
		t.Errorf("王芳 = %+v (unit %s, window %d)", wang, unit, window)
	}
	sun, _ := r.StaffByNo("2003")
	if sun.WindowID != 0 || sun.Post != PostA {
		t.Errorf("孙敏: empty window and post should mean none and A岗: %+v", sun)
	}
	all, _ := r.ListStaff(Filter{IncludeInactive: true})
	if len(all) != 5 {
		t.Errorf("%d staff after import, want 5", len(all))
	}
	if res, err := db.VerifyAudit(); err != nil || !res.OK {
		t.Fatalf("audit chain: %+v %v", res, err)
	}
	entries, _ := db.AuditEntries("import/", 1)
	if len(entries) != 1 || entries[0].Action != "staff.import" || entries[0].Actor != "office:wang" {
		t.Errorf("import audit entry = %+v", entries)
	}
}

func lookupUnitWindow(t *testing.T, r *Registry, s Staff) (string, int) {
	t.Helper()
	units, _ := r.Units()
	windows, _ := r.Windows()
	name, number := "", 0
	for _, u := range units {
		if u.ID == s.UnitID {
			name = u.Name
		}
	}
	for _, w := range windows {
		if w.ID == s.WindowID {
			number = w.Number
		}
	}
	return name, number
}

func TestImportUpdatesByStaffNo(t *testing.T) {
	r, db := newTestRegistry(t)
	sd := newSeed(t, r)
	outbox := db.OutboxLen()
	// No phone column: 张伟's phone stays. Moves to window 2 as B岗; an
	// older file's active "否" ends his time at the hall today.
	res, err := importString(t, r, "staff_no,name,unit,window,position,post,active\n1001,张伟,县公安局,2号,工作人员,B,否\n")
	if err != nil || res.Updated != 1 || res.Created != 0 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	wantFields := []FieldChange{{"window", "1", "2"}, {"position", "lead", "staff"}, {"post", "A", "B"}, {"end_date", "", "2025-03-03"}}
	if len(res.Changed) != 1 || res.Changed[0].Line != 2 || !slices.Equal(res.Changed[0].Fields, wantFields) {
		t.Errorf("changes = %+v, want %+v", res.Changed, wantFields)
	}
	got, _ := r.GetStaff(sd.zhang.ID)
	if got.WindowID != sd.w2.ID || got.Post != PostB || got.Position != PositionStaff || got.EndDate != "2025-03-03" ||
		got.Phone != "13812345678" || got.CreatedAt != sd.zhang.CreatedAt {
		t.Errorf("after update = %+v", got)
	}
	// +1 staff record; the import summary is audited but not uploaded.
	if db.OutboxLen() != outbox+1 {
		t.Errorf("outbox grew by %d, want 1", db.OutboxLen()-outbox)
	}
	// Importing the same file again changes nothing.
	res, err = importString(t, r, "staff_no,name,unit,window,position,post,active\n1001,张伟,县公安局,2,工作人员,B,否\n")
	if err != nil || res.Updated != 0 || res.Unchanged != 1 {
		t.Fatalf("re-import = %+v, %v", res, err)
	}
}

func TestImportEncodings(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(goodCSV)
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(strings.ReplaceAll(goodCSV, ",", "\t"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data string
	}{
		{"UTF-8", goodCSV},
		{"UTF-8 with BOM (Excel: CSV UTF-8)", "\uFEFF" + goodCSV},
		{"GBK (Excel on Chinese Windows: CSV)", gbk},
		{"UTF-8 with BOM and CRLF", "\uFEFF" + strings.ReplaceAll(goodCSV, "\n", "\r\n")},
		{"UTF-16 tab-separated (Excel: Unicode text)", utf16},
		{"Chinese headers", strings.Replace(goodCSV, "name,staff_no,unit,window,position,post,phone", "姓名,工号,窗口单位,窗口,职务,岗位,联系电话", 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "GBK (Excel on Chinese Windows: CSV)" && !bytes.ContainsAny([]byte(tt.data), "\xd5") {
				t.Fatal("GBK fixture is not GBK")
			}
			r, _ := newTestRegistry(t)
			res, err := importString(t, r, tt.data)
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			if res.Created != 5 || res.UnitsCreated != 2 || res.WindowsCreated != 3 {
				t.Fatalf("result = %+v", res)
			}
			s, err := r.StaffByNo("1001")
			if err != nil || s.Name != "张伟" || s.Position != PositionLead {
				t.Fatalf("1001 = %+v, %v", s, err)
			}
			units, _ := r.Units()
			if units[0].Name != "县公安局" || units[1].Name != "县人社局" {
				t.Errorf("units = %+v", units)
			}
		})
	}
}

func TestImportBadRowsImportsNothing(t *testing.T) {
	r, db := newTestRegistry(t)
	newSeed(t, r)
	outbox := db.OutboxLen()
	file := strings.Join([]string{
		"staff_no,name,unit,window,position,phone", // line 1
		"3001,钱七,县税务局,7,工作人员,",                     // 2: fine
		"3002,,县税务局,7,工作人员,",                       // 3: no name
		"3003,周八,县税务局,7,工作人员,12345",                // 4: bad phone
		"",                   // 5: blank, skipped
		"3004,吴九,县税务局,7,科长,", // 6: bad position
		"3005,郑十,县税务局,8,工作人员,", // 7: fine
	}, "\n")
	res, err := importString(t, r, file)
	if !errors.Is(err, ErrImportRejected) {
		t.Fatalf("err = %v, want ErrImportRejected", err)
	}
	var got []string
	for _, e := range res.Errors {
		got = append(got, fmt.Sprintf("%d %s %s %q", e.Line, e.Field, e.Key, e.Value))
	}
	want := []string{
		`3 name staff.err.name_required ""`,
		`4 phone staff.err.phone_invalid "12345"`,
		`6 position staff.err.position_invalid "科长"`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("errors =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Created+res.Updated+res.UnitsCreated+res.WindowsCreated != 0 {
		t.Errorf("rejected import reports work done: %+v", res)
	}
	if db.OutboxLen() != outbox {
		t.Errorf("rejected import wrote to the outbox")
	}
	if _, err := r.StaffByNo("3001"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a good row of a rejected file was imported")
	}
	if units, _ := r.Units(); len(units) != 2 {
		t.Errorf("a rejected file created units: %+v", units)
	}
}

func TestImportRejects(t *testing.T) {
	r, _ := newTestRegistry(t)
	sd := newSeed(t, r)
	closed := sd.market
	closed.Name = "已撤销单位"
	if _, err := r.UpdateUnit("admin", closed); err != nil {
		t.Fatal(err)
	}
	w3 := sd.w3
	w3.Active = false
	if _, err := r.UpdateWindow("admin", w3); err != nil {
		t.Fatal(err)
	}
	closed.Active = false
	if _, err := r.UpdateUnit("admin", closed); err != nil {
		t.Fatal(err)
	}
	const head = "staff_no,name,unit,window,position\n"
	tests := []struct {
		name, file string
		want       []string // "line field key"
	}{
		{"empty file", "", []string{"0  staff.import.err.empty"}},
		{"header only", head, []string{"0  staff.import.err.empty"}},
		{"missing columns", "staff_no,name,unit\n1,李,县公安局\n", []string{"1 window staff.import.err.missing_column", "1 position staff.import.err.missing_column"}},
		{"unknown column", "staff_no,name,unit,window,position,备注\n", []string{"1  staff.import.err.unknown_column"}},
		{"duplicate column", "staff_no,name,unit,window,position,工号\n", []string{"1  staff.import.err.duplicate_column"}},
		{"duplicate staff number", head + "7,李,县公安局,,staff\n8,王,县公安局,,staff\n7,赵,县公安局,,staff\n", []string{"4 staff_no staff.import.err.duplicate_staff_no"}},
		{"window of another unit", head + "7,李,县人社局,1,staff\n", []string{"2 window staff.err.window_other_unit"}},
		{"new window given to two units", head + "7,李,县人社局,9,staff\n8,王,县教育局,9,staff\n", []string{"3 window staff.import.err.window_unit_conflict"}},
		{"inactive unit and window", head + "7,李,已撤销单位,3,staff\n", []string{"2 unit staff.err.unit_inactive", "2 window staff.err.window_inactive"}},
		{"cells beyond the header", head + "7,李,县公安局,,staff,多余\n", []string{"2  staff.import.err.extra_cells"}},
		{"stray quote", head + "7,\"李,县公安局,,staff\n", []string{"2  staff.import.err.csv_syntax"}},
		{"post and active", "staff_no,name,unit,window,position,post,active\n7,李,县公安局,,staff,C,maybe\n", []string{"2 post staff.err.post_invalid", "2 active staff.err.active_invalid"}},
		{"dates that do not exist", "staff_no,name,unit,window,position,start_date,end_date\n7,李,县公安局,,staff,2026-02-30,2026-13-01\n",
			[]string{"2 start_date date.err.no_such_day", "2 end_date date.err.no_such_month"}},
		{"end before start", "staff_no,name,unit,window,position,进驻日期,离开日期\n7,李,县公安局,,staff,2026-03-10,2026-03-09\n",
			[]string{"2 end_date staff.err.end_before_start"}},
		{"window number", head + "7,李,县公安局,0,staff\n", []string{"2 window staff.err.window_number_invalid"}},
		{"broken UTF-16", "\xff\xfe\xfd\x00\x81", []string{"0  staff.import.err.encoding"}},
		{"neither UTF-8 nor GBK", "staff_no,name\x81\x20", []string{"0  staff.import.err.encoding"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := importString(t, r, tt.file)
			if !errors.Is(err, ErrImportRejected) {
				t.Fatalf("err = %v, want ErrImportRejected", err)
			}
			var got []string
			for _, e := range res.Errors {
				got = append(got, fmt.Sprintf("%d %s %s", e.Line, e.Field, e.Key))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("errors = %q, want %q", got, tt.want)
			}
		})
	}
	// A person who has left may be listed in a closed unit (export of history).
	if res, err := importString(t, r, "staff_no,name,unit,window,position,start_date,end_date\n7,李,已撤销单位,3,staff,2024-01-02,2025-01-31\n"); err != nil {
		t.Errorf("a person who left, in an inactive unit: %v %+v", err, res.Errors)
	}
}

func TestImportRowLimit(t *testing.T) {
	r, _ := newTestRegistry(t)
	var b strings.Builder
	b.WriteString("staff_no,name,unit,window,position\n")
	for i := range MaxImportRows + 1 {
		fmt.Fprintf(&b, "%d,某人,县公安局,,staff\n", i+1)
	}
	res, err := importString(t, r, b.String())
	if !errors.Is(err, ErrImportRejected) || len(res.Errors) != 1 || res.Errors[0].Key != "staff.import.err.too_many_rows" ||
		res.Errors[0].Line != MaxImportRows+2 {
		t.Fatalf("oversized import = %+v, %v", res.Errors, err)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	r, _ := newTestRegistry(t)
	sd := newSeed(t, r)
	for _, s := range []Staff{
		{StaffNo: "1002", Name: "李娜", UnitID: sd.police.ID, WindowID: sd.w2.ID, Post: PostB, Position: PositionStaff, StartDate: "2025-03-10"},
		{StaffNo: "2001", Name: "O'Brien, \"Li\"", UnitID: sd.market.ID, Position: PositionChief, Phone: "0871-65123456"},
		{StaffNo: "2002", Name: "赵磊", UnitID: sd.market.ID, WindowID: sd.w3.ID, Post: PostA, Position: PositionStaff, StartDate: "2024-05-06", EndDate: "2025-02-28"},
	} {
		if _, err := r.CreateStaff("admin", s); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := r.ExportCSV(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), csvin.UTF8BOM) || !strings.Contains(out.String(), "staff_no,name,unit,window,position,post,phone,start_date,end_date\r\n") {
		t.Fatalf("export lacks BOM or header:\n%s", out.String())
	}
	exported := out.String()

	// Into an empty hall: everything is recreated.
	fresh, _ := newTestRegistry(t)
	res, err := fresh.ImportCSV("admin", strings.NewReader(exported))
	if err != nil || res.Created != 4 || res.UnitsCreated != 2 || res.WindowsCreated != 3 {
		t.Fatalf("import into empty registry = %+v, %v", res, err)
	}
	var again bytes.Buffer
	if err := fresh.ExportCSV(&again); err != nil {
		t.Fatal(err)
	}
	if again.String() != exported {
		t.Errorf("export → import → export differs:\n%s\nvs\n%s", exported, again.String())
	}
	// Back into the same hall: nothing changes.
	res, err = r.ImportCSV("admin", strings.NewReader(exported))
	if err != nil || res.Unchanged != 4 || res.Updated+res.Created != 0 {
		t.Fatalf("import into the same registry = %+v, %v", res, err)
	}
}
