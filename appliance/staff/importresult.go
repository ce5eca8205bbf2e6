package staff

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"

	"bianmin/appliance/problem"
)

// ErrPlanChanged is returned (wrapped) by ConfirmCSV when the file would
// now do something other than the preview the user confirmed (the registry
// changed meanwhile): nothing was written, and the result is the new plan.
var ErrPlanChanged = errors.New("staff import: the registry changed since the preview: nothing was imported")

// ImportResult says what an import will do (PreviewCSV) or did
// (ImportCSV), or (Errors) why it does nothing.
type ImportResult struct {
	Created        int `json:"created"`         // staff members added
	Updated        int `json:"updated"`         // existing staff numbers whose record changed
	Unchanged      int `json:"unchanged"`       // existing staff numbers the file left as they were
	UnitsCreated   int `json:"units_created"`   // units named in the file that did not exist
	WindowsCreated int `json:"windows_created"` // window numbers in the file that did not exist

	NewUnits   []string      `json:"new_units,omitempty"`   // the units created, in file order
	NewWindows []NewWindow   `json:"new_windows,omitempty"` // the windows created
	NewStaff   []StaffLine   `json:"new_staff,omitempty"`   // the people added
	Changed    []StaffChange `json:"changed,omitempty"`     // the people changed, with their changed fields

	Errors problem.List `json:"errors,omitempty"`
}

// NewWindow is a window an import creates: its number, the unit it
// belongs to, and the first line that names it.
type NewWindow struct {
	Number int    `json:"number"`
	Unit   string `json:"unit"`
	Line   int    `json:"line"`
}

// StaffLine is a person an import adds, as the file has them.
type StaffLine struct {
	Line      int      `json:"line"`
	StaffNo   string   `json:"staff_no"`
	Name      string   `json:"name"`
	Unit      string   `json:"unit"`
	Window    int      `json:"window,omitempty"`
	Position  Position `json:"position"`
	Post      Post     `json:"post"`
	StartDate string   `json:"start_date"`
	EndDate   string   `json:"end_date,omitempty"`
	// StartDefaulted: the file gave no start date; the person starts on
	// the day of the import.
	StartDefaulted bool `json:"start_defaulted,omitempty"`
}

// StaffChange is an existing person an import changes.
type StaffChange struct {
	Line    int           `json:"line"`
	StaffNo string        `json:"staff_no"`
	Name    string        `json:"name"`
	Fields  []FieldChange `json:"fields"`
}

// FieldChange is one changed field: a CSV column name and the values as
// the file writes them (unit names, window numbers, position and post
// codes, dates).
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Digest identifies what the import does: the units, windows and people
// it creates and the fields it changes. ConfirmCSV applies a file only
// when its plan still has the digest of the preview.
func (r ImportResult) Digest() string {
	plan := struct {
		U []string
		W []NewWindow
		S []StaffLine
		C []StaffChange
		N int
	}{r.NewUnits, r.NewWindows, r.NewStaff, r.Changed, r.Unchanged}
	data, _ := json.Marshal(plan)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
