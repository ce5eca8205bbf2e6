package auditlog

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"bianmin/appliance/boxkey"
	"bianmin/appliance/store"
)

// Log is the audit log of one store, with the box's key to sign its head
// (nil in a command that found no key: then heads are unsigned).
type Log struct {
	db     *store.DB
	key    *boxkey.Key
	logger *slog.Logger

	mu    sync.Mutex
	last  *Check // the last full check of the chain
	check *Check // the check under way, nil when none
}

// New returns the log of db, signing with key (may be nil).
func New(db *store.DB, key *boxkey.Key) *Log { return &Log{db: db, key: key, logger: slog.Default()} }

// WithLogger makes the log report its checks to logger (a broken chain at
// error level) and returns it.
func (l *Log) WithLogger(logger *slog.Logger) *Log {
	l.logger = logger
	return l
}

// Key is the box's key (nil when the log has none).
func (l *Log) Key() *boxkey.Key { return l.key }

// Query is what the audit page asks for.
type Query = store.AuditQuery

// Page is one page of the log: each entry with its changes.
type Page struct {
	Rows         []Row
	Older, Newer string // cursors of the neighbouring pages ("" for none)
	// Stopped: the search looked at its bound of index keys before the
	// page was full; Older goes on from there.
	Stopped bool
	// Indexing: older entries are still being indexed (after an update),
	// so a search may miss some of them for now; IndexLeft is how many.
	Indexing  bool
	IndexLeft uint64
}

// Row is one entry as the page shows it.
type Row struct {
	store.AuditEntry
	Changes []Change
}

// Search returns one page of entries matching q, newest first.
func (l *Log) Search(q Query) (Page, error) {
	p, err := l.db.SearchAudit(q)
	if err != nil {
		return Page{}, err
	}
	out := Page{Older: p.Older.String(), Newer: p.Newer.String(), Stopped: p.Stopped}
	for _, e := range p.Entries {
		out.Rows = append(out.Rows, Row{AuditEntry: e, Changes: Changes(e.Before, e.After)})
	}
	if from := l.db.AuditIndexedFrom(); from > 1 {
		out.Indexing, out.IndexLeft = true, from-1
	}
	return out, nil
}

// Names lists the people (actors) and the actions that occur in the log,
// for the page's choices, at most limit of each.
func (l *Log) Names(limit int) (actors, actions []string, err error) {
	if actors, err = l.db.AuditNames(false, limit); err != nil {
		return nil, nil, err
	}
	actions, err = l.db.AuditNames(true, limit)
	return actors, actions, err
}

// Backfill indexes, in batches, the entries written before the search
// indexes existed, until done or ctx ends. It logs the start and the end.
func (l *Log) Backfill(ctx context.Context, logger *slog.Logger) {
	const batch = 2000
	started, first := time.Now(), true
	for ctx.Err() == nil {
		left, err := l.db.BackfillAuditIndex(batch)
		if err != nil {
			logger.Warn("index the audit log for search", "err", err)
			return
		}
		if first && left > 0 {
			logger.Info("indexing the audit log for search in the background", "left", left)
		}
		if left == 0 {
			if !first {
				logger.Info("audit log indexed for search", "took", time.Since(started).Round(time.Millisecond))
			}
			return
		}
		first = false
		select {
		case <-ctx.Done():
		case <-time.After(20 * time.Millisecond): // let other writers in
		}
	}
}
