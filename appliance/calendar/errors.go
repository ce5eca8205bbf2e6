package calendar

import "errors"

// Refusals are problems (appliance/problem) whose keys live in
// embedded/locales/calendar.*.json; a line of an imported notice has its
// Line and, when it helps, its Value as read.

// ErrImportRejected is returned (wrapped, with the problems) by
// ImportNotice when the file has problems: nothing was imported.
var ErrImportRejected = errors.New("calendar import rejected: nothing was imported")

// Locale keys of problems.
const (
	errReasonRequired = "calendar.err.reason_required"
	errReasonTooLong  = "calendar.err.reason_too_long"
	errTextInvalid    = "calendar.err.text_invalid"
	errNoOverride     = "calendar.err.no_override"
	errReadOnly       = "calendar.err.read_only"
	errEmpty          = "calendar.import.err.empty"
	errTooLarge       = "calendar.import.err.too_large"
	errEncoding       = "calendar.import.err.encoding"
	errSyntax         = "calendar.import.err.syntax"
	errDate           = "calendar.import.err.date"
	errRangeOrder     = "calendar.import.err.range_order"
	errRangeLong      = "calendar.import.err.range_long"
	errKind           = "calendar.import.err.kind"
	errNameRequired   = "calendar.import.err.name_required"
	errNameTooLong    = "calendar.import.err.name_too_long"
	errSourceTooLong  = "calendar.import.err.source_too_long"
	errWorkdayWeekday = "calendar.import.err.workday_weekday"
	errDuplicate      = "calendar.import.err.duplicate"
	errOutOfYear      = "calendar.import.err.out_of_year"
	errYear           = "calendar.import.err.year"
	errYearTwice      = "calendar.import.err.year_twice"
	errYearMismatch   = "calendar.import.err.year_mismatch"
	errConflict       = "calendar.import.err.conflict"
)
