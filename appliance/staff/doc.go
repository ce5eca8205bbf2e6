// Package staff owns the hall's staff registry: the units (窗口单位, the
// departments that staff windows), the numbered windows (窗口) each unit
// staffs, and the staff members (窗口工作人员) with their staff number (工号),
// post (A岗 regular / B岗 designated substitute), position (工作人员 /
// 窗口负责人 / 首席代表), phone, and the dates they joined the hall
// (进驻日期) and left it (离开日期). Staff are never deleted: attendance,
// leave and ratings point at them by id, so people who leave get an end
// date instead, which is what makes them inactive (Staff.Left). Units and
// windows that nothing refers to (a typo in an import) can be deleted.
//
// Every write runs in one store transaction that also appends an audit entry
// ("staff.create", "unit.update", … on "staff/<id>", "unit/<id>",
// "window/<id>") and an outbox record for the county. Registry wraps each
// write in its own transaction; the *Tx functions (CreateStaffTx,
// StaffByNoTx, …) let other packages (accounts, demo seeding) write and look
// up staff inside a transaction of their own.
//
// Invalid input comes back as a problem.List (appliance/problem) whose
// problems carry a field, a locale key (embedded/locales/staff.*.json) and
// its arguments, so the web UI can show each problem next to its field in
// the user's language.
//
// ImportCSV and ExportCSV move the staff list in and out of spreadsheets
// (UTF-8 with or without BOM, GBK/GB18030 as Excel on Chinese Windows saves
// it, UTF-16 "Unicode text"); an import is validated whole — a file with any
// problem writes nothing — and then written in chunks through the import
// journal (appliance/importjob, ImportKind), which finishes it after a
// power cut. PreviewCSV says what a file would create and change without
// writing; ConfirmCSV applies it only while it still does what the
// confirmed preview said.
//
// staff imports the standard library, golang.org/x/text (full-width
// forms), appliance/problem, appliance/civil, appliance/csvin,
// appliance/importjob and appliance/store. It does no HTTP and no device
// I/O.
package staff
