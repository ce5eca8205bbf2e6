package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"

	"github.com/xuri/excelize/v2"
)

// defaultColWidth is a column's width in a sheet that does not set it.
const defaultColWidth = 9.140625

// punchExportHead is the export's heading row in Chinese.
var punchExportHead = []string{"日期", "时间", "工号", "姓名", "窗口单位", "来源", "时间质量", "匹配分"}

// exportedPunches is a downloaded punch export, read back with excelize.
type exportedPunches struct {
	Lines []string   // the rows above the heading (first cells)
	Head  []string   // the heading row
	Rows  [][]string // the data rows
	file  *excelize.File
	sheet string
	head  int // the heading's row number
}

// exportPunches downloads the export at query and reads it back; it fails
// the test unless the answer is a workbook.
func exportPunches(t *testing.T, c *client, query string) exportedPunches {
	t.Helper()
	r := c.get("/attendance/punches/export.xlsx?" + query)
	if r.Status != http.StatusOK {
		t.Fatalf("export %s: status %d: %s", query, r.Status, settingsMain(r.Body))
	}
	if ct := r.Header.Get("Content-Type"); ct != xlsxMIME {
		t.Fatalf("export %s: content type %q", query, ct)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("export %s: not a workbook: %v", query, err)
	}
	t.Cleanup(func() { f.Close() })
	sheets := f.GetSheetList()
	if len(sheets) != 1 {
		t.Fatalf("export %s: sheets %q, want one", query, sheets)
	}
	all, err := f.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	x := exportedPunches{file: f, sheet: sheets[0]}
	for i, row := range all {
		if len(row) > 0 && row[0] == punchExportHead[0] {
			x.head, x.Head, x.Rows = i+1, row, all[i+1:]
			break
		}
		if len(row) > 0 {
			x.Lines = append(x.Lines, row[0])
		}
	}
	if x.head == 0 {
		t.Fatalf("export %s: no heading row in %q", query, all)
	}
	return x
}

// names lists the 姓名 column.
func (x exportedPunches) names() []string {
	var out []string
	for _, r := range x.Rows {
		if len(r) > 3 {
			out = append(out, r[3])
		}
	}
	return out
}

// days is from=…&to=… covering yesterday and today, so that punches of the
// last minutes are in whatever the day and week.
func days(env *testEnv) (query, from, to string) {
	today := env.app.today()
	from, to = today.AddDate(0, 0, -1).Format(dateLayout), today.Format(dateLayout)
	return "from=" + from + "&to=" + to, from, to
}

func TestPunchExportOffice(t *testing.T) {
	env := newTestEnv(t)
	at := time.Now().Add(-time.Minute)
	env.punch("QS004", at, attendance.TimeSynced)                     // 刘芳, window 2
	env.punch("QS001", at.Add(-2*time.Minute), attendance.TimeUnsure) // 王建国, window 1
	// More than a page of the list: the export has them all.
	for i := range punchPageSize + 10 {
		env.punch("QS005", at.Add(-time.Duration(3+2*i)*time.Minute), attendance.TimeSynced) // 陈明
	}
	manual, _, err := env.app.Punches.Record("test", attendance.Punch{StaffID: env.staffNo("QS006").ID, // 杨丽
		Time: at.Add(-5 * time.Hour), Source: attendance.SourceManual, Quality: attendance.TimeSynced, Reason: "指纹机故障"})
	if err != nil {
		t.Fatal(err)
	}
	want := punchPageSize + 13
	q, from, to := days(env)

	office := env.loginAs(account.RoleOffice)
	r := office.get("/attendance/punches?" + q)
	expectPage(t, "list", r, http.StatusOK, "导出 XLSX",
		`href="/attendance/punches/export.xlsx?from=`+from+`&amp;to=`+to+`"`)

	resp := office.get("/attendance/punches/export.xlsx?" + q)
	cd := resp.Header.Get("Content-Disposition")
	for _, w := range []string{`attachment;`, `filename="punches-` + from + `-` + to + `.xlsx"`,
		`filename*=UTF-8''` + url.PathEscape("打卡记录") + "-" + from + "-" + to + ".xlsx"} {
		if !strings.Contains(cd, w) {
			t.Errorf("Content-Disposition %q lacks %q", cd, w)
		}
	}

	x := exportPunches(t, office, q)
	if x.sheet != "打卡记录" {
		t.Errorf("sheet %q", x.sheet)
	}
	if !slices.Equal(x.Head, punchExportHead) {
		t.Errorf("heading %q, want %q", x.Head, punchExportHead)
	}
	if len(x.Rows) != want {
		t.Errorf("%d rows, want %d (all of them, not one page)", len(x.Rows), want)
	}
	center := env.app.Center.Get().Name
	if len(x.Lines) < 2 || x.Lines[0] != center || x.Lines[1] != "打卡记录 "+from+" 至 "+to {
		t.Errorf("title lines %q, want the center %q and the days", x.Lines, center)
	}
	names := x.names()
	for _, n := range []string{"刘芳", "王建国", "陈明", "杨丽"} {
		if !slices.Contains(names, n) {
			t.Errorf("export lacks %s: %q", n, names)
		}
	}
	// The newest first, as the list shows them; dates, times and values as
	// the columns promise.
	dateRE, clockRE := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`), regexp.MustCompile(`^\d{2}:\d{2}:\d{2}$`)
	for _, row := range x.Rows {
		if len(row) < 7 || !dateRE.MatchString(row[0]) || !clockRE.MatchString(row[1]) {
			t.Fatalf("row %q: want date YYYY-MM-DD and time HH:MM:SS", row)
		}
	}
	first := x.Rows[0]
	local := at.In(env.app.loc())
	if w := []string{local.Format(dateLayout), local.Format(clockLayout), "QS004", "刘芳", env.unitOf("QS004"), "指纹", "已校准", "87"}; !slices.Equal(first, w) {
		t.Errorf("first row %q, want %q", first, w)
	}
	for _, row := range x.Rows {
		switch row[3] {
		case "王建国":
			if row[6] != "时间未校准" {
				t.Errorf("王建国's unsure punch: %q", row)
			}
		case "杨丽":
			if row[5] != "补录" || len(row) > 7 && row[7] != "" {
				t.Errorf("manual punch %d: %q, want 补录 and no score", manual.ID, row)
			}
		}
	}
	// The score is a number (a number cell may carry no type; text would
	// be a string type); the heading is bold and stays in view; the
	// columns are sized.
	if typ, _ := x.file.GetCellType(x.sheet, fmt.Sprintf("H%d", x.head+1)); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("score cell type %v, want a number", typ)
	}
	style, err := x.file.GetCellStyle(x.sheet, fmt.Sprintf("A%d", x.head))
	if err != nil {
		t.Fatal(err)
	}
	if s, err := x.file.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("heading style %+v (%v), want bold", s, err)
	}
	panes, err := x.file.GetPanes(x.sheet)
	if err != nil || !panes.Freeze || panes.YSplit != x.head {
		t.Errorf("panes %+v (%v), want the heading row %d frozen", panes, err, x.head)
	}
	for _, col := range []string{"A", "D", "E"} {
		if w, _ := x.file.GetColWidth(x.sheet, col); w < 6 || w == defaultColWidth {
			t.Errorf("column %s width %v, want set to its content", col, w)
		}
	}

	// The same filters as the list: a search, a unit.
	x = exportPunches(t, office, q+"&q=QS004")
	if n := x.names(); !slices.Equal(n, []string{"刘芳"}) {
		t.Errorf("search QS004: %q, want only 刘芳", n)
	}
	if !slices.ContainsFunc(x.Lines, func(l string) bool { return strings.Contains(l, "QS004") }) {
		t.Errorf("search not named above the table: %q", x.Lines)
	}
	unit := env.staffNo("QS005").UnitID // 陈明's and 杨丽's
	x = exportPunches(t, office, fmt.Sprintf("%s&unit=%d", q, unit))
	if len(x.Rows) != punchPageSize+11 || slices.ContainsFunc(x.names(), func(n string) bool { return n != "陈明" && n != "杨丽" }) {
		t.Errorf("unit %d: %d rows %q, want only 陈明's and 杨丽's", unit, len(x.Rows), x.names())
	}
	if !slices.Contains(x.Lines, "单位："+env.unitOf("QS005")+"。") {
		t.Errorf("unit not named above the table: %q", x.Lines)
	}
	// Another week: no rows, and the sheet says so.
	lastYear := time.Now().AddDate(-1, 0, 0).Format(dateLayout)
	x = exportPunches(t, office, "from="+lastYear+"&to="+lastYear)
	if len(x.Rows) != 1 || x.Rows[0][0] != "这段时间没有打卡记录。" {
		t.Errorf("empty export: rows %q", x.Rows)
	}
}

// unitOf is the unit name of a demo staff member.
func (e *testEnv) unitOf(no string) string {
	e.t.Helper()
	units, err := e.app.Staff.Units()
	if err != nil {
		e.t.Fatal(err)
	}
	return unitNames(units)[e.staffNo(no).UnitID]
}

func TestPunchExportScopes(t *testing.T) {
	env := newTestEnv(t)
	at := time.Now().Add(-time.Minute)
	env.punch("QS004", at, attendance.TimeSynced)                     // 刘芳, window 2
	env.punch("QS004", at.Add(-3*time.Hour), attendance.TimeSynced)   // 刘芳 again
	env.punch("QS001", at.Add(-2*time.Minute), attendance.TimeSynced) // 王建国, window 1
	env.punch("QS003", at.Add(-4*time.Minute), attendance.TimeSynced) // 张伟, window 2's lead
	q, _, _ := days(env)

	// A staff member sees only their own punches, whatever they search for.
	liu := env.linkedClient("liufang", account.RoleStaff, env.staffNo("QS004").ID)
	x := exportPunches(t, liu, q+"&q=王建国&unit=1")
	if n := x.names(); !slices.Equal(n, []string{"刘芳", "刘芳"}) {
		t.Errorf("staff member's export: %q, want only 刘芳's two punches", n)
	}
	if !slices.ContainsFunc(x.Lines, func(l string) bool { return strings.Contains(l, "只显示您本人") }) {
		t.Errorf("staff member's export does not say whose punches: %q", x.Lines)
	}
	if slices.ContainsFunc(x.Lines, func(l string) bool { return strings.Contains(l, "王建国") }) {
		t.Errorf("staff member's export names the ignored search: %q", x.Lines)
	}

	// A window lead sees their window's people.
	lead := env.linkedClient("zhangwei", account.RoleLead, env.staffNo("QS003").ID)
	x = exportPunches(t, lead, q)
	if n := x.names(); len(n) != 3 || slices.Contains(n, "王建国") {
		t.Errorf("window lead's export: %q, want 刘芳 ×2 and 张伟", n)
	}

	// The directors and inspectors see everyone, like the office.
	for _, role := range []account.Role{account.RoleDirector, account.RoleDeputy, account.RoleInspector} {
		if n := exportPunches(t, env.loginAs(role), q).names(); len(n) != 4 {
			t.Errorf("%s: %q, want all four punches", role, n)
		}
	}

	// An account linked to nobody gets an empty sheet that says why.
	x = exportPunches(t, env.loginAs(account.RoleStaff), q)
	if len(x.Rows) != 1 || !strings.Contains(x.Rows[0][0], "还没有关联") {
		t.Errorf("unlinked export: %q", x.Rows)
	}
}

func TestPunchExportBadDates(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	for _, c := range []struct{ query, want string }{
		{"from=2026-13-45&to=2026-03-08", "开始日期“2026-13-45”不是有效的日期"},
		{"from=2026-03-02&to=2026-02-30", "结束日期“2026-02-30”不是有效的日期"},
		{"from=yesterday", "开始日期“yesterday”不是有效的日期"},
		{"to=%3Cb%3Ex%3C%2Fb%3E", "结束日期“&lt;b&gt;x&lt;/b&gt;”"}, // shown, escaped
	} {
		r := office.get("/attendance/punches/export.xlsx?" + c.query)
		expectPage(t, c.query, r, http.StatusBadRequest, c.want, "2026-03-02 的格式", "错误代码 400")
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || r.Header.Get("Content-Disposition") != "" {
			t.Errorf("%s: %q %q, want an HTML page, no download", c.query, ct, r.Header.Get("Content-Disposition"))
		}
	}
	// In English too.
	en := env.loginAs(account.RoleOffice)
	en.get("/lang/en")
	r := en.get("/attendance/punches/export.xlsx?from=2026-02-30")
	expectPage(t, "en", r, http.StatusBadRequest, "The start date “2026-02-30” is not a valid date")
	// The list itself shows the default week for a day that is not a date.
	expectPage(t, "list", office.get("/attendance/punches?from=2026-13-45"), http.StatusOK)
}

func TestPunchExportTooMany(t *testing.T) {
	env := newTestEnv(t)
	env.app.punchExportMax = 5 // 50,000 in use; recording that many takes seconds
	at := time.Now().Add(-time.Minute)
	for i := range 4 {
		env.punch("QS001", at.Add(-time.Duration(2*i)*time.Minute), attendance.TimeSynced)
		env.punch("QS004", at.Add(-time.Duration(2*i+1)*time.Minute), attendance.TimeSynced)
	}
	q, _, _ := days(env)
	office := env.loginAs(account.RoleOffice)
	r := office.get("/attendance/punches/export.xlsx?" + q)
	expectPage(t, "too many", r, http.StatusBadRequest, "符合条件的打卡记录有 8 条，超过一次最多可导出的 5 条", "缩短日期范围")
	if r.Header.Get("Content-Disposition") != "" {
		t.Errorf("a refused export is a download: %q", r.Header.Get("Content-Disposition"))
	}
	// Narrowed to one person, the same days are within the cap.
	if x := exportPunches(t, office, q+"&q=QS001"); len(x.Rows) != 4 {
		t.Errorf("QS001: %d rows, want 4", len(x.Rows))
	}
}
