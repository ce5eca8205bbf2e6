// Package auditlog is the audit log as people read it and as others check
// it, over the hash chain that appliance/store keeps:
//
//   - Search: one page of entries by person, action and date, newest
//     first, by key range over the store's indexes (never the whole log),
//     each entry's before/after as field changes (Changes).
//   - The signed head: the chain's last sequence number and hash, signed
//     with the box's ed25519 key (appliance/boxkey). It is printed on every
//     weekly notice and backup slip and will go with every upload, so a
//     head is held off the box. A head file (FormatHead, ParseHead) carries
//     it in text a technician can read.
//   - Checks: VerifyAgainst proves that today's chain extends a head taken
//     before, which is the only proof against someone who can write the
//     file: they can re-hash the whole chain and re-sign it with the box's
//     own key, but cannot change a head already printed and filed. The
//     last full check of the chain is kept for the pages (Checker).
//   - Backfill: entries written before the search indexes existed are
//     indexed in the background, newest first.
//
// It imports appliance/store, appliance/boxkey and the standard library.
package auditlog
