package importjob

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

// numbers is a test kind: each row is a number, written to the bucket
// "numbers" under itself; a number the kind is told to refuse stops the
// job with a problem.
func numbers(refuse map[int]bool) Kind {
	return Kind{Name: "numbers", Action: "numbers.import", Apply: func(tx *store.Tx, _ Job, rows []json.RawMessage, counts map[string]int) error {
		for _, raw := range rows {
			var n int
			if err := json.Unmarshal(raw, &n); err != nil {
				return err
			}
			if refuse[n] {
				return problem.New("", "test.refused", "N", n).AtLine(n, "")
			}
			if err := tx.Put("numbers", store.IDKey(uint64(n)), n); err != nil {
				return err
			}
			counts["written"]++
		}
		return nil
	}}
}

func startNumbers(t *testing.T, db *store.DB, k Kind, n int) Job {
	t.Helper()
	job, err := Start(db, "tester", k, "numbers.csv", func(tx *store.Tx) (Plan, error) {
		var p Plan
		for i := 1; i <= n; i++ {
			p.Rows = append(p.Rows, json.RawMessage(fmt.Sprint(i)))
		}
		p.Info = map[string]string{"format": "test"}
		return p, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return job
}

func count(t *testing.T, db *store.DB) int {
	t.Helper()
	n := 0
	db.View(func(tx *store.Tx) error { n = tx.Count("numbers"); return nil })
	return n
}

// TestChunksWithProgress: 1,234 rows are written in three chunks, each
// reported; the journal is empty after, and one audit entry says the
// import finished.
func TestChunksWithProgress(t *testing.T) {
	db := storetest.Open(t, store.Options{})
	job := startNumbers(t, db, numbers(nil), 1234)
	if job.Chunks != 13 || job.Rows != 1234 || job.State != StateRunning {
		t.Fatalf("started: %+v", job)
	}
	var seen []int
	done, err := NewRunner(db, nil, numbers(nil)).Run(context.Background(), job.ID, func(j Job) { seen = append(seen, j.Done) })
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) == 0 || seen[len(seen)-1] != 1234 || !slices.IsSorted(seen) || done.State != StateDone || done.Counts["written"] != 1234 || done.Percent() != 100 {
		t.Fatalf("progress %v, job %+v", seen, done)
	}
	for _, n := range seen[:len(seen)-1] {
		if n%ChunkRows != 0 {
			t.Fatalf("progress %v: a step ended inside a chunk", seen)
		}
	}
	if n := count(t, db); n != 1234 {
		t.Fatalf("%d rows written", n)
	}
	db.View(func(tx *store.Tx) error {
		if left := tx.Count(bucketRows); left != 0 {
			t.Errorf("%d chunks left in the journal", left)
		}
		return nil
	})
	es, _ := db.AuditEntries(objectName(job.ID), 5)
	if len(es) != 2 || es[0].Action != "numbers.import" || es[1].Action != "import.start" {
		t.Fatalf("audit: %+v", es)
	}
}

// TestResumeAfterCrash: the process dies after the first chunk (the store
// is closed with the job running); at the next start Resume writes the
// rest, and no row is written twice.
func TestResumeAfterCrash(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	job := startNumbers(t, db, numbers(nil), 1100)
	ctx, cancel := context.WithCancel(context.Background())
	first := NewRunner(db, nil, numbers(nil))
	first.budget = 0 // one chunk a transaction
	got, err := first.Run(ctx, job.ID, func(Job) { cancel() })
	if !errors.Is(err, context.Canceled) || got.State != StateRunning || got.Done != ChunkRows {
		t.Fatalf("after the first step: %+v, %v", got, err)
	}
	db.Close() // the crash

	db, err = store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(t, db); n != got.Done {
		t.Fatalf("%d rows before resuming, the journal says %d", n, got.Done)
	}
	n, err := NewRunner(db, nil, numbers(nil)).Resume(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("resume: %d, %v", n, err)
	}
	final, _ := Get(db, job.ID)
	if final.State != StateDone || final.Counts["written"] != 1100 || count(t, db) != 1100 {
		t.Fatalf("after resume: %+v, %d rows", final, count(t, db))
	}
}

// TestStoppedJob: a chunk that fails rolls back whole and stops the job
// with its problem; after the cause is gone the office resumes it, or
// abandons the rest (what was written stays, the journal is emptied).
func TestStoppedJob(t *testing.T) {
	db := storetest.Open(t, store.Options{})
	refuse := map[int]bool{700: true}
	k := numbers(refuse)
	job := startNumbers(t, db, k, 1200)
	r := NewRunner(db, nil, k)
	r.budget = 0
	stopped, err := r.Run(context.Background(), job.ID, nil)
	if !problem.Is(err, "test.refused") || stopped.State != StateStopped || stopped.Done != 600 || !stopped.Problems.Has("test.refused") {
		t.Fatalf("stopped: %+v, %v", stopped, err)
	}
	if n := count(t, db); n != stopped.Done || n%ChunkRows != 0 {
		t.Fatalf("the failed step was not rolled back whole: %d rows, the journal says %d", n, stopped.Done)
	}
	if un, _ := Unfinished(db); len(un) != 1 {
		t.Fatalf("unfinished: %+v", un)
	}
	if n, _ := r.Resume(context.Background()); n != 0 {
		t.Fatal("a stopped job was resumed at start without the office")
	}
	delete(refuse, 700)
	if _, err := r.Reopen("office", job.ID); err != nil {
		t.Fatal(err)
	}
	done, err := r.Run(context.Background(), job.ID, nil)
	if err != nil || done.State != StateDone || count(t, db) != 1200 {
		t.Fatalf("after reopening: %+v, %v", done, err)
	}

	// Abandon: a second job stops, then is given up.
	refuse[1100] = true
	job2 := startNumbers(t, db, k, 1150)
	if _, err := r.Run(context.Background(), job2.ID, nil); err == nil {
		t.Fatal("want a stop")
	}
	if _, err := r.Abandon("office", job.ID); !errors.Is(err, ErrNotStopped) {
		t.Fatalf("abandon a finished job: %v", err)
	}
	ab, err := r.Abandon("office", job2.ID)
	if err != nil || ab.State != StateAbandoned || ab.Done != 1000 {
		t.Fatalf("abandon: %+v, %v", ab, err)
	}
	db.View(func(tx *store.Tx) error {
		if left := tx.Count(bucketRows); left != 0 {
			t.Errorf("%d chunks left after abandoning", left)
		}
		return nil
	})
	recent, _ := Recent(db, 10)
	if len(recent) != 2 || recent[0].ID != job2.ID {
		t.Fatalf("recent: %+v", recent)
	}
}

// TestRejectedWritesNothing: a check that refuses records no job.
func TestRejectedWritesNothing(t *testing.T) {
	db := storetest.Open(t, store.Options{})
	_, err := Start(db, "tester", numbers(nil), "bad.csv", func(tx *store.Tx) (Plan, error) {
		return Plan{}, problem.List{problem.New("", "test.refused")}
	})
	if !problem.Is(err, "test.refused") {
		t.Fatal(err)
	}
	if recent, _ := Recent(db, 5); len(recent) != 0 {
		t.Fatalf("a refused import left a job: %+v", recent)
	}
}

// TestStopKeepsGoodChunks: a transaction that writes several chunks and
// meets a failing one is not lost whole: the runner goes on a chunk a
// transaction, so the chunks before the failing one are written and the
// import stops exactly there.
func TestStopKeepsGoodChunks(t *testing.T) {
	db := storetest.Open(t, store.Options{})
	k := numbers(map[int]bool{650: true})
	job := startNumbers(t, db, k, 1000)
	stopped, err := NewRunner(db, nil, k).Run(context.Background(), job.ID, nil) // the default budget
	if err == nil || stopped.State != StateStopped || stopped.Done != 600 || count(t, db) != 600 {
		t.Fatalf("stopped: done %d, %d rows, %v; want 600 written before the failing chunk", stopped.Done, count(t, db), err)
	}
}
