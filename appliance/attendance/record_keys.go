package attendance

import "bianmin/appliance/problem"

// A remedy, errand, off-post record, objection, settings change or one
// line of a punch import that is refused comes back as a problem
// (appliance/problem) with one of these locale keys
// (embedded/locales/records.*.json, prefix "records.") and the arguments
// of its message, so that the rule that refused it can be shown in either
// language.

// refuse returns a problem about field as an error.
func refuse(field, key string, args map[string]any) error {
	return problem.WithArgs(field, key, args)
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
	keyRemedyNotWorkday   = "records.remedy.err.not_workday"
	keyRemedyTooLate      = "records.remedy.err.too_late"
	keyRemedyPunched      = "records.remedy.err.punched"
	keyRemedyLate         = "records.remedy.err.late"
	keyRemedyEarly        = "records.remedy.err.early"
	keyRemedyCovered      = "records.remedy.err.covered"
	keyRemedyTimeTaken    = "records.remedy.err.time_taken"
	keyNotFiler           = "records.err.not_filer"
	keyDecided            = "records.err.decided"
	keyBeforeGoLive       = "records.err.before_go_live"
	keyBeforeStart        = "records.err.before_start"
	keyAfterEnd           = "records.err.after_end"
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
