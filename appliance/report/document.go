package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/attendance"
)

// Translator renders a locale key with its arguments in one language (the
// web app's and the CLI's catalog, bound to a language). Layout takes one
// so that report does not import the web UI.
type Translator func(key string, args map[string]any) string

// Document is a report laid out in one language: what the PDF, the XLSX
// and the web page show, all from the same rows.
type Document struct {
	Lang   string
	Title  string // 考勤周通报
	Center string // the center's name
	Period string // the period in words
	// Status says which revision this is ("第 2 版 · 2026-03-09 10:00 发布")
	// or that it is a draft.
	Status    string
	Draft     bool
	Generated string // "生成于 2026-03-09 09:58"
	// AuditHead is the audit log's signed head when the document was
	// rendered, in one short line (the caller words it): printed small at
	// the foot of every PDF page, so that each printed notice holds a head
	// off the box (appliance/auditlog). Empty: none.
	AuditHead string
	// PageFormat is the page footer's "第 {n} 页 / 共 {nb} 页": {n} is
	// the page number, {nb} the number of pages.
	PageFormat string
	// Head and Sign, when set, lay the document out as an official
	// document (official.go): a red masthead with the number and title on
	// the first page, the issuing body and date with room for the seal
	// after the last section.
	Head     *Masthead
	Sign     *Signature
	Sections []Section
}

// Section is a heading with paragraphs and a table, or a letter.
type Section struct {
	Heading    string
	Paragraphs []string
	Table      *Table
	Letter     *Letter
	NewPage    bool // printed from the top of a new page
}

// Table is a table of rows under column headings. Numbers are numbers, so
// that a spreadsheet can sum them.
type Table struct {
	Sheet   string // the XLSX sheet's name (at most 31 characters)
	Columns []Column
	Rows    []Row
	Empty   string // what to say when there are no rows
}

// Column is a table column.
type Column struct {
	Head string
	// Group is a heading over consecutive columns with the same group
	// (the months of a quarter); empty for none.
	Group string
	Num   bool // numbers: right-aligned, never wrapped
	Wrap  bool // long text (remarks): wraps first when the page is narrow
}

// RowKind says how a row is shown.
type RowKind int

// Row kinds.
const (
	RowData  RowKind = iota
	RowGroup         // a heading across the table: a unit's name
	RowTotal         // a subtotal or total
)

// Row is one row; a RowGroup has one cell.
type Row struct {
	Kind  RowKind
	Cells []Cell
}

// Cell is one cell: text, and for numbers the value.
type Cell struct {
	Text  string
	Value float64
	IsNum bool
}

// Letter is a letter to a home unit (致派驻单位函). With a Head it opens
// with the red masthead and its own number (official.go); Signer and Date
// close it as its signature.
type Letter struct {
	Head    *Masthead
	Title   string   // 关于2026年3月考勤情况的函
	To      string   // "民政办："
	Body    []string // paragraphs before the table
	Table   *Table
	Closing []string // paragraphs after it: "特此函告。"
	Signer  string   // the center
	Date    string   // 2026年3月2日
}

func text(s string) Cell       { return Cell{Text: s} }
func intCell(n int) Cell       { return Cell{Text: strconv.Itoa(n), Value: float64(n), IsNum: true} }
func halfCell(h HalfDays) Cell { return Cell{Text: h.String(), Value: h.Days(), IsNum: true} }

// Meta is how a report is laid out: the language, its translator, the
// revision (nil for a draft) and the center's location for times.
type Meta struct {
	Lang     string
	T        Translator
	Revision *RevisionInfo
	Location *time.Location
	// AuditHead is the line Document.AuditHead carries ("" for none).
	AuditHead string
}

func (m Meta) t(key string, kv ...any) string {
	args := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		args[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m.T(key, args)
}

func (m Meta) en() bool { return strings.HasPrefix(m.Lang, "en") }

// date writes a date in words: 2026年3月2日, 2 March 2026.
func (m Meta) date(t time.Time) string {
	if m.en() {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// month writes a month: 2026年2月, February 2026.
func (m Meta) month(t time.Time) string {
	return m.t("report.period.month", "Year", t.Year(), "Month", int(t.Month()), "MonthName", t.Month().String())
}

func (m Meta) clock(t time.Time) string { return t.In(m.Location).Format("2006-01-02 15:04") }

// signedAt is when the report is dated: its publication, or for a draft
// when it was made.
func (m Meta) signedAt(r *Report) time.Time {
	if m.Revision != nil {
		return m.Revision.PublishedAt
	}
	return r.GeneratedAt
}

// shortDate writes a day of the report's year briefly: 3月10日, 10 Mar.
func (m Meta) shortDate(date string) string {
	t, err := time.Parse(dateLayout, date)
	if err != nil {
		return date
	}
	return m.t("report.date_short", "Month", int(t.Month()), "Day", t.Day(), "MonthName", t.Month().String()[:3])
}

// partial says that a person served only part of the period: the day they
// joined (3月10日进驻) and the day they left, when inside it.
func (m Meta) partial(s *attendance.JudgedSpan) []Remark {
	if s == nil {
		return nil
	}
	var out []Remark
	if s.Start != "" {
		out = append(out, Remark{Key: "report.partial.joined", Args: map[string]any{"Date": m.shortDate(s.Start)}})
	}
	if s.End != "" {
		out = append(out, Remark{Key: "report.partial.left", Args: map[string]any{"Date": m.shortDate(s.End)}})
	}
	return out
}

// goLive is the report's sentence on its go-live date, or nothing.
func (m Meta) goLive(r *Report) []string {
	if r.GoLive == "" {
		return nil
	}
	t, _ := time.Parse(dateLayout, r.GoLive)
	return []string{m.t("report.go_live", "Date", m.date(t))}
}

// Layout lays the report out in m's language, in the official layout: a
// red masthead with the document number, the body, and the center's
// signature with the date.
func Layout(r *Report, m Meta) *Document {
	if m.Location == nil {
		m.Location = time.Local
	}
	d := &Document{Lang: m.Lang, Center: r.Center, Title: m.t("report.title." + string(r.Kind)),
		Period: periodWords(r, m), Generated: m.t("report.generated", "At", m.clock(r.GeneratedAt)), AuditHead: m.AuditHead,
		PageFormat: m.t("report.page", "N", "{n}", "M", "{nb}")}
	to := ""
	if r.Kind == Weekly {
		to = m.t("report.official.to.weekly")
	}
	title := m.t("report.official.title."+string(r.Kind), "Period", periodWords(&Report{Period: r.Period}, m),
		"From", m.date(r.Period.Start), "To", m.date(r.Period.Last()))
	if until, err := time.ParseInLocation("2006-01-02", r.Until, r.Period.Start.Location()); err == nil {
		title += m.t("report.period.until", "Date", m.date(until)) // a draft of a period not yet over
	}
	d.Head = m.masthead(r, title, to)
	d.Sign = m.signature(r)
	if m.Revision == nil {
		d.Draft, d.Status = true, m.t("report.status.draft")
	} else {
		d.Status = m.t("report.status.revision", "N", m.Revision.Revision, "At", m.clock(m.Revision.PublishedAt), "By", m.Revision.PublishedBy)
	}
	switch {
	case r.Weekly != nil:
		d.Sections = weeklySections(r, m)
	case r.Monthly != nil:
		d.Sections = monthlySections(r, m)
	case r.Quarterly != nil:
		d.Sections = quarterlySections(r, m)
	}
	return d
}

// periodWords is the period as the title shows it.
func periodWords(r *Report, m Meta) string {
	p := r.Period
	var s string
	switch p.Kind {
	case Weekly:
		from, to := p.Start, p.Last()
		s = m.t("report.period.week", "From", m.date(from), "To", m.date(to))
	case Monthly:
		s = m.month(p.Start)
	case Quarterly:
		s = m.t("report.period.quarter", "Year", p.Start.Year(), "Q", p.Quarter())
	}
	if r.Until != "" {
		if until, err := time.ParseInLocation("2006-01-02", r.Until, p.Start.Location()); err == nil {
			s += m.t("report.period.until", "Date", m.date(until))
		}
	}
	return s
}

// countCols are the columns of a person's counts, after name columns.
func countCols(m Meta, leaveTypes []string) []Column {
	cols := []Column{
		{Head: m.t("report.col.working_days"), Num: true},
		{Head: m.t("report.col.late"), Num: true},
		{Head: m.t("report.col.early"), Num: true},
		{Head: m.t("report.col.missed"), Num: true},
		{Head: m.t("report.col.absent"), Num: true},
		{Head: m.t("report.col.off_post"), Num: true},
	}
	if leaveTypes == nil {
		return append(cols, Column{Head: m.t("report.col.leave"), Num: true})
	}
	for _, lt := range leaveTypes {
		cols = append(cols, Column{Head: m.t("report.col.leave_type", "Type", m.t("attendance.leave."+lt)), Num: true})
	}
	return cols
}

// countCells are the cells of countCols.
func countCells(c Counts, leaveTypes []string) []Cell {
	cells := []Cell{intCell(c.WorkingDays), intCell(c.Late), intCell(c.Early), intCell(c.Missed), halfCell(c.Absent), intCell(c.OffPost)}
	if leaveTypes == nil {
		return append(cells, halfCell(c.LeaveTotal()))
	}
	for _, lt := range leaveTypes {
		cells = append(cells, halfCell(c.Leave[lt]))
	}
	return cells
}

// remarks renders remarks as one text.
func (m Meta) remarks(rs []Remark) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, m.T(r.Key, r.Args))
	}
	return strings.Join(parts, m.t("report.sep"))
}

func groupRow(s string) Row { return Row{Kind: RowGroup, Cells: []Cell{text(s)}} }
func unitName(m Meta, s string) string {
	if s == "" {
		return m.t("report.no_unit")
	}
	return s
}

// PeriodLabel is a period in words, for lists: 2026年3月2日 至 2026年3月8日,
// 2026年2月, 2026年第1季度.
func PeriodLabel(p Period, lang string, t Translator) string {
	return periodWords(&Report{Period: p}, Meta{Lang: lang, T: t})
}
