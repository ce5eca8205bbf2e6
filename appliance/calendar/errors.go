package calendar

import (
	"fmt"
	"strings"

	"bianmin/appliance/message"
)

// Problem is one thing wrong with a request or with one line of an imported
// notice. Key is a locale key (embedded/locales/calendar.*.json); Args fill
// the message's template ({{.Date}}, {{.Max}}, …).
type Problem struct {
	Line  int            `json:"line,omitempty"` // 1-based line of the file; 0 when not about one line
	Key   string         `json:"key"`
	Args  map[string]any `json:"args,omitempty"`
	Value string         `json:"value,omitempty"` // the text as read, when it helps
}

// Error gives the problem in English, for logs.
func (p Problem) Error() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	b.WriteString(English(p.Key, p.Args))
	return b.String()
}

// ImportError is returned by ImportNotice when the file has problems:
// nothing was imported, and Problems lists every problem found, by line.
type ImportError struct {
	Problems []Problem
}

func (e *ImportError) Error() string {
	return fmt.Sprintf("calendar import rejected, nothing was imported: %d problem(s), the first: %v", len(e.Problems), e.Problems[0])
}

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

// englishMessages are the English texts of the problem keys, used by
// Error() for logs. They equal embedded/locales/calendar.en.json; a test
// checks that.
var englishMessages = map[string]string{
	errReasonRequired: "Enter the reason (for example \"closed for a power cut\")",
	errReasonTooLong:  "The reason can have at most {{.Max}} characters",
	errTextInvalid:    "This cannot contain \"|\", line breaks or other control characters",
	errNoOverride:     "{{.Date}} has no local change to remove",
	errReadOnly:       "The calendar is open read-only; stop the service and try again, or make the change in the web UI",
	errEmpty:          "The file contains no dates",
	errTooLarge:       "The file is larger than {{.MaxKB}} KB",
	errEncoding:       "The file is not UTF-8 text; in Notepad use Save As and choose the encoding UTF-8",
	errSyntax:         "This line is not understood; write it like \"2027-02-06 workday 春节调休上班 | Spring Festival make-up workday\"",
	errDate:           "\"{{.Value}}\" is not a date; write it like 2027-01-01",
	errRangeOrder:     "The range ends before it starts",
	errRangeLong:      "A range can span at most {{.Max}} days",
	errKind:           "\"{{.Value}}\" is neither holiday (a day off) nor workday (a make-up workday)",
	errNameRequired:   "Write the holiday's name after the kind",
	errNameTooLong:    "A name can have at most {{.Max}} characters",
	errSourceTooLong:  "The source can have at most {{.Max}} characters",
	errWorkdayWeekday: "{{.Date}} is not a Saturday or Sunday; a make-up workday is always on a weekend",
	errDuplicate:      "{{.Date}} already appears on line {{.First}}",
	errOutOfYear:      "{{.Date}} is outside the {{.Year}} notice (its year and the December before it)",
	errYear:           "\"{{.Value}}\" is not a year from {{.Min}} to {{.Max}}",
	errYearTwice:      "The file already names its year on line {{.First}}",
	errYearMismatch:   "The file is the notice for {{.Got}}, but {{.Year}} was asked for",
	errConflict:       "{{.Date}} contradicts the notice for {{.Other}}",
}

// English renders a locale key's English message with args; an unknown key
// renders as itself.
func English(key string, args map[string]any) string {
	return message.Render(englishMessages, key, args)
}
