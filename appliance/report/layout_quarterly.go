package report

// quarterlySections: each person's three months and totals by unit, the
// people flagged and why, and the units side by side.
func quarterlySections(r *Report, m Meta) []Section {
	q := r.Quarterly
	intro := append(m.goLive(r),
		m.t("report.quarterly.summary", "People", len(q.Staff), "Flagged", q.Flagged, "WorkingDays", r.WorkingDays),
		m.t("report.quarterly.rules", "N", q.Rules.LateEarlyPerMonth))
	return []Section{
		{Heading: m.t("report.quarterly.staff"), Paragraphs: intro, Table: quarterStaff(q, m)},
		{Heading: m.t("report.quarterly.flagged"), Table: quarterFlagged(q, m)},
		{Heading: m.t("report.quarterly.units"), Table: unitTable(m, m.t("report.sheet.quarterly_units"), q.UnitTotals)},
	}
}

func quarterStaff(q *QuarterlyResult, m Meta) *Table {
	cols := []Column{{Head: m.t("report.col.staff_no")}, {Head: m.t("report.col.name")}}
	perMonth := []string{"report.col.late", "report.col.early", "report.col.missed", "report.col.absent"}
	for _, mk := range q.Months {
		g := monthShort(m, mk)
		for _, k := range perMonth {
			cols = append(cols, Column{Head: m.t(k), Group: g, Num: true})
		}
	}
	g := m.t("report.total")
	for _, k := range append(perMonth, "report.col.leave") {
		cols = append(cols, Column{Head: m.t(k), Group: g, Num: true})
	}
	cols = append(cols, Column{Head: m.t("report.col.flagged")}, Column{Head: m.t("report.col.remark"), Wrap: true})
	tb := &Table{Sheet: m.t("report.sheet.quarterly_staff"), Empty: m.t("report.empty.staff"), Columns: cols}
	unit, first := uint64(0), true
	for _, l := range q.Staff {
		if first || l.UnitID != unit {
			tb.Rows = append(tb.Rows, groupRow(unitName(m, l.Unit)))
			unit, first = l.UnitID, false
		}
		cells := []Cell{text(l.StaffNo), text(l.Name)}
		for _, c := range l.Months {
			if c.WorkingDays == 0 { // not judged that month: not yet joined, left, not begun
				cells = append(cells, text("—"), text("—"), text("—"), text("—"))
				continue
			}
			cells = append(cells, intCell(c.Late), intCell(c.Early), intCell(c.Missed), halfCell(c.Absent))
		}
		t := l.Total
		flagged := ""
		if len(l.Flags) > 0 {
			flagged = m.t("report.flagged_mark")
		}
		cells = append(cells, intCell(t.Late), intCell(t.Early), intCell(t.Missed), halfCell(t.Absent), halfCell(t.LeaveTotal()), text(flagged),
			text(m.remarks(m.partial(l.Partial))))
		tb.Rows = append(tb.Rows, Row{Cells: cells})
	}
	return tb
}

func quarterFlagged(q *QuarterlyResult, m Meta) *Table {
	tb := &Table{Sheet: m.t("report.sheet.quarterly_flagged"), Empty: m.t("report.empty.flagged"), Columns: []Column{
		{Head: m.t("report.col.unit")},
		{Head: m.t("report.col.staff_no")},
		{Head: m.t("report.col.name")},
		{Head: m.t("report.col.flags"), Wrap: true},
	}}
	for _, l := range q.Staff {
		if len(l.Flags) > 0 {
			tb.Rows = append(tb.Rows, Row{Cells: []Cell{text(unitName(m, l.Unit)), text(l.StaffNo), text(l.Name), text(m.remarks(l.Flags))}})
		}
	}
	return tb
}
