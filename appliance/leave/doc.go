// Package leave owns leave (请假): who is away, of which type (事假
// personal, 病假 sick, 年休假 annual, 婚假 marriage, 产假 maternity, 探亲假
// home visit, 丧假 bereavement, 公务/培训 official), from when to when, and
// the whole way from the request to 销假:
//
//   - rules.go: the center's rules as data (Rules) — presets A, B, C of the
//     approval tiers (regulation 000 lines 88–91, 145–150; 004 line 355)
//     with editable bounds, the monthly quota (000 line 96), when a
//     substitute is needed (000 lines 106–110, 149; 003 line 237; 004 line
//     358), annual-leave pieces (000 line 95); settings.go stores them.
//   - length.go: Measure, a span's scheduled working time on a Schedule
//     (the calendar's working days and the attendance rules' sessions,
//     given by attendance.LeaveSchedule: this package cannot import
//     attendance), in minutes, days and halves of days.
//   - quota.go: one function per rule — Exempt, QuotaUseTx/checkQuota,
//     checkAnnualPiece, SubstituteNeeded.
//   - request.go, flow.go, close.go: Request (checks and the tier's
//     Steps), Approve (the next step by its role; an outside step recorded
//     by the office with the scanned slip), Reject, Withdraw,
//     SetSubstitute (rotation needs the office and a reason), AddFile,
//     Close (销假: overstay, the sick certificate rule).
//   - attach.go: attachments in the store (a bucket: backups carry them),
//     bounded, typed by their bytes (JPEG, PNG, PDF); the outbox names
//     them and never carries their bytes.
//   - page.go, register.go: what the pages ask (the decision lists with
//     each approver's queue, one leave, the waiting counts, the leave to
//     close, the month's register per unit).
//   - csv.go, csvimport.go: the spreadsheet import of approved leave.
//
// Only approved leave covers a day (attendance reads ApprovedTx);
// Leave.CountsAs applies the certificate rule. The handover to the
// substitute is judged in attendance (JudgeHandover) from punches.
//
// Every write runs in one store transaction with an audit entry
// ("leave.request", "leave.step", "leave.reject", "leave.withdraw",
// "leave.substitute", "leave.file", "leave.close", "leave.create",
// "leave.rules" on "leave/<id>"; a finished import "leave.import" on
// "import/<job>") and, for records, an outbox record ("leave"). An import
// is written in chunks through appliance/importjob (ImportKind). Records
// are keyed staffID|start|id with an id index and appliance/decision's
// pending (staged by the next step) and decided indexes. Problems carry
// locale keys (embedded/locales/leave.*.json, prefix "leave."; the
// import's in records.*.json).
//
// leave imports the standard library, appliance/store, appliance/staff,
// appliance/account (roles), appliance/decision, appliance/problem,
// appliance/csvin and appliance/importjob. Bucket names start with
// "leave.".
package leave
