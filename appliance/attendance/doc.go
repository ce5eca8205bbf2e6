// Package attendance owns punches (打卡记录), the rule presets that judge a
// day and a month, and the records kept beside punches: remedies (补签),
// errands (外出备案), off-post records (脱岗) and objections (异议).
//
// Where things are: records.go stores the four record kinds (the Records
// service, keys staffID|time|id, the id index); remedies and objections,
// which someone requests and the office decides, keep appliance/decision's
// pending and decided indexes (decision.go); remedy_page.go,
// objection_page.go and the ErrandPage, OffPostMonth and PersonMonth
// functions answer what the pages ask, paged by key range. The remedy
// quota (remedyQuotaOf, RemedyQuotaTx), the remedy rules (remedy_rules.go:
// a working day, in time, a point with no punch), and the objection window
// (Settings.CheckObjectionWindow) are each one function that the request,
// the pages and any command call. Leave in the month (month_leave.go):
// only approved leave covers, up to its return; overstay is marked; the
// handover to a substitute is judged by JudgeHandover (handover.go) from
// the punches, for the month and for today's dashboard
// (HandoversToday); LeaveSchedule gives leave the schedule it is measured
// on.
//
// Who is judged when (span.go): nobody before the center's go-live date
// (GoLiveTx), before the day they joined the hall or after the day they
// left (staff.Staff's start and end dates). The month builder applies it,
// so every page, report and command that judges does.
//
// A punch is authoritative once written: it is never edited. Corrections are
// new records that point at it. Every punch is written with its audit and
// outbox entries in one transaction, and a device may acknowledge it to the
// person only after Record returns.
//
// A punch at the fingerprint clock is an essential write
// (store.UpdateEssential): it goes on when the storage is nearly full. A
// punch import is checked whole, then written in chunks through the import
// journal (appliance/importjob, PunchImportKind).
//
// attendance imports the standard library, appliance/store,
// appliance/staff, appliance/leave, appliance/center (the go-live date),
// appliance/civil, appliance/decision and appliance/importjob; never HTTP
// or device code, and not the calendar (working days come in through the
// WorkingDays interface).
// Devices reach it through Service.Record, wired in cmd.
package attendance
