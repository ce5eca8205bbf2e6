package report

// The leave documents laid out in one language: the leave slip (请假条)
// with its approval trail, the temporary work card (临时工作证) of a
// substitute, and the month's leave register per unit (请假登记簿, a
// Document for WritePDF and WriteXLSX).

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/leave"
	"bianmin/appliance/staff"
)

// Field is a label and its value.
type Field struct{ Label, Value string }

// LeaveSlip is a leave slip ready to write.
type LeaveSlip struct {
	Center     string
	Title      string // 请假条
	Number     string // 第 12 号
	Fields     []Field
	TrailTitle string     // 审批进度
	TrailHead  []string   // the trail table's headings
	Trail      [][]string // one row a step
	Status     string     // where it stands
	Closing    []Field    // 销假
	Signs      []string   // signature lines for the paper copy
	Generated  string
}

// LeaveSlipOf lays out the slip of d for the center.
func LeaveSlipOf(d leave.Detail, center string, m Meta, now time.Time) LeaveSlip {
	l := d.Leave
	who := d.People[l.StaffID]
	s := LeaveSlip{Center: center, Title: m.t("leave.slip.title"), Number: m.t("leave.slip.number", "ID", l.ID),
		Generated: m.t("leave.slip.generated", "At", m.clock(now))}
	post := d.Unit.Name
	if d.Window.ID != 0 {
		post += " · " + m.t("leave.slip.window", "Number", d.Window.Number, "Name", d.Window.Name)
	}
	s.Fields = []Field{
		{m.t("leave.col.person"), personName(who, l.StaffID)},
		{m.t("leave.slip.post"), post},
		{m.t("leave.col.type"), m.t("leave.type." + string(l.Type))},
		{m.t("leave.col.span"), m.t("leave.slip.span", "Start", m.clock(l.Start), "End", m.clock(l.End))},
		{m.t("leave.col.length"), LengthText(l.Length, m)},
		{m.t("leave.col.reason"), orDash(l.Reason)},
	}
	if t := l.CountsAs(l.Length.WorkingDays); t != l.Type {
		s.Fields = append(s.Fields, Field{m.t("leave.slip.counts_as"), m.t("leave.slip.as_personal", "Type", m.t("leave.type."+string(t)))})
	}
	if l.SubstituteRequired || l.SubstituteID != 0 {
		s.Fields = append(s.Fields, Field{m.t("leave.col.substitute"), substituteText(l, d.People, m)})
	}
	if l.LateReason != "" {
		s.Fields = append(s.Fields, Field{m.t("leave.slip.late"), l.LateReason})
	}
	if l.ExtensionOf != 0 {
		s.Fields = append(s.Fields, Field{m.t("leave.slip.extension"), m.t("leave.slip.number", "ID", l.ExtensionOf)})
	}
	if len(l.Attachments) > 0 {
		var names []string
		for _, a := range l.Attachments {
			names = append(names, m.t("leave.file."+string(a.Kind))+"："+a.Name)
		}
		s.Fields = append(s.Fields, Field{m.t("leave.col.files"), strings.Join(names, "；")})
	}
	s.Fields = append(s.Fields, Field{m.t("leave.slip.filed"), m.t("leave.slip.filed_by", "By", l.RecordedBy, "At", m.clock(l.RecordedAt))})
	s.TrailTitle = m.t("leave.detail.trail")
	s.TrailHead = []string{m.t("leave.trail.no"), m.t("leave.trail.step"), m.t("leave.trail.act"), m.t("leave.trail.state"), m.t("leave.trail.by"), m.t("leave.trail.at"), m.t("leave.trail.note")}
	for i, st := range l.Steps {
		row := []string{strconv.Itoa(i + 1), m.t("leave.step." + string(st.Kind)), m.t("leave.act." + string(st.Act)), m.t("leave.trail.waiting"), "", "", st.Note}
		if st.Done {
			row[3], row[4], row[5] = m.t("leave.trail.done"), st.DoneBy, m.clock(st.DoneAt)
			if st.Kind.Outside() {
				row[3] = m.t("leave.trail.received")
			}
		}
		if st.Scan != 0 {
			for _, a := range l.Attachments {
				if a.ID == st.Scan {
					row[6] = strings.TrimSpace(row[6] + " " + m.t("leave.trail.scan", "Name", a.Name))
				}
			}
		}
		s.Trail = append(s.Trail, row)
	}
	s.Status = StatusText(l, m)
	if l.Closed() {
		s.Closing = []Field{{m.t("leave.slip.returned"), m.clock(l.ReturnedAt)}, {m.t("leave.slip.closed_by"), l.ClosedBy + " · " + m.clock(l.ClosedAt)}}
		if l.OverstayMinutes > 0 {
			s.Closing = append(s.Closing, Field{m.t("leave.slip.overstay"), m.t("leave.overstay", "Hours", fmtHours(l.OverstayMinutes))})
		}
	}
	s.Signs = []string{m.t("leave.slip.sign_person"), m.t("leave.slip.sign_unit"), m.t("leave.slip.sign_center")}
	return s
}

// StatusText says where a leave stands: pending at whom, approved,
// closed, rejected with the reason, withdrawn.
func StatusText(l leave.Leave, m Meta) string {
	switch {
	case l.Status == leave.StatusPending:
		next, _, _ := l.Next()
		return m.t("leave.status_next", "Step", m.t("leave.step."+string(next.Kind)), "Act", m.t("leave.act."+string(next.Act)))
	case l.Status == leave.StatusApproved && l.Closed():
		return m.t("leave.status.closed", "At", m.clock(l.ReturnedAt))
	case l.Status == leave.StatusRejected:
		return m.t("leave.status.rejected_because", "Reason", l.DecisionReason)
	}
	return m.t("leave.status." + string(l.Status))
}

// LengthText is "2 个工作日（14 小时）".
func LengthText(l leave.Length, m Meta) string {
	return m.t("leave.length", "Days", fmtFloat(l.WorkingDays), "Hours", fmtHours(l.Minutes))
}

func substituteText(l leave.Leave, people map[uint64]staff.Staff, m Meta) string {
	if l.SubstituteID == 0 {
		return m.t("leave.substitute.none")
	}
	s := personName(people[l.SubstituteID], l.SubstituteID)
	if !l.SubstituteRegisteredAt.IsZero() {
		s += " · " + m.t("leave.substitute.registered_at", "By", l.SubstituteRegisteredBy, "At", m.clock(l.SubstituteRegisteredAt))
	}
	for _, r := range l.Rotations {
		s += "；" + m.t("leave.substitute.rotated", "From", personName(people[r.From], r.From), "To", personName(people[r.To], r.To), "Reason", r.Reason)
	}
	return s
}

// personName is "刘芳（QS004）".
func personName(s staff.Staff, id uint64) string {
	if s.ID == 0 {
		return fmt.Sprintf("#%d", id)
	}
	return s.Name + "（" + s.StaffNo + "）"
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// LengthNumber writes a number of days or hours as the leave documents do:
// 3, 0.5, 1.5.
func LengthNumber(f float64) string { return fmtFloat(f) }

// fmtHours writes minutes as hours: 14, 1.5, 0.25.
func fmtHours(min int) string { return strconv.FormatFloat(float64(min)/60, 'f', -1, 64) }

// WorkCard is the temporary work card of a substitute (临时工作证), for
// the PDF and the ticket printer.
type WorkCard struct {
	Center string
	Title  string
	Name   string
	Fields []Field
	Footer string
}

// WorkCardOf lays out the substitute's work card for the approved leave
// in d.
func WorkCardOf(d leave.Detail, center string, m Meta) WorkCard {
	l := d.Leave
	sub := d.People[l.SubstituteID]
	c := WorkCard{Center: center, Title: m.t("leave.card.title"), Name: sub.Name, Footer: m.t("leave.card.footer")}
	post := d.Unit.Name
	if d.Window.ID != 0 {
		post = m.t("leave.slip.window", "Number", d.Window.Number, "Name", d.Window.Name) + " · " + d.Unit.Name
	}
	c.Fields = []Field{
		{m.t("leave.card.post"), post},
		{m.t("leave.card.for"), personName(d.People[l.StaffID], l.StaffID)},
		{m.t("leave.card.valid"), m.t("leave.slip.span", "Start", m.clock(l.Start), "End", m.clock(l.End))},
		{m.t("leave.card.number"), m.t("leave.slip.number", "ID", l.ID)},
	}
	return c
}

// LeaveRegisterOf lays out the month's register: one section per unit,
// a row per leave, the unit's totals by type.
func LeaveRegisterOf(r leave.Register, center string, m Meta, now time.Time) *Document {
	doc := &Document{Lang: m.Lang, Title: m.t("leave.register.title"), Center: center, Period: m.month(r.Month),
		Status: m.t("leave.register.status"), Generated: m.t("report.generated", "At", m.clock(now)),
		PageFormat: m.t("report.page", "N", "{n}", "M", "{nb}")}
	cols := []Column{{Head: m.t("leave.col.person")}, {Head: m.t("leave.col.type")}, {Head: m.t("leave.col.span"), Wrap: true},
		{Head: m.t("leave.register.days"), Num: true}, {Head: m.t("leave.col.substitute")}, {Head: m.t("leave.register.steps"), Wrap: true},
		{Head: m.t("leave.register.closed"), Wrap: true}}
	for _, u := range r.Units {
		t := &Table{Sheet: u.Unit.Name, Columns: cols, Empty: m.t("leave.register.none")}
		for _, row := range u.Rows {
			t.Rows = append(t.Rows, registerRow(row, m))
		}
		if len(u.Rows) > 0 {
			var parts []string
			var total float64
			for _, lt := range leave.Types() {
				if d := u.Totals[lt]; d > 0 {
					parts = append(parts, m.t("leave.type."+string(lt))+" "+fmtFloat(d))
					total += d
				}
			}
			t.Rows = append(t.Rows, Row{Kind: RowTotal, Cells: []Cell{text(m.t("leave.register.total")), text(strings.Join(parts, "，")), text(""),
				{Text: fmtFloat(total), Value: total, IsNum: true}, text(""), text(""), text("")}})
		}
		doc.Sections = append(doc.Sections, Section{Heading: u.Unit.Name, Table: t})
	}
	return doc
}

func registerRow(row RegisterRow, m Meta) Row {
	l := row.Leave
	typ := m.t("leave.type." + string(l.Type))
	if row.CountsAs != l.Type {
		typ += "（" + m.t("leave.slip.as_personal", "Type", m.t("leave.type."+string(row.CountsAs))) + "）"
	}
	var steps []string
	for _, s := range l.Steps {
		steps = append(steps, m.t("leave.step."+string(s.Kind)))
	}
	if len(steps) == 0 {
		steps = []string{m.t("leave.source." + string(l.Source))}
	}
	closed := "—"
	if l.Closed() {
		closed = m.clock(l.ReturnedAt)
		if l.OverstayMinutes > 0 {
			closed += " " + m.t("leave.overstay", "Hours", fmtHours(l.OverstayMinutes))
		}
	}
	sub := "—"
	if row.Substitute.ID != 0 {
		sub = personName(row.Substitute, row.Substitute.ID)
	}
	return Row{Cells: []Cell{text(personName(row.Staff, l.StaffID)), text(typ),
		text(m.t("leave.slip.span", "Start", m.clock(l.Start), "End", m.clock(l.End))),
		{Text: fmtFloat(row.DaysInMonth), Value: row.DaysInMonth, IsNum: true}, text(sub), text(strings.Join(steps, " → ")), text(closed)}}
}

// RegisterRow is leave.RegisterRow.
type RegisterRow = leave.RegisterRow
