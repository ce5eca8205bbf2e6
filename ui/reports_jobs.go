package ui

// Report drafts: judging a quarter of 60 staff takes a moment, so a draft
// is built in the background while the 报表 list shows its progress; the
// finished draft waits on that list until it is published or forgotten.
// Drafts live in memory only (a draft is a view of the records, cheap to
// build again); published revisions are in the store.

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"bianmin/appliance/report"
)

const (
	// reportDraftKeep is how long a finished draft stays on the list.
	reportDraftKeep = 24 * time.Hour
	// reportDraftMax bounds the drafts kept; the oldest finished go first.
	reportDraftMax = 20
	// reportDraftPrefix starts a draft's id in addresses (/reports/d-…),
	// so it never looks like a revision's number.
	reportDraftPrefix = "d-"
)

// reportJob is one draft: being built, built, or failed.
type reportJob struct {
	ID      string
	Period  report.Period
	By      string // who asked for it
	Started time.Time
	Ended   time.Time
	Running bool
	Done    int // months judged
	Total   int // months to judge
	Err     error
	Report  *report.Report // when built
}

// Percent is the progress for a <progress> bar.
func (j reportJob) Percent() int {
	if j.Total == 0 {
		return 0
	}
	return 100 * j.Done / j.Total
}

// reportJobs is the set of drafts; see newReportJobs.
type reportJobs struct {
	mu   sync.Mutex
	jobs map[string]*reportJob
	now  func() time.Time
}

func newReportJobs(now func() time.Time) *reportJobs {
	return &reportJobs{jobs: map[string]*reportJob{}, now: now}
}

// start registers a running draft, or returns the running one and false:
// one draft is built at a time, so that the box stays responsive.
func (j *reportJobs) start(p report.Period, by string) (reportJob, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.pruneLocked()
	for _, job := range j.jobs {
		if job.Running {
			return *job, false
		}
	}
	job := &reportJob{ID: reportDraftPrefix + newJobID(), Period: p, By: by, Started: j.now(), Running: true, Total: len(p.Months())}
	j.jobs[job.ID] = job
	return *job, true
}

// progress records months judged (called by report.Build).
func (j *reportJobs) progress(id string, done, total int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if job := j.jobs[id]; job != nil {
		job.Done, job.Total = done, total
	}
}

// finish records the outcome.
func (j *reportJobs) finish(id string, r *report.Report, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if job := j.jobs[id]; job != nil {
		job.Running, job.Report, job.Err, job.Ended = false, r, err, j.now()
	}
}

// get returns a copy of the draft.
func (j *reportJobs) get(id string) (reportJob, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	job := j.jobs[id]
	if job == nil {
		return reportJob{}, false
	}
	return *job, true
}

// list returns the drafts, newest first.
func (j *reportJobs) list() []reportJob {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.pruneLocked()
	out := make([]reportJob, 0, len(j.jobs))
	for _, job := range j.jobs {
		out = append(out, *job)
	}
	slices.SortFunc(out, func(a, b reportJob) int { return b.Started.Compare(a.Started) })
	return out
}

// pruneLocked forgets finished drafts older than reportDraftKeep, and the
// oldest finished ones beyond reportDraftMax.
func (j *reportJobs) pruneLocked() {
	cut := j.now().Add(-reportDraftKeep)
	var done []*reportJob
	for id, job := range j.jobs {
		switch {
		case job.Running:
		case job.Ended.Before(cut):
			delete(j.jobs, id)
		default:
			done = append(done, job)
		}
	}
	slices.SortFunc(done, func(a, b *reportJob) int { return a.Ended.Compare(b.Ended) })
	for i := 0; len(j.jobs) > reportDraftMax && i < len(done); i++ {
		delete(j.jobs, done[i].ID)
	}
}

// isDraftID reports whether an address names a draft.
func isDraftID(id string) bool { return strings.HasPrefix(id, reportDraftPrefix) }

// draftName is how logs name a draft.
func draftName(j reportJob) string {
	return fmt.Sprintf("%s %s (%s)", j.Period.Kind, j.Period.Key, j.ID)
}
