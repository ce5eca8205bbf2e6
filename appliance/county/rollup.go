package county

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"bianmin/appliance/assess"
	"bianmin/appliance/attendance"
	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
	"bianmin/appliance/queue"
	"bianmin/appliance/rating"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"

	bolt "go.etcd.io/bbolt"
)

// Roll-ups (issue 16) are kept up to date as batches arrive, in the
// transaction that stores the batch (apply): a page view reads a handful of
// keys and never scans records.
//
//	county.dir   box|'s'|staff → staff.Staff, box|'u'|unit → staff.Unit,
//	             box|'w'|window → staff.Window, box|'p' → attendance.Settings,
//	             box|'x' → rollState (the judged days, the box's clock)
//	county.days  box|date|staff → dayRec: one person's day — punches,
//	             covering leave, and the attendance tally last counted
//	county.ents  box|kind|0|id → entRec: what one leave, ticket, case,
//	             rating, follow-up or assessment last added to the tallies
//	county.roll  box|'d'|date|scope, box|'m'|month|scope → Tally, scope
//	             't' (township), 'u'|unit, 'p'|unit|staff
//	county.open  box|'c'|due|case → nil (open cases with a due date),
//	             box|'b'|rating → nil (差评 whose follow-up is not done)
//
// A record changes the tallies by what it adds minus what its previous
// version added (an entity sent again after each step), so a batch stored
// twice — refused by Receive's sequence check — or a record sent again
// under a new epoch — skipped by its content id — never counts twice.
// Attendance is judged by attendance.JudgeDay for each person-day whose
// punches or leave changed once the day is over on the box (the batch's
// creation day), and for every serving person on each day that ends, so
// that a day without any punch counts as absence.
const (
	bucketDir  = "county.dir"
	bucketDays = "county.days"
	bucketEnts = "county.ents"
	bucketRoll = "county.roll"
	bucketOpen = "county.open"
)

// Record kinds rolled up (the box's outbox kinds).
const (
	KindStaff      = "staff"
	KindUnit       = "unit"
	KindWindow     = "window"
	KindSettings   = "attendance_settings"
	KindPunch      = "punch"
	KindLeave      = "leave"
	KindTicket     = "queue_ticket"
	KindCase       = intake.OutboxKind
	KindRating     = "rating"
	KindFollowUp   = "rating_followup"
	KindAssessment = assess.KindScore
)

// maxJudgeSpan bounds how far back one batch's records extend the judged
// days (a punch with a wild date must not judge decades).
const maxJudgeSpan = 800

// rollState is a box's roll-up progress.
type rollState struct {
	// From..To are the days judged for every serving person (To is the
	// day before the box's day at its latest batch).
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Skew is the box's clock minus the county's at its latest batch.
	Skew time.Duration `json:"skew,omitempty"`
}

// dayRec is one person's day.
type dayRec struct {
	Unit   uint64            `json:"u,omitempty"`
	Marks  []attendance.Mark `json:"m,omitempty"`
	Covers []leaveCover      `json:"c,omitempty"`
	Judged bool              `json:"j,omitempty"`
	Att    Tally             `json:"t"`
}

type leaveCover struct {
	Leave uint64 `json:"l"`
	attendance.Cover
}

// contrib is what a record adds at one person-day.
type contrib struct {
	Date  string `json:"d"`
	Unit  uint64 `json:"u,omitempty"`
	Staff uint64 `json:"s,omitempty"`
	T     Tally  `json:"t"`
}

// entRec is what one entity last added.
type entRec struct {
	C []contrib `json:"c,omitempty"`
	// Due is a case's latest due date, kept when the last version has
	// none (decided cases carry no running limit).
	Due  string `json:"due,omitempty"`
	Open []byte `json:"open,omitempty"` // its key in county.open
	// Days are the person-days a leave covered (date|staff as keys).
	Days []string `json:"days,omitempty"`
}

// weekdays is the default working-day calendar (Monday to Friday); cmd
// sets the shipped holiday calendar with SetWorkdays.
type weekdays struct{}

func (weekdays) IsWorkday(t time.Time) bool {
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}

// SetWorkdays sets the calendar the county judges attendance by (the
// shipped national calendar: appliance/calendar).
func (c *County) SetWorkdays(d attendance.WorkingDays) {
	if d != nil {
		c.days = d
	}
}

func (c *County) workdays() attendance.WorkingDays {
	if c.days == nil {
		return weekdays{}
	}
	return c.days
}

// roller applies one batch's records to the roll-ups.
type roller struct {
	c     *County
	tx    *store.Tx
	box   uint64
	loc   *time.Location
	dir   *bolt.Bucket
	days  *bolt.Bucket
	ents  *bolt.Bucket
	roll  *bolt.Bucket
	open  *bolt.Bucket
	state rollState
	staff map[uint64]staff.Staff
	dirty map[string]bool // date|staffKey
	delta map[string]*Tally
}

func (c *County) newRoller(tx *store.Tx, box uint64) (*roller, error) {
	r := &roller{c: c, tx: tx, box: box, loc: tx.Location(), dirty: map[string]bool{}, delta: map[string]*Tally{}}
	for _, x := range []struct {
		b    **bolt.Bucket
		name string
	}{{&r.dir, bucketDir}, {&r.days, bucketDays}, {&r.ents, bucketEnts}, {&r.roll, bucketRoll}, {&r.open, bucketOpen}} {
		b, err := tx.Bucket(x.name)
		if err != nil {
			return nil, err
		}
		*x.b = b
	}
	if v := r.dir.Get(r.key('x')); v != nil {
		if err := json.Unmarshal(v, &r.state); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (r *roller) key(parts ...any) []byte {
	k := boxPrefix(r.box)
	for _, p := range parts {
		switch p := p.(type) {
		case byte:
			k = append(k, p)
		case rune: // a character constant: ASCII only
			k = append(k, byte(p))
		case string:
			k = append(k, p...)
		case uint64:
			k = append(k, store.IDKey(p)...)
		case []byte:
			k = append(k, p...)
		default:
			panic(fmt.Sprintf("county key part %T", p))
		}
	}
	return k
}

// rollup applies the batch's new records (in outbox order), judges the
// person-days they changed and the days that ended, and adds the changes
// to the tallies.
func (c *County) rollup(tx *store.Tx, box uint64, created time.Time, live bool, recs []Record) error {
	r, err := c.newRoller(tx, box)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if err := r.record(rec); err != nil {
			return fmt.Errorf("roll up %s record %d: %w", rec.Kind, rec.N, err)
		}
	}
	if !created.IsZero() {
		if live { // a batch from a stick was made long before it came
			r.state.Skew = created.Sub(tx.Now()).Round(time.Second)
		}
		if err := r.close(tx.DateOf(created)); err != nil {
			return err
		}
	}
	if err := r.judgeDirty(); err != nil {
		return err
	}
	if err := r.flush(); err != nil {
		return err
	}
	data, err := json.Marshal(r.state)
	if err != nil {
		return err
	}
	return r.dir.Put(r.key('x'), data)
}

func (r *roller) record(rec Record) error {
	switch rec.Kind {
	case KindStaff:
		var s staff.Staff
		if err := json.Unmarshal(rec.Payload, &s); err != nil || s.ID == 0 {
			return nil // not a staff record this county understands
		}
		old, known := r.staffOf(s.ID)
		if err := r.putDir('s', s.ID, s); err != nil {
			return err
		}
		r.staff[s.ID] = s
		if r.state.From != "" && (!known || old.StartDate != s.StartDate || old.EndDate != s.EndDate) {
			eachDay(r.state.From, r.state.To, func(d string) { r.dirty[d+string(store.IDKey(s.ID))] = true })
		}
	case KindUnit:
		var u staff.Unit
		if json.Unmarshal(rec.Payload, &u) == nil && u.ID != 0 {
			return r.putDir('u', u.ID, u)
		}
	case KindWindow:
		var w staff.Window
		if json.Unmarshal(rec.Payload, &w) == nil && w.ID != 0 {
			return r.putDir('w', w.ID, w)
		}
	case KindSettings:
		var s attendance.Settings
		if json.Unmarshal(rec.Payload, &s) == nil && s.Preset.Validate() == nil {
			data, err := json.Marshal(s)
			if err != nil {
				return err
			}
			return r.dir.Put(r.key('p'), data)
		}
	case KindPunch:
		var p attendance.Punch
		if err := json.Unmarshal(rec.Payload, &p); err != nil || p.StaffID == 0 {
			return nil
		}
		return r.punch(p)
	case KindLeave:
		var l leave.Leave
		if err := json.Unmarshal(rec.Payload, &l); err != nil || l.ID == 0 {
			return nil
		}
		return r.leave(l)
	case KindTicket:
		var t queue.Ticket
		if err := json.Unmarshal(rec.Payload, &t); err != nil || t.ID == 0 {
			return nil
		}
		return r.ticket(t)
	case KindCase:
		var cr intake.CaseRecord
		if err := json.Unmarshal(rec.Payload, &cr); err != nil || cr.ID == 0 {
			return nil
		}
		return r.caseRec(cr.Case)
	case KindRating:
		var x rating.Exchange
		if err := json.Unmarshal(rec.Payload, &x); err != nil || x.Seq == 0 {
			return nil
		}
		date := r.tx.DateOf(x.Time)
		_, err := r.replace(KindRating, store.IDKey(x.Seq), []contrib{r.at(date, x.StaffNo, 0, Tally{Ratings: 1})}, nil)
		return err
	case KindFollowUp:
		var f rating.FollowUp
		if err := json.Unmarshal(rec.Payload, &f); err != nil || f.RatingSeq == 0 {
			return nil
		}
		return r.followUp(f)
	case KindAssessment:
		var a assess.ScoreRecord
		if err := json.Unmarshal(rec.Payload, &a); err != nil || a.StaffID == 0 || len(a.Month) != 7 {
			return nil
		}
		t := Tally{ScoreTenths: int(math.Round(a.Score * 10)), Scored: 1}
		_, err := r.replace(KindAssessment, append(store.IDKey(a.StaffID), a.Month...), []contrib{r.at(a.Month+"-01", a.StaffID, a.UnitID, t)}, nil)
		return err
	}
	return nil
}

func (r *roller) putDir(kind byte, id uint64, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return r.dir.Put(r.key(kind, id), data)
}

// staffOf is a staff member of the box as last received.
func (r *roller) staffOf(id uint64) (staff.Staff, bool) {
	if r.staff == nil {
		r.staff = map[uint64]staff.Staff{}
		p := r.key('s')
		cur := r.dir.Cursor()
		for k, v := cur.Seek(p); k != nil && len(k) == len(p)+8 && string(k[:len(p)]) == string(p); k, v = cur.Next() {
			var s staff.Staff
			if json.Unmarshal(v, &s) == nil {
				r.staff[s.ID] = s
			}
		}
	}
	s, ok := r.staff[id]
	return s, ok
}

// at is a contribution at a person-day; the unit is the person's unless
// given.
func (r *roller) at(date string, staffID, unit uint64, t Tally) contrib {
	if unit == 0 && staffID != 0 {
		if s, ok := r.staffOf(staffID); ok {
			unit = s.UnitID
		}
	}
	return contrib{Date: date, Unit: unit, Staff: staffID, T: t}
}

// add adds sign × a contribution to the day's and the month's township,
// unit and person tallies.
func (r *roller) add(c contrib, sign int) {
	if len(c.Date) != 10 {
		return
	}
	for _, period := range []struct {
		level byte
		p     string
	}{{'d', c.Date}, {'m', c.Date[:7]}} {
		for _, k := range [][]byte{
			r.key(period.level, period.p, byte('t')),
			r.key(period.level, period.p, byte('u'), c.Unit),
			r.key(period.level, period.p, byte('p'), c.Unit, c.Staff),
		} {
			d := r.delta[string(k)]
			if d == nil {
				d = &Tally{}
				r.delta[string(k)] = d
			}
			d.add(c.T, sign)
		}
	}
}

// replace swaps what an entity added for its new contributions.
func (r *roller) replace(kind string, id []byte, cs []contrib, edit func(*entRec)) (entRec, error) {
	k := r.key(kind, byte(0), id)
	var e entRec
	if v := r.ents.Get(k); v != nil {
		if err := json.Unmarshal(v, &e); err != nil {
			return e, err
		}
	}
	for _, c := range e.C {
		r.add(c, -1)
	}
	for _, c := range cs {
		r.add(c, 1)
	}
	e.C = cs
	if edit != nil {
		edit(&e)
	}
	data, err := json.Marshal(e)
	if err != nil {
		return e, err
	}
	return e, r.ents.Put(k, data)
}

// leave moves a leave's covers to its new span (only approved leave
// covers, up to the return: leave.CoverEnd) and counts it where it begins.
func (r *roller) leave(l leave.Leave) error {
	var covered []string
	var cs []contrib
	if l.Status == leave.StatusApproved {
		t := Tally{LeaveReqs: 1}
		if l.SubstituteID != 0 {
			t.Substitutes = 1
		}
		cs = append(cs, r.at(r.tx.DateOf(l.Start), l.StaffID, 0, t))
		eachDay(r.tx.DateOf(l.Start), r.tx.DateOf(l.CoverEnd()), func(d string) {
			if len(covered) < maxJudgeSpan {
				covered = append(covered, d)
			}
		})
	}
	var before []string
	if _, err := r.replace(KindLeave, store.IDKey(l.ID), cs, func(e *entRec) {
		before, e.Days = e.Days, covered
	}); err != nil {
		return err
	}
	for _, date := range before {
		d, err := r.getDay(date, l.StaffID)
		if err != nil {
			return err
		}
		kept := d.Covers[:0]
		for _, c := range d.Covers {
			if c.Leave != l.ID {
				kept = append(kept, c)
			}
		}
		d.Covers = kept
		r.dirty[date+string(store.IDKey(l.StaffID))] = true
		if err := r.putDay(date, l.StaffID, d); err != nil {
			return err
		}
	}
	// The type it is judged as (leave.CountsAs: a long sick leave without
	// a certificate is personal leave), on its length in working days.
	days := l.Length.WorkingDays
	if l.Length.Minutes == 0 {
		days = 0
		for _, date := range covered {
			if t, err := time.ParseInLocation(store.DateLayout, date, r.loc); err == nil && r.c.workdays().IsWorkday(t) {
				days++
			}
		}
	}
	typ := l.CountsAs(days)
	for _, date := range covered {
		d, err := r.getDay(date, l.StaffID)
		if err != nil {
			return err
		}
		d.Covers = append(d.Covers, leaveCover{Leave: l.ID, Cover: attendance.Cover{Start: l.Start, End: l.CoverEnd(),
			Kind: attendance.CoverLeave, LeaveType: string(typ)}})
		r.dirty[date+string(store.IDKey(l.StaffID))] = true
		if err := r.putDay(date, l.StaffID, d); err != nil {
			return err
		}
	}
	return nil
}

func (r *roller) ticket(t queue.Ticket) error {
	var cs []contrib
	if t.Number != "" && len(t.Day) == 10 {
		x := Tally{Tickets: 1}
		if !t.Called.IsZero() && !t.Taken.IsZero() && t.Called.After(t.Taken) {
			x.WaitSec, x.WaitN = int64(t.Called.Sub(t.Taken)/time.Second), 1
		}
		if t.Status == queue.StatusFinished {
			x.Served = 1
		}
		cs = append(cs, r.at(t.Day, t.StaffID, 0, x))
	}
	_, err := r.replace(KindTicket, store.IDKey(t.ID), cs, nil)
	return err
}

// caseRec counts a case where it was received; once decided or closed it
// counts as done, and on time when that day is not after its last due date
// (intake.DueOf's, as the box sent it).
func (r *roller) caseRec(c intake.Case) error {
	var k []byte
	if c.Status.Open() && c.DueDate != "" {
		k = r.key(byte('c'), c.DueDate, c.ID)
	}
	_, err := r.replace(KindCase, store.IDKey(c.ID), nil, func(e *entRec) {
		if c.DueDate != "" {
			e.Due = c.DueDate
		}
		cc := CaseCount{N: 1}
		if c.Status == intake.StatusDecided || c.Status.Closed() {
			cc.Done = 1
			end := c.DecidedAt
			if end.IsZero() {
				end = c.ClosedAt
			}
			if end.IsZero() || e.Due == "" || r.tx.DateOf(end) <= e.Due {
				cc.OnTime = 1
			}
		}
		ct := r.at(r.tx.DateOf(c.ReceivedAt), c.OwnerStaffID, c.UnitID, Tally{Cases: map[string]CaseCount{string(c.Category): cc}})
		r.add(ct, 1) // replace took the previous version's away
		e.C = []contrib{ct}
		if e.Open != nil {
			_ = r.open.Delete(e.Open)
		}
		e.Open = k
	})
	if err != nil || k == nil {
		return err
	}
	return r.open.Put(k, nil)
}

func (r *roller) followUp(f rating.FollowUp) error {
	t := Tally{Bad: 1}
	if f.Done() {
		t.BadDone = 1
	}
	k := r.key(byte('b'), f.RatingSeq)
	if f.Done() {
		if err := r.open.Delete(k); err != nil {
			return err
		}
	} else if err := r.open.Put(k, nil); err != nil {
		return err
	}
	_, err := r.replace(KindFollowUp, store.IDKey(f.RatingSeq), []contrib{r.at(r.tx.DateOf(f.RatedAt), f.Ref.StaffID, f.Ref.UnitID, t)}, nil)
	return err
}

// flush adds the batch's changes to the stored tallies.
func (r *roller) flush() error {
	keys := make([]string, 0, len(r.delta))
	for k := range r.delta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var t Tally
		if v := r.roll.Get([]byte(k)); v != nil {
			if err := json.Unmarshal(v, &t); err != nil {
				return err
			}
		}
		t.add(*r.delta[k], 1)
		if t.IsZero() {
			if err := r.roll.Delete([]byte(k)); err != nil {
				return err
			}
			continue
		}
		data, err := json.Marshal(t)
		if err != nil {
			return err
		}
		if err := r.roll.Put([]byte(k), data); err != nil {
			return err
		}
	}
	return nil
}

// eachDay calls fn for each day from..to (YYYY-MM-DD, inclusive).
func eachDay(from, to string, fn func(string)) {
	f, err1 := time.Parse(store.DateLayout, from)
	t, err2 := time.Parse(store.DateLayout, to)
	if err1 != nil || err2 != nil {
		return
	}
	for d := f; !d.After(t); d = d.AddDate(0, 0, 1) {
		fn(d.Format(store.DateLayout))
	}
}

// addDays is date + n days.
func addDays(date string, n int) string {
	d, err := time.Parse(store.DateLayout, date)
	if err != nil {
		return date
	}
	return d.AddDate(0, 0, n).Format(store.DateLayout)
}

// validDate reports whether s is a YYYY-MM-DD date.
func validDate(s string) bool {
	_, err := time.Parse(store.DateLayout, s)
	return err == nil && !strings.ContainsAny(s, " T")
}
