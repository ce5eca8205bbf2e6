package ui

// 报表: the weekly notices, monthly summaries and quarterly results. The
// office, the director, the deputy and the inspector generate drafts, see
// every revision and (the office) publish; window leads and staff see the
// published weekly notices and monthly summaries — a notice names everyone,
// as the regulation's 通报 does — and never drafts.

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/calendar"
	"bianmin/appliance/problem"
	"bianmin/appliance/report"
	"bianmin/embedded"

	"github.com/labstack/echo/v4"
)

// reportPages serves the report pages; the drafts they share hang off it
// (made once by the route table).
type reportPages struct {
	*App
	jobs *reportJobs
}

func newReportPages(a *App) *reportPages {
	rp := &reportPages{App: a, jobs: newReportJobs(a, time.Now)}
	rp.resumeDrafts()
	return rp
}

// resumeDrafts builds again the drafts a restart interrupted.
func (rp *reportPages) resumeDrafts() {
	if rp.DB == nil {
		return // an app without a store (route listings)
	}
	drafts, err := rp.jobs.drafts.Interrupted()
	if err != nil {
		rp.Logger.Warn("find the report drafts a restart interrupted", "err", err)
		return
	}
	for _, d := range drafts {
		rp.Logger.Info("building again a report draft the restart interrupted", "draft", draftName(d), "by", d.By)
		go rp.runJob(d)
	}
}

// Role sets of the report routes: reportAll see every report and draft and
// generate drafts; reportReaders add window leads and staff, who see
// published weekly notices and monthly summaries only.
var (
	reportAll     = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleInspector}
	reportReaders = append(slices.Clone(reportAll), account.RoleLead, account.RoleStaff)
)

// seesAllReports: drafts, quarterly results, the generate form.
func seesAllReports(u *account.User) bool { return u != nil && roleAllowed(u.Role, reportAll) }

// visibleKinds are the kinds of published report the user may read.
func visibleKinds(u *account.User) []report.Kind {
	if seesAllReports(u) {
		return report.Kinds()
	}
	return []report.Kind{report.Weekly, report.Monthly}
}

// translator binds the catalog to a language for report.Layout.
func (a *App) translator(lang string) report.Translator {
	return func(key string, args map[string]any) string { return a.i18n.T(lang, key, args) }
}

// reportDraftRow is a draft on the list.
type reportDraftRow struct {
	Job   reportJob
	Label string // kind and period in words
	Error string // why it failed, translated
}

// reportRevisionRow is a published revision on the list.
type reportRevisionRow struct {
	report.RevisionInfo
	Label string
}

// reportQuarter is an option of the quarter select.
type reportQuarter struct {
	Key, Label string
	Selected   bool
}

// reportListData is what reports.html shows.
type reportListData struct {
	All, Office bool
	Drafts      []reportDraftRow
	Running     bool
	Revisions   []reportRevisionRow
	Kinds       []report.Kind
	Kind        string // the list's filter; "" all
	Week, Month string // the generate form's defaults: last week's Monday, last month
	Quarters    []reportQuarter
}

func (rp *reportPages) list(c echo.Context) error {
	return rp.renderList(c, http.StatusOK, "")
}

// renderList shows the list, with problem (translated) as an error flash.
func (rp *reportPages) renderList(c echo.Context, status int, problem string) error {
	v := rp.newView(c, "report.list.title_all", "report.list.lead", "reports")
	if problem != "" {
		v.Flash, v.FlashOK = problem, false
	}
	u := currentUser(c)
	d := reportListData{All: seesAllReports(u), Office: u != nil && u.Role == account.RoleOffice, Kinds: visibleKinds(u)}
	kinds := d.Kinds
	if k := report.Kind(c.QueryParam("kind")); k.Valid() && containsKind(kinds, k) {
		d.Kind, kinds = string(k), []report.Kind{k}
	}
	revs, err := report.ListRevisions(rp.DB, report.Filter{Kinds: kinds, Limit: 200})
	if err != nil {
		return err
	}
	tr := rp.translator(v.Lang)
	for _, r := range revs {
		d.Revisions = append(d.Revisions, reportRevisionRow{RevisionInfo: r, Label: report.PeriodLabel(r.Period, v.Lang, tr)})
	}
	if d.All {
		drafts, err := rp.jobs.list()
		if err != nil {
			return err
		}
		for _, j := range drafts {
			row := reportDraftRow{Job: j, Label: report.PeriodLabel(j.Period, v.Lang, tr)}
			if f := j.Failure(); f != nil {
				row.Error = rp.problemText(v.Lang, f)
			}
			d.Running = d.Running || j.Running
			d.Drafts = append(d.Drafts, row)
		}
		if err := rp.formDefaults(&d, v.Lang, tr); err != nil {
			return err
		}
	}
	v.Data = d
	return rp.render(c, status, "reports", v)
}

func containsKind(ks []report.Kind, k report.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// formDefaults fill the generate form with the latest period of each kind
// that has data (report.DefaultPeriod: the last one ended, or the current
// one when attendance went live within it), and the last eight quarters
// (the current one first) to choose from.
func (rp *reportPages) formDefaults(d *reportListData, lang string, tr report.Translator) error {
	now := rp.now()
	def := map[report.Kind]report.Period{}
	for _, k := range report.Kinds() {
		p, err := report.DefaultPeriodDB(rp.DB, k, now, rp.loc())
		if err != nil {
			return err
		}
		def[k] = p
	}
	d.Week, d.Month = def[report.Weekly].Key, def[report.Monthly].Key
	q := report.Current(report.Quarterly, rp.today())
	for range 8 {
		d.Quarters = append(d.Quarters, reportQuarter{Key: q.Key, Label: report.PeriodLabel(q, lang, tr), Selected: q.Key == def[report.Quarterly].Key})
		q = q.Previous()
	}
	return nil
}

// problemText translates a report problem, or says the work failed.
func (rp *reportPages) problemText(lang string, err error) string {
	if p, ok := problem.As(err); ok {
		return rp.i18n.Problem(lang, p)
	}
	return rp.i18n.T(lang, "report.err.failed", map[string]any{"Detail": err.Error()})
}

// generate starts building a draft and goes back to the list, where its
// progress shows.
func (rp *reportPages) generate(c echo.Context) error {
	lang := langOf(c)
	p, err := report.ParsePeriod(report.Kind(c.FormValue("kind")), c.FormValue("period"), rp.loc())
	if err == nil {
		err = p.CheckStarted(rp.DB.Now())
	}
	if err != nil {
		return rp.renderList(c, http.StatusUnprocessableEntity, rp.problemText(lang, err))
	}
	job, ok, err := rp.jobs.start(p, currentUser(c).Username)
	if err != nil {
		return err
	}
	if !ok {
		busy := rp.i18n.T(lang, "report.err.busy", map[string]any{"Period": report.PeriodLabel(job.Period, lang, rp.translator(lang))})
		return rp.renderList(c, http.StatusConflict, busy)
	}
	go rp.runJob(job)
	rp.flash(c, "ok", "report.flash.started")
	return c.Redirect(http.StatusSeeOther, "/reports#"+job.ID)
}

// runJob builds a draft off the request path, with the app's calendar
// (its overrides and imported notices are live) or, without one, the
// calendar as stored now.
func (rp *reportPages) runJob(job reportJob) {
	defer func() {
		if r := recover(); r != nil {
			rp.jobs.finish(job.ID, nil, fmt.Errorf("panic: %v", r))
			rp.Logger.Error("report draft panicked", "draft", draftName(job), "panic", r)
		}
	}()
	started := time.Now()
	cal, err := rp.Calendar, error(nil)
	if cal == nil {
		cal, err = calendar.Load(rp.DB, embedded.FS, rp.loc())
	}
	var r *report.Report
	if err == nil {
		// Build calls Progress inside its read transaction: the write that
		// records it goes on another goroutine, or a write that grows the
		// file would wait for that read transaction to end — its own caller.
		var recorded sync.WaitGroup
		r, err = report.Build(rp.DB, job.Period, report.Options{Calendar: cal, Location: rp.loc(),
			Progress: func(done, total int) {
				recorded.Go(func() { rp.jobs.progress(job.ID, done, total) })
			}})
		recorded.Wait()
	}
	rp.jobs.finish(job.ID, r, err)
	rp.releaseMemory()
	if err != nil {
		rp.Logger.Warn("report draft failed", "draft", draftName(job), "by", job.By, "err", err)
		return
	}
	rp.Logger.Info("report draft built", "draft", draftName(job), "by", job.By, "took", time.Since(started).Round(time.Millisecond))
}
