package printjob

import (
	"bytes"

	"bianmin/appliance/store"
)

// Query asks for one page of jobs.
type Query struct {
	// Open lists the jobs still waiting (for the printer or for staff),
	// oldest first; otherwise every kept job, newest first.
	Open bool
	// Staff narrows the open list to the jobs waiting for staff (stale
	// tickets, failures that will not pass by themselves).
	Staff bool
	Page  int // 1-based, clamped
	Size  int // 0: all on one page
}

// Page is one page of jobs.
type Page struct {
	Jobs               []Job
	Total, Page, Pages int
}

// List returns one page of jobs, paged by the store over the open index or
// the jobs bucket.
func List(db *store.DB, q Query) (Page, error) {
	var out Page
	err := db.View(func(tx *store.Tx) error {
		sq := store.Query{Bucket: bucketJobs, Spans: []store.Span{{}}, Desc: true, Page: q.Page, Size: q.Size}
		if q.Open {
			sq = store.Query{Bucket: bucketOpen, Spans: []store.Span{{}}, Page: q.Page, Size: q.Size}
			if q.Staff {
				sq.Keep = func(_, v []byte) bool { return bytes.Equal(v, []byte(queueStaff)) }
			}
		}
		p, err := tx.Page(sq)
		if err != nil {
			return err
		}
		out.Total, out.Page, out.Pages = p.Total, p.Page, p.Pages
		for _, e := range p.Entries {
			var j Job
			if q.Open {
				if j, err = GetTx(tx, store.KeyID(e.Key)); err != nil {
					return err
				}
			} else if j, err = store.Decode[Job](bucketJobs, e.Key, e.Value); err != nil {
				return err
			}
			out.Jobs = append(out.Jobs, j)
		}
		return nil
	})
	return out, err
}

// Counts is how many jobs wait for the printer and how many for staff.
type Counts struct {
	Waiting int // the worker prints them when the printer is ready
	Staff   int // stale tickets, failures that need someone
}

// Count counts the open jobs from the index (no job is decoded).
func Count(db *store.DB) (Counts, error) {
	var c Counts
	err := db.View(func(tx *store.Tx) error {
		b, err := tx.Bucket(bucketOpen)
		if err != nil || b == nil {
			return err
		}
		return b.ForEach(func(_, v []byte) error {
			if bytes.Equal(v, []byte(queueStaff)) {
				c.Staff++
			} else {
				c.Waiting++
			}
			return nil
		})
	})
	return c, err
}
