package attendance

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Source says where a punch came from.
type Source string

// Punch sources.
const (
	SourceFingerprint Source = "fingerprint" // the fingerprint clock (指纹机)
	SourceManual      Source = "manual"      // entered by the office when the clock failed (补录)
	SourceImport      Source = "import"      // imported from another clock's export
)

// TimeQuality says how far the box's clock could be trusted when a punch
// was taken. Unsure punches are flagged, never refused.
type TimeQuality string

// Time qualities.
const (
	TimeSynced TimeQuality = "synced" // NTP-synchronised since boot
	TimeRTC    TimeQuality = "rtc"    // from a battery-backed real-time clock
	TimeUnsure TimeQuality = "unsure" // no sync and no RTC, or the clock jumped
)

// Punch is one clock-in or clock-out by a staff member.
type Punch struct {
	ID         uint64      `json:"id"`
	StaffID    uint64      `json:"staff_id"`
	Time       time.Time   `json:"time"`
	Source     Source      `json:"source"`
	Quality    TimeQuality `json:"quality"`
	Score      int         `json:"score,omitempty"`  // fingerprint match score
	Reason     string      `json:"reason,omitempty"` // why a manual punch was entered
	Ref        string      `json:"ref,omitempty"`    // device name, or import file and line
	RecordedBy string      `json:"recorded_by"`
	RecordedAt time.Time   `json:"recorded_at"`
}

// Flagged reports whether the punch needs a second look: entered by hand or
// taken while the clock was unsure.
func (p Punch) Flagged() bool { return p.Source == SourceManual || p.Quality == TimeUnsure }

const (
	bucketPunches = "attendance.punches"         // staffID|unixNano → Punch
	bucketByTime  = "attendance.punches_by_time" // unixNano|staffID → nil
	bucketSeq     = "attendance.punch_seq"       // sequence for Punch.ID
)

// DefaultDedupeWindow: repeated punches by one person within this span are
// recorded once (a finger pressed twice).
const DefaultDedupeWindow = 60 * time.Second

// MaxManualReasonRunes bounds a manual punch's reason.
const MaxManualReasonRunes = 200

// Errors a caller can show.
var (
	ErrUnknownStaff   = errors.New("attendance: no such staff member")
	ErrInactiveStaff  = errors.New("attendance: staff member had left the hall by the punch's date")
	ErrReasonRequired = errors.New("attendance: a manual punch needs a reason")
	ErrReasonTooLong  = errors.New("attendance: the reason is too long")
	ErrFutureTime     = errors.New("attendance: the punch time is in the future")
	// ErrTimeOutOfRange: a manual or imported punch dated outside
	// store.MinRecordYear..store.MaxRecordYear (a typo such as 1900), or any
	// punch whose time the store's keys cannot hold (before 1970).
	ErrTimeOutOfRange = errors.New("attendance: the punch date must lie between 2000-01-01 and 2099-12-31")
)

func punchKey(staffID uint64, t time.Time) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, staffID)
	binary.BigEndian.PutUint64(k[8:], uint64(t.UnixNano()))
	return k
}

func timeKey(t time.Time, staffID uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, uint64(t.UnixNano()))
	binary.BigEndian.PutUint64(k[8:], staffID)
	return k
}

// Service records and reads punches.
type Service struct {
	db     *store.DB
	dedupe time.Duration
}

// New returns the punch service; dedupe ≤ 0 means DefaultDedupeWindow.
func New(db *store.DB, dedupe time.Duration) *Service {
	if dedupe <= 0 {
		dedupe = DefaultDedupeWindow
	}
	return &Service{db: db, dedupe: dedupe}
}

// Record writes a punch with its audit and outbox entries in one committed
// transaction. A punch within the dedupe window of another by the same
// person is not written again: Record returns the earlier one and dup=true.
//
// A punch at the fingerprint clock is an essential write: it goes on when
// the storage is nearly full and ordinary writes are refused (the person
// at the clock cannot come back later; store.UpdateEssential).
func (s *Service) Record(actor string, p Punch) (saved Punch, dup bool, err error) {
	update := s.db.Update
	if p.Source == SourceFingerprint {
		update = s.db.UpdateEssential
	}
	err = update(actor, func(tx *store.Tx) error {
		saved, dup, err = RecordTx(tx, p, s.dedupe)
		return err
	})
	return saved, dup, err
}

// RecordTx is Record inside the caller's transaction.
func RecordTx(tx *store.Tx, p Punch, dedupe time.Duration) (Punch, bool, error) {
	st, err := staff.GetStaffTx(tx, p.StaffID)
	if err != nil {
		return Punch{}, false, fmt.Errorf("%w (id %d)", ErrUnknownStaff, p.StaffID)
	}
	if !p.Time.IsZero() && st.Left(tx.DateOf(p.Time)) {
		return Punch{}, false, fmt.Errorf("%w: %s %s left on %s", ErrInactiveStaff, st.StaffNo, st.Name, st.EndDate)
	}
	if err := validate(&p, tx.Now()); err != nil {
		return Punch{}, false, err
	}
	// A punch at the very instant of a stored one is that punch whatever
	// the window (even one ≤ 0 passed by a caller): punches are never
	// overwritten.
	if near, ok, err := nearest(tx, p.StaffID, p.Time, max(dedupe, 0)); err != nil || ok {
		return near, ok, err
	}
	id, err := tx.NextID(bucketSeq)
	if err != nil {
		return Punch{}, false, err
	}
	p.ID, p.RecordedBy, p.RecordedAt = id, tx.Actor(), tx.Now().UTC()
	if err := tx.Put(bucketPunches, punchKey(p.StaffID, p.Time), p); err != nil {
		return Punch{}, false, err
	}
	b, err := tx.Bucket(bucketByTime)
	if err != nil {
		return Punch{}, false, err
	}
	if err := b.Put(timeKey(p.Time, p.StaffID), nil); err != nil {
		return Punch{}, false, err
	}
	obj := fmt.Sprintf("punch/%d", p.ID)
	if err := tx.Audit("punch."+string(p.Source), obj, nil, summary(p, st)); err != nil {
		return Punch{}, false, err
	}
	return p, false, tx.Outbox("punch", p)
}

func summary(p Punch, st staff.Staff) map[string]any {
	m := map[string]any{"staff_no": st.StaffNo, "name": st.Name, "time": p.Time.Format(time.RFC3339), "source": p.Source, "quality": p.Quality}
	if p.Reason != "" {
		m["reason"] = p.Reason
	}
	return m
}

func validate(p *Punch, now time.Time) error {
	if p.Time.IsZero() {
		return errors.New("attendance: punch time missing")
	}
	if p.Time.After(now.Add(time.Minute)) {
		return ErrFutureTime
	}
	// A fingerprint punch is never refused for an unsure clock (it is
	// flagged instead); only a time the keys cannot encode is. Times that
	// people type or files carry must be plausible dates.
	if !store.TimeKeyOK(p.Time) || p.Source != SourceFingerprint && !store.RecordDateOK(p.Time) {
		return ErrTimeOutOfRange
	}
	switch p.Source {
	case SourceFingerprint, SourceImport:
	case SourceManual:
		p.Reason = strings.TrimSpace(p.Reason)
		if p.Reason == "" {
			return ErrReasonRequired
		}
		if utf8.RuneCountInString(p.Reason) > MaxManualReasonRunes {
			return ErrReasonTooLong
		}
	default:
		return fmt.Errorf("attendance: unknown punch source %q", p.Source)
	}
	switch p.Quality {
	case TimeSynced, TimeRTC, TimeUnsure:
	case "":
		p.Quality = TimeUnsure
	default:
		return fmt.Errorf("attendance: unknown time quality %q", p.Quality)
	}
	return nil
}

// nearest returns the person's punch closest to t when it lies within
// window (a duplicate).
func nearest(tx *store.Tx, staffID uint64, t time.Time, window time.Duration) (Punch, bool, error) {
	b, err := tx.Bucket(bucketPunches)
	if err != nil || b == nil {
		return Punch{}, false, err
	}
	c := b.Cursor()
	prefix := store.IDKey(staffID)
	check := func(k, v []byte) (Punch, bool, error) {
		if k == nil || string(k[:8]) != string(prefix) {
			return Punch{}, false, nil
		}
		at := time.Unix(0, int64(binary.BigEndian.Uint64(k[8:])))
		if d := at.Sub(t); d > window || d < -window {
			return Punch{}, false, nil
		}
		var p Punch
		return p, true, jsonDecode(v, &p)
	}
	k, v := c.Seek(punchKey(staffID, t))
	if p, ok, err := check(k, v); ok || err != nil {
		return p, ok, err
	}
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	return check(k, v)
}

// Punches returns one person's punches with from ≤ Time < to, oldest first.
func (s *Service) Punches(staffID uint64, from, to time.Time) ([]Punch, error) {
	var out []Punch
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		out, err = PunchesTx(tx, staffID, from, to)
		return err
	})
	return out, err
}

// PunchesTx is Punches inside a transaction.
func PunchesTx(tx *store.Tx, staffID uint64, from, to time.Time) ([]Punch, error) {
	b, err := tx.Bucket(bucketPunches)
	if err != nil || b == nil {
		return nil, err
	}
	var out []Punch
	c := b.Cursor()
	end := punchKey(staffID, to)
	for k, v := c.Seek(punchKey(staffID, from)); k != nil && string(k) < string(end); k, v = c.Next() {
		var p Punch
		if err := jsonDecode(v, &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Between returns every punch with from ≤ Time < to, oldest first, up to
// limit (0 = no limit).
func (s *Service) Between(from, to time.Time, limit int) ([]Punch, error) {
	var out []Punch
	err := s.db.View(func(tx *store.Tx) error {
		idx, _ := tx.Bucket(bucketByTime)
		if idx == nil {
			return nil
		}
		c := idx.Cursor()
		end := timeKey(to, 0)
		for k, _ := c.Seek(timeKey(from, 0)); k != nil && string(k) < string(end); k, _ = c.Next() {
			t := time.Unix(0, int64(binary.BigEndian.Uint64(k[:8])))
			var p Punch
			if err := tx.Get(bucketPunches, punchKey(binary.BigEndian.Uint64(k[8:]), t), &p); err != nil {
				return err
			}
			out = append(out, p)
			if limit > 0 && len(out) >= limit {
				break
			}
		}
		return nil
	})
	return out, err
}

// Count is the number of punches stored.
func (s *Service) Count() int {
	n := 0
	_ = s.db.View(func(tx *store.Tx) error { n = tx.Count(bucketPunches); return nil })
	return n
}
