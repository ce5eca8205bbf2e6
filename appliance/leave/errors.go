package leave

import (
	"errors"
	"fmt"
	"strings"

	"bianmin/appliance/message"
)

// Problem is one thing wrong with a leave record or with one line of an
// import. Key is a locale key (embedded/locales/records.*.json); Args fill
// its message's template.
type Problem struct {
	Line  int            `json:"line,omitempty"` // 1-based line of the file; 0: not about one line
	Field string         `json:"field,omitempty"`
	Key   string         `json:"key"`
	Args  map[string]any `json:"args,omitempty"`
	Value string         `json:"value,omitempty"` // the cell as read
}

// Error gives the problem in English, for logs and the command line.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d", p.Line)
		if p.Field != "" {
			b.WriteString(", column " + p.Field)
		}
		if p.Value != "" {
			fmt.Fprintf(&b, " (%q)", p.Value)
		}
		b.WriteString(": ")
	}
	b.WriteString(English(p.Key, p.Args))
	return b.String()
}

// ErrImportRejected is returned (wrapped) by ImportCSV when the file has
// problems; ImportResult.Errors lists them and nothing was imported.
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

// englishMessages are the English texts of the keys, used by Error(). They
// equal embedded/locales/records.en.json; a test checks that.
var englishMessages = map[string]string{
	errUnknownStaff:   "There is no staff member with the number {{.StaffNo}}; import the staff list first or correct the number",
	errType:           "The leave type must be one of personal, sick, annual, marriage, maternity, home_visit, bereavement, official (or 事假, 病假, 年休假, 婚假, 产假, 探亲假, 丧假, 公务)",
	errTime:           "Write the time like 2026-02-09 08:30",
	errEndBeforeStart: "The leave must end after it starts",
	errTooLong:        "One leave record can last at most {{.Max}} days; split it",
	errDateRange:      "{{.Value}} is outside the dates this box records (2000-01-01 to 2099-12-31); check the year",
	errCertificate:    "Write yes or no (是 or 否) for the certificate",
	errOverlapStored:  "This leave overlaps leave already recorded for the same person ({{.Start}} to {{.End}})",
	errOverlapFile:    "This leave overlaps the same person's leave on line {{.First}}",
	errEmpty:          "The file is empty",
	errTooLarge:       "The file is larger than {{.MaxMB}} MB",
	errTooManyRows:    "A file can have at most {{.Max}} rows; split it and import the parts one by one",
	errEncoding:       "The file's encoding was not recognised; in Excel use Save As \"CSV UTF-8\" or \"CSV (comma delimited)\"",
	errSyntax:         "This line is not valid CSV (check for a stray quotation mark)",
	errMissingColumn:  "The column \"{{.Column}}\" is missing from the header row",
	errUnknownColumn:  "The column \"{{.Column}}\" is not recognised; delete it or correct its name",
	errCells:          "This row should have {{.Want}} cells, it has {{.Got}}",
}

// English renders a key's English message with args; an unknown key
// renders as itself.
func English(key string, args map[string]any) string {
	return message.Render(englishMessages, key, args)
}
