// Package civil reads civil dates ("2026-02-09": a day of the calendar,
// no time of day) as people type them in forms and spreadsheet cells, in
// one place for every form and import: 2026-02-09, 2026-2-9, 2026/2/9,
// 2026.2.9, 2026年2月9日 and 20260209, with full-width digits as a Chinese
// input method types them. A refusal is a problem (appliance/problem) with
// a date.err.* key (embedded/locales/date.*.json) that says what is wrong:
// nothing typed, not a date at all, a date that does not exist
// ("2026-02-30": February 2026 has 28 days), or a year outside the range
// the store records (store.MinRecordYear..store.MaxRecordYear).
//
// civil imports the standard library, golang.org/x/text, appliance/problem
// and appliance/store.
package civil
