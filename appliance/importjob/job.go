package importjob

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// ChunkRows is how many rows the journal keeps in one chunk, the smallest
// step an import takes. A transaction writes chunks until StepBudget has
// passed (at least one), so a punch at the clock waits at most about that
// long for an import, on a fast box or a slow one, and a fast box still
// writes a year of punches in a few hundred transactions.
const ChunkRows = 100

// StepBudget is how long one transaction of an import goes on writing
// chunks.
const StepBudget = 150 * time.Millisecond

// Job states.
const (
	StateRunning   = "running"   // chunks left to write
	StateStopped   = "stopped"   // a chunk failed; resume or abandon
	StateDone      = "done"      // every row written
	StateAbandoned = "abandoned" // the rest was given up after a stop
)

// Job is one import as its page shows it.
type Job struct {
	ID         uint64          `json:"id"`
	Kind       string          `json:"kind"` // a Kind's Name
	Name       string          `json:"name"` // the file's name
	By         string          `json:"by"`
	Started    time.Time       `json:"started"`
	Ended      time.Time       `json:"ended,omitzero"`
	State      string          `json:"state"`
	Rows       int             `json:"rows"`        // rows to write
	Done       int             `json:"done"`        // rows written
	Chunks     int             `json:"chunks"`      // chunks in all
	ChunksDone int             `json:"chunks_done"` // chunks written
	Counts     map[string]int  `json:"counts,omitempty"`
	Params     json.RawMessage `json:"params,omitempty"` // the kind's options (time zone, dedupe window)
	Info       json.RawMessage `json:"info,omitempty"`   // what the kind reports beside the counts (the file's format)
	Problems   problem.List    `json:"problems,omitempty"`
	Err        string          `json:"err,omitempty"` // why it stopped, when not a problem
}

// Percent is the progress for a <progress> bar.
func (j Job) Percent() int {
	if j.Rows == 0 {
		return 100
	}
	return 100 * j.Done / j.Rows
}

// Finished reports whether nothing is left to do.
func (j Job) Finished() bool { return j.State == StateDone || j.State == StateAbandoned }

const (
	bucketJobs = "import.jobs" // IDKey(id) → Job
	bucketRows = "import.rows" // IDKey(id)|IDKey(chunk) → JSON array of rows
)

// ErrNotFound: no such job.
var ErrNotFound = errors.New("importjob: no such import")

// Plan is what Start records: the checked rows in the order they are to
// be written (each a JSON value the kind's Apply reads), and the kind's
// options and report.
type Plan struct {
	Rows   []json.RawMessage
	Params any
	Info   any
}

// Start runs check in one write transaction and, when it returns a plan,
// records the job and its rows in that same transaction. check reads the
// store and returns the rows to write, or the file's problems (an error
// holding a problem.List): then nothing is recorded and Start returns that
// error. The job is left running; Run writes it.
func Start(db *store.DB, actor string, k Kind, name string, check func(tx *store.Tx) (Plan, error)) (Job, error) {
	var job Job
	err := db.UpdateBulk(actor, func(tx *store.Tx) error {
		plan, err := check(tx)
		if err != nil {
			return err
		}
		job, err = StartTx(tx, k, name, plan)
		return err
	})
	if err != nil {
		return Job{}, err
	}
	return job, nil
}

// StartTx records, in tx, a running job of kind k that writes plan: for a
// caller that checks the file in its own write transaction (the staff
// import, whose check is also its preview's).
func StartTx(tx *store.Tx, k Kind, name string, plan Plan) (Job, error) {
	id, err := tx.NextID(bucketJobs)
	if err != nil {
		return Job{}, err
	}
	job := Job{ID: id, Kind: k.Name, Name: name, By: tx.Actor(), Started: tx.Now().UTC(), State: StateRunning,
		Rows: len(plan.Rows), Chunks: (len(plan.Rows) + ChunkRows - 1) / ChunkRows, Counts: map[string]int{}}
	if job.Params, err = marshal(plan.Params); err != nil {
		return Job{}, err
	}
	if job.Info, err = marshal(plan.Info); err != nil {
		return Job{}, err
	}
	rows, err := tx.Bucket(bucketRows)
	if err != nil {
		return Job{}, err
	}
	for c := 0; c < job.Chunks; c++ {
		data, err := json.Marshal(plan.Rows[c*ChunkRows : min((c+1)*ChunkRows, len(plan.Rows))])
		if err != nil {
			return Job{}, err
		}
		if err := rows.Put(chunkKey(id, c), data); err != nil {
			return Job{}, err
		}
	}
	if err := tx.Put(bucketJobs, store.IDKey(id), job); err != nil {
		return Job{}, err
	}
	return job, tx.Audit("import.start", objectName(id), nil, map[string]any{"kind": k.Name, "file": name, "rows": job.Rows})
}

func marshal(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	return json.Marshal(v)
}

func chunkKey(id uint64, chunk int) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, id)
	binary.BigEndian.PutUint64(k[8:], uint64(chunk))
	return k
}

func objectName(id uint64) string { return fmt.Sprintf("import/%d", id) }

// Get returns the job with id.
func Get(db *store.DB, id uint64) (Job, error) {
	var j Job
	err := db.View(func(tx *store.Tx) error {
		var err error
		j, err = getTx(tx, id)
		return err
	})
	return j, err
}

func getTx(tx *store.Tx, id uint64) (Job, error) {
	var j Job
	err := tx.Get(bucketJobs, store.IDKey(id), &j)
	if errors.Is(err, store.ErrNotFound) {
		return j, ErrNotFound
	}
	return j, err
}

// Recent returns up to limit jobs, newest first.
func Recent(db *store.DB, limit int) ([]Job, error) {
	var out []Job
	err := db.View(func(tx *store.Tx) error {
		b, err := tx.Bucket(bucketJobs)
		if err != nil || b == nil {
			return err
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var j Job
			if err := json.Unmarshal(v, &j); err != nil {
				return fmt.Errorf("decode import %d: %w", store.KeyID(k), err)
			}
			out = append(out, j)
		}
		return nil
	})
	return out, err
}

// Unfinished returns the jobs still running or stopped, oldest first.
func Unfinished(db *store.DB) ([]Job, error) {
	var out []Job
	err := db.View(func(tx *store.Tx) error {
		return tx.ForEach(bucketJobs, func(k, v []byte) error {
			var j Job
			if err := json.Unmarshal(v, &j); err != nil {
				return fmt.Errorf("decode import %d: %w", store.KeyID(k), err)
			}
			if !j.Finished() {
				out = append(out, j)
			}
			return nil
		})
	})
	return out, err
}
