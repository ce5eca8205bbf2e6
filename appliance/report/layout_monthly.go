package report

import "time"

// monthlySections: the summary line, each person's month by unit with
// subtotals, the units side by side, then one letter per home unit.
func monthlySections(r *Report, m Meta) []Section {
	s := r.Monthly
	t := s.Total
	intro := append(m.goLive(r),
		m.t("report.monthly.summary", "WorkingDays", r.WorkingDays, "Late", t.Late, "Early", t.Early, "Missed", t.Missed,
			"Absent", t.Absent.String(), "Leave", t.LeaveTotal().String()),
		m.t("report.monthly.preset", "Preset", m.t("attendance.preset."+r.Preset)))
	out := []Section{
		{Heading: m.t("report.monthly.staff"), Paragraphs: intro, Table: monthlyStaff(s, m)},
		{Heading: m.t("report.monthly.units"), Table: unitTable(m, m.t("report.sheet.monthly_units"), unitTotalsOfMonth(s))},
	}
	for _, u := range s.Units {
		out = append(out, Section{NewPage: true, Letter: letter(r, u, m)})
	}
	return out
}

func monthlyStaff(s *MonthlySummary, m Meta) *Table {
	cols := append([]Column{{Head: m.t("report.col.staff_no")}, {Head: m.t("report.col.name")}}, countCols(m, s.LeaveTypes)...)
	cols = append(cols, Column{Head: m.t("report.col.remark"), Wrap: true})
	tb := &Table{Sheet: m.t("report.sheet.monthly_staff"), Empty: m.t("report.empty.staff"), Columns: cols}
	for _, u := range s.Units {
		tb.Rows = append(tb.Rows, groupRow(unitName(m, u.Unit)))
		for _, l := range u.Staff {
			cells := append([]Cell{text(l.StaffNo), text(l.Name)}, countCells(l.Counts, s.LeaveTypes)...)
			tb.Rows = append(tb.Rows, Row{Cells: append(cells, text(m.remarks(lineRemarks(l, m))))})
		}
		tb.Rows = append(tb.Rows, totalRow(m.t("report.subtotal"), u.Total, s.LeaveTypes, true))
	}
	if len(s.Units) > 0 {
		tb.Rows = append(tb.Rows, totalRow(m.t("report.total"), s.Total, s.LeaveTypes, true))
	}
	return tb
}

// totalRow sums counts under the name columns; working days are not summed.
func totalRow(label string, c Counts, leaveTypes []string, remark bool) Row {
	c.WorkingDays = 0
	cells := append([]Cell{text(""), text(label)}, countCells(c, leaveTypes)...)
	cells[2] = text("")
	if remark {
		cells = append(cells, text(""))
	}
	return Row{Kind: RowTotal, Cells: cells}
}

func unitTotalsOfMonth(s *MonthlySummary) []UnitTotal {
	var out []UnitTotal
	for _, u := range s.Units {
		out = append(out, UnitTotal{UnitID: u.UnitID, Unit: u.Unit, People: len(u.Staff), Counts: u.Total})
	}
	return out
}

// unitTable lists home units side by side.
func unitTable(m Meta, sheet string, units []UnitTotal) *Table {
	tb := &Table{Sheet: sheet, Empty: m.t("report.empty.staff"), Columns: []Column{
		{Head: m.t("report.col.unit")},
		{Head: m.t("report.col.people"), Num: true},
		{Head: m.t("report.col.late"), Num: true},
		{Head: m.t("report.col.early"), Num: true},
		{Head: m.t("report.col.missed"), Num: true},
		{Head: m.t("report.col.absent"), Num: true},
		{Head: m.t("report.col.off_post"), Num: true},
		{Head: m.t("report.col.leave"), Num: true},
		{Head: m.t("report.col.errand"), Num: true},
	}}
	var all Counts
	people := 0
	for _, u := range units {
		c := u.Counts
		tb.Rows = append(tb.Rows, Row{Cells: []Cell{text(unitName(m, u.Unit)), intCell(u.People), intCell(c.Late), intCell(c.Early),
			intCell(c.Missed), halfCell(c.Absent), intCell(c.OffPost), halfCell(c.LeaveTotal()), halfCell(c.Errand)}})
		all.Add(c)
		people += u.People
	}
	if len(units) > 0 {
		tb.Rows = append(tb.Rows, Row{Kind: RowTotal, Cells: []Cell{text(m.t("report.total")), intCell(people), intCell(all.Late), intCell(all.Early),
			intCell(all.Missed), halfCell(all.Absent), intCell(all.OffPost), halfCell(all.LeaveTotal()), halfCell(all.Errand)}})
	}
	return tb
}

// lineRemarks are a person's month remarks: first that they joined or left
// during it, then the judgement's and the builder's.
func lineRemarks(l MonthLine, m Meta) []Remark {
	return append(m.partial(l.Partial), l.Remarks...)
}

// letter is the month's letter to one home unit: its people's results,
// under the center's red masthead with the letter's own number, signed by
// the center and dated the day of publication (or of the draft).
func letter(r *Report, u UnitMonth, m Meta) *Letter {
	signed := m.signedAt(r)
	head := m.masthead(r, "", "")
	if m.Revision != nil {
		head.DocNo = m.Revision.LetterNos[u.UnitID]
	}
	tb := &Table{Sheet: unitName(m, u.Unit), Columns: []Column{
		{Head: m.t("report.col.staff_no")},
		{Head: m.t("report.col.name")},
		{Head: m.t("report.col.late"), Num: true},
		{Head: m.t("report.col.early"), Num: true},
		{Head: m.t("report.col.missed"), Num: true},
		{Head: m.t("report.col.absent"), Num: true},
		{Head: m.t("report.col.leave"), Num: true},
		{Head: m.t("report.col.remark"), Wrap: true},
	}}
	for _, l := range u.Staff {
		c := l.Counts
		tb.Rows = append(tb.Rows, Row{Cells: []Cell{text(l.StaffNo), text(l.Name), intCell(c.Late), intCell(c.Early), intCell(c.Missed),
			halfCell(c.Absent), halfCell(c.LeaveTotal()), text(m.remarks(lineRemarks(l, m)))}})
	}
	body := []string{m.t("report.letter.body", "Center", r.Center, "Month", m.month(r.Period.Start), "People", len(u.Staff), "WorkingDays", r.WorkingDays)}
	return &Letter{
		Head:    head,
		Title:   m.t("report.letter.title", "Month", m.month(r.Period.Start)),
		To:      m.t("report.letter.to", "Unit", unitName(m, u.Unit)),
		Body:    append(body, m.goLive(r)...),
		Table:   tb,
		Closing: []string{m.t("report.letter.closing")},
		Signer:  r.Center,
		Date:    m.date(signed.In(m.Location)),
	}
}

// monthShort is a month as a column group: 1月, Jan.
func monthShort(m Meta, key string) string {
	t, err := time.Parse("2006-01", key)
	if err != nil {
		return key
	}
	return m.t("report.month_short", "Month", int(t.Month()), "MonthName", t.Month().String()[:3])
}
