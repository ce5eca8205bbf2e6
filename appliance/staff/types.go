package staff

import (
	"time"

	"bianmin/appliance/store"
)

// Post is a staff member's post at their window (DOMAIN.md "People and
// places").
type Post string

// The posts.
const (
	PostA Post = "A" // A岗: the window's regular staff
	PostB Post = "B" // B岗: the window's designated substitute
)

// Valid reports whether p is one of the defined posts.
func (p Post) Valid() bool { return p == PostA || p == PostB }

// Posts lists the posts in display order.
func Posts() []Post { return []Post{PostA, PostB} }

// Position is a staff member's position in the hall.
type Position string

// The positions.
const (
	PositionStaff Position = "staff" // 工作人员: window staff
	PositionLead  Position = "lead"  // 窗口负责人: window lead
	PositionChief Position = "chief" // 首席代表: the unit's chief representative
)

// Valid reports whether p is one of the defined positions.
func (p Position) Valid() bool {
	return p == PositionStaff || p == PositionLead || p == PositionChief
}

// Positions lists the positions in display order.
func Positions() []Position { return []Position{PositionStaff, PositionLead, PositionChief} }

// Unit is a 窗口单位: a department that staffs one or more windows.
type Unit struct {
	ID     uint64 `json:"id"`
	Name   string `json:"name"`
	Active bool   `json:"active"`
}

// Window is a numbered service counter (窗口) staffed by one unit.
type Window struct {
	ID     uint64 `json:"id"`
	Number int    `json:"number"`
	Name   string `json:"name"`
	UnitID uint64 `json:"unit_id"`
	Active bool   `json:"active"`
}

// Staff is one member of the hall's staff. WindowID 0 means no window.
// People who left are kept: history points at them.
type Staff struct {
	ID       uint64   `json:"id"`
	StaffNo  string   `json:"staff_no"`
	Name     string   `json:"name"`
	UnitID   uint64   `json:"unit_id"`
	WindowID uint64   `json:"window_id,omitempty"`
	Post     Post     `json:"post"`
	Position Position `json:"position"`
	Phone    string   `json:"phone,omitempty"`
	// StartDate is the day the person joined the hall (进驻日期),
	// YYYY-MM-DD; nothing before it is judged. A new person without one
	// starts on the day they are registered.
	StartDate string `json:"start_date"`
	// EndDate is the last day the person served at the hall (离开日期),
	// empty while they serve. It is what makes someone inactive: from the
	// day after it they are no longer judged, punch or listed as staff.
	EndDate   string    `json:"end_date,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Left reports whether the person had left the hall before day
// (YYYY-MM-DD): their end date lies before it.
func (s Staff) Left(day string) bool { return s.EndDate != "" && s.EndDate < day }

// Serves reports whether day (YYYY-MM-DD) lies in the person's time at the
// hall: not before the start date, not after the end date.
func (s Staff) Serves(day string) bool {
	return (s.StartDate == "" || s.StartDate <= day) && !s.Left(day)
}

// Within clamps the days first..last (YYYY-MM-DD, inclusive) to the
// person's time at the hall; ok is false when they did not serve on any of
// them.
func (s Staff) Within(first, last string) (from, to string, ok bool) {
	from, to = first, last
	if s.StartDate > from {
		from = s.StartDate
	}
	if s.EndDate != "" && s.EndDate < to {
		to = s.EndDate
	}
	return from, to, from <= to
}

// Filter selects staff for ListStaff. The zero value lists everyone who
// has not left (whose end date is not before today).
type Filter struct {
	UnitID   uint64 // 0 = any unit
	WindowID uint64 // 0 = any window
	Query    string // substring of the name or staff number, case-insensitive
	// IncludeInactive lists the people who have left too.
	IncludeInactive bool
}

// Limits on what the registry accepts.
const (
	MaxStaffNoLen      = 20       // characters in a staff number
	MaxNameRunes       = 20       // characters in a person's name
	MaxUnitNameRunes   = 50       // characters in a unit's name
	MaxWindowNameRunes = 30       // characters in a window's name
	MaxWindowNumber    = 999      // windows are numbered 1..MaxWindowNumber
	MaxImportRows      = 5000     // data rows in one CSV import
	MaxImportBytes     = 16 << 20 // bytes in one CSV import
)

// ErrNotFound is returned (wrapped) when a unit, window or staff member does
// not exist. It is store.ErrNotFound, so errors.Is works with either.
var ErrNotFound = store.ErrNotFound

// Registry reads and writes the staff registry, one transaction per call.
type Registry struct {
	db *store.DB
}

// New returns a Registry on db.
func New(db *store.DB) *Registry { return &Registry{db: db} }

// Buckets owned by this package. Index buckets map a normalized natural key
// to the record's id, so lookups are O(1) and uniqueness is checked inside
// the write transaction.
const (
	bucketUnits          = "staff.units"            // IDKey(id) → Unit
	bucketUnitByName     = "staff.unit_by_name"     // name → id
	bucketWindows        = "staff.windows"          // IDKey(id) → Window
	bucketWindowByNumber = "staff.window_by_number" // IDKey(number) → id
	bucketStaff          = "staff.members"          // IDKey(id) → Staff
	bucketStaffByNo      = "staff.staff_by_no"      // upper-case staff number → id
)

// Outbox kinds for the county upload.
const (
	outboxUnit   = "unit"
	outboxWindow = "window"
	outboxStaff  = "staff"
)
