// Package assess owns the monthly 100-point assessment (月度百分考核) of
// every staff member (DOMAIN.md "Satisfaction and assessment"; regulation
// 003 line 273 "考核采取百分制,每月考核一次,年度进行一次总评").
//
//   - catalog.go: the deduction catalog as data — item, points, the
//     regulation it cites (file and line) and, for the items a rule feeds,
//     which rule — seeded from a preset (Presets), edited by the office
//     (SaveItem, SaveSettings, ChoosePreset), every change audited; with
//     the center's numbers: the objection window, how many 先进个人 a
//     quarter names and who is excluded.
//   - inspection.go: what inspectors observe on their rounds (time, staff,
//     item, note, an optional photo kept in the store like leave
//     attachments).
//   - rules.go: the rules that turn other domains' results into
//     deductions, each one function with a table test citing its
//     regulation: AttendanceDeductions (late, early, absence, off-post —
//     from attendance's judged month, never judged again here),
//     OverstayDeductions (leave returned late), CaseDeductions (overdue
//     cases; failed one-time notices with the 1st warning / 2nd
//     admonishment / 3rd send-back escalation), RatingDeductions (差评 and
//     最不满意人员).
//   - score.go: a staff member's month — every deduction with its
//     evidence, what upheld objections removed, the score — and the month
//     of everyone (Month), which the ranking and the reports read.
//
// Every write runs in one store transaction with an audit entry and, for
// inspections, objections and publications, an outbox record. assess
// imports appliance/store, problem, decision, staff, attendance, leave,
// intake and rating; no package imports assess but ui and cmd.
package assess
