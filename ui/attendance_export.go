package ui

// 考勤 › 打卡记录 › 导出 XLSX: every punch the list would show for the
// same days and filters, in one workbook (not one page of it), under the
// same scope (punchScopeOf through selectPunches).

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"bianmin/appliance/report"

	"github.com/labstack/echo/v4"
)

// maxPunchExportRows bounds one export: the workbook is built in memory on
// a small box. A larger selection is refused with a request to narrow it.
// (A variable only so that a test need not record 50,000 punches.)
const maxPunchExportRows = 50000

// xlsxMIME is the content type of an XLSX workbook.
const xlsxMIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (a *App) punchExport(c echo.Context) error {
	if err := a.needAttendance(); err != nil {
		return err
	}
	sel, badDay, err := a.selectPunches(c)
	if err != nil {
		return err
	}
	if badDay != "" {
		key := "err.punch_export.bad_from"
		if badDay == "to" {
			key = "err.punch_export.bad_to"
		}
		return a.exportProblem(c, http.StatusBadRequest, key, "Value", truncRunes(c.QueryParam(badDay), 40))
	}
	rows, err := a.selectedPunchRows(sel)
	if err != nil {
		return err
	}
	if len(rows) > a.punchExportMax {
		return a.exportProblem(c, http.StatusBadRequest, "err.punch_export.too_many",
			"Total", len(rows), "Max", a.punchExportMax)
	}
	v := &view{app: a, Lang: langOf(c)} // for T only: a download shows no page
	lines, err := a.punchExportLines(c, v, sel, len(rows))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.WriteTableXLSX(&buf, lines, punchExportTable(v, sel, rows)); err != nil {
		return err
	}
	days := sel.From.Format(dateLayout) + "-" + sel.To.Format(dateLayout)
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, attachment("打卡记录-"+days+".xlsx", "punches-"+days+".xlsx"))
	h.Set("Cache-Control", "no-store")
	defer a.releaseMemory()
	return c.Blob(http.StatusOK, xlsxMIME, buf.Bytes())
}

// punchExportLines are the rows above the table: the center, what and
// which days, whose punches and the filters, how many and who exported
// them when.
func (a *App) punchExportLines(c echo.Context, v *view, sel punchSelection, n int) ([]string, error) {
	lines := []string{a.Center.Get().Name,
		v.T("punch.export.period", "From", sel.From.Format(dateLayout), "To", sel.To.Format(dateLayout))}
	var who []string
	switch self := sel.Scope.Self; sel.Scope.Kind {
	case "own":
		who = append(who, v.T("punch.scope.own", "Name", self.Name, "StaffNo", self.StaffNo))
	case "team":
		key := "punch.scope.team"
		if self.WindowID == 0 {
			key = "punch.scope.team_unit"
		}
		who = append(who, v.T(key, "Name", self.Name))
	}
	if id := parseID(sel.Unit); id != 0 {
		units, err := a.Staff.Units()
		if err != nil {
			return nil, err
		}
		name := unitNames(units)[id]
		if name == "" {
			name = sel.Unit // a unit that does not exist: nothing matches
		}
		who = append(who, v.T("punch.export.unit", "Unit", name))
	}
	if sel.Q != "" {
		who = append(who, v.T("punch.export.search", "Q", sel.Q))
	}
	if len(who) > 0 {
		lines = append(lines, strings.Join(who, " "))
	}
	by := ""
	if u := currentUser(c); u != nil {
		by = u.DisplayName
	}
	return append(lines, v.T("punch.export.summary", "Total", n, "By", by, "At", a.now().Format("2006-01-02 15:04"))), nil
}

// punchExportTable is the punches as a table: text columns, the match
// score as a number (empty when there is none: manual and imported
// punches).
func punchExportTable(v *view, sel punchSelection, rows []punchRow) *report.Table {
	tb := &report.Table{Sheet: v.T("punch.list.title"), Columns: []report.Column{
		{Head: v.T("punch.col.date")}, {Head: v.T("punch.col.time")},
		{Head: v.T("staff.field.staff_no")}, {Head: v.T("staff.field.name")}, {Head: v.T("staff.field.unit")},
		{Head: v.T("punch.col.source")}, {Head: v.T("punch.col.quality")}, {Head: v.T("punch.col.score"), Num: true}}}
	switch {
	case sel.Scope.Kind == "unlinked":
		tb.Empty = v.T("punch.scope.unlinked")
	case sel.Filtered():
		tb.Empty = v.T("punch.list.none_found")
	case sel.Scope.Kind == "own":
		tb.Empty = v.T("punch.list.empty_own")
	default:
		tb.Empty = v.T("punch.export.empty")
	}
	tb.Rows = make([]report.Row, 0, len(rows))
	loc := v.app.loc()
	for _, r := range rows {
		score := report.Cell{}
		if r.Score != 0 {
			score = report.Cell{Text: fmt.Sprint(r.Score), Value: float64(r.Score), IsNum: true}
		}
		tb.Rows = append(tb.Rows, report.Row{Cells: []report.Cell{
			{Text: r.Time.In(loc).Format(dateLayout)}, {Text: r.Clock},
			{Text: r.StaffNo}, {Text: r.Name}, {Text: r.UnitName},
			{Text: v.T("punch.source." + string(r.Source))}, {Text: v.T("punch.quality." + string(r.Quality))},
			score}})
	}
	return tb
}

// exportProblem answers status with the error page saying why the export
// was refused: the message key with its arguments.
func (a *App) exportProblem(c echo.Context, status int, key string, args ...any) error {
	v := a.newView(c, "err.title", "", "attendance")
	v.Flash, v.FlashOK = v.T(key, args...), false
	v.Data = map[string]any{"Code": status, "Key": key}
	return a.render(c, status, "error", v)
}

// attachment is a Content-Disposition naming a download: name for browsers
// that read RFC 5987's filename* (all current ones), ascii for the rest.
func attachment(name, ascii string) string {
	return fmt.Sprintf("attachment; filename=%q; filename*=UTF-8''%s", ascii, rfc5987(name))
}

// rfc5987 percent-encodes s as an RFC 5987 value (UTF-8 bytes; only
// attr-chars stay as they are).
func rfc5987(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' ||
			strings.IndexByte("!#$&+-.^_`|~", ch) >= 0 {
			b.WriteByte(ch)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", ch)
	}
	return b.String()
}

// truncRunes cuts s to at most n characters.
func truncRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
