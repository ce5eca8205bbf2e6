package intake

import "errors"

// Locale keys of the problems (embedded/locales/intake.*.json).
const (
	errNotOffice         = "intake.err.not_office"
	errNotYourUnit       = "intake.err.not_your_unit"
	errRequired          = "intake.err.required"
	errTooLong           = "intake.err.too_long"
	errCode              = "intake.err.code"
	errCodeTaken         = "intake.err.code_taken"
	errCategory          = "intake.err.category"
	errDays              = "intake.err.days"
	errPromisedOverLegal = "intake.err.promised_over_legal"
	errMaterialCount     = "intake.err.material_count"
	errMaterialTwice     = "intake.err.material_twice"
	errCopies            = "intake.err.copies"
	errUnit              = "intake.err.unit"
	errWindow            = "intake.err.window"
	errWindowUnit        = "intake.err.window_unit"
	errWindowCount       = "intake.err.window_count"
	errItem              = "intake.err.item"
	errPhone             = "intake.err.phone"
	errIDPrefix          = "intake.err.id_" // + IDCheck: length, chars, birth, checksum
	errIDReason          = "intake.err.id_reason"
	errActionState       = "intake.err.action_state"
	errNoMaterial        = "intake.err.no_material"
	errMissing           = "intake.err.missing"
	errOutcome           = "intake.err.outcome"
	errPaused            = "intake.err.paused"
	errNotPaused         = "intake.err.not_paused"
	errNoticeTwice       = "intake.err.notice_twice"
	errNothingMissing    = "intake.err.nothing_missing"
	errDay               = "intake.err.day"
	errDayBeforeAccept   = "intake.err.day_before_accept"
	errEndBeforeStart    = "intake.err.end_before_start"
	errExclKind          = "intake.err.exclusion_kind"
	errDocSet            = "intake.err.doc_set"
	errTicket            = "intake.err.ticket"
)

// ErrImportRejected is returned (wrapped, with the problems) by a catalog
// import whose file has problems: nothing was imported.
var ErrImportRejected = errors.New("catalog import rejected: nothing was imported")

// ErrPlanChanged is returned by ConfirmCSV when the catalog changed since
// the preview the office confirmed: nothing was written.
var ErrPlanChanged = errors.New("catalog import: the catalog changed since the preview")
