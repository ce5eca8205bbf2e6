package importjob

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Kind is one sort of import: its name, the audit action of a finished
// import, and how a chunk of its rows is written.
type Kind struct {
	Name   string // "punches", "staff", "leave"
	Action string // the audit action of a finished import, "punch.import"
	// Apply writes rows (as Start recorded them) in tx and adds what it did
	// to counts ("imported", "duplicates", …). An error rolls the chunk
	// back and stops the job.
	Apply func(tx *store.Tx, job Job, rows []json.RawMessage, counts map[string]int) error
}

// Runner writes jobs, one at a time, with the kinds it knows.
type Runner struct {
	db     *store.DB
	log    *slog.Logger
	kinds  map[string]Kind
	mu     sync.Mutex    // held while a job writes
	budget time.Duration // StepBudget (tests shorten it to one chunk a step)
}

// NewRunner returns a runner over db for kinds.
func NewRunner(db *store.DB, logger *slog.Logger, kinds ...Kind) *Runner {
	if logger == nil {
		logger = slog.Default()
	}
	r := &Runner{db: db, log: logger, kinds: map[string]Kind{}, budget: StepBudget}
	for _, k := range kinds {
		r.kinds[k.Name] = k
	}
	return r
}

// DB is the store the runner writes to.
func (r *Runner) DB() *store.DB { return r.db }

// Run writes the job's remaining chunks, calling progress (when not nil)
// after each, and returns the job as it ended: done, stopped (a chunk
// failed: its problems or error are on the job, and returned), or still
// running when ctx ended between chunks (it resumes later). Jobs run one
// at a time; a second Run waits for the first.
func (r *Runner) Run(ctx context.Context, id uint64, progress func(Job)) (Job, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	budget := r.budget
	for {
		if err := ctx.Err(); err != nil {
			job, gerr := Get(r.db, id)
			if gerr != nil {
				return job, gerr
			}
			return job, err
		}
		job, more, err := r.step(id, budget)
		if err != nil && budget > 0 {
			// The step may have held good chunks before the failing one:
			// go on one chunk a transaction, so that those are written and
			// the import stops exactly at the chunk that fails.
			budget = 0
			continue
		}
		if err != nil {
			return r.stop(id, err)
		}
		if progress != nil {
			progress(job)
		}
		if !more {
			return job, nil
		}
	}
}

// step writes the job's next chunks in one transaction — as many as fit in
// budget, at least one — and reports whether more are left.
func (r *Runner) step(id uint64, budget time.Duration) (Job, bool, error) {
	var job Job
	more := false
	err := r.db.UpdateBulk(r.actorOf(id), func(tx *store.Tx) error {
		var err error
		if job, err = getTx(tx, id); err != nil {
			return err
		}
		if job.State != StateRunning {
			return nil
		}
		k, ok := r.kinds[job.Kind]
		if !ok {
			return fmt.Errorf("importjob: this bianmin cannot write imports of kind %q", job.Kind)
		}
		for start := time.Now(); job.ChunksDone < job.Chunks; {
			if err := r.writeChunk(tx, k, &job); err != nil {
				return err
			}
			if time.Since(start) >= budget {
				break
			}
		}
		if job.ChunksDone >= job.Chunks {
			job.State, job.Ended = StateDone, tx.Now().UTC()
			if err := tx.Audit(k.Action, objectName(id), nil, summaryOf(job)); err != nil {
				return err
			}
		}
		more = job.State == StateRunning
		return tx.Put(bucketJobs, store.IDKey(id), job)
	})
	return job, more, err
}

// writeChunk applies the job's next chunk, removes it from the journal and
// counts it.
func (r *Runner) writeChunk(tx *store.Tx, k Kind, job *Job) error {
	b, err := tx.Bucket(bucketRows)
	if err != nil {
		return err
	}
	key := chunkKey(job.ID, job.ChunksDone)
	data := b.Get(key)
	if data == nil {
		return fmt.Errorf("importjob: import %d has no chunk %d in its journal", job.ID, job.ChunksDone)
	}
	var rows []json.RawMessage
	if err := json.Unmarshal(data, &rows); err != nil {
		return fmt.Errorf("importjob: import %d chunk %d: %w", job.ID, job.ChunksDone, err)
	}
	if job.Counts == nil {
		job.Counts = map[string]int{}
	}
	if err := k.Apply(tx, *job, rows, job.Counts); err != nil {
		return err
	}
	if err := b.Delete(key); err != nil {
		return err
	}
	job.Done += len(rows)
	job.ChunksDone++
	return nil
}

// actorOf is who the job's writes are audited as: whoever started it.
func (r *Runner) actorOf(id uint64) string {
	if j, err := Get(r.db, id); err == nil {
		return j.By
	}
	return "system:import"
}

// stop records why the job stopped, and returns the job and that error.
// The stop itself is written as an essential write: when the storage is
// full, the job's page must still say so.
func (r *Runner) stop(id uint64, cause error) (Job, error) {
	var job Job
	err := r.db.UpdateEssential("system:import", func(tx *store.Tx) error {
		var err error
		if job, err = getTx(tx, id); err != nil {
			return err
		}
		job.State, job.Problems, job.Err = StateStopped, problem.All(cause), ""
		if len(job.Problems) == 0 {
			job.Err = cause.Error()
		}
		if err := tx.Put(bucketJobs, store.IDKey(id), job); err != nil {
			return err
		}
		return tx.Audit("import.stop", objectName(id), nil, map[string]any{"done": job.Done, "rows": job.Rows, "cause": cause.Error()})
	})
	if err != nil {
		r.log.Error("import stopped and its state could not be recorded", "import", id, "cause", cause, "err", err)
		return job, errors.Join(cause, err)
	}
	r.log.Warn("import stopped", "import", id, "kind", job.Kind, "file", job.Name, "done", job.Done, "rows", job.Rows, "cause", cause)
	return job, cause
}

// summaryOf is a finished job's audit summary.
func summaryOf(j Job) map[string]any {
	m := map[string]any{"file": j.Name, "import": j.ID, "rows": j.Rows}
	for k, v := range j.Counts {
		m[k] = v
	}
	if len(j.Info) > 0 {
		m["info"] = j.Info
	}
	return m
}

// Resume writes every job left running (a start after a power cut or a
// kill mid-import) and returns how many it finished. Stopped jobs wait for
// the office (ResumeStopped or Abandon).
func (r *Runner) Resume(ctx context.Context) (int, error) {
	jobs, err := Unfinished(r.db)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, j := range jobs {
		if j.State != StateRunning {
			continue
		}
		r.log.Info("resuming an import that did not finish", "import", j.ID, "kind", j.Kind, "file", j.Name, "done", j.Done, "rows", j.Rows)
		done, err := r.Run(ctx, j.ID, nil)
		if err != nil {
			r.log.Warn("resumed import stopped", "import", j.ID, "err", err)
			continue
		}
		if done.State == StateDone {
			n++
		}
	}
	return n, nil
}

// Reopen sets a stopped job running again (the office fixed the cause);
// Run then writes the rest.
func (r *Runner) Reopen(actor string, id uint64) (Job, error) {
	return r.transition(actor, id, "import.resume", func(tx *store.Tx, j *Job) error {
		j.State, j.Problems, j.Err = StateRunning, nil, ""
		return nil
	})
}

// Abandon gives up the rest of a stopped job: what was written stays (it
// is the office's to correct), the rest of the journal is deleted, and the
// audit log says how far the import got.
func (r *Runner) Abandon(actor string, id uint64) (Job, error) {
	return r.transition(actor, id, "import.abandon", func(tx *store.Tx, j *Job) error {
		b, err := tx.Bucket(bucketRows)
		if err != nil {
			return err
		}
		for c := j.ChunksDone; c < j.Chunks; c++ {
			if err := b.Delete(chunkKey(j.ID, c)); err != nil {
				return err
			}
		}
		j.State, j.Ended = StateAbandoned, tx.Now().UTC()
		return nil
	})
}

// ErrNotStopped: only a stopped job can be resumed or abandoned.
var ErrNotStopped = errors.New("importjob: the import is not stopped")

func (r *Runner) transition(actor string, id uint64, action string, change func(tx *store.Tx, j *Job) error) (Job, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var job Job
	err := r.db.Update(actor, func(tx *store.Tx) error {
		var err error
		if job, err = getTx(tx, id); err != nil {
			return err
		}
		if job.State != StateStopped {
			return ErrNotStopped
		}
		if err := change(tx, &job); err != nil {
			return err
		}
		if err := tx.Put(bucketJobs, store.IDKey(id), job); err != nil {
			return err
		}
		return tx.Audit(action, objectName(id), nil, map[string]any{"done": job.Done, "rows": job.Rows, "file": job.Name})
	})
	return job, err
}
