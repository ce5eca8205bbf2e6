package store

// Helpers every domain package uses around a transaction: run a function
// that returns a value in one read or write transaction, and append the
// audit entry and the outbox entry of one write together.

// Read runs fn in one read transaction and returns what it returned.
func Read[T any](db *DB, fn func(tx *Tx) (T, error)) (T, error) {
	var out T
	err := db.View(func(tx *Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// Write runs fn in one write transaction for actor and returns what it
// returned once bbolt has committed; when fn or the commit fails it
// returns the zero T and the error (nothing was written).
func Write[T any](db *DB, actor string, fn func(tx *Tx) (T, error)) (T, error) {
	var out T
	err := db.Update(actor, func(tx *Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// AuditAndOutbox appends, in this transaction, the audit entry of one
// domain write (action on object, before and after) and the outbox entry
// of the given kind that carries after to the county.
func (tx *Tx) AuditAndOutbox(action, object, kind string, before, after any) error {
	if err := tx.Audit(action, object, before, after); err != nil {
		return err
	}
	return tx.Outbox(kind, after)
}
