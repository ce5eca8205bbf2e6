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
