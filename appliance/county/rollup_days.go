package county

// The attendance side of the roll-up: a person-day's punches and leave are
// kept as they arrive, and each day is judged with the box's own rules
// once it is over on the box (attendance.JudgeDay), so a day with no
// punch counts as absence.

import (
	"encoding/binary"
	"encoding/json"
	"sort"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

func (r *roller) dayKey(date string, staffID uint64) []byte {
	return r.key(date, staffID)
}

func (r *roller) getDay(date string, staffID uint64) (dayRec, error) {
	var d dayRec
	v := r.days.Get(r.dayKey(date, staffID))
	if v == nil {
		if s, ok := r.staffOf(staffID); ok {
			d.Unit = s.UnitID
		}
		return d, nil
	}
	return d, json.Unmarshal(v, &d)
}

func (r *roller) putDay(date string, staffID uint64, d dayRec) error {
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return r.days.Put(r.dayKey(date, staffID), data)
}

func (r *roller) punch(p attendance.Punch) error {
	date := r.tx.DateOf(p.Time)
	d, err := r.getDay(date, p.StaffID)
	if err != nil {
		return err
	}
	for _, m := range d.Marks {
		if m.PunchID == p.ID && m.Time.Equal(p.Time) {
			return nil
		}
	}
	d.Marks = append(d.Marks, attendance.MarkOf(p))
	sort.Slice(d.Marks, func(i, j int) bool { return d.Marks[i].Time.Before(d.Marks[j].Time) })
	r.dirty[date+string(store.IDKey(p.StaffID))] = true
	return r.putDay(date, p.StaffID, d)
}

// close extends the judged days to the day before the box's day, and back
// to the earliest day a record touched: every serving person is judged on
// each newly judged day.
func (r *roller) close(boxDay string) error {
	to := addDays(boxDay, -1)
	first := ""
	for k := range r.dirty {
		if d := k[:10]; first == "" || d < first {
			first = d
		}
	}
	if r.state.From == "" {
		if first == "" || first > to {
			return nil
		}
		if f := addDays(to, -maxJudgeSpan); first < f {
			first = f
		}
		r.state.From, r.state.To = first, addDays(first, -1)
	}
	if first != "" && first < r.state.From && first >= addDays(r.state.From, -maxJudgeSpan) {
		r.everyone(first, addDays(r.state.From, -1))
		r.state.From = first
	}
	if to > r.state.To {
		r.everyone(max(addDays(r.state.To, 1), addDays(to, -maxJudgeSpan)), to)
		r.state.To = to
	}
	return nil
}

// everyone marks every known person's days from..to for judging.
func (r *roller) everyone(from, to string) {
	r.staffOf(0)
	eachDay(from, to, func(d string) {
		for id := range r.staff {
			r.dirty[d+string(store.IDKey(id))] = true
		}
	})
}

// judgeDirty judges the changed person-days of the judged days.
func (r *roller) judgeDirty() error {
	if r.state.From == "" {
		return nil
	}
	keys := make([]string, 0, len(r.dirty))
	for k := range r.dirty {
		if d := k[:10]; d >= r.state.From && d <= r.state.To {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	preset := r.preset()
	for _, k := range keys {
		if err := r.judge(preset, k[:10], binary.BigEndian.Uint64([]byte(k[10:]))); err != nil {
			return err
		}
	}
	return nil
}

func (r *roller) preset() attendance.Preset {
	s := attendance.DefaultSettings()
	if v := r.dir.Get(r.key('p')); v != nil {
		_ = json.Unmarshal(v, &s)
	}
	return s.Preset
}

// judge judges one person-day with the box's rules and puts the change of
// its attendance tally into the roll-ups.
func (r *roller) judge(p attendance.Preset, date string, staffID uint64) error {
	d, err := r.getDay(date, staffID)
	if err != nil {
		return err
	}
	st, known := r.staffOf(staffID)
	att := dayTally(p, r.c.workdays(), r.loc, date, st, known, d)
	if !d.Judged && att.IsZero() && len(d.Marks) == 0 && len(d.Covers) == 0 {
		return nil // nothing happened and nothing was due: no record
	}
	if d.Unit == 0 {
		d.Unit = st.UnitID
	}
	r.add(contrib{Date: date, Unit: d.Unit, Staff: staffID, T: d.Att}, -1)
	r.add(contrib{Date: date, Unit: d.Unit, Staff: staffID, T: att}, 1)
	d.Att, d.Judged = att, true
	return r.putDay(date, staffID, d)
}

// dayTally is a person-day's attendance as attendance.JudgeDay judges it.
func dayTally(p attendance.Preset, wd attendance.WorkingDays, loc *time.Location, date string, st staff.Staff, known bool, d dayRec) Tally {
	var t Tally
	for _, m := range d.Marks {
		if m.Flagged {
			t.Unsure++
		}
	}
	day, err := time.ParseInLocation(store.DateLayout, date, loc)
	if err != nil || !known {
		return t
	}
	covers := make([]attendance.Cover, len(d.Covers))
	for i, c := range d.Covers {
		covers[i] = c.Cover
	}
	in := attendance.DayInput{Date: day, Working: wd.IsWorkday(day), Excluded: attendance.ExclusionOf(st, "", date),
		Punches: d.Marks, Covers: covers}
	res := attendance.JudgeDay(p, in)
	if res.Status != attendance.DayJudged || res.Excluded != "" {
		return t
	}
	t.WorkDays = 1
	if len(d.Marks) > 0 {
		t.Present = 1
	}
	t.Late, t.Early, t.Missed = res.Late, res.Early, res.Missed
	t.Absent = int(res.Absent + res.OffPostAbsent + res.UncoveredAbsent)
	t.Errand = int(res.Errand)
	for k, v := range res.Leave {
		if v != 0 {
			if t.Leave == nil {
				t.Leave = map[string]int{}
			}
			t.Leave[k] = int(v)
		}
	}
	return t
}
