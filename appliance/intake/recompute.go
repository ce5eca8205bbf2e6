package intake

import (
	"time"

	"bianmin/appliance/store"
)

// RecomputeDueTx works the due date of every case whose limit runs (the
// intake.due index) and ends on or after from out again on the calendar
// cal, in the caller's transaction: a change of the working-day calendar
// — a holiday added or removed, a make-up day, a notice imported — moves
// the due dates it touches in the change's own transaction (a
// calendar.Follower, wired in cmd). A limit that ends before the first
// changed date counts the same working days on both calendars and is not
// read. A moved case is stored with its index entry moved, audited
// ("intake.due_moved") and sent to the county. Only the date moves here:
// a limit that ended or changed kind meanwhile (the notice limit run out:
// deemed accepted) is the flow's to record. It returns how many moved.
func RecomputeDueTx(tx *store.Tx, cal Workdays, from time.Time) (int, error) {
	first := from.In(cal.Location()).Format(store.DateLayout)
	var ids []uint64
	err := tx.ForEach(bucketDue, func(k, _ []byte) error {
		if string(k[8:len(k)-8]) >= first { // unit(8)|date(10)|id(8)
			ids = append(ids, store.KeyID(k[len(k)-8:]))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	s := &Service{cal: cal}
	moved := 0
	for _, id := range ids {
		before, err := GetTx(tx, id)
		if err != nil {
			return moved, err
		}
		d := DueOf(cal, before, tx.Now())
		date := dueDate(d)
		if d.Kind != before.DueKind || date == before.DueDate || date == "" {
			continue
		}
		b, err := tx.Bucket(bucketDue)
		if err != nil {
			return moved, err
		}
		if err := b.Delete(dueKey(before)); err != nil {
			return moved, err
		}
		c := before
		c.DueDate = date
		if err := tx.Put(bucketCases, store.IDKey(c.ID), c); err != nil {
			return moved, err
		}
		if err := b.Put(dueKey(c), append(store.IDKey(c.WindowID), dueKindCode(c.DueKind))); err != nil {
			return moved, err
		}
		if err := s.auditCase(tx, "intake.due_moved", &before, c); err != nil {
			return moved, err
		}
		moved++
	}
	return moved, nil
}
