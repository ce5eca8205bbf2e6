package printjob

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"bianmin/appliance/store"
	"bianmin/internal/backoff"
)

// ReasonUnknown words a failure the printer did not name.
const ReasonUnknown = "printjob.reason.unknown"

// Actor is who the worker's writes are recorded as.
const Actor = "device:printer"

// Printer is the ticket printer as the worker sees it; cmd wires the
// escpos driver to it, rendering a Doc for the model.
type Printer interface {
	// Ready reports whether the printer can print now (its real-time
	// status, read by the driver), and why not.
	Ready() bool
	// Print prints d; it reads the status before sending and refuses a
	// printer that cannot print. Errors are *PrintError.
	Print(ctx context.Context, d Doc) error
}

// PrintError is a failed try.
type PrintError struct {
	Reason Reason
	// Sent: the printer took the document and stopped in the middle (paper
	// ran out); it holds the rest and prints it when the fault clears.
	Sent bool
	// Permanent: the document cannot be printed on this printer (a
	// character no font draws); trying again will not help.
	Permanent bool
}

func (e *PrintError) Error() string {
	if e.Reason.Detail != "" {
		return e.Reason.Detail
	}
	return e.Reason.Key
}

// wake tells workers a job was submitted (on commit).
var wake = make(chan struct{}, 1)

func notify() {
	select {
	case wake <- struct{}{}:
	default:
	}
}

// Worker prints the waiting jobs one at a time, oldest first, while the
// printer is ready; it marks tickets that waited past their expiry stale
// and prunes old done jobs. It never holds a store transaction while
// printing.
type Worker struct {
	DB      *store.DB
	Printer Printer
	Logger  *slog.Logger
	// Poll is how often the printer's readiness and the store are looked
	// at while jobs wait; default 300 ms.
	Poll time.Duration
	// Retry paces tries after a printer that said it was ready failed
	// anyway; default 1 s doubling up to 30 s.
	Retry backoff.Policy
	// OnChange is called after every job state the worker writes (the
	// device page's list, the sim panel); may be nil; must not block.
	OnChange func(Job)

	mu   sync.Mutex
	held uint64 // a job the printer took and stopped in the middle of
}

// Run prints until ctx is done.
func (w *Worker) Run(ctx context.Context) error {
	if w.Poll <= 0 {
		w.Poll = 300 * time.Millisecond
	}
	if w.Retry.Initial <= 0 {
		w.Retry = backoff.Policy{Initial: time.Second, Max: 30 * time.Second}
	}
	if w.Logger == nil {
		w.Logger = slog.Default()
	}
	retry := backoff.New(w.Retry, backoff.Options{})
	lastPrune := time.Time{}
	for {
		wait := w.Poll
		if now := w.DB.Now(); now.Sub(lastPrune) > time.Hour {
			if n, err := Prune(w.DB, now.Add(-KeepDone)); err != nil {
				w.Logger.Warn("prune print jobs", "err", err)
			} else if n > 0 {
				w.Logger.Info("pruned old print jobs", "count", n)
			}
			lastPrune = now
		}
		busy, err := w.Step(ctx)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			wait = retry.Next()
			var pe *PrintError
			if !errors.As(err, &pe) {
				w.Logger.Warn("print job", "err", err)
			}
		case busy:
			retry.Reset()
			continue
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Step does one thing: marks stale tickets, finishes a job the printer
// held, or prints the oldest waiting job when the printer is ready. It
// reports whether it printed something (then another step may follow at
// once) and the error of a failed try.
func (w *Worker) Step(ctx context.Context) (printed bool, err error) {
	now := w.DB.Now()
	stale, err := ExpireStale(w.DB, now)
	if err != nil {
		return false, err
	}
	for _, j := range stale {
		w.changed(j)
	}
	ready := w.Printer.Ready()
	w.mu.Lock()
	held := w.held
	w.mu.Unlock()
	if held != 0 {
		if !ready {
			return false, nil
		}
		j, err := finish(w.DB, held, outcomeDone, Reason{})
		w.setHeld(0)
		if err == nil {
			w.changed(j)
		}
		return err == nil, err
	}
	if !ready {
		// Jobs wait as they are; the device page shows the printer's reason.
		return false, nil
	}
	j, ok, err := Claim(w.DB, now)
	if err != nil || !ok {
		return false, err
	}
	w.changed(j)
	perr := w.Printer.Print(ctx, j.Doc)
	if ctx.Err() != nil && perr != nil {
		// Shutting down in the middle: the job stays printing and is
		// tried again at the next start.
		return false, ctx.Err()
	}
	var pe *PrintError
	switch {
	case perr == nil:
		j, err = finish(w.DB, j.ID, outcomeDone, Reason{})
	case errors.As(perr, &pe) && pe.Sent:
		j, err = finish(w.DB, j.ID, outcomeHeld, pe.Reason)
		w.setHeld(j.ID)
	case errors.As(perr, &pe) && pe.Permanent:
		j, err = finish(w.DB, j.ID, outcomePermanent, pe.Reason)
	case errors.As(perr, &pe):
		j, err = finish(w.DB, j.ID, outcomeFailed, pe.Reason)
	default:
		j, err = finish(w.DB, j.ID, outcomeFailed, Reason{Key: ReasonUnknown, Detail: perr.Error()})
	}
	if err != nil {
		return false, err
	}
	w.changed(j)
	if perr != nil {
		return false, perr
	}
	return true, nil
}

func (w *Worker) setHeld(id uint64) {
	w.mu.Lock()
	w.held = id
	w.mu.Unlock()
}

func (w *Worker) changed(j Job) {
	if w.OnChange != nil {
		w.OnChange(j)
	}
}

// Claim takes the oldest job the worker may print, marks it printing
// (one more attempt) and returns it; ok is false when none waits. A
// ticket past its expiry is marked stale on the way (ExpireStale).
func Claim(db *store.DB, now time.Time) (j Job, ok bool, err error) {
	err = db.Update(Actor, func(tx *store.Tx) error {
		open, err := tx.Bucket(bucketOpen)
		if err != nil {
			return err
		}
		c := open.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if !bytes.Equal(v, []byte(queueAuto)) {
				continue
			}
			if j, err = GetTx(tx, store.KeyID(k)); err != nil {
				return err
			}
			if j.StaleAt(now) {
				continue // ExpireStale's, in its own transaction
			}
			j.State, j.Attempts, j.LastTry = StatePrinting, j.Attempts+1, now.UTC()
			ok = true
			return put(tx, j)
		}
		return nil
	})
	return j, ok, err
}

// outcome is how a try ended.
type outcome int

const (
	outcomeDone      outcome = iota
	outcomeHeld              // sent; the printer stopped in the middle and holds the rest
	outcomeFailed            // not printed; tried again when the printer is back
	outcomePermanent         // not printed; will not be tried again by itself
)

// finish records a try's outcome. A failure is audited when it is new
// (not the same reason again), a done job is not (the caller audited what
// it printed).
func finish(db *store.DB, id uint64, o outcome, reason Reason) (Job, error) {
	var j Job
	err := db.Update(Actor, func(tx *store.Tx) error {
		var err error
		if j, err = GetTx(tx, id); err != nil {
			return err
		}
		if !j.Open() {
			return nil // cancelled meanwhile
		}
		before := summarize(j)
		switch o {
		case outcomeDone:
			j.State, j.Reason, j.Permanent, j.Ended, j.EndedBy = StateDone, Reason{}, false, tx.Now().UTC(), Actor
			return put(tx, j)
		case outcomeHeld:
			j.State, j.Reason = StatePrinting, reason
			return put(tx, j)
		}
		permanent := o == outcomePermanent
		newFailure := j.State != StateFailed || j.Reason.Key != reason.Key || permanent != j.Permanent
		j.State, j.Reason, j.Permanent = StateFailed, reason, permanent
		if err := put(tx, j); err != nil {
			return err
		}
		if newFailure {
			return tx.Audit("printjob.fail", object(id), before, summarize(j))
		}
		return nil
	})
	return j, err
}

// ExpireStale marks stale every job the worker would print that expired
// before now (a queue ticket older than TicketStaleAfter), audited as the
// printer's, and returns them.
func ExpireStale(db *store.DB, now time.Time) ([]Job, error) {
	var ids []uint64
	err := db.View(func(tx *store.Tx) error {
		b, err := tx.Bucket(bucketOpen)
		if err != nil || b == nil {
			return err
		}
		return b.ForEach(func(k, v []byte) error {
			if !bytes.Equal(v, []byte(queueAuto)) {
				return nil
			}
			j, err := GetTx(tx, store.KeyID(k))
			if err != nil {
				return err
			}
			if j.StaleAt(now) {
				ids = append(ids, j.ID)
			}
			return nil
		})
	})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	var out []Job
	err = db.Update(Actor, func(tx *store.Tx) error {
		for _, id := range ids {
			j, err := GetTx(tx, id)
			if err != nil {
				return err
			}
			if !j.Auto() || !j.StaleAt(now) {
				continue
			}
			before := summarize(j)
			j.State, j.Ended, j.EndedBy = StateStale, now.UTC(), Actor
			if err := put(tx, j); err != nil {
				return err
			}
			if err := tx.Audit("printjob.stale", object(id), before, summarize(j)); err != nil {
				return err
			}
			out = append(out, j)
		}
		return nil
	})
	return out, err
}

// Prune deletes done and cancelled jobs that ended before cutoff (at
// most 1,000 a call). It looks in a read transaction first and writes
// only when there is something to delete.
func Prune(db *store.DB, cutoff time.Time) (int, error) {
	var drop [][]byte
	err := db.View(func(tx *store.Tx) error {
		b, err := tx.Bucket(bucketJobs)
		if err != nil || b == nil {
			return err
		}
		c := b.Cursor()
		for k, v := c.First(); k != nil && len(drop) < 1000; k, v = c.Next() {
			j, err := store.Decode[Job](bucketJobs, k, v)
			if err != nil {
				return err
			}
			if j.Created.After(cutoff) {
				break // ids grow with time: the rest are newer
			}
			if !j.Open() && j.Ended.Before(cutoff) {
				drop = append(drop, bytes.Clone(k))
			}
		}
		return nil
	})
	if err != nil || len(drop) == 0 {
		return 0, err
	}
	err = db.Update(Actor, func(tx *store.Tx) error {
		b, err := tx.Bucket(bucketJobs)
		if err != nil {
			return err
		}
		for _, k := range drop {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	return len(drop), err
}
