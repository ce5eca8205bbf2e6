package intake

// How cases are stored: the case by id, and beside it, written in the same
// transaction, one index per way the cases are looked for — so that every
// list is a key-range walk (store.Tx.Page), never a load of the cases:
//
//	intake.by_time    received(8)|id(8)
//	intake.by_name    name|0|received(8)|id(8)
//	intake.by_phone   phone|0|received(8)|id(8)
//	intake.by_item    item(8)|received(8)|id(8)
//	intake.by_status  status(1)|received(8)|id(8)
//	intake.by_unit    unit(8)|received(8)|id(8)
//
// each holding the case's summary (status, unit, item, window, category:
// summaryLen bytes) so that a filter on another field keeps or drops an
// entry without decoding the case; and
//
//	intake.due        unit(8)|due date(10)|id(8) → window(8)|kind(1)
//
// for the cases whose limit runs, by due date; intake.late keeps the limits
// met late (due date(10)|id(8) → OverdueEvent).

import (
	"encoding/binary"
	"time"

	"bianmin/appliance/store"
)

// Index buckets.
const (
	bucketByTime   = "intake.by_time"
	bucketByName   = "intake.by_name"
	bucketByPhone  = "intake.by_phone"
	bucketByItem   = "intake.by_item"
	bucketByStatus = "intake.by_status"
	bucketByUnit   = "intake.by_unit"
	bucketDue      = "intake.due"
	bucketLate     = "intake.late"
)

// summaryLen is the size of an index entry's value: status(1) unit(8)
// item(8) window(8) category(1).
const summaryLen = 26

func summary(c Case) []byte {
	v := make([]byte, summaryLen)
	v[0] = c.Status.code()
	binary.BigEndian.PutUint64(v[1:], c.UnitID)
	binary.BigEndian.PutUint64(v[9:], c.ItemID)
	binary.BigEndian.PutUint64(v[17:], c.WindowID)
	v[25] = byte(indexOf(Categories(), c.Category) + 1)
	return v
}

func indexOf[T comparable](xs []T, x T) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

// timeID is received(8)|id(8).
func timeID(c Case) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, uint64(c.ReceivedAt.UnixNano()))
	binary.BigEndian.PutUint64(k[8:], c.ID)
	return k
}

func textKey(s string, c Case) []byte { return append(append([]byte(s), 0), timeID(c)...) }

func idPrefixed(n uint64, c Case) []byte { return append(store.IDKey(n), timeID(c)...) }

// indexKeys are the case's keys in each search index.
func indexKeys(c Case) map[string][]byte {
	return map[string][]byte{
		bucketByTime:   timeID(c),
		bucketByName:   textKey(NormalizeName(c.Applicant.Name), c),
		bucketByPhone:  textKey(c.Applicant.Phone, c),
		bucketByItem:   idPrefixed(c.ItemID, c),
		bucketByStatus: append([]byte{c.Status.code()}, timeID(c)...),
		bucketByUnit:   idPrefixed(c.UnitID, c),
	}
}

// dueKey is unit(8)|date(10)|id(8).
func dueKey(c Case) []byte {
	k := append(store.IDKey(c.UnitID), c.DueDate...)
	return append(k, store.IDKey(c.ID)...)
}

// putCase stores c (before: the stored case, nil for a new one) with its
// due date worked out now and every index moved.
func (s *Service) putCase(tx *store.Tx, before, c *Case) error {
	d := DueOf(s.cal, *c, tx.Now())
	c.DueDate, c.DueKind = dueDate(d), d.Kind
	if before != nil {
		if err := s.noteLate(tx, *before, *c); err != nil {
			return err
		}
		if err := dropIndexes(tx, *before); err != nil {
			return err
		}
	}
	if err := tx.Put(bucketCases, store.IDKey(c.ID), c); err != nil {
		return err
	}
	v := summary(*c)
	for bucket, key := range indexKeys(*c) {
		b, err := tx.Bucket(bucket)
		if err != nil {
			return err
		}
		if err := b.Put(key, v); err != nil {
			return err
		}
	}
	nb, err := tx.Bucket(bucketNumber)
	if err != nil {
		return err
	}
	if err := nb.Put([]byte(c.Number), store.IDKey(c.ID)); err != nil {
		return err
	}
	if c.DueDate == "" {
		return nil
	}
	db, err := tx.Bucket(bucketDue)
	if err != nil {
		return err
	}
	return db.Put(dueKey(*c), append(store.IDKey(c.WindowID), dueKindCode(c.DueKind)))
}

func dropIndexes(tx *store.Tx, c Case) error {
	for bucket, key := range indexKeys(c) {
		b, err := tx.Bucket(bucket)
		if err != nil {
			return err
		}
		if err := b.Delete(key); err != nil {
			return err
		}
	}
	if c.DueDate == "" {
		return nil
	}
	b, err := tx.Bucket(bucketDue)
	if err != nil {
		return err
	}
	return b.Delete(dueKey(c))
}

func dueKindCode(k DueKind) byte {
	if k == DueNotice {
		return 'n'
	}
	return 'd'
}

// noteLate records a limit met late: the write that ends the limit the
// case was under (the notice issued, the case accepted or refused on
// intake; the decision) came after its due date.
func (s *Service) noteLate(tx *store.Tx, before, after Case) error {
	if before.DueDate == "" || after.DueKind == DueSuspended || after.DueKind == before.DueKind && after.DueDate != "" {
		return nil
	}
	today := tx.Now().In(s.cal.Location()).Format(store.DateLayout)
	if today <= before.DueDate {
		return nil
	}
	ev := eventOf(before)
	ev.MetAt = tx.Now().UTC()
	return tx.Put(bucketLate, append([]byte(before.DueDate), store.IDKey(before.ID)...), ev)
}

// OverdueEvent is a limit a case missed: the one-time notice (kind
// notice: not issued within NoticeDays of receipt — deemed accepted) or
// the promised decision (kind decision: 超时). MetAt is when the work was
// done after all; zero while the case is still late.
type OverdueEvent struct {
	CaseID       uint64    `json:"case_id"`
	Number       string    `json:"number"`
	ItemName     string    `json:"item_name"`
	UnitID       uint64    `json:"unit_id"`
	WindowID     uint64    `json:"window_id,omitempty"`
	Owner        string    `json:"owner"`
	OwnerStaffID uint64    `json:"owner_staff_id,omitempty"`
	Kind         DueKind   `json:"kind"`
	DueDate      string    `json:"due_date"`
	MetAt        time.Time `json:"met_at,omitzero"`
}

func eventOf(c Case) OverdueEvent {
	return OverdueEvent{CaseID: c.ID, Number: c.Number, ItemName: c.ItemName, UnitID: c.UnitID, WindowID: c.WindowID,
		Owner: c.Owner, OwnerStaffID: c.OwnerStaffID, Kind: c.DueKind, DueDate: c.DueDate}
}

// auditCase appends the audit entry and the outbox record of a case's
// write. Both carry the case as stored — the masked ID number only; the
// outbox record carries the full number when the county's setting allows.
func (s *Service) auditCase(tx *store.Tx, action string, before *Case, c Case) error {
	var b any
	if before != nil {
		b = *before
	}
	if err := tx.Audit(action, caseObject(c.ID), b, c); err != nil {
		return err
	}
	rec := CaseRecord{Case: c}
	set, err := settingsTx(tx)
	if err != nil {
		return err
	}
	if set.FullIDAllowed {
		if ids, _ := tx.Bucket(bucketIDs); ids != nil {
			rec.IDNumber = string(ids.Get(store.IDKey(c.ID)))
		}
	}
	return tx.Outbox(OutboxKind, rec)
}

// OutboxKind is the outbox kind of a case's records (appliance/uplink's
// known kind "case").
const OutboxKind = "case"

// CaseRecord is a case as uploaded to the county (outbox kind "case"): the case with the masked ID number, and the full number
// only when Settings.FullIDAllowed.
type CaseRecord struct {
	Case
	IDNumber string `json:"id_number,omitempty"`
}
