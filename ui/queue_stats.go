package ui

// 排队叫号 › 排队统计: tickets, waiting and service time per service,
// window and staff member, for a day or a month (queue.Stats), with a bar
// chart drawn here as SVG (tickets per day of a month, per service of a
// day: no script, prints as it shows) and the same tables as a workbook.

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/queue"
	"bianmin/appliance/report"

	"github.com/labstack/echo/v4"
)

var (
	periodDay   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	periodMonth = regexp.MustCompile(`^\d{4}-\d{2}$`)
)

// queueStatsRoles read the statistics: those who run the hall, and the
// window leads.
var queueStatsRoles = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleLead, account.RoleInspector}

// queueStatsData is what queue_stats.html shows.
type queueStatsData struct {
	Period  string
	IsMonth bool
	Stats   queue.Stats
	Tables  []statsTable
	Chart   template.HTML
}

// statsTable is one of the three tables (by service, window, staff).
type statsTable struct {
	Title string
	Head  []string
	Rows  [][]string
	Empty string
}

// statsPeriod reads ?period= (a day or a month); today by default.
func (a *App) statsPeriod(c echo.Context) (string, bool) {
	p := c.QueryParam("period")
	switch {
	case periodDay.MatchString(p):
		if _, err := time.Parse("2006-01-02", p); err == nil {
			return p, false
		}
	case periodMonth.MatchString(p):
		if _, err := time.Parse("2006-01", p); err == nil {
			return p, true
		}
	}
	return a.now().Format("2006-01-02"), false
}

func minutes(d time.Duration) string {
	return strconv.FormatFloat(math.Round(d.Minutes()*10)/10, 'f', 1, 64)
}

// staffName is a user's display name for the statistics (the user name
// when the account is gone).
func (a *App) staffName(username string) string {
	if u, err := a.Accounts.UserByName(username); err == nil && u.DisplayName != "" {
		return u.DisplayName
	}
	return username
}

// statsTables words the three tables.
func (a *App) statsTables(v *view, st queue.Stats) []statsTable {
	head := func(first string) []string {
		return []string{v.T(first), v.T("queue.stats.tickets"), v.T("queue.stats.finished"), v.T("queue.stats.skipped"),
			v.T("queue.stats.avg_wait"), v.T("queue.stats.max_wait"), v.T("queue.stats.avg_service")}
	}
	row := func(name string, r queue.StatsRow) []string {
		return []string{name, strconv.Itoa(r.Tickets), strconv.Itoa(r.Finished), strconv.Itoa(r.Skipped),
			minutes(r.AvgWait()), minutes(r.WaitMax), minutes(r.AvgService())}
	}
	out := []statsTable{
		{Title: v.T("queue.stats.by_service"), Head: head("queue.col.service"), Empty: v.T("queue.stats.empty")},
		{Title: v.T("queue.stats.by_window"), Head: head("queue.col.window"), Empty: v.T("queue.stats.empty")},
		{Title: v.T("queue.stats.by_staff"), Head: head("queue.stats.staff"), Empty: v.T("queue.stats.empty")},
	}
	for _, r := range st.Services {
		out[0].Rows = append(out[0].Rows, row(r.Key+" "+r.Label, r))
	}
	if st.Total.Tickets > 0 {
		out[0].Rows = append(out[0].Rows, row(v.T("queue.stats.total"), st.Total))
	}
	for _, r := range st.Windows {
		n, _ := strconv.Atoi(r.Key)
		out[1].Rows = append(out[1].Rows, row(v.T("queue.window_n", "N", n), r))
	}
	for _, r := range st.Staff {
		out[2].Rows = append(out[2].Rows, row(a.staffName(r.Key), r))
	}
	return out
}

// barChart draws bars as SVG: one per label, the value above it.
func barChart(title string, labels []string, values []int) template.HTML {
	const w, h, top, bottom, left = 720.0, 240.0, 24.0, 36.0, 8.0
	if len(values) == 0 {
		return ""
	}
	peak := 1
	for _, v := range values {
		peak = max(peak, v)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="q-chart" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, template.HTMLEscapeString(title))
	slot := (w - 2*left) / float64(len(values))
	bar := math.Min(64, math.Max(2, slot*0.7))
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#999"/>`, left, h-bottom, w-left, h-bottom)
	every := 1 + len(labels)/16 // at most ~16 labels under the bars
	for i, v := range values {
		bh := (h - top - bottom) * float64(v) / float64(peak)
		x := left + slot*float64(i) + (slot-bar)/2
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#0b4a8b"><title>%s: %d</title></rect>`,
			x, h-bottom-bh, bar, bh, template.HTMLEscapeString(labels[i]), v)
		if v > 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" text-anchor="middle">%d</text>`, x+bar/2, h-bottom-bh-4, v)
		}
		if i%every == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" text-anchor="middle">%s</text>`, x+bar/2, h-bottom+16, template.HTMLEscapeString(labels[i]))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // built here from escaped text and numbers
}

// statsChart is the page's chart: tickets per day of a month (every day,
// none left out), or per service of a day.
func statsChart(v *view, st queue.Stats, isMonth bool) template.HTML {
	var labels []string
	var values []int
	if isMonth {
		m, err := time.Parse("2006-01", st.Period)
		if err != nil {
			return ""
		}
		byDay := map[string]int{}
		for _, d := range st.Days {
			byDay[d.Day] = d.Tickets
		}
		for d := m; d.Month() == m.Month(); d = d.AddDate(0, 0, 1) {
			labels = append(labels, strconv.Itoa(d.Day()))
			values = append(values, byDay[d.Format("2006-01-02")])
		}
		return barChart(v.T("queue.stats.chart_month"), labels, values)
	}
	for _, s := range st.Services {
		labels = append(labels, s.Key+" "+s.Label)
		values = append(values, s.Tickets)
	}
	return barChart(v.T("queue.stats.chart_day"), labels, values)
}

func (a *App) queueStats(c echo.Context) error {
	if err := a.queueReady(); err != nil {
		return err
	}
	period, isMonth := a.statsPeriod(c)
	st, err := a.Queue.Stats(period)
	if err != nil {
		return err
	}
	v := a.newView(c, "queue.stats.title", "queue.stats.lead", "queue-stats")
	v.Data = queueStatsData{Period: period, IsMonth: isMonth, Stats: st, Tables: a.statsTables(v, st), Chart: statsChart(v, st, isMonth)}
	return a.render(c, http.StatusOK, "queue_stats", v)
}

func (a *App) queueStatsXLSX(c echo.Context) error {
	if err := a.queueReady(); err != nil {
		return err
	}
	period, _ := a.statsPeriod(c)
	st, err := a.Queue.Stats(period)
	if err != nil {
		return err
	}
	v := a.newView(c, "queue.stats.title", "", "queue-stats")
	doc := &report.Document{Lang: v.Lang, Title: v.T("queue.stats.title"), Center: v.Center.Name, Period: period,
		Generated: v.T("queue.stats.generated", "Time", a.now().Format("2006-01-02 15:04"))}
	for i, tb := range a.statsTables(v, st) {
		t := &report.Table{Sheet: []string{"service", "window", "staff"}[i], Empty: tb.Empty}
		for j, h := range tb.Head {
			t.Columns = append(t.Columns, report.Column{Head: h, Num: j > 0})
		}
		for _, r := range tb.Rows {
			var cells []report.Cell
			for j, s := range r {
				cell := report.Cell{Text: s}
				if f, err := strconv.ParseFloat(s, 64); err == nil && j > 0 {
					cell.Value, cell.IsNum = f, true
				}
				cells = append(cells, cell)
			}
			t.Rows = append(t.Rows, report.Row{Cells: cells})
		}
		doc.Sections = append(doc.Sections, report.Section{Heading: tb.Title, Table: t})
	}
	var b bytes.Buffer
	if err := report.WriteXLSX(&b, doc); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, attachment(v.T("queue.stats.file", "Period", period)+".xlsx", "queue-stats-"+period+".xlsx"))
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
}
