// Package rating owns the citizens' ratings of a service at the window
// (好差评, 服务评价器) and what follows from them:
//
//   - flow.go: Flow, the rule that turns a window's presses into at most
//     one rating per service. Arm (the queue's finish, or the panel before
//     the queue is wired) arms a window for Settings.ArmSeconds; a press
//     becomes the rating when no other press follows within SettleAfter
//     (1 s); NoiseCount (3) or more presses within NoiseSpan (2 s) are
//     noise and the window stays armed; a press while the window is not
//     armed is noise. Decide is the rule as a pure function. Flow keeps
//     its state in memory and hands what it decided to a Sink (the
//     Service) — contact bounce never reaches it (hw/button absorbs it).
//   - record.go: ratings and the citizens' comments are one append-only
//     chain (bucket rating.chain), each entry hashed with the previous
//     entry's hash like the audit log; Verify walks it. Nothing edits an
//     entry: a comment is a new entry that names its rating. The fields
//     are those a provincial 好差评 system exchanges (GB/T 39734-2020,
//     see docs/DECISIONS.md "Ratings"): case number, channel, rater, time,
//     count, level with its upload code, chosen options, comment, area
//     code.
//   - followup.go: each 差评 (the two lowest levels) opens a follow-up due
//     Settings.FollowUpDays working days later (appliance/calendar): a
//     callback where the rater left a name and contact, a verification
//     (核实) otherwise, the rectification and its result; overdue ones are
//     flagged; a citizen may reject the result once, and it goes to the
//     director.
//   - appraisal.go: each appraisal period names its 最不满意人员 by the
//     center's rule (the lowest satisfaction rate among staff with at
//     least MinRatings ratings, or the office's own appraisal recorded on
//     the box); a staff member named Settings.FlagTimes (3) times or more
//     is flagged with the evidence and recommended for return to their
//     unit (regulation 001 line 229).
//   - stats.go: satisfaction rate per window, staff member, service and
//     month.
//
// Read functions for the monthly assessment (appliance/assess): BadCountsTx
// (差评 per staff member in a month) and FlagsTx / NamedTx (最不满意人员).
//
// Every write runs in one store transaction with an audit entry
// ("rating.rate", "rating.comment", "rating.noise" is not audited but
// kept in rating.noise, "rating.fu_*", "rating.appraisal",
// "rating.settings") and, for ratings, comments, follow-ups and
// appraisals, an outbox record. rating imports appliance/store,
// appliance/problem and appliance/calendar only.
package rating
