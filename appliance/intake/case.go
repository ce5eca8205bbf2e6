package intake

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/problem"
	"bianmin/appliance/queue"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Category is a case's category, one of the 六件 (DOMAIN.md "Intake").
type Category string

// The categories.
const (
	CategoryImmediate   Category = "immediate"   // 即办件: done on the spot
	CategoryPromised    Category = "promised"    // 承诺件: promised by a date
	CategoryReported    Category = "reported"    // 上报件: sent up for approval
	CategoryTransferred Category = "transferred" // 转办件: transferred to another unit
	CategoryJoint       Category = "joint"       // 联办件: several units together
	CategoryReturned    Category = "returned"    // 退回件: returned
)

// Categories lists the categories in display order.
func Categories() []Category {
	return []Category{CategoryImmediate, CategoryPromised, CategoryReported, CategoryTransferred, CategoryJoint, CategoryReturned}
}

// Valid reports whether c is one of the categories.
func (c Category) Valid() bool { return slices.Contains(Categories(), c) }

// Status is where a case stands in its flow.
type Status string

// The statuses, in flow order.
const (
	StatusReceived    Status = "received"    // 收件: registered, not yet accepted
	StatusCorrection  Status = "correction"  // 补正: one-time notice issued, materials awaited
	StatusAccepted    Status = "accepted"    // 受理
	StatusRefused     Status = "refused"     // 不予受理 (ends the case)
	StatusInProgress  Status = "in_progress" // 办理中
	StatusReported    Status = "reported"    // 已上报
	StatusTransferred Status = "transferred" // 已转办
	StatusJoint       Status = "joint"       // 联办中
	StatusDecided     Status = "decided"     // 已决定 (Outcome approved or refused)
	StatusDelivered   Status = "delivered"   // 办结: result handed over
	StatusReturned    Status = "returned"    // 已退回
)

// Statuses lists the statuses in flow order.
func Statuses() []Status {
	return []Status{StatusReceived, StatusCorrection, StatusAccepted, StatusRefused, StatusInProgress,
		StatusReported, StatusTransferred, StatusJoint, StatusDecided, StatusDelivered, StatusReturned}
}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool { return slices.Contains(Statuses(), s) }

// code is the status's one-byte code in the indexes.
func (s Status) code() byte { return byte(slices.Index(Statuses(), s) + 1) }

// Intake reports whether the case is not yet accepted (before 受理: only
// the one-time-notice limit runs).
func (s Status) Intake() bool { return s == StatusReceived || s == StatusCorrection }

// Open reports whether a decision is still to come: accepted and not yet
// decided (the decision limit runs).
func (s Status) Open() bool {
	return s == StatusAccepted || s == StatusInProgress || s == StatusReported || s == StatusTransferred || s == StatusJoint
}

// Closed reports whether the case has ended (refused, delivered, returned).
func (s Status) Closed() bool {
	return s == StatusRefused || s == StatusDelivered || s == StatusReturned
}

// Outcome is a decision's result.
type Outcome string

// The outcomes.
const (
	OutcomeApproved Outcome = "approved" // 准予 / 办结
	OutcomeRefused  Outcome = "refused"  // 不予许可 (art. 38: reasons, rights)
)

// IDKind is the kind of identity document.
type IDKind string

// The kinds of identity document. Only a resident ID card (18 characters)
// is checked; the others need an override reason.
const (
	IDResident IDKind = "resident" // 居民身份证 (GB 11643)
	IDOld      IDKind = "old"      // 15-digit first-generation card
	IDForeign  IDKind = "foreign"  // passport, permit for HK/Macao/Taiwan residents, …
	IDOther    IDKind = "other"
)

// Applicant is the citizen who applies. The full ID number never sits in
// the case record: it is kept apart (FullID); IDMasked is what shows.
type Applicant struct {
	Name     string `json:"name"`
	IDMasked string `json:"id_masked"`
	IDKind   IDKind `json:"id_kind"`
	// IDOverride: the number did not pass the GB 11643 check and the
	// receiver recorded why (an old or foreign document).
	IDOverride       bool   `json:"id_override,omitempty"`
	IDOverrideReason string `json:"id_override_reason,omitempty"`
	Phone            string `json:"phone"`
	Address          string `json:"address,omitempty"`
	Village          string `json:"village,omitempty"`
}

// Agent is the village agent (代办员) who brings a case for the applicant.
type Agent struct {
	Name    string `json:"name"`
	Phone   string `json:"phone,omitempty"`
	Village string `json:"village,omitempty"`
}

// MaterialIn is one line of a case's checklist, from the catalog.
type MaterialIn struct {
	Material
	Received   bool      `json:"received"`
	ReceivedAt time.Time `json:"received_at,omitzero"`
}

// Case is one application (办件).
type Case struct {
	ID     uint64 `json:"id"`
	Number string `json:"number"` // 2026-000123: per center per year of receipt
	ItemID uint64 `json:"item_id"`
	// ItemName, UnitID and the limits are the item's at registration.
	ItemName  string    `json:"item_name"`
	UnitID    uint64    `json:"unit_id"`
	WindowID  uint64    `json:"window_id,omitempty"`
	Category  Category  `json:"category"`
	Applicant Applicant `json:"applicant"`
	Agent     *Agent    `json:"agent,omitempty"`
	// Ticket is the queue ticket the applicant was served on (nil: none).
	Ticket       *TicketRef   `json:"ticket,omitempty"`
	Materials    []MaterialIn `json:"materials"`
	LegalDays    int          `json:"legal_days"`
	PromisedDays int          `json:"promised_days"`
	// Owner is the first receiver (首问负责: the owner to the end).
	Owner        string    `json:"owner"`
	OwnerStaffID uint64    `json:"owner_staff_id,omitempty"`
	Status       Status    `json:"status"`
	ReceivedAt   time.Time `json:"received_at"`
	// NoticeAt is when the one-time notice (一次性告知) was issued; Missing
	// what it listed.
	NoticeAt   time.Time   `json:"notice_at,omitzero"`
	Missing    []string    `json:"missing,omitempty"`
	AcceptedAt time.Time   `json:"accepted_at,omitzero"`
	Exclusions []Exclusion `json:"exclusions,omitempty"`
	Outcome    Outcome     `json:"outcome,omitempty"`
	DecidedAt  time.Time   `json:"decided_at,omitzero"`
	ClosedAt   time.Time   `json:"closed_at,omitzero"`
	Steps      []Step      `json:"steps"`
	// DueDate is the due date worked out at the last write (DueOf), kept
	// for the deadline index; "" when no limit runs.
	DueDate string  `json:"due_date,omitempty"`
	DueKind DueKind `json:"due_kind,omitempty"`
}

// TicketRef is the queue ticket a case was registered from: the
// window's console opens the register form with the ticket it serves, and
// the ticket's Ref names the case back (queue.LinkTx).
type TicketRef struct {
	ID     uint64 `json:"id"`
	Number string `json:"number"` // A001
	Day    string `json:"day"`    // the queue's day, YYYY-MM-DD
	Window int    `json:"window,omitempty"`
}

// Actor is who acts on the catalog or a case: the account name (audited),
// role and staff member (0: none). Console is the command line at the box.
type Actor struct {
	Name    string
	Role    account.Role
	StaffID uint64
	Console bool
}

// Office reports whether the actor acts for the center office.
func (a Actor) Office() bool { return a.Console || a.Role == account.RoleOffice }

// Service keeps the catalog and the cases.
type Service struct {
	db  *store.DB
	cal Workdays
}

// New returns the intake service on db; cal is the working-day calendar
// the due dates are counted on.
func New(db *store.DB, cal Workdays) *Service { return &Service{db: db, cal: cal} }

// Buckets of the cases.
const (
	bucketCases  = "intake.cases"   // IDKey(id) → Case
	bucketIDs    = "intake.ids"     // IDKey(id) → the full ID number
	bucketNumber = "intake.numbers" // case number → IDKey(id)
	bucketYear   = "intake.years"   // year "2026" → the last number given (8 bytes)
)

// NewCase is what the receiver enters at registration.
type NewCase struct {
	ItemID    uint64
	WindowID  uint64 // the window it was received at (0: none)
	Category  Category
	Applicant Applicant
	IDNumber  string
	// Override takes an ID number that fails the check, with Reason.
	Override bool
	Reason   string
	Agent    *Agent
	Received []string // names of the materials handed in
	Doc      string   // the reference of the receipt list (收件清单), if issued now
	// TicketID is the queue ticket served at the window (0: none); the
	// case and the ticket are linked in the registration's transaction.
	TicketID uint64
}

// Limits of a case's texts.
const (
	MaxPersonRunes  = 40
	MaxPhoneLen     = 20
	MaxAddressRunes = 120
	MaxVillageRunes = 40
	MaxNoteRunes    = 500
	MaxIDLen        = 30
)

// Register records a new case received now by the actor, who becomes its
// owner. The ID number is checked (GB 11643) unless overridden with a
// reason; the checklist comes from the item's materials.
func (s *Service) Register(a Actor, in NewCase) (Case, error) {
	return store.Write(s.db, a.Name, func(tx *store.Tx) (Case, error) {
		c, id, err := s.newCaseTx(tx, a, in)
		if err != nil {
			return Case{}, err
		}
		if in.TicketID != 0 {
			if c.Ticket, err = linkTicket(tx, in.TicketID, c.Number); err != nil {
				return Case{}, err
			}
		}
		if err := s.putCase(tx, nil, &c); err != nil {
			return Case{}, err
		}
		b, err := tx.Bucket(bucketIDs)
		if err != nil {
			return Case{}, err
		}
		if err := b.Put(store.IDKey(c.ID), []byte(id)); err != nil {
			return Case{}, err
		}
		return c, s.auditCase(tx, "intake.register", nil, c)
	})
}

// linkTicket links the queue ticket id and the case number both ways.
func linkTicket(tx *store.Tx, id uint64, number string) (*TicketRef, error) {
	t, err := queue.LinkTx(tx, id, number)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, queue.ErrNotServed) {
		return nil, problem.New("ticket", errTicket)
	}
	if err != nil {
		return nil, err
	}
	return &TicketRef{ID: t.ID, Number: t.Number, Day: t.Day, Window: t.Window}, nil
}

func (s *Service) newCaseTx(tx *store.Tx, a Actor, in NewCase) (Case, string, error) {
	it, err := GetItemTx(tx, in.ItemID)
	if err != nil || !it.Active {
		return Case{}, "", problem.New("item", errItem)
	}
	now := tx.Now().UTC()
	c := Case{ItemID: it.ID, ItemName: it.Name, UnitID: it.UnitID, WindowID: in.WindowID, Category: in.Category,
		Applicant: in.Applicant, LegalDays: it.LegalDays, PromisedDays: it.PromisedDays,
		Owner: a.Name, OwnerStaffID: a.StaffID, Status: StatusReceived, ReceivedAt: now}
	if c.Category == "" {
		c.Category = it.Category
	}
	ps := checkApplicant(&c.Applicant)
	if !c.Category.Valid() || c.Category == CategoryReturned {
		ps.Add(problem.New("category", errCategory))
	}
	if in.WindowID != 0 {
		if _, err := staff.GetWindowTx(tx, in.WindowID); err != nil {
			ps.Add(problem.New("window", errWindow))
		}
	}
	id, idPs := checkIDNumber(&c.Applicant, in, tx.Now().In(tx.Location()))
	ps = append(ps, idPs...)
	if in.Agent != nil && (in.Agent.Name != "" || in.Agent.Phone != "" || in.Agent.Village != "") {
		ag := *in.Agent
		ps = append(ps, text("agent_name", &ag.Name, true, MaxPersonRunes)...)
		ps = append(ps, checkPhone("agent_phone", &ag.Phone, false)...)
		ps = append(ps, text("agent_village", &ag.Village, false, MaxVillageRunes)...)
		c.Agent = &ag
	}
	for _, m := range it.Materials {
		in := slices.Contains(in.Received, m.Name)
		mi := MaterialIn{Material: m, Received: in}
		if in {
			mi.ReceivedAt = now
		}
		c.Materials = append(c.Materials, mi)
	}
	if err := ps.Err(); err != nil {
		return Case{}, "", err
	}
	if c.ID, err = tx.NextID(bucketCases); err != nil {
		return Case{}, "", err
	}
	if c.Number, err = nextNumber(tx, now.In(tx.Location()).Year()); err != nil {
		return Case{}, "", err
	}
	doc, err := checkDoc(in.Doc)
	if err != nil {
		return Case{}, "", err
	}
	c.Steps = []Step{{Action: ActRegister, Status: StatusReceived, At: now, By: a.Name, Doc: doc}}
	return c, id, nil
}

// checkApplicant trims and checks the applicant's name, phone and address.
func checkApplicant(ap *Applicant) problem.List {
	var ps problem.List
	ps = append(ps, text("name", &ap.Name, true, MaxPersonRunes)...)
	ps = append(ps, checkPhone("phone", &ap.Phone, true)...)
	ps = append(ps, text("address", &ap.Address, false, MaxAddressRunes)...)
	ps = append(ps, text("village", &ap.Village, false, MaxVillageRunes)...)
	return ps
}

// checkPhone keeps digits, + and - of a phone number, 5 to MaxPhoneLen.
func checkPhone(field string, p *string, required bool) problem.List {
	*p = strings.TrimSpace(*p)
	if *p == "" {
		if required {
			return problem.List{problem.New(field, errRequired)}
		}
		return nil
	}
	clean := strings.NewReplacer(" ", "", "-", "").Replace(*p)
	digits := 0
	for _, r := range clean {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+':
		default:
			return problem.List{problem.New(field, errPhone)}
		}
	}
	if digits < 5 || len(clean) > MaxPhoneLen {
		return problem.List{problem.New(field, errPhone)}
	}
	*p = clean
	return nil
}

// checkIDNumber checks the number and fills the applicant's masked form;
// it returns the normalized full number.
func checkIDNumber(ap *Applicant, in NewCase, today time.Time) (string, problem.List) {
	id := NormalizeID(in.IDNumber)
	if ap.IDKind == "" {
		ap.IDKind = IDResident
	}
	switch {
	case id == "":
		return "", problem.List{problem.New("id_number", errRequired)}
	case len(id) > MaxIDLen:
		return "", problem.List{problem.New("id_number", errTooLong, "Max", MaxIDLen)}
	}
	ap.IDMasked = MaskID(id)
	check := CheckID(id, today)
	if ap.IDKind == IDResident && check == IDValid {
		return id, nil
	}
	if !in.Override {
		if ap.IDKind == IDResident {
			return "", problem.List{problem.New("id_number", errIDPrefix+string(check))}
		}
		return "", problem.List{problem.New("id_reason", errIDReason)}
	}
	reason := in.Reason
	if ps := text("id_reason", &reason, true, MaxNoteRunes); len(ps) > 0 {
		return "", ps
	}
	ap.IDOverride, ap.IDOverrideReason = true, reason
	return id, nil
}

// nextNumber gives the next case number of the year: 2026-000123.
func nextNumber(tx *store.Tx, year int) (string, error) {
	b, err := tx.Bucket(bucketYear)
	if err != nil {
		return "", err
	}
	key := []byte(strconv.Itoa(year))
	n := store.KeyID(b.Get(key)) + 1
	if err := b.Put(key, store.IDKey(n)); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d-%06d", year, n), nil
}

// GetTx reads the case id (masked: the full ID number is not in it).
func GetTx(tx *store.Tx, id uint64) (Case, error) {
	return store.GetAs[Case](tx, bucketCases, store.IDKey(id))
}

// Case reads the case id.
func (s *Service) Case(id uint64) (Case, error) {
	return store.Read(s.db, func(tx *store.Tx) (Case, error) { return GetTx(tx, id) })
}

// ByNumber reads the case with the number (2026-000123).
func (s *Service) ByNumber(number string) (Case, error) {
	return store.Read(s.db, func(tx *store.Tx) (Case, error) {
		b, err := tx.Bucket(bucketNumber)
		if err != nil || b == nil {
			return Case{}, ErrNotFound
		}
		id := b.Get([]byte(strings.TrimSpace(number)))
		if id == nil {
			return Case{}, ErrNotFound
		}
		return GetTx(tx, store.KeyID(id))
	})
}

// MayReadFull reports whether the actor reads the case's full ID number:
// the office, or staff of the case's unit.
func MayReadFull(tx *store.Tx, a Actor, c Case) bool {
	if a.Office() {
		return true
	}
	if a.StaffID == 0 {
		return false
	}
	st, err := staff.GetStaffTx(tx, a.StaffID)
	return err == nil && st.UnitID == c.UnitID
}

// FullID returns the case's full ID number to the office and the staff of
// the case's unit; others get a problem (and the masked number is what
// they see). Reading it is audited.
func (s *Service) FullID(a Actor, id uint64) (string, error) {
	return store.Write(s.db, a.Name, func(tx *store.Tx) (string, error) {
		c, err := GetTx(tx, id)
		if err != nil {
			return "", err
		}
		if !MayReadFull(tx, a, c) {
			return "", problem.New("", errNotYourUnit)
		}
		b, err := tx.Bucket(bucketIDs)
		if err != nil {
			return "", err
		}
		full := string(b.Get(store.IDKey(id)))
		return full, tx.Audit("intake.read_id", caseObject(id), nil, map[string]string{"number": c.Number})
	})
}

func caseObject(id uint64) string { return "intake/case/" + strconv.FormatUint(id, 10) }
