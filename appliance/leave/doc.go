// Package leave owns leave records (请假): who is away, of which type
// (事假 personal, 病假 sick, 年休假 annual, 婚假 marriage, 产假 maternity,
// 探亲假 home visit, 丧假 bereavement, 公务/培训 official), from when to when
// (minute precision), and whether a sick leave's hospital certificate
// (诊断证明书) was handed in.
//
// For now leave is minimal: records are entered by the office or imported
// from a spreadsheet (ImportCSV), both already approved. Requests, approval
// tiers, quotas, substitutes and 销假 come later and will add fields, never
// change these.
//
// Leave.CountsAs applies the certificate rule (a sick leave of more than one
// day without a certificate counts as personal leave, regulation 000 第三篇
// 七(二)7); attendance's month builder calls it with the leave's length in
// working days, which this package cannot know.
//
// Every write runs in one store transaction with an audit entry
// ("leave.create" on "leave/<id>", "leave.import" on "import/leave") and an
// outbox record ("leave") for the county. Problems carry locale keys
// (embedded/locales/records.*.json, prefix "records.leave.").
//
// leave imports the standard library, appliance/store, appliance/staff,
// appliance/problem and appliance/csvin.
// Bucket names start with "leave.".
package leave
