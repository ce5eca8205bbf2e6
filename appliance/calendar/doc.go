// Package calendar owns working days (工作日): which calendar dates the
// service hall is open by the national rules, and what to call them.
//
// A working day is Monday to Friday, minus public holidays (法定节假日),
// plus make-up workdays (调休上班: a Saturday or Sunday that is a working
// day). The holidays and make-up days come from data, never from code:
//
//   - the State Council's yearly notices shipped in the binary
//     (embedded/holidays/YYYY.txt, passed to Load as an fs.FS);
//   - notices the office imports later (ImportNotice), stored in bbolt and
//     replacing the shipped notice of the same year;
//   - local overrides of single days (SetDay: a local closure, a day opened
//     by decision of the county), stored in bbolt, which win over both.
//
// The notice format (one line per day or range of days) is described in
// embedded/holidays/README.md and parsed by ParseNotice:
//
//	year 2026
//	source 国办发明电〔2025〕7号
//	2026-02-14 workday 春节调休上班 | Spring Festival make-up workday
//	2026-02-15..2026-02-23 holiday 春节 | Spring Festival
//
// All arithmetic is on civil dates (year, month, day) in the Calendar's
// location, never on 24-hour durations. Per-year tables with running counts
// of working days make AddWorkdays and WorkdaysBetween cost one step per
// year crossed. A Calendar is safe for concurrent use: readers see an
// immutable snapshot that writers replace after their transaction commits.
//
// Every write (SetDay, ClearOverride, ImportNotice) runs in one store
// transaction with an audit entry ("calendar.set_day", "calendar.clear_day",
// "calendar.import" on "calendar/<date>" or "calendar/notice/<year>") and an
// outbox record for the county. Refusals come back as problems
// (appliance/problem) carrying locale keys (embedded/locales/calendar.*.json)
// with arguments; an import with any problem is rejected whole
// (ErrImportRejected with the problem.List).
//
// calendar imports only the standard library, appliance/problem and
// appliance/store. Bucket
// names start with "calendar.".
package calendar
