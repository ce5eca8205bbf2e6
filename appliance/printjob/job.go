package printjob

import (
	"errors"
	"fmt"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Kinds of jobs. The kind says how the list words the job and which rules
// apply (a ticket goes stale).
const (
	KindTicket   = "ticket"   // a queue ticket: stale after TicketStaleAfter
	KindSlip     = "slip"     // a short form, a receipt of something done
	KindNotice   = "notice"   // a printed notice
	KindWorkCard = "workcard" // a substitute's temporary work card
	KindTest     = "test"     // a test page from the device page
)

// Kinds lists the kinds, for the locale check.
var Kinds = []string{KindTicket, KindSlip, KindNotice, KindWorkCard, KindTest}

// TicketStaleAfter is how long a queue ticket may wait for the printer. A
// ticket not printed by then is not printed late — the citizen has gone
// or taken another number, and a late ticket would come out in the hands
// of the next person — but listed for staff, who cancel it or print it
// anyway (DECISIONS.md, "Print jobs").
const TicketStaleAfter = 10 * time.Minute

// KeepDone is how long done and cancelled jobs are kept for the list.
const KeepDone = 30 * 24 * time.Hour

// Job states.
const (
	StateQueued    = "queued"    // waiting for the printer
	StatePrinting  = "printing"  // sent, or being sent; Reason set when the printer stopped in the middle
	StateDone      = "done"      // printed
	StateFailed    = "failed"    // the last try failed (Reason); retried when the printer is back unless Permanent
	StateStale     = "stale"     // a ticket that waited too long: listed for staff, not printed late
	StateCancelled = "cancelled" // cancelled by staff
)

// States lists the states, for the locale check.
var States = []string{StateQueued, StatePrinting, StateDone, StateFailed, StateStale, StateCancelled}

// Reason is why a try failed, as the pages word it: a locale key (the
// printer's condition, "escpos.status.paper_out") and its arguments; the
// Detail is the driver's English for the technician.
type Reason struct {
	Key    string         `json:"key,omitempty"`
	Args   map[string]any `json:"args,omitempty"`
	Detail string         `json:"detail,omitempty"`
}

// Job is one receipt to print.
type Job struct {
	ID      uint64    `json:"id"`
	Kind    string    `json:"kind"`
	Title   string    `json:"title"`         // what the list shows, e.g. "A012 综合业务"
	Ref     string    `json:"ref,omitempty"` // the caller's object, e.g. "queue/ticket/17"
	Doc     Doc       `json:"doc"`
	By      string    `json:"by"`
	Created time.Time `json:"created"`
	// Expires is when the job is no longer printed by itself (a ticket's
	// TicketStaleAfter); zero: never.
	Expires   time.Time `json:"expires,omitzero"`
	State     string    `json:"state"`
	Reason    Reason    `json:"reason,omitzero"`
	Permanent bool      `json:"permanent,omitempty"` // the failure will not pass by itself (the document cannot be printed)
	Attempts  int       `json:"attempts,omitempty"`
	LastTry   time.Time `json:"last_try,omitzero"`
	Ended     time.Time `json:"ended,omitzero"` // done, stale or cancelled at
	EndedBy   string    `json:"ended_by,omitempty"`
}

// Open reports whether the job is still waiting for something: the
// printer or staff.
func (j Job) Open() bool {
	switch j.State {
	case StateDone, StateCancelled:
		return false
	}
	return true
}

// Auto reports whether the worker prints the job by itself (when the
// printer is ready); otherwise it waits for staff.
func (j Job) Auto() bool {
	switch j.State {
	case StateQueued, StatePrinting:
		return true
	case StateFailed:
		return !j.Permanent
	}
	return false
}

// StaleAt reports whether the job may no longer be printed by itself at
// now: it expired before it was printed.
func (j Job) StaleAt(now time.Time) bool {
	return !j.Expires.IsZero() && !now.Before(j.Expires) && j.State != StatePrinting
}

// Cancellable and Retryable say which staff actions the job offers.
func (j Job) Cancellable() bool { return j.Open() }
func (j Job) Retryable() bool   { return j.State != StateQueued && j.State != StatePrinting }

// Request is what a caller submits.
type Request struct {
	Kind  string
	Title string
	Ref   string
	Doc   *Doc
	// Expires overrides the kind's rule; zero: tickets expire
	// TicketStaleAfter after submission, other kinds never.
	Expires time.Time
}

const (
	bucketJobs = "printjob.jobs" // IDKey(id) → Job
	bucketOpen = "printjob.open" // IDKey(id) → queueAuto | queueStaff
	queueAuto  = "auto"
	queueStaff = "staff"
)

// Refusals.
var (
	ErrNotFound   = problem.New("", "printjob.err.not_found")
	ErrEmpty      = problem.New("", "printjob.err.empty")
	ErrKind       = problem.New("", "printjob.err.kind")
	ErrNotOpen    = problem.New("", "printjob.err.not_open")
	ErrNotRetried = problem.New("", "printjob.err.not_retryable")
)

// Submit records a print job in the caller's write transaction: it is
// printed only if the transaction commits, and a committed job is kept
// until it is printed or staff cancel it. It is audited with the caller's
// own entry (the ticket, the form), not again here.
func Submit(tx *store.Tx, r Request) (Job, error) {
	if r.Doc == nil || r.Doc.Empty() {
		return Job{}, ErrEmpty
	}
	if !known(r.Kind) {
		return Job{}, ErrKind
	}
	id, err := tx.NextID(bucketJobs)
	if err != nil {
		return Job{}, err
	}
	now := tx.Now().UTC()
	j := Job{ID: id, Kind: r.Kind, Title: r.Title, Ref: r.Ref, Doc: *r.Doc, By: tx.Actor(), Created: now,
		Expires: r.Expires.UTC(), State: StateQueued}
	if j.Expires.IsZero() && r.Kind == KindTicket {
		j.Expires = now.Add(TicketStaleAfter)
	}
	tx.Bolt().OnCommit(notify)
	return j, put(tx, j)
}

func known(kind string) bool {
	for _, k := range Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// put stores j and keeps the open index.
func put(tx *store.Tx, j Job) error {
	if err := tx.Put(bucketJobs, store.IDKey(j.ID), j); err != nil {
		return err
	}
	open, err := tx.Bucket(bucketOpen)
	if err != nil {
		return err
	}
	switch {
	case !j.Open():
		return open.Delete(store.IDKey(j.ID))
	case j.Auto():
		return open.Put(store.IDKey(j.ID), []byte(queueAuto))
	default:
		return open.Put(store.IDKey(j.ID), []byte(queueStaff))
	}
}

// GetTx returns the job with id.
func GetTx(tx *store.Tx, id uint64) (Job, error) {
	j, err := store.GetAs[Job](tx, bucketJobs, store.IDKey(id))
	if errors.Is(err, store.ErrNotFound) {
		return j, ErrNotFound
	}
	return j, err
}

// Get returns the job with id.
func Get(db *store.DB, id uint64) (j Job, err error) {
	err = db.View(func(tx *store.Tx) error {
		j, err = GetTx(tx, id)
		return err
	})
	return j, err
}

func object(id uint64) string { return fmt.Sprintf("printjob/%d", id) }

// auditSummary is what the audit log keeps of a job (not its document).
type auditSummary struct {
	Kind   string `json:"kind"`
	Title  string `json:"title"`
	Ref    string `json:"ref,omitempty"`
	State  string `json:"state"`
	Reason string `json:"reason,omitempty"`
}

func summarize(j Job) auditSummary {
	return auditSummary{Kind: j.Kind, Title: j.Title, Ref: j.Ref, State: j.State, Reason: j.Reason.Key}
}

// Cancel is staff cancelling an open job: it is not printed. Audited.
func Cancel(db *store.DB, actor string, id uint64) (Job, error) {
	var j Job
	err := db.Update(actor, func(tx *store.Tx) error {
		var err error
		if j, err = GetTx(tx, id); err != nil {
			return err
		}
		if !j.Cancellable() {
			return ErrNotOpen
		}
		before := summarize(j)
		j.State, j.Ended, j.EndedBy = StateCancelled, tx.Now().UTC(), actor
		if err := put(tx, j); err != nil {
			return err
		}
		return tx.Audit("printjob.cancel", object(id), before, summarize(j))
	})
	return j, err
}

// Retry is staff asking for a job to be printed again: a failed one, a
// cancelled one, one printed badly (jammed), or a stale ticket, which
// then prints late because someone decided so (it no longer expires).
// Audited.
func Retry(db *store.DB, actor string, id uint64) (Job, error) {
	var j Job
	err := db.Update(actor, func(tx *store.Tx) error {
		var err error
		if j, err = GetTx(tx, id); err != nil {
			return err
		}
		if !j.Retryable() {
			return ErrNotRetried
		}
		before := summarize(j)
		j.State, j.Reason, j.Permanent, j.Expires, j.Ended, j.EndedBy = StateQueued, Reason{}, false, time.Time{}, time.Time{}, ""
		if err := put(tx, j); err != nil {
			return err
		}
		tx.Bolt().OnCommit(notify)
		return tx.Audit("printjob.retry", object(id), before, summarize(j))
	})
	return j, err
}

// Print submits a job on its own, for a print that is not part of another
// write (a test page, a work card printed again): one write that records
// the job and audits it.
func Print(db *store.DB, actor string, r Request) (Job, error) {
	var j Job
	err := db.Update(actor, func(tx *store.Tx) error {
		var err error
		if j, err = Submit(tx, r); err != nil {
			return err
		}
		return tx.Audit("printjob.submit", object(j.ID), nil, summarize(j))
	})
	return j, err
}
