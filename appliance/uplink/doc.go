// Package uplink carries the box's records to the county center, both
// sides of the protocol:
//
//   - the box (box.go): outbox entries (appended by every domain write in
//     the same transaction, appliance/store) are packed in order into
//     batches — box id, epoch, a per-box-per-epoch sequence number, the
//     schema version, the created time, the signed audit head — filtered
//     for privacy (privacy.go: no fingerprint templates, ID numbers masked
//     unless the county allows them), signed with the box's ed25519 key
//     (batch.go) and kept until the county acknowledges them; only then
//     are the batch and its outbox entries deleted.
//   - the sender (send.go): POSTs batches to countyd over HTTPS (county CA
//     or pinned certificate; plain HTTP only to loopback or where the
//     county allows it), retrying with capped jittered backoff, honouring
//     Retry-After, logging each distinct error once.
//   - the stick (usb.go): unacknowledged batches and a manifest written to
//     a directory; the receipt countyd writes there acknowledges them.
//   - the county (receive.go, handler.go): the wire types and the HTTP
//     handler over a Receiver; appliance/county stores what it receives.
//
// Epochs: every restore of the box's store starts a new epoch
// (store.Tx.Epoch). Batches of the old epoch that were never acknowledged
// are dropped on the box and their outbox entries are packed again under
// the new epoch from sequence 1, so a rewound sequence is never mistaken
// for a duplicate; countyd recognises records it already holds by their
// content (RecordID) and stores each once.
package uplink
