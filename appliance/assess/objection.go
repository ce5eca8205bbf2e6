package assess

// Publication and objections (异议): the office publishes a month once it
// has ended; from then on, for Rules.ObjectionDays working days, a staff
// member may object to any one of their deductions, once. The office
// upholds an objection — the deduction is removed from the month (a
// removal record; the event itself is never edited) — or rejects it with
// a reason. Objections keep appliance/decision's pending and decided
// indexes, so the office's list is paged by key range.

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/decision"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

const (
	bucketPublished  = "assess.published"  // YYYY-MM → Publication
	bucketObjections = "assess.objections" // staffID|date|id → Objection (+ decision indexes)
	bucketObjByID    = "assess.objections_by_id"
	bucketObjected   = "assess.objected" // YYYY-MM|staffID|ref → objection id: one per deduction
	bucketRemoved    = "assess.removed"  // YYYY-MM|staffID|ref → removal
)

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// Publication is a month made public to the staff: the objection window
// runs from it.
type Publication struct {
	Month    string    `json:"month"`
	At       time.Time `json:"at"`
	By       string    `json:"by"`
	Deadline string    `json:"deadline"` // the last day objections are taken, YYYY-MM-DD
}

// Objection statuses.
const (
	ObjPending  = "pending"
	ObjUpheld   = "upheld"
	ObjRejected = "rejected"
)

// Objection is a staff member's objection to one deduction of a
// published month.
type Objection struct {
	ID             uint64    `json:"id"`
	StaffID        uint64    `json:"staff_id"`
	Month          string    `json:"month"`
	Ref            string    `json:"ref"`
	Item           string    `json:"item"`
	Name           string    `json:"name,omitempty"`
	Points         int       `json:"points"`
	Date           string    `json:"date"`
	Reason         string    `json:"reason"`
	Status         string    `json:"status"`
	FiledBy        string    `json:"filed_by"`
	FiledAt        time.Time `json:"filed_at"`
	DecidedBy      string    `json:"decided_by,omitempty"`
	DecidedAt      time.Time `json:"decided_at,omitzero"`
	DecisionReason string    `json:"decision_reason,omitempty"`
}

type removal struct {
	StaffID   uint64 `json:"staff_id"`
	Ref       string `json:"ref"`
	Objection uint64 `json:"objection"`
}

// PublicationTx reads a month's publication; ok is false when the month
// is not published.
func PublicationTx(tx *store.Tx, month string) (Publication, bool, error) {
	p, err := store.GetAs[Publication](tx, bucketPublished, []byte(month))
	if errors.Is(err, store.ErrNotFound) {
		return p, false, nil
	}
	return p, err == nil, err
}

// Publication reads a month's publication.
func (s *Service) Publication(month string) (Publication, bool, error) {
	type r struct {
		p  Publication
		ok bool
	}
	out, err := store.Read(s.db, func(tx *store.Tx) (r, error) {
		p, ok, err := PublicationTx(tx, month)
		return r{p, ok}, err
	})
	return out.p, out.ok, err
}

// Publish makes a month that has ended public; objections may be raised
// until Rules.ObjectionDays working days after today.
func (s *Service) Publish(actor, month string) (Publication, error) {
	first, err := ParseMonth(month, s.db.Location())
	if err != nil {
		return Publication{}, problem.New("month", "assess.err.month")
	}
	everyone, err := s.Month(month)
	if err != nil {
		return Publication{}, err
	}
	return store.Write(s.db, actor, func(tx *store.Tx) (Publication, error) {
		if tx.Today() < first.AddDate(0, 1, 0).Format(dateLayout) {
			return Publication{}, problem.New("month", "assess.err.month_open", "Month", month)
		}
		if _, ok, err := PublicationTx(tx, month); err != nil || ok {
			return Publication{}, cmp2(err, problem.New("month", "assess.err.published", "Month", month))
		}
		rules, err := RulesTx(tx)
		if err != nil {
			return Publication{}, err
		}
		today := civil(tx.Now(), s.db.Location())
		p := Publication{Month: month, At: tx.Now().UTC(), By: tx.Actor(), Deadline: s.cal.AddWorkdays(today, rules.ObjectionDays).Format(dateLayout)}
		if err := tx.Put(bucketPublished, []byte(month), p); err != nil {
			return Publication{}, err
		}
		for _, sm := range everyone {
			if err := tx.Outbox(KindScore, scoreRecordOf(sm, sm.Score)); err != nil {
				return Publication{}, err
			}
		}
		return p, tx.AuditAndOutbox("assess.publish", "assess/"+month, "assess_publication", nil, p)
	})
}

func cmp2(err error, p *problem.Problem) error {
	if err != nil {
		return err
	}
	return p
}

func objectionKey(staffID uint64, date string, id uint64) []byte {
	t, _ := time.Parse(dateLayout, date)
	k := make([]byte, 24)
	binary.BigEndian.PutUint64(k, staffID)
	binary.BigEndian.PutUint64(k[8:], uint64(t.UnixNano()))
	binary.BigEndian.PutUint64(k[16:], id)
	return k
}

func refKey(month string, staffID uint64, ref string) []byte {
	return []byte(fmt.Sprintf("%s|%016x|%s", month, staffID, ref))
}

// Object files a staff member's objection to one deduction (ref) of
// their published month, within its window, once per deduction.
func (s *Service) Object(actor string, staffID uint64, month, ref, reason string) (Objection, error) {
	sm, err := s.StaffMonth(staffID, month)
	if errors.Is(err, ErrNotAssessed) {
		return Objection{}, problem.New("ref", "assess.err.no_deduction")
	}
	if err != nil {
		return Objection{}, err
	}
	i := slices.IndexFunc(sm.Deductions, func(d Deduction) bool { return d.Ref == ref })
	if i < 0 {
		return Objection{}, problem.New("ref", "assess.err.no_deduction")
	}
	d := sm.Deductions[i]
	reason = strings.TrimSpace(reason)
	return store.Write(s.db, actor, func(tx *store.Tx) (Objection, error) {
		p, ok, err := PublicationTx(tx, month)
		if err != nil {
			return Objection{}, err
		}
		switch {
		case !ok:
			return Objection{}, problem.New("month", "assess.err.not_published", "Month", month)
		case tx.Today() > p.Deadline:
			return Objection{}, problem.New("month", "assess.err.window_closed", "Deadline", p.Deadline)
		case reason == "":
			return Objection{}, problem.New("reason", "assess.err.reason_required")
		case utf8.RuneCountInString(reason) > MaxNoteRunes:
			return Objection{}, problem.New("reason", "assess.err.note_long", "Max", MaxNoteRunes)
		}
		rk := refKey(month, staffID, ref)
		ob, err := tx.Bucket(bucketObjected)
		if err != nil {
			return Objection{}, err
		}
		if ob.Get(rk) != nil {
			return Objection{}, problem.New("ref", "assess.err.objected")
		}
		id, err := tx.NextID(bucketObjByID)
		if err != nil {
			return Objection{}, err
		}
		o := Objection{ID: id, StaffID: staffID, Month: month, Ref: ref, Item: d.Item, Name: d.Name, Points: d.Points, Date: d.Date,
			Reason: reason, Status: ObjPending, FiledBy: tx.Actor(), FiledAt: tx.Now().UTC()}
		if err := ob.Put(rk, store.IDKey(id)); err != nil {
			return Objection{}, err
		}
		if err := putObjection(tx, o); err != nil {
			return Objection{}, err
		}
		return o, tx.AuditAndOutbox("assess.object", objectionObject(id), "assess_objection", nil, o)
	})
}

func objectionObject(id uint64) string { return fmt.Sprintf("assess-objection/%d", id) }

func putObjection(tx *store.Tx, o Objection) error {
	key := objectionKey(o.StaffID, o.Date, o.ID)
	if err := tx.Put(bucketObjections, key, o); err != nil {
		return err
	}
	idx, err := tx.Bucket(bucketObjByID)
	if err != nil {
		return err
	}
	if err := idx.Put(store.IDKey(o.ID), key); err != nil {
		return err
	}
	return decision.Put(tx, bucketObjections, key, o.Status == ObjPending, o.DecidedAt, o.Status)
}

// ObjectionTx reads one objection.
func ObjectionTx(tx *store.Tx, id uint64) (Objection, error) {
	idx, err := tx.Bucket(bucketObjByID)
	if err != nil || idx == nil {
		return Objection{}, cmpErr(err)
	}
	key := idx.Get(store.IDKey(id))
	if key == nil {
		return Objection{}, ErrNotFound
	}
	return store.GetAs[Objection](tx, bucketObjections, key)
}

// Decide upholds (removing the deduction from the month) or rejects a
// pending objection; a rejection needs a reason. actor is the office.
func (s *Service) Decide(actor string, id uint64, uphold bool, reason string) (Objection, error) {
	reason = strings.TrimSpace(reason)
	var sm StaffMonth
	if uphold {
		o, err := store.Read(s.db, func(tx *store.Tx) (Objection, error) { return ObjectionTx(tx, id) })
		if err == nil {
			sm, err = s.StaffMonth(o.StaffID, o.Month)
		}
		if err != nil && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrNotAssessed) {
			return Objection{}, err
		}
	}
	return store.Write(s.db, actor, func(tx *store.Tx) (Objection, error) {
		o, err := ObjectionTx(tx, id)
		if errors.Is(err, ErrNotFound) {
			return o, problem.New("", "assess.err.objection_unknown")
		}
		if err != nil {
			return o, err
		}
		switch {
		case o.Status != ObjPending:
			return o, problem.New("", "assess.err.decided")
		case !uphold && reason == "":
			return o, problem.New("reason", "assess.err.reason_required")
		case utf8.RuneCountInString(reason) > MaxNoteRunes:
			return o, problem.New("reason", "assess.err.note_long", "Max", MaxNoteRunes)
		}
		before := o
		o.Status, o.DecidedBy, o.DecidedAt, o.DecisionReason = ObjRejected, tx.Actor(), tx.Now().UTC(), reason
		if uphold {
			o.Status = ObjUpheld
			if err := tx.Put(bucketRemoved, refKey(o.Month, o.StaffID, o.Ref), removal{StaffID: o.StaffID, Ref: o.Ref, Objection: o.ID}); err != nil {
				return o, err
			}
			if sm.Staff.ID == o.StaffID && sm.Month == o.Month {
				if err := tx.Outbox(KindScore, scoreRecordOf(sm, max(0, FullScore-(sm.Lost-o.Points)))); err != nil {
					return o, err
				}
			}
		}
		if err := putObjection(tx, o); err != nil {
			return o, err
		}
		return o, tx.AuditAndOutbox("assess.objection_"+o.Status, objectionObject(id), "assess_objection", before, o)
	})
}

// ObjectionLists are the two lists of the objections page, with the
// people they name.
type ObjectionLists struct {
	Pending, Decided decision.Page[Objection]
	People           map[uint64]staff.Staff
}

// Objections reads the pages of pending and decided objections q asks for.
func (s *Service) Objections(q decision.Query) (ObjectionLists, error) {
	return store.Read(s.db, func(tx *store.Tx) (ObjectionLists, error) {
		var ol ObjectionLists
		var err error
		if ol.Pending, ol.Decided, err = decision.Lists[Objection](tx, bucketObjections, q); err != nil {
			return ol, err
		}
		ol.People = map[uint64]staff.Staff{}
		for _, o := range slices.Concat(ol.Pending.Rows, ol.Decided.Rows) {
			if _, ok := ol.People[o.StaffID]; !ok {
				if st, err := staff.GetStaffTx(tx, o.StaffID); err == nil {
					ol.People[o.StaffID] = st
				}
			}
		}
		return ol, nil
	})
}

// ObjectedTx lists a staff member's objections of a month by deduction
// ref.
func ObjectedTx(tx *store.Tx, staffID uint64, month string) (map[string]Objection, error) {
	out := map[string]Objection{}
	b, err := tx.Bucket(bucketObjected)
	if err != nil || b == nil {
		return out, err
	}
	prefix := []byte(fmt.Sprintf("%s|%016x|", month, staffID))
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, v = c.Next() {
		o, err := ObjectionTx(tx, store.KeyID(v))
		if err != nil {
			return nil, err
		}
		out[o.Ref] = o
	}
	return out, nil
}

// Objected lists a staff member's objections of a month by ref.
func (s *Service) Objected(staffID uint64, month string) (map[string]Objection, error) {
	return store.Read(s.db, func(tx *store.Tx) (map[string]Objection, error) { return ObjectedTx(tx, staffID, month) })
}

// PendingCount counts the objections waiting for the office.
func (s *Service) PendingCount() (int, error) {
	return store.Read(s.db, func(tx *store.Tx) (int, error) { return tx.Count(decision.PendingBucket(bucketObjections)), nil })
}

// KindScore is the outbox kind of a person's published month: one record
// per person and month, a later one (an upheld objection) replacing the
// earlier at the county.
const KindScore = "assessment"

// ScoreRecord is what the county receives of a published month.
type ScoreRecord struct {
	StaffID    uint64  `json:"staff_id"`
	UnitID     uint64  `json:"unit_id,omitempty"`
	Month      string  `json:"month"`
	Score      float64 `json:"score"`
	Lost       int     `json:"lost"`
	Deductions int     `json:"deductions"`
}

func scoreRecordOf(sm StaffMonth, score int) ScoreRecord {
	return ScoreRecord{StaffID: sm.Staff.ID, UnitID: sm.Staff.UnitID, Month: sm.Month, Score: float64(score), Lost: FullScore - score, Deductions: len(sm.Deductions)}
}
