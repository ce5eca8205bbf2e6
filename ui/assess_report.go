package ui

// 考核 › 月度考核 as a unit's report: the month's results of the people a
// unit sent to the hall, with every deduction and its regulation, in the
// official layout (report.WritePDF: the red masthead, the addressee, the
// center's signature with room for the seal) and as a workbook
// (report.WriteXLSX) — one Document for both.

import (
	"cmp"
	"slices"
	"strconv"

	"bianmin/appliance/assess"
	"bianmin/appliance/report"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

func numCell(n int) report.Cell {
	return report.Cell{Text: strconv.Itoa(n), Value: float64(n), IsNum: true}
}

func textCell(s string) report.Cell { return report.Cell{Text: s} }

// assessUnitDoc lays out one month's report for a unit (unitID 0: every
// unit, one section each), as v's language words it.
func (a *App) assessUnitDoc(v *view, month string, unit staff.Unit, months []assess.StaffMonth, pub assess.Publication, published bool) *report.Document {
	first, _ := assess.ParseMonth(month, a.loc())
	period := monthText(v, first)
	doc := &report.Document{Lang: v.Lang, Title: v.T("assess.report.title"), Center: v.Center.Name, Period: period,
		Generated: v.T("report.generated", "At", a.clockText(a.now())), PageFormat: v.T("report.page", "N", "{n}", "M", "{nb}")}
	doc.Status = v.T("assess.month.not_published")
	if published {
		doc.Status = v.T("assess.month.published_at", "At", a.clockText(pub.At), "Deadline", a.dateLabel(v, pub.Deadline))
	}
	doc.Head = &report.Masthead{Issuer: v.Center.Name, Title: v.T("assess.report.letter_title", "Month", period), To: v.T("assess.report.to", "Unit", unit.Name)}
	doc.Sign = &report.Signature{Issuer: v.Center.Name, Date: v.T("assess.report.date", "Y", a.now().Year(), "M", int(a.now().Month()), "D", a.now().Day())}
	var people []assess.StaffMonth
	for _, sm := range months {
		if sm.Staff.UnitID == unit.ID {
			people = append(people, sm)
		}
	}
	slices.SortStableFunc(people, func(x, y assess.StaffMonth) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.Staff.StaffNo, y.Staff.StaffNo))
	})
	intro := report.Section{Paragraphs: []string{v.T("assess.report.intro", "Unit", unit.Name, "Month", period, "N", len(people)), doc.Status}}
	results := &report.Table{Sheet: v.T("assess.report.sheet_scores"), Empty: v.T("assess.month.none"), Columns: []report.Column{
		{Head: v.T("assess.col.rank"), Num: true}, {Head: v.T("assess.report.col.name")}, {Head: v.T("assess.report.col.no")},
		{Head: v.T("assess.col.deductions"), Num: true}, {Head: v.T("assess.col.lost"), Num: true}, {Head: v.T("assess.col.score"), Num: true},
		{Head: v.T("assess.report.col.remark"), Wrap: true}}}
	details := &report.Table{Sheet: v.T("assess.report.sheet_details"), Empty: v.T("assess.staff.none"), Columns: []report.Column{
		{Head: v.T("assess.report.col.name")}, {Head: v.T("assess.col.date")}, {Head: v.T("assess.col.item"), Wrap: true},
		{Head: v.T("assess.col.evidence"), Wrap: true}, {Head: v.T("assess.col.points"), Num: true}, {Head: v.T("assess.col.cite"), Wrap: true}}}
	rank := 0
	for i, sm := range people {
		if i == 0 || people[i-1].Score != sm.Score {
			rank = i + 1
		}
		remark := ""
		if sm.SendBack || sm.SendBackAttendance {
			remark = v.T("assess.consequence.send_back")
		}
		results.Rows = append(results.Rows, report.Row{Cells: []report.Cell{numCell(rank), textCell(sm.Staff.Name), textCell(sm.Staff.StaffNo),
			numCell(len(sm.Deductions)), numCell(sm.Lost), numCell(sm.Score), textCell(remark)}})
		for _, d := range sm.Deductions {
			ev := assessEvidenceText(v, d.Ev)
			if d.Consequence != "" {
				ev += "（" + v.T("assess.consequence."+string(d.Consequence)) + "）"
			}
			details.Rows = append(details.Rows, report.Row{Cells: []report.Cell{textCell(sm.Staff.Name), textCell(d.Date),
				textCell(assessItemName(v, d.Item, d.Name)), textCell(ev), numCell(-d.Points), textCell(assessCite(v, d.Cite))}})
		}
	}
	doc.Sections = []report.Section{intro,
		{Heading: v.T("assess.report.sheet_scores"), Table: results},
		{Heading: v.T("assess.report.sheet_details"), Table: details},
		{Paragraphs: []string{v.T("assess.report.closing")}}}
	return doc
}

// assessReport writes a unit's month as a PDF or a workbook.
func (a *App) assessReport(ext string) echo.HandlerFunc {
	return func(c echo.Context) error {
		v, err := a.assessView(c, "assess.month.title", "")
		if err != nil {
			return err
		}
		first := a.monthParam(c, v)
		month := first.Format(monthLayout)
		unit, err := a.Staff.Unit(parseID(c.QueryParam("unit")))
		if err != nil {
			return notFoundOr(err)
		}
		months, err := a.Assess.Month(month)
		if err != nil {
			return err
		}
		pub, published, err := a.Assess.Publication(month)
		if err != nil {
			return err
		}
		doc := a.assessUnitDoc(v, month, unit, months, pub, published)
		name := v.T("assess.report.file", "Month", month, "Unit", unit.Name)
		return a.sendDocument(c, doc, ext, name, "assessment-"+month+"-unit"+idString(unit.ID))
	}
}
