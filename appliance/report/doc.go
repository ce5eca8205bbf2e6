// Package report owns the attendance reports the center publishes
// (DOMAIN.md "Attendance: publication"): the weekly notice (周通报), the
// monthly summary (月汇总) with one letter per home unit (致派驻单位函), and
// the quarterly result (季考核).
//
// Build turns a period's judgement (attendance.BuildMonth under the center's
// preset and the working-day calendar) into a Report: plain data, language
// neutral (remarks are locale keys with arguments, dates carry their
// calendar.Day), and stored as JSON when published. Publish freezes a
// report as a numbered revision (1, 2, …) of its period with who and when,
// in one transaction with an audit entry and an outbox record carrying the
// whole report; a later correction never changes a revision, it needs a
// new one.
//
// Layout turns a Report into a Document — titled sections of tables and
// letters, in one language through a Translator — which WritePDF (gofpdf,
// A4, in the font the caller passes in PDFOptions) and WriteXLSX
// (excelize) write and the web pages show. Layout and the writers never
// read the store.
//
// The leave documents (leave_layout.go, leave_pdf.go): the leave slip
// (请假条) with its approval trail and the substitute's work card
// (临时工作证), each one A4 page written with the font passed in, and the
// month's leave register per unit (a Document for WritePDF and WriteXLSX).
//
// report imports the standard library, appliance/store, attendance,
// calendar, center, leave, staff, gofpdf and excelize; never HTTP, and
// never embedded (cmd and ui pass the font in). Bucket names start with
// "report.".
package report
