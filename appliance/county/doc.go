// Package county is countyd's store: the boxes registered with the county,
// the batches they upload (appliance/uplink) and the records, audit heads
// and flags kept from them, in countyd's own bbolt file (appliance/store).
//
// Layout (every key starts with the box's id, IDKey, so that one box's
// data is one key range):
//
//	county.boxes      IDKey(box)                        → Box
//	county.box_by_key fingerprint                       → IDKey(box)
//	county.epochs     box|epoch(16)                     → Epoch (acked, held, counts)
//	county.batches    box|epoch(16)|IDKey(seq)          → batchRec (a held one keeps its bytes)
//	county.records    box|IDKey(n)                      → Record, n = 1, 2, … per box in arrival order
//	county.record_ids box|sha256(record)                → IDKey(n) (each record stored once)
//	county.by_kind    box|kind|0|IDKey(n)               → nil (a box's records of one kind)
//	county.heads      box|IDKey(head seq)|hash[:8]      → Head (every distinct audit head received)
//	county.flags      IDKey(n)                          → Flag
//	county.flags_box  box|IDKey(n)                      → nil
//
// Receive is one bbolt transaction per batch (kill -9 leaves it stored or
// not), idempotent by box + epoch + sequence, with gaps held until filled.
// Roll-ups and drill-down (issue 16) read these buckets through the
// functions here; the web pages never open a transaction.
package county
