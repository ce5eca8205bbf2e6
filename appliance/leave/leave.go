package leave

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Type is a kind of leave (DOMAIN.md "Leave").
type Type string

// The leave types.
const (
	TypePersonal    Type = "personal"    // 事假
	TypeSick        Type = "sick"        // 病假
	TypeAnnual      Type = "annual"      // 年休假
	TypeMarriage    Type = "marriage"    // 婚假
	TypeMaternity   Type = "maternity"   // 产假
	TypeHomeVisit   Type = "home_visit"  // 探亲假
	TypeBereavement Type = "bereavement" // 丧假
	TypeOfficial    Type = "official"    // 公务 / 培训
)

// Types lists the leave types in display order.
func Types() []Type {
	return []Type{TypePersonal, TypeSick, TypeAnnual, TypeMarriage, TypeMaternity, TypeHomeVisit, TypeBereavement, TypeOfficial}
}

// Valid reports whether t is one of the defined types.
func (t Type) Valid() bool {
	for _, x := range Types() {
		if t == x {
			return true
		}
	}
	return false
}

// typeWords are the Chinese words accepted for each type in a spreadsheet.
var typeWords = map[string]Type{
	"事假": TypePersonal, "病假": TypeSick,
	"年休假": TypeAnnual, "年假": TypeAnnual, "公休假": TypeAnnual,
	"婚假": TypeMarriage, "产假": TypeMaternity, "探亲假": TypeHomeVisit, "丧假": TypeBereavement,
	"公务": TypeOfficial, "公务假": TypeOfficial, "培训": TypeOfficial, "公差": TypeOfficial,
}

// ParseType reads a type code (sick) or its Chinese name (病假).
func ParseType(raw string) (Type, bool) {
	s := strings.TrimSpace(raw)
	if t, ok := typeWords[s]; ok {
		return t, true
	}
	t := Type(strings.ToLower(s))
	return t, t.Valid()
}

// Status is where a leave record stands. Imported and office-entered leave
// is approved at once; a request is pending until its last step is done,
// or rejected at a step, or withdrawn by the person. Only approved leave
// covers a day in the attendance judgement.
type Status string

// Statuses.
const (
	StatusPending   Status = "pending"
	StatusApproved  Status = "approved"
	StatusRejected  Status = "rejected"
	StatusWithdrawn Status = "withdrawn"
)

// Statuses lists the statuses in display order.
func Statuses() []Status {
	return []Status{StatusPending, StatusApproved, StatusRejected, StatusWithdrawn}
}

// Live reports whether the leave stands: pending or approved (it counts
// toward the quota and blocks overlapping leave).
func (s Status) Live() bool { return s == StatusPending || s == StatusApproved }

// Source says how a record came in.
type Source string

// Sources.
const (
	SourceImport  Source = "import"  // from a spreadsheet (ImportCSV)
	SourceOffice  Source = "office"  // entered by the center office as approved
	SourceRequest Source = "request" // requested and approved step by step (Request)
)

// Leave is one absence of a staff member from Start to End. As a cover
// in the judgement both ends are included (18:00 covers the 18:00
// sign-out); only approved leave covers, up to its return (销假) when
// that was earlier than End.
type Leave struct {
	ID          uint64    `json:"id"`
	StaffID     uint64    `json:"staff_id"`
	Type        Type      `json:"type"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Certificate bool      `json:"certificate"` // a sick leave's hospital certificate was handed in
	Status      Status    `json:"status"`
	Source      Source    `json:"source"`
	Ref         string    `json:"ref,omitempty"` // import file and line
	RecordedBy  string    `json:"recorded_by"`   // who filed or entered it
	RecordedAt  time.Time `json:"recorded_at"`

	// A request's own fields (Source request).
	Reason string `json:"reason,omitempty"`
	// Length on the schedule when filed; Rules the preset whose tier gave
	// the Steps.
	Length Length `json:"length,omitzero"`
	Rules  string `json:"rules,omitempty"`
	Steps  []Step `json:"steps,omitempty"`
	// Training: official business that is documented training (a written
	// notice attached); QuotaExempt: outside the monthly quota.
	Training    bool `json:"training,omitempty"`
	QuotaExempt bool `json:"quota_exempt,omitempty"`
	// LateReason is the office's reason for accepting a request filed after
	// the leave began.
	LateReason string `json:"late_reason,omitempty"`
	// ExtensionOf is the leave this request extends (续假).
	ExtensionOf uint64 `json:"extension_of,omitempty"`
	// The substitute (顶岗人员): needed by the rules or not, named, and
	// registered by the office (who, when).
	SubstituteRequired     bool      `json:"substitute_required,omitempty"`
	SubstituteID           uint64    `json:"substitute_id,omitempty"`
	SubstituteRegisteredBy string    `json:"substitute_registered_by,omitempty"`
	SubstituteRegisteredAt time.Time `json:"substitute_registered_at,omitzero"`
	// Rotations are the changes of a registered substitute, each with the
	// office's consent and reason.
	Rotations   []Rotation   `json:"rotations,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
	// The end of the request: approved (the last step), rejected (with
	// the reason) or withdrawn.
	DecidedBy      string    `json:"decided_by,omitempty"`
	DecidedAt      time.Time `json:"decided_at,omitzero"`
	DecisionReason string    `json:"decision_reason,omitempty"`
	// 销假: when the person was back (ReturnedAt), recorded by whom and
	// when; the working minutes past End without an extension (超假); and
	// whether a sick leave counts as personal leave because no certificate
	// came by then.
	ReturnedAt      time.Time `json:"returned_at,omitzero"`
	ClosedBy        string    `json:"closed_by,omitempty"`
	ClosedAt        time.Time `json:"closed_at,omitzero"`
	OverstayMinutes int       `json:"overstay_minutes,omitempty"`
	AsPersonal      bool      `json:"as_personal,omitempty"`
}

// Rotation is one change of a registered substitute (轮岗), consented to by
// the office.
type Rotation struct {
	From   uint64    `json:"from"`
	To     uint64    `json:"to"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
}

// Closed reports whether the leave was closed (销假).
func (l Leave) Closed() bool { return !l.ClosedAt.IsZero() }

// CoverEnd is when approved leave stops covering: its End, or the return
// when the person came back earlier.
func (l Leave) CoverEnd() time.Time {
	if l.Closed() && l.ReturnedAt.Before(l.End) {
		return l.ReturnedAt
	}
	return l.End
}

// SickCertificateDays: a sick leave longer than this many working days needs
// a hospital certificate (regulation 000 第三篇 七(二)7 "因病休假1天以上(不含
// 1天)的,應當提供醫院出具的《診斷證明書》…未能提供…的,視為事假").
const SickCertificateDays = 1.0

// NeedsCertificate reports whether a sick leave of the length needs the
// hospital certificate.
func NeedsCertificate(t Type, workingDays float64) bool {
	return t == TypeSick && workingDays > SickCertificateDays+epsilon
}

// CountsAs is the type the leave is judged as, given its length in working
// days: sick leave of more than SickCertificateDays without a certificate
// counts as personal leave — for a request once it was closed (销假)
// without one (the certificate may come until then), for imported and
// office-entered leave at once; every other leave counts as itself.
func (l Leave) CountsAs(workingDays float64) Type {
	switch {
	case l.Type != TypeSick || l.Certificate:
		return l.Type
	case l.Source == SourceRequest:
		if l.AsPersonal {
			return TypePersonal
		}
		return TypeSick
	case NeedsCertificate(l.Type, workingDays):
		return TypePersonal
	}
	return l.Type
}

// Overlaps reports whether the leave overlaps from ≤ t < to.
func (l Leave) Overlaps(from, to time.Time) bool { return l.Start.Before(to) && l.End.After(from) }

// MaxLength bounds one record: maternity leave is the longest, well under a
// year.
const MaxLength = 366 * 24 * time.Hour

// ErrNotFound is store.ErrNotFound.
var ErrNotFound = store.ErrNotFound

// Service records and reads leave. Requests need the schedule to measure
// their length (WithSchedule); imports and office entries do not.
type Service struct {
	db       *store.DB
	schedule ScheduleFunc
}

// ScheduleFunc gives the schedule in force, read inside the transaction
// (the attendance rules' sessions are settings in the store).
type ScheduleFunc func(tx *store.Tx) (Schedule, error)

// New returns the leave service on db.
func New(db *store.DB) *Service { return &Service{db: db} }

// WithSchedule returns the service measuring requests on the schedule f
// gives.
func (s *Service) WithSchedule(f ScheduleFunc) *Service {
	return &Service{db: s.db, schedule: f}
}

// DB is the store the service writes.
func (s *Service) DB() *store.DB { return s.db }

// Record stores an approved leave entered by the office.
func (s *Service) Record(actor string, l Leave) (Leave, error) {
	var out Leave
	err := s.db.Update(actor, func(tx *store.Tx) error {
		var err error
		l.Source = SourceOffice
		out, err = RecordTx(tx, l)
		return err
	})
	return out, err
}

// RecordTx checks l (staff exists, type valid, Start < End within
// MaxLength, no overlap with the person's other leave) and stores it as
// approved, with its audit and outbox entries, in tx. Times are cut to the
// minute. A problem comes back as a *problem.Problem.
func RecordTx(tx *store.Tx, l Leave) (Leave, error) {
	l.Start, l.End = l.Start.Truncate(time.Minute), l.End.Truncate(time.Minute)
	st, err := staff.GetStaffTx(tx, l.StaffID)
	if errors.Is(err, staff.ErrNotFound) {
		return Leave{}, problem.WithArgs(colStaffNo, errUnknownStaff, map[string]any{"StaffNo": fmt.Sprint(l.StaffID)})
	}
	if err != nil {
		return Leave{}, err
	}
	if p := check(l); p != nil {
		return Leave{}, p
	}
	if err := checkOverlap(tx, l.StaffID, l.Start, l.End, 0); err != nil {
		return Leave{}, err
	}
	if l.Source == "" {
		l.Source = SourceOffice
	}
	id, err := tx.NextID(bucketSeq)
	if err != nil {
		return Leave{}, err
	}
	l.ID, l.Status, l.RecordedBy, l.RecordedAt = id, StatusApproved, tx.Actor(), tx.Now().UTC()
	l.DecidedBy, l.DecidedAt = l.RecordedBy, l.RecordedAt
	if err := putLeave(tx, l); err != nil {
		return Leave{}, err
	}
	summary := map[string]any{"staff_no": st.StaffNo, "name": st.Name, "type": l.Type, "start": l.Start.Format(time.RFC3339), "end": l.End.Format(time.RFC3339), "certificate": l.Certificate, "source": l.Source}
	if err := tx.Audit("leave.create", fmt.Sprintf("leave/%d", l.ID), nil, summary); err != nil {
		return Leave{}, err
	}
	return l, tx.Outbox("leave", l)
}

// check is the part of RecordTx's checks that needs no store.
func check(l Leave) *problem.Problem {
	switch {
	case !l.Type.Valid():
		return &problem.Problem{Field: colType, Key: errType, Value: string(l.Type)}
	case l.Start.IsZero() || l.End.IsZero() || !l.End.After(l.Start):
		return problem.New(colEnd, errEndBeforeStart)
	case !store.RecordDateOK(l.Start):
		return problem.WithArgs(colStart, errDateRange, map[string]any{"Value": l.Start.Format(layoutMinute)})
	case !store.RecordDateOK(l.End):
		return problem.WithArgs(colEnd, errDateRange, map[string]any{"Value": l.End.Format(layoutMinute)})
	case l.End.Sub(l.Start) > MaxLength:
		return problem.WithArgs(colEnd, errTooLong, map[string]any{"Max": int(MaxLength / (24 * time.Hour))})
	}
	return nil
}

// ForStaff returns one person's leave that overlaps from ≤ t < to, in start
// order.
func (s *Service) ForStaff(staffID uint64, from, to time.Time) ([]Leave, error) {
	var out []Leave
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		out, err = ForStaffTx(tx, staffID, from, to)
		return err
	})
	return out, err
}

// ForStaffTx is ForStaff inside a transaction. Records are keyed by their
// start, so the walk begins MaxLength before from: every record lasts at
// most MaxLength (check), hence one that starts earlier ends before from
// and cannot overlap. The person's older history is not read. (So
// MaxLength may be raised but never lowered below a length already stored.)
func ForStaffTx(tx *store.Tx, staffID uint64, from, to time.Time) ([]Leave, error) {
	b, err := tx.Bucket(bucketLeave)
	if err != nil || b == nil {
		return nil, err
	}
	var out []Leave
	prefix := store.IDKey(staffID)
	seek := prefix
	if earliest := from.Add(-MaxLength); earliest.After(time.Unix(0, 0)) {
		seek = leaveKey(Leave{StaffID: staffID, Start: earliest})
	}
	c := b.Cursor()
	for k, v := c.Seek(seek); k != nil && string(k[:8]) == string(prefix); k, v = c.Next() {
		if int64(binary.BigEndian.Uint64(k[8:16])) >= to.UnixNano() {
			break
		}
		var l Leave
		if err := json.Unmarshal(v, &l); err != nil {
			return nil, err
		}
		if l.Overlaps(from, to) {
			out = append(out, l)
		}
	}
	return out, nil
}

// Count is the number of leave records stored.
func (s *Service) Count() int {
	n := 0
	_ = s.db.View(func(tx *store.Tx) error { n = tx.Count(bucketLeave); return nil })
	return n
}
