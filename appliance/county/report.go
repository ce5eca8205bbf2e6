package county

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"bianmin/appliance/report"
)

// MonthlyReport lays out the county's report of a period (月度通报; a
// quarter works the same way) in the official layout of appliance/report
// (official.go: the issuer's masthead in red, the title, the addressee,
// the signature with room for the seal): the county's figures in words,
// every township's table with the county total, and the townships that
// need attention, of the townships of scope s. t words it in one language (keys countyroll.report.*);
// now dates it.
func (c *County) MonthlyReport(s Scope, p Period, lang string, t report.Translator, now time.Time) (*report.Document, error) {
	rows, err := c.Townships(s, p)
	if err != nil {
		return nil, err
	}
	tr := func(key string, kv ...any) string {
		args := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			args[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return t(key, args)
	}
	period := tr("countyroll.period.month", "Year", p.Months[0][:4], "Month", trimZero(p.Months[0][5:]))
	if p.Quarter() {
		period = tr("countyroll.period.quarter", "Year", p.Months[0][:4], "Quarter", (atoi(p.Months[0][5:])-1)/3+1)
	}
	issuer := tr("countyroll.report.issuer")
	title := tr("countyroll.report.title", "Period", period)
	sort.Slice(rows, func(i, j int) bool { return rows[i].Name < rows[j].Name })
	var sum Tally
	for _, r := range rows {
		sum.add(r.Tally, 1)
	}
	pct := func(pm int) string {
		if pm < 0 {
			return "—"
		}
		return strconv.FormatFloat(float64(pm)/10, 'f', -1, 64) + "%"
	}
	wait := "—"
	if w := sum.WaitMinutes(); w >= 0 {
		wait = strconv.Itoa(w)
	}
	cases := sum.CaseTotal()
	summary := []string{
		tr("countyroll.report.attendance", "Townships", len(rows), "WorkDays", sum.WorkDays, "Late", sum.Late, "Early", sum.Early,
			"Missed", sum.Missed, "Absent", sum.Text(ColAbsent), "Leave", sum.Text(ColLeave), "Substitutes", sum.Substitutes),
		tr("countyroll.report.service", "Tickets", sum.Tickets, "Wait", wait, "Cases", cases.N, "Done", cases.Done, "OnTime", pct(sum.OnTimeRate()),
			"Ratings", sum.Ratings, "Satisfied", pct(sum.SatisfiedRate()), "Bad", sum.Bad, "BadDone", sum.BadDone),
	}
	if sum.Scored > 0 {
		summary = append(summary, tr("countyroll.report.score", "Score", sum.Text(ColScore), "People", sum.Scored))
	}
	// Townships that need attention: absence, 差评 not followed up, cases
	// late, by how much.
	var notes []string
	for _, r := range rows {
		var what []string
		if r.Tally.Absent > 0 {
			what = append(what, tr("countyroll.report.note_absent", "Days", r.Tally.Text(ColAbsent)))
		}
		if open := r.Tally.Bad - r.Tally.BadDone; open > 0 {
			what = append(what, tr("countyroll.report.note_bad", "Count", open))
		}
		if cc := r.Tally.CaseTotal(); cc.Done > cc.OnTime {
			what = append(what, tr("countyroll.report.note_late_cases", "Count", cc.Done-cc.OnTime))
		}
		if len(what) > 0 {
			line := r.Name + tr("countyroll.report.colon")
			for i, w := range what {
				if i > 0 {
					line += tr("countyroll.report.sep")
				}
				line += w
			}
			notes = append(notes, line+tr("countyroll.report.stop"))
		}
	}
	if len(notes) == 0 {
		notes = []string{tr("countyroll.report.note_none")}
	}
	tb := ReportTable(tr("countyroll.report.sheet"), rows, func(col string) string { return tr("countyroll.col." + col) }, tr("countyroll.total"))
	tb.Empty = tr("countyroll.report.empty")
	byCat := &report.Table{Sheet: tr("countyroll.drill.cases_by_category"), Empty: tr("countyroll.report.no_cases"), Columns: []report.Column{
		{Head: tr("countyroll.drill.category")}, {Head: tr("countyroll.col.cases"), Num: true},
		{Head: tr("countyroll.drill.closed"), Num: true}, {Head: tr("countyroll.col.on_time"), Num: true}}}
	for _, cr := range sum.CaseRows() {
		rate := float64(cr.Rate) / 10
		byCat.Rows = append(byCat.Rows, report.Row{Cells: []report.Cell{{Text: tr("intake.category." + cr.Category)},
			{Text: strconv.Itoa(cr.N), Value: float64(cr.N), IsNum: true}, {Text: strconv.Itoa(cr.Done), Value: float64(cr.Done), IsNum: true},
			{Text: cr.RateText(), Value: rate, IsNum: cr.Rate >= 0}}})
	}
	date := tr("countyroll.report.date", "Year", now.Year(), "Month", int(now.Month()), "Day", now.Day())
	return &report.Document{
		Lang:       lang,
		Title:      title,
		Center:     issuer,
		Period:     period,
		Status:     tr("countyroll.report.status"),
		Generated:  tr("countyroll.report.generated", "Time", now.Format("2006-01-02 15:04")),
		PageFormat: tr("report.page", "N", "{n}", "M", "{nb}"),
		Head:       &report.Masthead{Issuer: issuer, Title: title, To: tr("countyroll.report.to")},
		Sign:       &report.Signature{Issuer: issuer, Date: date},
		Sections: []report.Section{
			{Heading: tr("countyroll.report.h_summary"), Paragraphs: summary},
			{Heading: tr("countyroll.report.h_townships"), Table: tb},
			{Heading: tr("countyroll.report.h_cases"), Table: byCat},
			{Heading: tr("countyroll.report.h_attention"), Paragraphs: notes},
		},
	}, nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func trimZero(s string) int { return atoi(s) }
