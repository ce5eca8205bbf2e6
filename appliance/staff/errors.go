package staff

import (
	"errors"

	"bianmin/appliance/csvin"
)

// Refusals are problems (appliance/problem) whose keys live in
// embedded/locales/staff.*.json: "staff.err.*" for a field of a unit,
// window or staff member (Field "staff_no", "name", "unit", "window",
// "post", "position", "phone", "active", "number"), "staff.import.err.*"
// for a line of an imported file (Field the column, Line and Value as
// read). A save lists every problem found, not just the first.

// ErrImportRejected is returned (wrapped, with the problems) by ImportCSV
// when the file has problems; ImportResult.Errors lists them and nothing
// was imported.
var ErrImportRejected = errors.New("staff import rejected: nothing was imported")

// importFile is the staff list as a file.
var importFile = csvin.Format{
	MaxBytes: MaxImportBytes, MaxRows: MaxImportRows,
	TooLarge: "staff.import.err.too_large", Encoding: "staff.import.err.encoding", Empty: "staff.import.err.empty",
	Syntax: "staff.import.err.csv_syntax", TooManyRows: "staff.import.err.too_many_rows",
}
