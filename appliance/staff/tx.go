package staff

import (
	"strconv"

	"bianmin/appliance/store"
)

// update runs fn in one write transaction for actor and returns its result.
func update[T any](db *store.DB, actor string, fn func(tx *store.Tx) (T, error)) (T, error) {
	var out T
	err := db.Update(actor, func(tx *store.Tx) error {
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

// view runs fn in one read transaction and returns its result.
func view[T any](db *store.DB, fn func(tx *store.Tx) (T, error)) (T, error) {
	var out T
	err := db.View(func(tx *store.Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// record appends the audit entry and the outbox record of one write.
func record(tx *store.Tx, action, object, kind string, before, after any) error {
	if err := tx.Audit(action, object, before, after); err != nil {
		return err
	}
	return tx.Outbox(kind, after)
}

func unitObject(id uint64) string   { return "unit/" + strconv.FormatUint(id, 10) }
func windowObject(id uint64) string { return "window/" + strconv.FormatUint(id, 10) }
func staffObject(id uint64) string  { return "staff/" + strconv.FormatUint(id, 10) }

func countFunc[T any](xs []T, f func(T) bool) int {
	n := 0
	for _, x := range xs {
		if f(x) {
			n++
		}
	}
	return n
}
