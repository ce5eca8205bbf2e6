package assess

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
	"bianmin/appliance/rating"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// FullScore is what every staff member starts a month with.
const FullScore = 100

// Calendar says which days are working days and counts them
// (*calendar.Calendar).
type Calendar interface {
	attendance.WorkingDays
	AddWorkdays(t time.Time, n int) time.Time
}

// Cases lists the deadlines cases missed (*intake.Service).
type Cases interface {
	OverdueEvents(from, to string) ([]intake.OverdueEvent, error)
}

var _ Cases = (*intake.Service)(nil) // cmd and ui hand intake's service in

// Service keeps the catalog, the inspections, the objections and the
// publications, and scores the months.
type Service struct {
	db    *store.DB
	cal   Calendar
	cases Cases
}

// New returns the service over db; cal counts working days, cases (nil:
// none) gives the cases' missed deadlines.
func New(db *store.DB, cal Calendar, cases Cases) *Service {
	return &Service{db: db, cal: cal, cases: cases}
}

// StaffMonth is one staff member's assessed month.
type StaffMonth struct {
	Staff staff.Staff `json:"staff"`
	Unit  string      `json:"unit"`
	Month string      `json:"month"` // YYYY-MM
	// Deductions that count, by date; Removed those an upheld objection
	// took away (each with its objection).
	Deductions []Deduction `json:"deductions"`
	Removed    []Removed   `json:"removed,omitempty"`
	Lost       int         `json:"lost"`
	Score      int         `json:"score"`
	// What the 先进个人 exclusions and the reports read.
	Absent   attendance.HalfDays `json:"absent"`
	Bad      int                 `json:"bad"`
	SendBack bool                `json:"send_back"` // a third failed one-time notice this year
	// SendBackAttendance: late, early and off-post reached Rules.SendBackAt.
	SendBackAttendance bool `json:"send_back_attendance,omitempty"`
	Span               attendance.JudgedSpan
}

// Removed is a deduction an upheld objection took away.
type Removed struct {
	Deduction
	Objection uint64 `json:"objection"`
}

// monthInputs are what the month's rules read outside the store's
// transaction: the cases' missed deadlines of the month and of the year
// before it, by owner.
type monthInputs struct {
	events map[uint64][]intake.OverdueEvent
	prior  map[uint64]int
}

func (s *Service) readCases(first time.Time) (monthInputs, error) {
	in := monthInputs{events: map[uint64][]intake.OverdueEvent{}, prior: map[uint64]int{}}
	if s.cases == nil {
		return in, nil
	}
	next := first.AddDate(0, 1, 0)
	yearStart := time.Date(first.Year(), 1, 1, 0, 0, 0, 0, first.Location())
	evs, err := s.cases.OverdueEvents(yearStart.Format(dateLayout), next.Format(dateLayout))
	if err != nil {
		return in, err
	}
	from := first.Format(dateLayout)
	for _, ev := range evs {
		if ev.OwnerStaffID == 0 {
			continue
		}
		if ev.DueDate < from {
			if ev.Kind == intake.DueNotice {
				in.prior[ev.OwnerStaffID]++
			}
			continue
		}
		in.events[ev.OwnerStaffID] = append(in.events[ev.OwnerStaffID], ev)
	}
	return in, nil
}

// ParseMonth reads YYYY-MM in loc: midnight of the month's first day.
func ParseMonth(month string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01", month, loc)
	if err != nil {
		return t, fmt.Errorf("month %q: want YYYY-MM", month)
	}
	return t, nil
}

// monthCtx is what scoring a month reads once for everyone.
type monthCtx struct {
	rules   Rules
	att     attendance.Settings
	first   time.Time
	cases   monthInputs
	bad     map[uint64][]BadRating
	named   map[uint64]string
	removed map[uint64]map[string]uint64 // staff → ref → objection
	units   map[uint64]string
}

func (s *Service) loadMonth(tx *store.Tx, first time.Time, cases monthInputs) (*monthCtx, error) {
	mc := &monthCtx{first: first, cases: cases, bad: map[uint64][]BadRating{}, named: map[uint64]string{}, units: map[uint64]string{}}
	var err error
	if mc.rules, err = RulesTx(tx); err != nil {
		return nil, err
	}
	if mc.att, err = attendance.LoadSettings(tx); err != nil {
		return nil, err
	}
	next := first.AddDate(0, 1, 0)
	err = rating.RatingsTx(tx, first, next, func(seq uint64, r rating.Rating) error {
		if r.Level.Bad() {
			mc.bad[r.StaffID] = append(mc.bad[r.StaffID], BadRating{Seq: seq, At: r.At, Level: string(r.Level), Window: r.Window})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	period, err := appraisalPeriod(tx, first)
	if err != nil {
		return nil, err
	}
	if period != "" {
		named, err := rating.NamedTx(tx, period)
		if err != nil {
			return nil, err
		}
		for _, n := range named {
			mc.named[n.StaffID] = period
		}
	}
	if mc.removed, err = removedTx(tx, first.Format("2006-01")); err != nil {
		return nil, err
	}
	units, err := staff.UnitsTx(tx)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		mc.units[u.ID] = u.Name
	}
	return mc, nil
}

// appraisalPeriod is the appraisal that counts in the month: the month's
// own under monthly appraisals, the quarter's in its last month.
func appraisalPeriod(tx *store.Tx, first time.Time) (string, error) {
	set, err := rating.SettingsTx(tx)
	if err != nil {
		return "", err
	}
	if set.Period == rating.PeriodQuarter {
		if first.Month()%3 != 0 {
			return "", nil
		}
		return fmt.Sprintf("%d-Q%d", first.Year(), int(first.Month())/3), nil
	}
	return first.Format("2006-01"), nil
}

func (s *Service) monthOptions(tx *store.Tx, mc *monthCtx) attendance.MonthOptions {
	return attendance.MonthOptions{Year: mc.first.Year(), Month: mc.first.Month(), Preset: mc.att.Preset, Location: mc.first.Location(), Calendar: s.cal, Now: tx.Now()}
}

// score assesses one staff member's judged month.
func (s *Service) score(tx *store.Tx, mc *monthCtx, am attendance.StaffMonth) (StaffMonth, error) {
	loc, first := mc.first.Location(), mc.first
	next := first.AddDate(0, 1, 0)
	month := first.Format("2006-01")
	today := civil(tx.Now(), loc)
	am.EndBefore(today, mc.att.Preset)
	id := am.Staff.ID
	sm := StaffMonth{Staff: am.Staff, Unit: mc.units[am.Staff.UnitID], Month: month, Absent: am.Result.Absent, Bad: len(mc.bad[id]), Span: am.Span}
	var all []Deduction
	all = append(all, AttendanceDeductions(mc.rules, am.Result, month)...)
	leaves, err := leave.ForStaffTx(tx, id, first, next)
	if err != nil {
		return sm, err
	}
	all = append(all, OverstayDeductions(mc.rules, leaves, first, next)...)
	all = append(all, CaseDeductions(mc.rules, mc.cases.events[id], mc.cases.prior[id])...)
	all = append(all, RatingDeductions(mc.rules, mc.bad[id], mc.named[id], loc)...)
	ins, err := InspectionsTx(tx, id, first, next)
	if err != nil {
		return sm, err
	}
	all = append(all, InspectionDeductions(ins, loc)...)
	slices.SortStableFunc(all, func(a, b Deduction) int { return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Ref, b.Ref)) })
	for _, d := range all {
		if obj, ok := mc.removed[id][d.Ref]; ok {
			sm.Removed = append(sm.Removed, Removed{Deduction: d, Objection: obj})
			continue
		}
		sm.Deductions = append(sm.Deductions, d)
		sm.Lost += d.Points
		if d.Consequence == ConsequenceSendBack {
			sm.SendBack = true
		}
	}
	sm.Score = max(0, FullScore-sm.Lost)
	sm.SendBackAttendance = SendBackByAttendance(mc.rules, sm.Deductions)
	return sm, nil
}

func civil(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// ErrNotAssessed is a staff member the month does not assess: unknown, or
// not serving on any judged day of it.
var ErrNotAssessed = errors.New("assess: not assessed in this month")

// StaffMonth assesses one staff member's month (YYYY-MM); the current
// month up to yesterday.
func (s *Service) StaffMonth(staffID uint64, month string) (StaffMonth, error) {
	first, err := ParseMonth(month, s.db.Location())
	if err != nil {
		return StaffMonth{}, err
	}
	cases, err := s.readCases(first)
	if err != nil {
		return StaffMonth{}, err
	}
	return store.Read(s.db, func(tx *store.Tx) (StaffMonth, error) {
		mc, err := s.loadMonth(tx, first, cases)
		if err != nil {
			return StaffMonth{}, err
		}
		am, found, err := attendance.BuildStaffMonth(tx, staffID, s.monthOptions(tx, mc))
		if err != nil {
			return StaffMonth{}, err
		}
		if !found || am.Span.Empty() {
			return StaffMonth{}, ErrNotAssessed
		}
		return s.score(tx, mc, am)
	})
}

// Month assesses everyone the month judges, in staff-number order.
func (s *Service) Month(month string) ([]StaffMonth, error) {
	first, err := ParseMonth(month, s.db.Location())
	if err != nil {
		return nil, err
	}
	cases, err := s.readCases(first)
	if err != nil {
		return nil, err
	}
	return store.Read(s.db, func(tx *store.Tx) ([]StaffMonth, error) {
		mc, err := s.loadMonth(tx, first, cases)
		if err != nil {
			return nil, err
		}
		ams, err := attendance.BuildMonth(tx, s.monthOptions(tx, mc))
		if err != nil {
			return nil, err
		}
		out := make([]StaffMonth, 0, len(ams))
		for _, am := range ams {
			sm, err := s.score(tx, mc, am)
			if err != nil {
				return nil, err
			}
			out = append(out, sm)
		}
		return out, nil
	})
}

// removedTx reads the month's deductions removed by upheld objections:
// staff → ref → objection id.
func removedTx(tx *store.Tx, month string) (map[uint64]map[string]uint64, error) {
	out := map[uint64]map[string]uint64{}
	b, err := tx.Bucket(bucketRemoved)
	if err != nil || b == nil {
		return out, err
	}
	prefix := []byte(month + "|")
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && len(k) > len(prefix) && string(k[:len(prefix)]) == string(prefix); k, v = c.Next() {
		var r removal
		if err := jsonUnmarshal(v, &r); err != nil {
			return nil, err
		}
		if out[r.StaffID] == nil {
			out[r.StaffID] = map[string]uint64{}
		}
		out[r.StaffID][r.Ref] = r.Objection
	}
	return out, nil
}
