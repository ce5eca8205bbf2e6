// Package schema lists the store's numbered migrations in order. Each
// migration is additive; store.Open backs the file up before running any
// that are pending. It imports appliance/store only: a migration touches
// buckets by name, and reads only the JSON fields it needs, so that it
// keeps working when domain types change later.
package schema

import "bianmin/appliance/store"

// Migrations returns every migration, numbered from 1.
func Migrations() []store.Migration {
	return []store.Migration{
		{Version: 1, Name: "foundation buckets", Up: createBuckets(
			"center", "users", "users_by_name", "sessions",
			"staff.units", "staff.unit_by_name", "staff.windows", "staff.window_by_number",
			"staff.members", "staff.staff_by_no")},
		{Version: 2, Name: "pending and decided indexes of remedies and objections",
			Up: decisionIndexes("attendance.remedies", "attendance.objections")},
		{Version: 3, Name: "leave requests: the id index, the pending (by next step) and decided indexes of leave",
			Up: leaveIndexes},
		{Version: 4, Name: "staff start and end dates in place of the active flag; the center's go-live date",
			Up: staffDates},
	}
}

// createBuckets makes empty top-level buckets.
func createBuckets(names ...string) func(tx *store.Tx) error {
	return func(tx *store.Tx) error {
		for _, n := range names {
			if _, err := tx.Bucket(n); err != nil {
				return err
			}
		}
		return nil
	}
}

// Latest is the schema version this build writes.
func Latest() int { return len(Migrations()) }
