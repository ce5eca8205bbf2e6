package leave

import (
	"errors"

	"bianmin/appliance/csvin"
)

// Refusals are problems (appliance/problem) whose keys live in
// embedded/locales/records.*.json (prefix "records.leave." and the shared
// "records.import." of every import); Field is the column of the import
// (staff_no, type, start, end, certificate).

// ErrImportRejected is returned (wrapped, with the problems) by ImportCSV
// when the file has problems; ImportResult.Errors lists them and nothing
// was imported.
var ErrImportRejected = errors.New("leave import rejected: nothing was imported")

// Locale keys of problems.
const (
	errUnknownStaff   = "records.leave.err.unknown_staff"
	errType           = "records.leave.err.type"
	errTime           = "records.leave.err.time"
	errEndBeforeStart = "records.leave.err.end_before_start"
	errTooLong        = "records.leave.err.too_long"
	errDateRange      = "records.err.date_range"
	errCertificate    = "records.leave.err.certificate"
	errOverlapStored  = "records.leave.err.overlap_stored"
	errOverlapFile    = "records.leave.err.overlap_file"
	errEmpty          = "records.import.err.empty"
	errTooLarge       = "records.import.err.too_large"
	errTooManyRows    = "records.import.err.too_many_rows"
	errEncoding       = "records.import.err.encoding"
	errSyntax         = "records.import.err.csv_syntax"
	errMissingColumn  = "records.import.err.missing_column"
	errUnknownColumn  = "records.import.err.unknown_column"
	errCells          = "records.import.err.cells"
)

// importFile is a leave list as a file.
var importFile = csvin.Format{
	MaxBytes: MaxImportBytes, MaxRows: MaxImportRows,
	TooLarge: errTooLarge, Encoding: errEncoding, Empty: errEmpty, Syntax: errSyntax, TooManyRows: errTooManyRows,
}

// Locale keys of the request flow (embedded/locales/leave.*.json).
const (
	errNoStaff           = "leave.err.no_staff"
	errNotYours          = "leave.err.not_yours"
	errNotOffice         = "leave.err.not_office"
	errLate              = "leave.err.late"
	errLateReason        = "leave.err.late_reason"
	errNoWorkingTime     = "leave.err.no_working_time"
	errHalfHour          = "leave.err.half_hour"
	errTrainingType      = "leave.err.training_type"
	errTrainingDoc       = "leave.err.training_doc"
	errTextRequired      = "leave.err.text_required"
	errTextTooLong       = "leave.err.text_too_long"
	errExtensionUnknown  = "leave.err.extension_unknown"
	errExtensionState    = "leave.err.extension_state"
	errExtensionStart    = "leave.err.extension_start"
	errSubstituteSelf    = "leave.err.substitute_self"
	errSubstituteAway    = "leave.err.substitute_away"
	errSubstituteMissing = "leave.err.substitute_missing"
	errSubstituteRotate  = "leave.err.substitute_rotate"
	errQuotaStaff        = "leave.err.quota_staff"
	errQuotaChief        = "leave.err.quota_chief"
	errAnnualPiece       = "leave.err.annual_piece"
	errFileEmpty         = "leave.err.file_empty"
	errFileTooBig        = "leave.err.file_too_big"
	errFileType          = "leave.err.file_type"
	errFileCount         = "leave.err.file_count"
	errScanRequired      = "leave.err.scan_required"
	errNotPending        = "leave.err.not_pending"
	errStepUnknown       = "leave.err.step_unknown"
	errStepNotNext       = "leave.err.step_not_next"
	errStepRole          = "leave.err.step_role"
	errWithdrawState     = "leave.err.withdraw_state"
	errCloseState        = "leave.err.close_state"
	errClosed            = "leave.err.closed"
	errReturnBeforeStart = "leave.err.return_before_start"
	errReturnFuture      = "leave.err.return_future"
	errCloseExtension    = "leave.err.close_extension"
	errRulesKey          = "leave.err.rules_key"
	errRulesNoTiers      = "leave.err.rules_no_tiers"
	errRulesBound        = "leave.err.rules_bound"
	errRulesLastBound    = "leave.err.rules_last_bound"
	errRulesOrder        = "leave.err.rules_order"
	errRulesNoSteps      = "leave.err.rules_no_steps"
	errRulesStep         = "leave.err.rules_step"
	errRulesDays         = "leave.err.rules_days"
	errRulesRequests     = "leave.err.rules_requests"
	errRulesUnit         = "leave.err.rules_unit"
	errRulesHalf         = "leave.err.rules_half"
	errRulesHalves       = "leave.err.rules_halves"

	noteNoCalendar  = "leave.note.no_calendar"
	noteCertificate = "leave.note.certificate"
	noteSubstitute  = "leave.note.substitute"
)
