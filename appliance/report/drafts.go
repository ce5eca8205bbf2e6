package report

// Drafts: a report being built, or built and waiting on the 报表 list until
// it is published or forgotten. Judging a quarter takes a moment, so a draft
// is built off the request path while the list shows its progress. Drafts
// are kept in the store with their progress (bucket report.drafts), so a
// restart neither loses a finished draft nor leaves one "running" forever:
// a draft the restart interrupted is built again (Interrupted).

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

const bucketDrafts = "report.drafts" // draft id → Draft

// Limits of the kept drafts.
const (
	// DraftKeep is how long a finished draft stays on the list.
	DraftKeep = 24 * time.Hour
	// DraftMax bounds the drafts kept; the oldest finished go first.
	DraftMax = 20
	// DraftPrefix starts a draft's id (in addresses, /reports/d-…), so
	// that it never looks like a revision's number.
	DraftPrefix = "d-"
)

// Draft is one draft: being built (Running), built (Report), or failed
// (Problem or Err).
type Draft struct {
	ID      string           `json:"id"`
	Period  Period           `json:"period"`
	By      string           `json:"by"`
	Started time.Time        `json:"started"`
	Ended   time.Time        `json:"ended,omitzero"`
	Running bool             `json:"running"`
	Done    int              `json:"done"`  // months judged
	Total   int              `json:"total"` // months to judge
	Problem *problem.Problem `json:"problem,omitempty"`
	Err     string           `json:"err,omitempty"`
	Report  *Report          `json:"report,omitempty"`
	// Restarted counts the times a restart interrupted the build.
	Restarted int `json:"restarted,omitempty"`
}

// Percent is the progress for a <progress> bar.
func (d Draft) Percent() int {
	if d.Total == 0 {
		return 0
	}
	return 100 * d.Done / d.Total
}

// Failure is why the draft failed (nil when it did not).
func (d Draft) Failure() error {
	switch {
	case d.Problem != nil:
		return d.Problem
	case d.Err != "":
		return errors.New(d.Err)
	}
	return nil
}

// IsDraftID reports whether an address names a draft.
func IsDraftID(id string) bool { return strings.HasPrefix(id, DraftPrefix) }

// Drafts keeps the drafts in the store.
type Drafts struct {
	db *store.DB
}

// NewDrafts returns the drafts kept in db.
func NewDrafts(db *store.DB) *Drafts { return &Drafts{db: db} }

// Start records a running draft of p asked for by by, or returns the one
// already running and false: one draft is built at a time, so that the box
// stays responsive.
func (d *Drafts) Start(p Period, by string) (Draft, bool, error) {
	var out Draft
	started := false
	err := d.db.Update(by, func(tx *store.Tx) error {
		all, err := store.All[Draft](tx, bucketDrafts)
		if err != nil {
			return err
		}
		for _, x := range all {
			if x.Running {
				out = x
				return nil
			}
		}
		out = Draft{ID: DraftPrefix + newDraftID(), Period: p, By: by, Started: tx.Now().UTC(), Running: true, Total: len(p.Months())}
		started = true
		if err := tx.Put(bucketDrafts, []byte(out.ID), out); err != nil {
			return err
		}
		return tx.Audit("report.draft", "report/"+out.ID, nil, map[string]any{"kind": p.Kind, "period": p.Key})
	})
	return out, started, err
}

func newDraftID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Progress records months judged. It is bookkeeping of a running build,
// not audited; a failure to record it does not stop the build.
func (d *Drafts) Progress(id string, done, total int) error {
	return d.change(id, "", func(x *Draft) {
		x.Done, x.Total = done, total
	})
}

// Finish records the outcome: the report, or why it failed.
func (d *Drafts) Finish(id string, r *Report, failure error) error {
	return d.change(id, "report.draft_done", func(x *Draft) {
		x.Running, x.Report, x.Ended = false, r, time.Now().UTC()
		x.Problem, x.Err = nil, ""
		if failure != nil {
			if p, ok := problem.As(failure); ok {
				x.Problem = p
			} else {
				x.Err = failure.Error()
			}
		}
	})
}

// change updates draft id in one transaction, audited as action unless
// action is "". A draft that is gone (pruned, forgotten) is left gone.
func (d *Drafts) change(id, action string, fn func(x *Draft)) error {
	return d.db.Update("system:report", func(tx *store.Tx) error {
		var x Draft
		err := tx.Get(bucketDrafts, []byte(id), &x)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		fn(&x)
		x.Ended = x.Ended.UTC()
		if err := tx.Put(bucketDrafts, []byte(id), x); err != nil {
			return err
		}
		if action == "" {
			return nil
		}
		return tx.Audit(action, "report/"+id, nil, map[string]any{"kind": x.Period.Kind, "period": x.Period.Key, "ok": x.Failure() == nil})
	})
}

// Get returns the draft id.
func (d *Drafts) Get(id string) (Draft, bool, error) {
	var x Draft
	err := d.db.View(func(tx *store.Tx) error { return tx.Get(bucketDrafts, []byte(id), &x) })
	if errors.Is(err, store.ErrNotFound) {
		return Draft{}, false, nil
	}
	return x, err == nil, err
}

// List returns the drafts, newest first, and forgets the finished ones
// older than DraftKeep and the oldest finished beyond DraftMax.
func (d *Drafts) List(now time.Time) ([]Draft, error) {
	var keep, drop []Draft
	err := d.db.View(func(tx *store.Tx) error {
		all, err := store.All[Draft](tx, bucketDrafts)
		keep, drop = prune(all, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(drop) > 0 {
		// Forgetting is housekeeping: a store that refuses writes still
		// shows the list.
		_ = d.db.Update("system:report", func(tx *store.Tx) error {
			for _, x := range drop {
				if err := tx.Delete(bucketDrafts, []byte(x.ID)); err != nil {
					return err
				}
			}
			return nil
		})
	}
	slices.SortFunc(keep, func(a, b Draft) int { return b.Started.Compare(a.Started) })
	return keep, nil
}

// prune splits drafts into those kept and those to forget.
func prune(all []Draft, now time.Time) (keep, drop []Draft) {
	cut := now.Add(-DraftKeep)
	var done []Draft
	for _, x := range all {
		switch {
		case x.Running:
			keep = append(keep, x)
		case x.Ended.Before(cut):
			drop = append(drop, x)
		default:
			done = append(done, x)
		}
	}
	slices.SortFunc(done, func(a, b Draft) int { return b.Ended.Compare(a.Ended) })
	room := max(DraftMax-len(keep), 0)
	if len(done) > room {
		drop = append(drop, done[room:]...)
		done = done[:room]
	}
	return append(keep, done...), drop
}

// Interrupted returns the drafts a restart left running (none is being
// built at start) and counts the interruption on each; the caller builds
// them again.
func (d *Drafts) Interrupted() ([]Draft, error) {
	var running []Draft
	err := d.db.View(func(tx *store.Tx) error {
		all, err := store.All[Draft](tx, bucketDrafts)
		for _, x := range all {
			if x.Running {
				running = append(running, x)
			}
		}
		return err
	})
	if err != nil || len(running) == 0 {
		return nil, err
	}
	err = d.db.Update("system:report", func(tx *store.Tx) error {
		for i := range running {
			running[i].Restarted++
			running[i].Done = 0
			if err := tx.Put(bucketDrafts, []byte(running[i].ID), running[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return running, err
}
