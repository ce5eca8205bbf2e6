package ui

// The month grid: a week a row from Monday, each day with its calendar
// kind and a chip per punch point. A chip's colour always comes with a
// word or a sign (✓ 迟到 ✕ 假 外 补), and its full remark is in the title
// and in the issue list below the grid.

import (
	"fmt"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
	"bianmin/appliance/staff"
)

// monthCell is one day of the grid (or a blank before the 1st and after
// the last day).
type monthCell struct {
	Blank    bool
	ID       string // d-2026-02-03: the office grid links here
	Day      int
	Kind     string // calendar kind: workday, weekend, holiday, makeup
	KindText string // 调休上班, the holiday's name, 周末; "" for a plain workday
	Label    string // 2026年2月3日（周二，工作日）, for screen readers and print
	Today    bool
	Future   bool
	Note     string // 今天结束后判定, 非工作日不考勤
	Chips    []monthChip
}

// monthChip is one punch point, session or off-post event of a day.
type monthChip struct {
	Class  string // ok, late, early, missing, absent, leave, errand, remedied, pending, punch, offpost
	Icon   string // ✓ ! ✕ 假 外 补 ·
	What   string // the point or session in full ("上午签到"), for screen readers
	Short  string // the same, short, shown ("上午到")
	Text   string // 迟到 12 分, 漏签, 事假
	Time   string // 08:42
	Title  string // the judgement's remark in full
	Href   string // the issue's row below the grid
	Remedy bool   // counted by an approved remedy (补签)
}

// monthContext is what the grid and the issue list need beside the
// judgement: the records already asked for, the notices open to
// objection, and who may do what.
type monthContext struct {
	person     staff.Staff
	first      time.Time
	today      time.Time
	now        time.Time
	preset     attendance.Preset
	canRemedy  bool                            // the user is the person, or the office
	canObject  bool                            // the user is the person
	remedies   map[string]attendance.Remedy    // date|point → the latest request
	objections map[string]attendance.Objection // date|point or date|offpost:ID → the latest
	notices    []attendance.NoticeRef
	settings   attendance.Settings // the objection window's days
	offPostIDs map[int64]uint64    // an off-post event's start (unix) → its record
}

func (a *App) monthContext(sc recordsScope, d *monthPageData, set attendance.Settings) (monthContext, error) {
	first, next := d.Month, d.Month.AddDate(0, 1, 0)
	ctx := monthContext{person: d.Person, first: first, today: a.today(), now: a.now(), preset: set.Preset,
		canRemedy: d.Own || sc.Office, canObject: d.Own, settings: set,
		remedies: map[string]attendance.Remedy{}, objections: map[string]attendance.Objection{}, offPostIDs: map[int64]uint64{}}
	from, to := first.Format(dateLayout), next.Format(dateLayout)
	remedies, err := a.Records.Remedies(d.Person.ID, from, to)
	if err != nil {
		return ctx, err
	}
	for _, r := range remedies {
		ctx.remedies[r.Date+"|"+r.Point] = r // in date order, then id: the latest stays
	}
	objections, err := a.Records.Objections(d.Person.ID, from, to)
	if err != nil {
		return ctx, err
	}
	for _, o := range objections {
		ctx.objections[objectionKey(o.Date, o.Point, o.OffPostID)] = o
	}
	offPost, err := a.Records.OffPost(d.Person.ID, first, next)
	if err != nil {
		return ctx, err
	}
	for _, r := range offPost {
		ctx.offPostIDs[r.Start.Unix()] = r.ID
	}
	if ctx.canObject {
		if ctx.notices, err = a.openNotices(set, ctx.now); err != nil {
			return ctx, err
		}
	}
	return ctx, nil
}

// objectionKey names what an objection is about, to find it again.
func objectionKey(date, point string, offPostID uint64) string {
	if offPostID != 0 {
		return fmt.Sprintf("%s|offpost:%d", date, offPostID)
	}
	return date + "|" + point
}

// monthGrid lays the month out in weeks from Monday.
func (a *App) monthGrid(v *view, pm personMonth, ctx monthContext) [][]monthCell {
	days := a.Calendar.Month(ctx.first.Year(), ctx.first.Month())
	results := map[string]attendance.DayResult{}
	inputs := map[string]attendance.DayInput{}
	for i, r := range pm.Result.Days {
		results[r.Date.Format(dateLayout)] = r
		if i < len(pm.Days) {
			inputs[pm.Days[i].Date.Format(dateLayout)] = pm.Days[i]
		}
	}
	var cells []monthCell
	for range (int(ctx.first.Weekday()) + 6) % 7 {
		cells = append(cells, monthCell{Blank: true})
	}
	tr := v.app.translator(v.Lang)
	for _, cd := range days {
		key := cd.Date.Format(dateLayout)
		cell := monthCell{ID: monthDayID(key), Day: cd.Date.Day(), Kind: string(cd.Kind), KindText: kindText(v, cd),
			Label: cd.Label(v.Lang, tr), Today: cd.Date.Equal(ctx.today), Future: cd.Date.After(ctx.today)}
		r, in := results[key], inputs[key]
		switch {
		case cell.Future:
		case cell.Today && cd.Working:
			cell.Note = v.T("attui.month.today_note")
			cell.Chips = a.todayChips(v, ctx, in)
		case r.Status == attendance.DayJudged:
			cell.Chips = dayChips(v, a.loc(), r, key)
		default:
			for _, m := range r.Punches {
				cell.Chips = append(cell.Chips, punchChip(v, a.loc(), m))
			}
			switch {
			case r.Excluded != "":
				cell.Note = v.T("attendance.excluded." + string(r.Excluded))
			case len(r.Punches) > 0:
				cell.Note = v.T("attui.month.not_judged")
			}
		}
		cells = append(cells, cell)
	}
	for len(cells)%7 != 0 {
		cells = append(cells, monthCell{Blank: true})
	}
	var weeks [][]monthCell
	for i := 0; i < len(cells); i += 7 {
		weeks = append(weeks, cells[i:i+7])
	}
	return weeks
}

// kindText is what the calendar calls the day, when it is not a plain
// workday.
func kindText(v *view, d calendar.Day) string {
	switch {
	case d.Kind == calendar.KindWorkday:
		return ""
	case !d.Working && d.Name != "" && v.Lang == "en" && d.NameEn != "":
		return d.NameEn
	case !d.Working && d.Name != "":
		return d.Name
	}
	return d.Kind.Label(v.app.translator(v.Lang))
}

// dayChips are a judged day's chips: a session with no punch, on leave or
// on an errand is one chip; otherwise each of its points is.
func dayChips(v *view, loc *time.Location, r attendance.DayResult, date string) []monthChip {
	var out []monthChip
	for _, sr := range r.Sessions {
		session := v.T("attendance.session." + sr.Key)
		what := func(c monthChip) monthChip { c.What, c.Short = session, session; return c }
		remark := v.T(sr.Remark.Key, argPairs(sr.Remark.Args)...)
		switch sr.Status {
		case attendance.SessionAbsent:
			out = append(out, what(monthChip{Class: "absent", Icon: "✕", Text: v.T("attui.chip.absent"),
				Title: remark, Href: "#" + issueID(date, sr.Key+"_in")}))
			continue
		case attendance.SessionLeave:
			out = append(out, what(monthChip{Class: "leave", Icon: v.T("attui.chip.leave_icon"),
				Text: leaveText(v, sr.LeaveType), Title: remark}))
			continue
		case attendance.SessionErrand:
			out = append(out, what(monthChip{Class: "errand", Icon: v.T("attui.chip.errand_icon"),
				Text: v.T("attui.chip.errand"), Title: remark}))
			continue
		}
		for _, pt := range r.Points {
			if pt.Session == sr.Key {
				out = append(out, pointChip(v, loc, pt, date))
			}
		}
	}
	for _, op := range r.OffPost {
		c := monthChip{Class: "offpost", Icon: "!", What: v.T("attui.chip.offpost"), Short: v.T("attui.chip.offpost"),
			Text: v.T("attui.chip.offpost_minutes", "Minutes", op.Minutes), Title: v.T(op.Remark.Key, argPairs(op.Remark.Args)...)}
		if op.Absent > 0 {
			c.Class = "absent"
		}
		out = append(out, c)
	}
	return out
}

// pointChip is one judged punch point.
func pointChip(v *view, loc *time.Location, pt attendance.PointResult, date string) monthChip {
	c := monthChip{What: v.T("attendance.point." + pt.Key), Short: v.T("attui.short." + pt.Key), Title: v.T(pt.Remark.Key, argPairs(pt.Remark.Args)...)}
	if pt.Punch != nil {
		c.Time = pt.Punch.Time.In(loc).Format("15:04")
	}
	href := "#" + issueID(date, pt.Key)
	switch pt.Status {
	case attendance.PointOK:
		c.Class, c.Icon = "ok", "✓"
	case attendance.PointRemedied:
		c.Class, c.Icon, c.Remedy, c.Href = "remedied", "✓", true, href
		if c.Time == "" {
			c.Time = pt.Due.String()
		}
	case attendance.PointLate, attendance.PointEarly:
		c.Class, c.Icon, c.Href = string(pt.Status), "!", href
		switch {
		case pt.Punch == nil:
			c.Text = v.T("attui.chip.missing_as_" + string(pt.Status))
		default:
			c.Text = v.T("attui.chip."+string(pt.Status), "Minutes", pt.Minutes)
		}
	case attendance.PointMissing:
		c.Class, c.Icon, c.Text, c.Href = "missing", "✕", v.T("attui.chip.missing"), href
	case attendance.PointCoveredLeave:
		c.Class, c.Icon, c.Text = "leave", v.T("attui.chip.leave_icon"), leaveText(v, pt.LeaveType)
	case attendance.PointCoveredErrand:
		c.Class, c.Icon, c.Text = "errand", v.T("attui.chip.errand_icon"), v.T("attui.chip.errand")
	}
	return c
}

// todayChips: today has not ended, so its points are judged only once
// due; a point still to come shows its punch, if any, or 待打卡.
func (a *App) todayChips(v *view, ctx monthContext, in attendance.DayInput) []monthChip {
	in.Working = true
	r := attendance.JudgeDay(ctx.preset, in)
	date := ctx.today.Format(dateLayout)
	var out []monthChip
	for _, pt := range r.Points {
		if pt.Punch == nil && !pt.Due.On(ctx.today).After(ctx.now) && pt.Status != attendance.PointCoveredLeave && pt.Status != attendance.PointCoveredErrand {
			// Due and not punched: today is judged when it ends (a punch
			// may still come, late), so it is not 漏签 yet.
			out = append(out, monthChip{Class: "overdue", Icon: "!", What: v.T("attendance.point." + pt.Key), Short: v.T("attui.short." + pt.Key),
				Text: v.T("attui.chip.overdue"), Title: v.T("attui.month.today_note")})
			continue
		}
		if !pt.Due.On(ctx.today).After(ctx.now) || pt.Status == attendance.PointCoveredLeave || pt.Status == attendance.PointCoveredErrand {
			c := pointChip(v, a.loc(), pt, date)
			c.Href = "" // today's verdicts are not final: no issue rows yet
			out = append(out, c)
			continue
		}
		c := monthChip{Class: "pending", Icon: "·", What: v.T("attendance.point." + pt.Key), Short: v.T("attui.short." + pt.Key), Text: v.T("attui.chip.pending")}
		if pt.Punch != nil {
			c.Class, c.Icon, c.Text, c.Time = "punch", "✓", "", pt.Punch.Time.In(a.loc()).Format("15:04")
		}
		out = append(out, c)
	}
	return out
}

// punchChip is a punch on a day that is not judged.
func punchChip(v *view, loc *time.Location, m attendance.Mark) monthChip {
	c := monthChip{Class: "punch", Icon: "·", What: v.T("attui.chip.punch"), Short: v.T("attui.chip.punch"), Time: m.Time.In(loc).Format("15:04")}
	c.Remedy = m.Remedy
	return c
}

// leaveText names a leave type (事假), or just 请假.
func leaveText(v *view, leaveType string) string {
	if leaveType == "" {
		return v.T("attendance.cover.leave")
	}
	return v.T("attendance.leave." + leaveType)
}

// issueID is the id of an issue row: x-2026-02-03-morning_in.
func issueID(date, what string) string { return "x-" + date + "-" + what }
