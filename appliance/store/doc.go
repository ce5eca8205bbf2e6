// Package store owns the appliance's one bbolt file: opening it (with a lock
// timeout and a clear message when another process holds it), the schema
// version and numbered migrations (run at start after an automatic backup),
// typed JSON helpers, the hash-chained audit log, the outbox that domain
// writes append to in the same transaction, and online backup and restore.
//
// Every domain write goes through DB.Update (or Write, which returns the
// function's value), which hands the caller a Tx whose Audit and Outbox
// methods — together, AuditAndOutbox — append to the same bbolt
// transaction: a write is acknowledged only after bbolt has committed it to
// disk. Read is the read-only counterpart of Write.
//
// Lists are paged by key range (page.go): Tx.Page walks one or more spans
// of a bucket (one per person, say) merged in key order and returns one
// page and the total, decoding nothing; Tx.Prefixes finds the distinct
// staff ids of a bucket keyed staffID|…. No list page loads a whole bucket.
//
// The audit log (audit*.go): each entry is bounded (audit_bound.go) and
// indexed by time, by actor and by action as it is written
// (audit_index.go); SearchAudit pages it by cursor, newest first, over
// those indexes (audit_search.go), never counting the log.
//
// A damaged file is a state, not a crash (health.go, inspect.go): Open
// refuses a file cut short or with unreadable metas before bbolt maps it
// (QuickCheck), and a missing or empty one in a data directory that held a
// database (marker.go); every transaction turns a memory fault or a bbolt
// panic into ErrDamaged and marks the store damaged, which then refuses
// writes; FullCheck walks every page. Disk space (space.go): below a floor
// ordinary writes are refused with ErrDiskFull, while UpdateEssential (a
// punch at the clock, a login) goes on and may release the reserve file.
// Backups (snapshot.go) are checked copies in a temporary file, so that a
// download never holds the store; Restore (backup.go) checks the backup
// and works over any damaged file, which it keeps.
//
// store imports only the standard library, bbolt and appliance/problem
// (BoundTo for the audit entries' texts); every other appliance package
// may import it.
package store
