package attendance

import (
	"errors"
	"fmt"
	"strings"

	"bianmin/appliance/message"
)

// RecordProblem is why a remedy, errand, off-post record, objection,
// settings change or one line of a punch import was refused: a locale key
// (embedded/locales/records.*.json, prefix "records.") with the arguments
// of its message, so that the rule that refused it can be shown in either
// language. Line is the 1-based line of an imported file (0: not about one
// line).
type RecordProblem struct {
	Line  int            `json:"line,omitempty"`
	Field string         `json:"field,omitempty"`
	Key   string         `json:"key"`
	Args  map[string]any `json:"args,omitempty"`
	Value string         `json:"value,omitempty"` // the text as read
}

// Error gives the problem in English, for logs and the command line.
func (p *RecordProblem) Error() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d", p.Line)
		if p.Value != "" {
			fmt.Fprintf(&b, " (%q)", p.Value)
		}
		b.WriteString(": ")
	}
	b.WriteString(RecordEnglish(p.Key, p.Args))
	return b.String()
}

// refuse returns a *RecordProblem as an error.
func refuse(field, key string, args map[string]any) error {
	return &RecordProblem{Field: field, Key: key, Args: args}
}

// ProblemOf returns the *RecordProblem inside err, if any.
func ProblemOf(err error) (*RecordProblem, bool) {
	var p *RecordProblem
	ok := errors.As(err, &p)
	return p, ok
}

// recordMessages are the English texts of the records.* keys this package
// uses, for Error(). They equal embedded/locales/records.en.json; a test
// checks that.
var recordMessages = map[string]string{
	keyStaffUnknown:       "There is no such staff member",
	keyStaffInactive:      "{{.Name}} ({{.StaffNo}}) is inactive",
	keyReasonRequired:     "Enter the reason",
	keyReasonTooLong:      "The reason can have at most {{.Max}} characters",
	keyDateInvalid:        "Write the date like 2026-02-09",
	keyDateRange:          "{{.Value}} is outside the dates this box records (2000-01-01 to 2099-12-31); check the year",
	keyDateFuture:         "{{.Date}} has not come yet",
	keyPointInvalid:       "\"{{.Point}}\" is not a punch point of the current rules; choose one of {{.Points}}",
	keyPointOrTime:        "Give either the punch point or the time, not both and not neither",
	keyTimeOtherDay:       "The time must be on {{.Date}}",
	keyRemedyQuota:        "At most {{.Max}} remedies (补签) a month are allowed; {{.Used}} were already asked for in {{.Month}}",
	keyRemedyDuplicate:    "A remedy for {{.Point}} on {{.Date}} was already asked for",
	keyDecided:            "This was already decided ({{.Status}}) and cannot be changed",
	keyNotFound:           "No such record",
	keyErrandPast:         "An errand must be registered in advance: its start {{.Start}} is already past",
	keyErrandSpan:         "The errand must end after it starts, within {{.MaxHours}} hours",
	keyErrandOverlap:      "This overlaps {{.Name}}'s errand from {{.Start}} to {{.End}}",
	keyOffPostFuture:      "The off-post event cannot start in the future",
	keyOffPostDuration:    "The duration must be from 1 minute to {{.MaxHours}} hours",
	keyNoteTooLong:        "The note can have at most {{.Max}} characters",
	keyObjectionLate:      "Objections to a published weekly result must be raised within {{.Days}} days of its publication ({{.Published}}); this one is too late and void",
	keyObjectionEarly:     "The weekly result has not been published yet",
	keyObjectionWeek:      "{{.Date}} is not in the week of this notice ({{.WeekStart}} to {{.WeekEnd}})",
	keyObjectionSubject:   "Say what the objection is about: a punch point or an off-post record of that day",
	keyCorrectionKind:     "The correction must be on_time (with a punch point) or void_off_post (with an off-post record of that day)",
	keyOffPostNotThatDay:  "Off-post record {{.ID}} is not {{.Name}}'s on {{.Date}}",
	keySettingsRange:      "{{.Field}} must be from {{.Min}} to {{.Max}}",
	keySettingsPreset:     "The attendance rules are not valid; correct the marked fields",
	keyPresetUnknown:      "There is no built-in preset \"{{.Key}}\"",
	keyImportUnknownID:    "Clock user id {{.ID}} matches no staff number; add it to the mapping file (clock_id,staff_no) or correct the staff list",
	keyImportInactive:     "Clock user id {{.ID}} is {{.Name}} ({{.StaffNo}}), who is inactive",
	keyImportTime:         "Write the time like 2026-02-09 08:29:51",
	keyImportFuture:       "{{.Time}} is in the future; check the clock's date and time",
	keyImportLine:         "This line is neither \"staff_no,time\" nor an attlog.dat line (user id, tab, time, …)",
	keyImportFormat:       "The file is neither a punch CSV (staff_no,time) nor a ZKTeco attlog.dat",
	keyImportMapLine:      "Mapping file line {{.Line}}: write it as clock_id,staff_no",
	keyImportMapDuplicate: "Mapping file line {{.Line}}: clock id {{.ID}} is already mapped on line {{.First}}",
	keyImportMapStaff:     "Clock user id {{.ID}} is mapped to staff number {{.StaffNo}}, which is not in the staff list",
	keyImportEmpty:        "The file is empty",
	keyImportTooLarge:     "The file is larger than {{.MaxMB}} MB",
	keyImportTooManyRows:  "A file can have at most {{.Max}} rows; split it and import the parts one by one",
	keyImportEncoding:     "The file's encoding was not recognised; in Excel use Save As \"CSV UTF-8\" or \"CSV (comma delimited)\"",
}

// RecordEnglish renders a records.* key's English message with args; an
// unknown key renders as itself.
func RecordEnglish(key string, args map[string]any) string {
	return message.Render(recordMessages, key, args)
}

// Locale keys of the records this package keeps.
const (
	keyStaffUnknown       = "records.err.staff_unknown"
	keyStaffInactive      = "records.err.staff_inactive"
	keyReasonRequired     = "records.err.reason_required"
	keyReasonTooLong      = "records.err.reason_too_long"
	keyDateInvalid        = "records.err.date_invalid"
	keyDateRange          = "records.err.date_range"
	keyDateFuture         = "records.err.date_future"
	keyPointInvalid       = "records.err.point_invalid"
	keyPointOrTime        = "records.remedy.err.point_or_time"
	keyTimeOtherDay       = "records.remedy.err.time_other_day"
	keyRemedyQuota        = "records.remedy.err.quota"
	keyRemedyDuplicate    = "records.remedy.err.duplicate"
	keyDecided            = "records.err.decided"
	keyNotFound           = "records.err.not_found"
	keyErrandPast         = "records.errand.err.past"
	keyErrandSpan         = "records.errand.err.span"
	keyErrandOverlap      = "records.errand.err.overlap"
	keyOffPostFuture      = "records.offpost.err.future"
	keyOffPostDuration    = "records.offpost.err.duration"
	keyNoteTooLong        = "records.err.note_too_long"
	keyObjectionLate      = "records.objection.err.late"
	keyObjectionEarly     = "records.objection.err.not_published"
	keyObjectionWeek      = "records.objection.err.week"
	keyObjectionSubject   = "records.objection.err.subject"
	keyCorrectionKind     = "records.objection.err.correction_kind"
	keyOffPostNotThatDay  = "records.objection.err.off_post_other"
	keySettingsRange      = "records.settings.err.range"
	keySettingsPreset     = "records.settings.err.preset"
	keyPresetUnknown      = "records.settings.err.preset_unknown"
	keyImportUnknownID    = "records.punch_import.err.unknown_id"
	keyImportInactive     = "records.punch_import.err.inactive"
	keyImportTime         = "records.punch_import.err.time"
	keyImportFuture       = "records.punch_import.err.future"
	keyImportLine         = "records.punch_import.err.line"
	keyImportFormat       = "records.punch_import.err.format"
	keyImportMapLine      = "records.punch_import.err.map_line"
	keyImportMapDuplicate = "records.punch_import.err.map_duplicate"
	keyImportMapStaff     = "records.punch_import.err.map_staff"
	keyImportEmpty        = "records.import.err.empty"
	keyImportTooLarge     = "records.import.err.too_large"
	keyImportTooManyRows  = "records.import.err.too_many_rows"
	keyImportEncoding     = "records.import.err.encoding"
)
