// Package intake owns 受理: the service catalog (事项, with the six public
// items, 六公开), the cases (办件) registered against it, their flow from
// receipt to delivery, and their deadlines in working days.
//
//   - item.go, itemcsv.go: the catalog — each item's unit and windows, legal
//     basis, required materials (copies, original, required or
//     conditional), procedure, fees and fee basis, legal and promised time
//     limits in working days; a CSV import previewed before it is confirmed.
//   - idnumber.go: the GB 11643 check of a citizen ID number and its mask.
//     The full number is kept apart from the case (bucket intake.ids) and
//     read only through FullID, by the case's unit and the office; the case
//     itself, and so every list, audit entry and outbox record, carries the
//     masked number only (unless Settings.FullIDAllowed for the uploads).
//   - case.go, flow.go: Register (the case number per year, 2026-000123;
//     the owner is the first receiver and stays so) and Step, every move of
//     the flow (受理, 一次性告知/补正, 不予受理, 办理, 上报/转办/联办, 计时中止
//     for art. 45 periods, 决定, 办结/退回), timestamped with who did it and
//     the reference of its document.
//   - due.go: DueOf, the one function that computes a case's due date on the
//     working-day calendar (appliance/calendar).
//   - index.go, search.go, deadlines.go: the indexes written with each case
//     (received time, name, phone, item, status, the due date per unit) and
//     the paged reads over them — the search, due-soon and overdue lists,
//     and OverdueEvents for the assessment.
//
// Every write runs in one store transaction with an audit entry
// ("intake.item", "intake.items_import", "intake.register", "intake.step",
// "intake.doc", "intake.settings"; reading a full ID number "intake.read_id")
// and an outbox record ("intake.item", "case" with the masked number).
// Refusals are problems with keys in embedded/locales/intake.*.json.
//
// intake imports the standard library, appliance/store, appliance/problem,
// appliance/account (roles), appliance/staff (units and windows),
// appliance/csvin and appliance/calendar. Bucket names start with "intake.".
package intake
