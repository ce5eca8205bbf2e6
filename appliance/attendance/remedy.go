package attendance

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Remedy (补签) is a staff member's request for a punch the clock did not
// record — it failed, or did not read the finger (regulation 003 "如指纹机
// 不能识别指纹或不能正常工作,请第一时间向中心反映并采取补救措施";
// DOMAIN.md "a remedy is recorded (manual punch approved by the office)").
// It names either a punch point of the day (Point, "morning_in": the punch
// counts at the point's due time under the rules the month is judged by)
// or a time on that day (Time). Once approved it counts like a punch,
// marked as a remedy, at a point that has no punch of its own: a remedy
// never replaces a recorded punch, so a late arrival or an early departure
// stays what it was (those are corrected by an objection).
type Remedy struct {
	ID             uint64         `json:"id"`
	StaffID        uint64         `json:"staff_id"`
	Date           string         `json:"date"` // YYYY-MM-DD
	Point          string         `json:"point,omitempty"`
	Time           time.Time      `json:"time,omitzero"`
	Reason         string         `json:"reason"`
	Status         DecisionStatus `json:"status"`
	RequestedBy    string         `json:"requested_by"`
	RequestedAt    time.Time      `json:"requested_at"`
	DecidedBy      string         `json:"decided_by,omitempty"`
	DecidedAt      time.Time      `json:"decided_at,omitzero"`
	DecisionReason string         `json:"decision_reason,omitempty"`
}

const bucketRemedies = "attendance.remedies" // staffID|date|id → Remedy

// Mark is the punch an approved remedy counts as under the preset; ok is
// false when it names a point the preset does not have.
func (r Remedy) Mark(p Preset, loc *time.Location) (Mark, bool) {
	if r.Point == "" {
		return Mark{Time: r.Time, Remedy: true}, true
	}
	date, err := parseCivilDate(r.Date, loc)
	if err != nil {
		return Mark{}, false
	}
	due, ok := PointDue(p, r.Point, date)
	return Mark{Time: due, Remedy: true}, ok
}

// counts reports whether the remedy takes a place of the monthly quota:
// pending or approved. A rejected or withdrawn request gives its place
// back.
func (r Remedy) counts() bool { return r.Status == StatusPending || r.Status == StatusApproved }

// RequestRemedy records a pending remedy request.
func (rs *Records) RequestRemedy(actor string, r Remedy) (Remedy, error) {
	return store.Write(rs.db, actor, func(tx *store.Tx) (Remedy, error) { return RequestRemedyTx(tx, r, rs.loc, rs.cal) })
}

// RequestRemedyTx checks r and stores it as pending, in tx. A refusal is a
// *problem.Problem that states the rule (remedy_rules.go): the date is a
// date, not in the future; the person is judged that day (after go-live,
// after they joined, before they left); it is a working day; the request
// comes no later than the settings' RemedyDays working days after it;
// exactly one of Point (a point of the current rules) and Time (on the
// date, not in the future) is given; the point has no punch and is not
// covered by leave or an errand; a reason is given; the same point or time
// was not asked for already; and the person's pending and approved
// remedies of that month stay within the settings' RemedyQuota.
func RequestRemedyTx(tx *store.Tx, r Remedy, loc *time.Location, cal WorkingDays) (Remedy, error) {
	set, err := LoadSettings(tx)
	if err != nil {
		return Remedy{}, err
	}
	if err := checkRemedy(&r, set.Preset, tx.Now(), loc); err != nil {
		return Remedy{}, err
	}
	st, err := servingStaff(tx, r.StaffID, r.Date)
	if err != nil {
		return Remedy{}, err
	}
	if err := checkRemedyDay(tx, st, r, set, loc, cal); err != nil {
		return Remedy{}, err
	}
	others, err := monthRemedies(tx, r.StaffID, r.Date)
	if err != nil {
		return Remedy{}, err
	}
	for _, o := range others {
		if o.counts() && o.Date == r.Date && o.Point == r.Point && o.Time.Truncate(time.Minute).Equal(r.Time.Truncate(time.Minute)) {
			return Remedy{}, refuse("point", keyRemedyDuplicate, map[string]any{"Point": r.describe(loc), "Date": r.Date})
		}
	}
	if q := remedyQuotaOf(set, r.Date, others); q.Full() {
		return Remedy{}, refuse("date", keyRemedyQuota, map[string]any{"Max": q.Max, "Used": q.Used, "Month": q.Month})
	}
	id, err := tx.NextID(bucketRemedies)
	if err != nil {
		return Remedy{}, err
	}
	r.ID, r.Status, r.RequestedBy, r.RequestedAt = id, StatusPending, tx.Actor(), tx.Now().UTC()
	r.DecidedBy, r.DecidedAt, r.DecisionReason = "", time.Time{}, ""
	if err := putDecisionRecord(tx, bucketRemedies, id, recordKey(r.StaffID, dateKeyTime(r.Date), id), r.Status, time.Time{}, r); err != nil {
		return Remedy{}, err
	}
	return r, tx.AuditAndOutbox("remedy.request", remedyObject(id), "remedy", nil, remedySummary(r, st.StaffNo, loc))
}

// checkRemedy normalizes r's own fields and checks them against the rules
// and the clock.
func checkRemedy(r *Remedy, p Preset, now time.Time, loc *time.Location) error {
	date, err := parseCivilDate(r.Date, loc)
	if err != nil {
		return err
	}
	r.Date = date.Format(dateLayout)
	if date.After(civilDay(now, loc)) {
		return refuse("date", keyDateFuture, map[string]any{"Date": r.Date})
	}
	r.Point = strings.TrimSpace(r.Point)
	switch {
	case (r.Point == "") == r.Time.IsZero():
		return refuse("point", keyPointOrTime, nil)
	case r.Point != "" && !slices.Contains(PointKeys(p), r.Point):
		return refuse("point", keyPointInvalid, map[string]any{"Point": r.Point, "Points": strings.Join(PointKeys(p), ", ")})
	case r.Point == "" && !civilDay(r.Time, loc).Equal(date):
		return refuse("time", keyTimeOtherDay, map[string]any{"Date": r.Date})
	case r.Point == "" && r.Time.After(now.Add(time.Minute)):
		return refuse("time", keyDateFuture, map[string]any{"Date": r.Time.In(loc).Format("2006-01-02 15:04")})
	}
	r.Reason, err = checkText("reason", r.Reason, true)
	return err
}

// DecideRemedy approves or rejects a pending remedy.
func (rs *Records) DecideRemedy(actor string, id uint64, approve bool, reason string) (Remedy, error) {
	return store.Write(rs.db, actor, func(tx *store.Tx) (Remedy, error) {
		return DecideRemedyTx(tx, id, approve, reason, rs.loc, rs.cal)
	})
}

// DecideRemedyTx approves or rejects (reason required) the pending remedy
// id, in tx. A remedy already decided or withdrawn is refused (keyDecided):
// decisions are never edited. An approval is refused when the point has
// meanwhile got a punch of its own (imported from a clock, entered by
// hand): the remedy would change nothing, and the office rejects it.
func DecideRemedyTx(tx *store.Tx, id uint64, approve bool, reason string, loc *time.Location, cal WorkingDays) (Remedy, error) {
	r, key, err := getRecord[Remedy](tx, bucketRemedies, id)
	if err != nil {
		return Remedy{}, err
	}
	if r.Status != StatusPending {
		return Remedy{}, refuse("status", keyDecided, map[string]any{"Status": string(r.Status)})
	}
	if reason, err = checkText("reason", reason, !approve); err != nil {
		return Remedy{}, err
	}
	if approve {
		if err := checkStillMissing(tx, r, loc, cal); err != nil {
			return Remedy{}, err
		}
	}
	before := r
	r.Status, r.DecidedBy, r.DecidedAt, r.DecisionReason = StatusRejected, tx.Actor(), tx.Now().UTC(), reason
	action := "remedy.reject"
	if approve {
		r.Status, action = StatusApproved, "remedy.approve"
	}
	if err := putDecisionRecord(tx, bucketRemedies, id, key, r.Status, r.DecidedAt, r); err != nil {
		return Remedy{}, err
	}
	return r, tx.AuditAndOutbox(action, remedyObject(id), "remedy", before, r)
}

// WithdrawRemedy takes back a pending remedy; byOffice says the actor is
// the office, who may take back anyone's.
func (rs *Records) WithdrawRemedy(actor string, id uint64, byOffice bool) (Remedy, error) {
	return store.Write(rs.db, actor, func(tx *store.Tx) (Remedy, error) { return WithdrawRemedyTx(tx, id, byOffice) })
}

// WithdrawRemedyTx takes back the pending remedy id, in tx: only its filer
// (the account that asked for it) or the office (byOffice) may, and only
// while it is pending. A withdrawn remedy gives its place in the monthly
// quota back and is listed with the decided ones.
func WithdrawRemedyTx(tx *store.Tx, id uint64, byOffice bool) (Remedy, error) {
	r, key, err := getRecord[Remedy](tx, bucketRemedies, id)
	if err != nil {
		return Remedy{}, err
	}
	switch {
	case r.Status != StatusPending:
		return Remedy{}, refuse("status", keyDecided, map[string]any{"Status": string(r.Status)})
	case !byOffice && r.RequestedBy != tx.Actor():
		return Remedy{}, refuse("status", keyNotFiler, map[string]any{"By": r.RequestedBy})
	}
	before := r
	r.Status, r.DecidedBy, r.DecidedAt = StatusWithdrawn, tx.Actor(), tx.Now().UTC()
	if err := putDecisionRecord(tx, bucketRemedies, id, key, r.Status, r.DecidedAt, r); err != nil {
		return Remedy{}, err
	}
	return r, tx.AuditAndOutbox("remedy.withdraw", remedyObject(id), "remedy", before, r)
}

// Remedies returns one person's remedies with dates in from ≤ date < to
// (YYYY-MM-DD), in date order.
func (rs *Records) Remedies(staffID uint64, from, to string) ([]Remedy, error) {
	return store.Read(rs.db, func(tx *store.Tx) ([]Remedy, error) { return RemediesTx(tx, staffID, from, to) })
}

// RemediesTx is Remedies inside a transaction.
func RemediesTx(tx *store.Tx, staffID uint64, from, to string) ([]Remedy, error) {
	return staffRecords[Remedy](tx, bucketRemedies, staffID, dateKeyTime(from), dateKeyTime(to))
}

// describe names the remedy's point or time.
func (r Remedy) describe(loc *time.Location) string {
	if r.Point != "" {
		return r.Point
	}
	return r.Time.In(loc).Format("15:04")
}

func remedyObject(id uint64) string { return fmt.Sprintf("remedy/%d", id) }

func remedySummary(r Remedy, staffNo string, loc *time.Location) map[string]any {
	return map[string]any{"staff_no": staffNo, "date": r.Date, "point": r.describe(loc), "reason": r.Reason, "status": r.Status}
}

// staffOf is the person a stored remedy names.
func staffOf(tx *store.Tx, id uint64) (staff.Staff, error) { return staff.GetStaffTx(tx, id) }
