// Package decision owns the storage shape and the read model of records
// that someone requests and an office decides — remedies (补签) and
// objections (异议) and leave (请假) now; 差评 follow-ups and case steps next:
//
//   - beside the kind's bucket, keyed owner|date|id (8-byte big-endian
//     staff id, date, record id), two indexes written in the same
//     transaction as the record (Put): <bucket>_pending holds the keys of
//     the pending records (date order), <bucket>_decided maps
//     owner|decidedAt|id to the record's key and its outcome;
//   - the two lists of a decision page (Lists): pending oldest date first,
//     decided newest decision first, for a Scope (everyone, or some staff),
//     one person and one outcome when asked, a page at a time — paged by
//     key range over the indexes (store.Tx.Page), never by loading the
//     bucket.
//
// Records decided in several steps (leave: the unit's slip, the office,
// the director, …) keep their pending entry's value as the stage — whose
// turn it is (PutPending) — and each approver's queue is the pending list
// at their stages (Query.Stages), read from the index without decoding a
// record.
//
// A decided record never changes again, so its decided entry never moves.
// Statuses and their meaning stay with each kind; here an outcome is the
// string the kind stores.
//
// decision imports the standard library and appliance/store only; every
// domain package that keeps such records may import it.
package decision
