// Package printjob keeps the hall's print jobs: every receipt the ticket
// printer is to print (queue tickets, short forms, slips, work cards)
// is first a job in the store, so nothing is silently lost when the
// printer is out of paper, its cover is open or it is unplugged.
//
//   - Doc is a neutral receipt document — lines of text in a Style
//     (alignment, bold, magnification), rows with a value at the right
//     margin, rules, QR payloads, feeds and cuts — stored as JSON with the
//     job. The layouts of the hall's receipts (Ticket, Slip, Notice,
//     WorkCard) build one. The driver (hw/escpos) renders it for the
//     printer's model in cmd; this package imports no hardware.
//   - Submit records a job inside the caller's write transaction, so a
//     queue ticket and its print job commit together (or neither does).
//   - A job is queued, printing, done, failed (with the printer's reason,
//     retried when the printer is back), stale (a queue ticket older than
//     TicketStaleAfter is not printed late but listed for staff) or
//     cancelled. Staff cancel or retry a job (audited); retrying a stale
//     ticket prints it as it is, late, because someone decided so.
//   - The worker (Worker, wired in cmd to the printer) takes the oldest
//     waiting job when the printer is ready, marks it printing, prints it
//     and marks it done or failed; a job the printer took but stopped in
//     the middle of (paper ran out) stays printing with the reason and is
//     done once the printer says it is ready again (it holds the rest and
//     prints it after the paper is loaded).
//   - Lists are paged by the store over the jobs bucket (newest first) and
//     over the index of open jobs (oldest first), never by loading the
//     bucket.
//
// Buckets: printjob.jobs (IDKey(id) → Job), printjob.open (IDKey(id) →
// the job's queue: "auto" while the worker may print it, "staff" while it
// waits for staff). Done and cancelled jobs are pruned after KeepDone.
//
// printjob imports the standard library, appliance/store and
// appliance/problem only.
package printjob
