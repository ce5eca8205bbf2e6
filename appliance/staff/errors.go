package staff

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"bianmin/appliance/message"
)

// FieldError is one problem with one field. Key is a locale key
// (embedded/locales/staff.*.json); Args fill the message's template
// ({{.Max}}, {{.Number}}, …).
type FieldError struct {
	Field string         `json:"field"` // "staff_no", "name", "unit", "window", "post", "position", "phone", "active", "number"
	Key   string         `json:"key"`
	Args  map[string]any `json:"args,omitempty"`
}

// English renders the error's message in English.
func (f FieldError) English() string { return english(f.Key, f.Args) }

// ValidationError is returned when a unit, window or staff member cannot be
// saved as given. It lists every problem found, not just the first.
type ValidationError struct {
	Object string // "staff", "unit" or "window"
	Fields []FieldError
}

// Error gives the problems in English, for logs.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.English()
	}
	return fmt.Sprintf("invalid %s: %s", e.Object, strings.Join(parts, "; "))
}

// For returns the problems with one field, for showing next to it.
func (e *ValidationError) For(field string) []FieldError {
	var out []FieldError
	for _, f := range e.Fields {
		if f.Field == field {
			out = append(out, f)
		}
	}
	return out
}

// Has reports whether some problem has the given locale key.
func (e *ValidationError) Has(key string) bool {
	for _, f := range e.Fields {
		if f.Key == key {
			return true
		}
	}
	return false
}

// fieldErrors collects FieldErrors for one object.
type fieldErrors []FieldError

func (fe *fieldErrors) add(field, key string, args map[string]any) {
	*fe = append(*fe, FieldError{Field: field, Key: key, Args: args})
}

// has reports whether a problem with field was collected.
func (fe fieldErrors) has(field string) bool {
	return slices.ContainsFunc(fe, func(f FieldError) bool { return f.Field == field })
}

// err returns nil when nothing was collected, else a *ValidationError.
func (fe fieldErrors) err(object string) error {
	if len(fe) == 0 {
		return nil
	}
	return &ValidationError{Object: object, Fields: fe}
}

// RowError is one problem in a CSV import: the 1-based line of the file, the
// column, a locale key with its arguments, and the cell's value as read.
type RowError struct {
	Line  int            `json:"line"`
	Field string         `json:"field,omitempty"`
	Key   string         `json:"key"`
	Args  map[string]any `json:"args,omitempty"`
	Value string         `json:"value,omitempty"`
}

// Error gives the problem in English, for logs.
func (e RowError) Error() string {
	s := fmt.Sprintf("line %d", e.Line)
	if e.Field != "" {
		s += ", column " + e.Field
	}
	if e.Value != "" {
		s += fmt.Sprintf(" (%q)", e.Value)
	}
	return s + ": " + english(e.Key, e.Args)
}

// ErrImportRejected is returned (wrapped) by ImportCSV when the file has
// problems; ImportResult.Errors lists them and nothing was imported.
var ErrImportRejected = errors.New("staff import rejected: nothing was imported")

// englishMessages are the English texts of the error keys, used by Error()
// for logs. They equal embedded/locales/staff.en.json; a test checks that.
var englishMessages = map[string]string{
	"staff.err.staff_no_required":           "Enter the staff number",
	"staff.err.staff_no_too_long":           "The staff number can have at most {{.Max}} characters",
	"staff.err.staff_no_format":             "The staff number can contain only letters, digits and \"-\", and must start with a letter or digit",
	"staff.err.staff_no_taken":              "Staff number {{.StaffNo}} is already used by {{.Name}}",
	"staff.err.name_required":               "Enter the name",
	"staff.err.name_too_long":               "The name can have at most {{.Max}} characters",
	"staff.err.text_invalid":                "This cannot start with = + - @ or contain line breaks or other control characters",
	"staff.err.unit_required":               "Choose the unit",
	"staff.err.unit_not_found":              "This unit does not exist",
	"staff.err.unit_inactive":               "The unit \"{{.Unit}}\" is inactive; active staff cannot be placed in it",
	"staff.err.window_not_found":            "This window does not exist",
	"staff.err.window_inactive":             "Window {{.Number}} is inactive; active staff cannot be placed at it",
	"staff.err.window_other_unit":           "Window {{.Number}} belongs to \"{{.Unit}}\", not to this person's unit",
	"staff.err.post_invalid":                "The post must be A (regular) or B (substitute)",
	"staff.err.position_required":           "Choose the position",
	"staff.err.position_invalid":            "The position must be staff, window lead or chief representative",
	"staff.err.phone_invalid":               "Enter an 11-digit mobile number starting with 1, or a landline number of digits and \"-\"",
	"staff.err.active_invalid":              "Write yes or no (also accepted: true/false, 1/0)",
	"staff.err.unit_name_required":          "Enter the unit's name",
	"staff.err.unit_name_too_long":          "The unit's name can have at most {{.Max}} characters",
	"staff.err.unit_name_taken":             "There is already a unit called \"{{.Name}}\"",
	"staff.err.unit_in_use":                 "The unit still has {{.Staff}} active staff and {{.Windows}} active windows; move or deactivate them first",
	"staff.err.window_number_invalid":       "The window number must be a whole number from 1 to {{.Max}}",
	"staff.err.window_number_taken":         "Window {{.Number}} already exists",
	"staff.err.window_name_required":        "Enter the window's name",
	"staff.err.window_name_too_long":        "The window's name can have at most {{.Max}} characters",
	"staff.err.window_in_use":               "Window {{.Number}} still has {{.Staff}} active staff; move them first",
	"staff.import.err.empty":                "The file is empty",
	"staff.import.err.too_large":            "The file is larger than {{.MaxMB}} MB",
	"staff.import.err.too_many_rows":        "A file can have at most {{.Max}} rows; split it and import the parts one by one",
	"staff.import.err.encoding":             "The file's encoding was not recognised; in Excel use Save As \"CSV UTF-8\" or \"CSV (comma delimited)\"",
	"staff.import.err.csv_syntax":           "This line is not valid CSV (check for a stray quotation mark)",
	"staff.import.err.missing_column":       "The column \"{{.Column}}\" is missing from the header row",
	"staff.import.err.unknown_column":       "The column \"{{.Column}}\" is not recognised; delete it or correct its name",
	"staff.import.err.duplicate_column":     "The column \"{{.Column}}\" appears twice",
	"staff.import.err.extra_cells":          "This row has more cells than the header row",
	"staff.import.err.duplicate_staff_no":   "Staff number {{.StaffNo}} already appears on line {{.First}}",
	"staff.import.err.window_unit_conflict": "Window {{.Number}} was given to \"{{.Unit}}\" on line {{.First}}; one window cannot belong to two units",
}

// english renders key's English message with args; an unknown key renders
// as itself.
func english(key string, args map[string]any) string {
	return message.Render(englishMessages, key, args)
}
