// Package attendance owns punches (打卡记录) and, as later files add them,
// the rule presets that judge a day and a month, remedies, errands and
// objections.
//
// A punch is authoritative once written: it is never edited. Corrections are
// new records that point at it. Every punch is written with its audit and
// outbox entries in one transaction, and a device may acknowledge it to the
// person only after Record returns.
//
// attendance imports the standard library, appliance/store,
// appliance/staff and appliance/leave; never HTTP or device code, and not
// the calendar (working days come in through the WorkingDays interface).
// Devices reach it through Service.Record, wired in cmd.
package attendance
