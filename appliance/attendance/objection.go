package attendance

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// NoticeRef is the published weekly attendance notice (按周通报) an
// objection is raised against: its id, when it was published, and the
// first day (YYYY-MM-DD) of the week it reports. Notices themselves are
// built elsewhere; an objection only needs these.
type NoticeRef struct {
	ID          uint64    `json:"id"`
	PublishedAt time.Time `json:"published_at"`
	WeekStart   string    `json:"week_start"`
}

// CorrectionKind says what an accepted objection changes.
type CorrectionKind string

// Correction kinds.
const (
	// CorrectionOnTime: the punch point counts as punched on time — a
	// missing, late or early verdict at that point goes away. It enters the
	// judgement as a remedy-marked punch at the point's due time.
	CorrectionOnTime CorrectionKind = "on_time"
	// CorrectionVoidOffPost: the off-post record was wrong; judgement
	// leaves it out.
	CorrectionVoidOffPost CorrectionKind = "void_off_post"
)

// Correction is what an accepted objection changes in the judgement of one
// day: a punch point that counts as on time, or an off-post record that
// no longer counts. The records it corrects are never edited.
type Correction struct {
	Date      string         `json:"date"` // YYYY-MM-DD
	Point     string         `json:"point,omitempty"`
	Kind      CorrectionKind `json:"kind"`
	OffPostID uint64         `json:"off_post_id,omitempty"`
}

// Objection (异议) is a staff member's objection to their result in a
// published weekly notice, about one punch point or one off-post record of
// one day. It must be raised within the settings' ObjectionDays of the
// notice's publication, after which it is void (regulation 004 五、8 "对公示
// 的考勤结果有异议的,应在2日内提出,逾期视为无效异议"). The office accepts it,
// with a Correction, or rejects it with a reason; never both, never again.
type Objection struct {
	ID             uint64         `json:"id"`
	StaffID        uint64         `json:"staff_id"`
	Notice         NoticeRef      `json:"notice"`
	Date           string         `json:"date"`
	Point          string         `json:"point,omitempty"`
	OffPostID      uint64         `json:"off_post_id,omitempty"`
	Reason         string         `json:"reason"`
	Status         DecisionStatus `json:"status"`
	FiledBy        string         `json:"filed_by"`
	FiledAt        time.Time      `json:"filed_at"`
	DecidedBy      string         `json:"decided_by,omitempty"`
	DecidedAt      time.Time      `json:"decided_at,omitzero"`
	DecisionReason string         `json:"decision_reason,omitempty"`
	Correction     *Correction    `json:"correction,omitempty"`
}

const bucketObjections = "attendance.objections" // staffID|date|id → Objection

// FileObjection records a pending objection.
func (rs *Records) FileObjection(actor string, o Objection) (Objection, error) {
	return store.Write(rs.db, actor, func(tx *store.Tx) (Objection, error) { return FileObjectionTx(tx, o, rs.loc) })
}

// FileObjectionTx checks o and stores it as pending, in tx: the notice is
// published and not older than the objection window (measured from its
// publication time); the date lies in the notice's week; the objection
// names a punch point of the current rules or one of the person's off-post
// records of that date; a reason is given. A late objection is refused
// with the rule and its number of days (records.objection.err.late).
func FileObjectionTx(tx *store.Tx, o Objection, loc *time.Location) (Objection, error) {
	set, err := LoadSettings(tx)
	if err != nil {
		return Objection{}, err
	}
	now := tx.Now()
	if err := set.CheckObjectionWindow(o.Notice, now, loc); err != nil {
		return Objection{}, err
	}
	week, err := parseCivilDate(o.Notice.WeekStart, loc)
	if err != nil {
		return Objection{}, err
	}
	date, err := parseCivilDate(o.Date, loc)
	if err != nil {
		return Objection{}, err
	}
	o.Notice.WeekStart, o.Date = week.Format(dateLayout), date.Format(dateLayout)
	st, err := servingStaff(tx, o.StaffID, o.Date)
	if err != nil {
		return Objection{}, err
	}
	if !store.RecordDateOK(date) {
		return Objection{}, refuse("date", keyDateRange, map[string]any{"Value": o.Date})
	}
	if err := checkJudgedDay(tx, st, o.Date, loc); err != nil {
		return Objection{}, err // a day not judged has nothing to object to
	}
	if weekEnd := week.AddDate(0, 0, 6); date.Before(week) || date.After(weekEnd) {
		return Objection{}, refuse("date", keyObjectionWeek, map[string]any{"Date": o.Date, "WeekStart": o.Notice.WeekStart, "WeekEnd": weekEnd.Format(dateLayout)})
	}
	o.Point = strings.TrimSpace(o.Point)
	c := Correction{Date: o.Date, Point: o.Point, Kind: CorrectionOnTime, OffPostID: o.OffPostID}
	if o.OffPostID != 0 {
		c.Kind = CorrectionVoidOffPost
	}
	if err := checkCorrection(tx, c, o.StaffID, set.Preset, loc); err != nil {
		return Objection{}, err
	}
	if o.Reason, err = checkText("reason", o.Reason, true); err != nil {
		return Objection{}, err
	}
	id, err := tx.NextID(bucketObjections)
	if err != nil {
		return Objection{}, err
	}
	o.ID, o.Status, o.FiledBy, o.FiledAt = id, StatusPending, tx.Actor(), now.UTC()
	o.DecidedBy, o.DecidedAt, o.DecisionReason, o.Correction = "", time.Time{}, "", nil
	if err := putDecisionRecord(tx, bucketObjections, id, recordKey(o.StaffID, dateKeyTime(o.Date), id), o.Status, time.Time{}, o); err != nil {
		return Objection{}, err
	}
	summary := map[string]any{"staff_no": st.StaffNo, "notice": o.Notice.ID, "date": o.Date, "point": o.Point, "off_post_id": o.OffPostID, "reason": o.Reason}
	return o, tx.AuditAndOutbox("objection.file", objectionObject(id), "objection", nil, summary)
}

// checkCorrection checks that c names a point of the rules (on_time) or the
// person's off-post record of that date (void_off_post).
func checkCorrection(tx *store.Tx, c Correction, staffID uint64, p Preset, loc *time.Location) error {
	switch {
	case c.Kind == CorrectionOnTime && c.Point == "":
		return refuse("point", keyObjectionSubject, nil)
	case c.Kind == CorrectionOnTime && !slices.Contains(PointKeys(p), c.Point):
		return refuse("point", keyPointInvalid, map[string]any{"Point": c.Point, "Points": strings.Join(PointKeys(p), ", ")})
	case c.Kind == CorrectionOnTime:
		return nil
	case c.Kind != CorrectionVoidOffPost || c.OffPostID == 0:
		return refuse("kind", keyCorrectionKind, nil)
	}
	r, err := offPostByID(tx, c.OffPostID)
	if err == nil && r.StaffID == staffID && civilDay(r.Start, loc).Format(dateLayout) == c.Date {
		return nil
	}
	if _, ok := problem.As(err); err != nil && !ok {
		return err
	}
	name := ""
	if st, err := staff.GetStaffTx(tx, staffID); err == nil {
		name = st.Name
	}
	return refuse("off_post_id", keyOffPostNotThatDay, map[string]any{"ID": c.OffPostID, "Name": name, "Date": c.Date})
}

// AcceptObjection accepts a pending objection with its correction.
func (rs *Records) AcceptObjection(actor string, id uint64, c Correction, reason string) (Objection, error) {
	return store.Write(rs.db, actor, func(tx *store.Tx) (Objection, error) { return AcceptObjectionTx(tx, id, c, reason, rs.loc) })
}

// AcceptObjectionTx accepts the pending objection id, in tx, with the
// correction c; a zero c corrects what the objection names (its point on
// time, or its off-post record void). The correction's date is always the
// objection's.
func AcceptObjectionTx(tx *store.Tx, id uint64, c Correction, reason string, loc *time.Location) (Objection, error) {
	o, key, err := pendingObjection(tx, id)
	if err != nil {
		return Objection{}, err
	}
	if c.Kind == "" {
		c = Correction{Point: o.Point, Kind: CorrectionOnTime, OffPostID: o.OffPostID}
		if o.OffPostID != 0 {
			c.Kind = CorrectionVoidOffPost
		}
	}
	c.Date = o.Date
	set, err := LoadSettings(tx)
	if err != nil {
		return Objection{}, err
	}
	if err := checkCorrection(tx, c, o.StaffID, set.Preset, loc); err != nil {
		return Objection{}, err
	}
	if reason, err = checkText("reason", reason, false); err != nil {
		return Objection{}, err
	}
	return decideObjection(tx, o, key, StatusAccepted, reason, &c)
}

// RejectObjection rejects a pending objection; the reason is required.
func (rs *Records) RejectObjection(actor string, id uint64, reason string) (Objection, error) {
	return store.Write(rs.db, actor, func(tx *store.Tx) (Objection, error) { return RejectObjectionTx(tx, id, reason) })
}

// RejectObjectionTx is RejectObjection inside a transaction.
func RejectObjectionTx(tx *store.Tx, id uint64, reason string) (Objection, error) {
	o, key, err := pendingObjection(tx, id)
	if err != nil {
		return Objection{}, err
	}
	if reason, err = checkText("reason", reason, true); err != nil {
		return Objection{}, err
	}
	return decideObjection(tx, o, key, StatusRejected, reason, nil)
}

func pendingObjection(tx *store.Tx, id uint64) (Objection, []byte, error) {
	o, key, err := getRecord[Objection](tx, bucketObjections, id)
	if err == nil && o.Status != StatusPending {
		err = refuse("status", keyDecided, map[string]any{"Status": string(o.Status)})
	}
	return o, key, err
}

func decideObjection(tx *store.Tx, o Objection, key []byte, status DecisionStatus, reason string, c *Correction) (Objection, error) {
	before := o
	o.Status, o.DecidedBy, o.DecidedAt, o.DecisionReason, o.Correction = status, tx.Actor(), tx.Now().UTC(), reason, c
	if err := putDecisionRecord(tx, bucketObjections, o.ID, key, o.Status, o.DecidedAt, o); err != nil {
		return Objection{}, err
	}
	action := "objection.reject"
	if status == StatusAccepted {
		action = "objection.accept"
	}
	return o, tx.AuditAndOutbox(action, objectionObject(o.ID), "objection", before, o)
}

// Objections returns one person's objections about dates in from ≤ date <
// to (YYYY-MM-DD), in date order.
func (rs *Records) Objections(staffID uint64, from, to string) ([]Objection, error) {
	return store.Read(rs.db, func(tx *store.Tx) ([]Objection, error) { return ObjectionsTx(tx, staffID, from, to) })
}

// ObjectionsTx is Objections inside a transaction.
func ObjectionsTx(tx *store.Tx, staffID uint64, from, to string) ([]Objection, error) {
	return staffRecords[Objection](tx, bucketObjections, staffID, dateKeyTime(from), dateKeyTime(to))
}

// CorrectionsTx returns the corrections of one person's accepted
// objections about dates in from ≤ date < to.
func CorrectionsTx(tx *store.Tx, staffID uint64, from, to string) ([]Correction, error) {
	all, err := ObjectionsTx(tx, staffID, from, to)
	if err != nil {
		return nil, err
	}
	var out []Correction
	for _, o := range all {
		if o.Status == StatusAccepted && o.Correction != nil {
			out = append(out, *o.Correction)
		}
	}
	return out, nil
}

func objectionObject(id uint64) string { return fmt.Sprintf("objection/%d", id) }
