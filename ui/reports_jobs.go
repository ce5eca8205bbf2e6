package ui

// Report drafts: judging a quarter of 60 staff takes a moment, so a draft
// is built in the background while the 报表 list shows its progress; the
// finished draft waits on that list until it is published or forgotten.
// The drafts and their progress are kept in the store (report.Drafts): a
// restart loses no finished draft, and a draft it interrupted is built
// again when the app starts.

import (
	"fmt"
	"time"

	"bianmin/appliance/report"
)

// reportJob is one draft: being built, built, or failed.
type reportJob = report.Draft

// reportJobs is the set of drafts, over the store.
type reportJobs struct {
	drafts *report.Drafts
	now    func() time.Time
	app    *App
}

func newReportJobs(a *App, now func() time.Time) *reportJobs {
	return &reportJobs{drafts: report.NewDrafts(a.DB), now: now, app: a}
}

// start registers a running draft, or returns the running one and false:
// one draft is built at a time, so that the box stays responsive.
func (j *reportJobs) start(p report.Period, by string) (reportJob, bool, error) {
	return j.drafts.Start(p, by)
}

// progress records months judged (called by report.Build).
func (j *reportJobs) progress(id string, done, total int) {
	if err := j.drafts.Progress(id, done, total); err != nil {
		j.app.Logger.Warn("record a report draft's progress", "draft", id, "err", err)
	}
}

// finish records the outcome.
func (j *reportJobs) finish(id string, r *report.Report, err error) {
	if ferr := j.drafts.Finish(id, r, err); ferr != nil {
		j.app.Logger.Error("record a finished report draft", "draft", id, "err", ferr)
	}
}

// get returns the draft.
func (j *reportJobs) get(id string) (reportJob, bool) {
	d, ok, err := j.drafts.Get(id)
	if err != nil {
		j.app.Logger.Warn("read a report draft", "draft", id, "err", err)
	}
	return d, ok
}

// list returns the drafts, newest first.
func (j *reportJobs) list() ([]reportJob, error) { return j.drafts.List(j.now()) }

// isDraftID reports whether an address names a draft.
func isDraftID(id string) bool { return report.IsDraftID(id) }

// draftName is how logs name a draft.
func draftName(j reportJob) string {
	return fmt.Sprintf("%s %s (%s)", j.Period.Kind, j.Period.Key, j.ID)
}
