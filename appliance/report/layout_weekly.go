package report

import (
	"strings"

	"bianmin/appliance/calendar"
)

// weeklySections: the summary line, everyone's counts by unit, and the
// facts behind them.
func weeklySections(r *Report, m Meta) []Section {
	w := r.Weekly
	t := w.Total
	people := 0
	for _, u := range w.Units {
		people += len(u.Staff)
	}
	intro := append(m.goLive(r),
		m.t("report.weekly.summary", "Late", t.Late, "Early", t.Early, "Missed", t.Missed, "Absent", t.Absent.String(), "OffPost", t.OffPost),
		m.t("report.weekly.people", "People", people, "Named", w.Named, "WorkingDays", r.WorkingDays))
	if special := specialDays(w.Days, m); special != "" {
		intro = append(intro, m.t("report.weekly.special_days", "Days", special))
	}
	intro = append(intro, m.t("report.weekly.objection", "Days", w.ObjectionDays))
	return []Section{
		{Heading: m.t("report.weekly.counts"), Paragraphs: intro, Table: weeklyCounts(w, m)},
		{Heading: m.t("report.weekly.details"), Table: weeklyDetails(w, m)},
	}
}

// specialDays names the week's public holidays and make-up workdays.
func specialDays(days []calendar.Day, m Meta) string {
	var out []string
	for _, d := range days {
		if d.Kind == calendar.KindHoliday || d.Kind == calendar.KindMakeup {
			out = append(out, d.Label(m.Lang, m.T))
		}
	}
	return strings.Join(out, m.t("report.sep"))
}

func weeklyCounts(w *WeeklyNotice, m Meta) *Table {
	cols := append([]Column{{Head: m.t("report.col.staff_no")}, {Head: m.t("report.col.name")}}, countCols(m, nil)...)
	tb := &Table{Sheet: m.t("report.sheet.weekly_counts"), Empty: m.t("report.empty.staff"),
		Columns: append(cols, Column{Head: m.t("report.col.remark"), Wrap: true})}
	for _, u := range w.Units {
		tb.Rows = append(tb.Rows, groupRow(unitName(m, u.Unit)))
		for _, s := range u.Staff {
			cells := append([]Cell{text(s.StaffNo), text(s.Name)}, countCells(s.Counts, nil)...)
			tb.Rows = append(tb.Rows, Row{Cells: append(cells, text(m.remarks(m.partial(s.Partial))))})
		}
	}
	if len(w.Units) > 0 {
		tb.Rows = append(tb.Rows, totalRow(m.t("report.total"), w.Total, nil, true))
	}
	return tb
}

func weeklyDetails(w *WeeklyNotice, m Meta) *Table {
	tb := &Table{Sheet: m.t("report.sheet.weekly_details"), Empty: m.t("report.empty.details"), Columns: []Column{
		{Head: m.t("report.col.name")},
		{Head: m.t("report.col.date")},
		{Head: m.t("report.col.kind")},
		{Head: m.t("report.col.point")},
		{Head: m.t("report.col.time")},
		{Head: m.t("report.col.minutes"), Num: true},
		{Head: m.t("report.col.days"), Num: true},
		{Head: m.t("report.col.remark"), Wrap: true},
	}}
	for _, u := range w.Units {
		grouped := false
		for _, s := range u.Staff {
			for _, d := range s.Details {
				if !grouped {
					tb.Rows, grouped = append(tb.Rows, groupRow(unitName(m, u.Unit))), true
				}
				tb.Rows = append(tb.Rows, Row{Cells: detailCells(s, d, m)})
			}
		}
	}
	return tb
}

func detailCells(s StaffWeek, d Detail, m Meta) []Cell {
	kind := m.t("report.detail." + string(d.Kind))
	if d.Kind == DetailLeave && d.LeaveType != "" {
		kind = m.t("attendance.leave." + d.LeaveType)
	}
	where := ""
	switch {
	case d.Point != "":
		where = m.t("attendance.point." + d.Point)
	case d.Session != "":
		where = m.t("attendance.session." + d.Session)
	}
	minutes, days := text(""), text("")
	if d.Minutes > 0 {
		minutes = intCell(d.Minutes)
	}
	if d.Halves > 0 {
		days = halfCell(d.Halves)
	}
	return []Cell{text(s.Name), text(d.Day.Label(m.Lang, m.T)), text(kind), text(where), text(d.Time), minutes, days, text(m.T(d.Remark.Key, d.Remark.Args))}
}
