package ui

// Below the month grid: every point that was not on time, in plain words,
// with the way to put it right — a remedy (补签) for a punch the clock did
// not record, an objection (异议) to a published weekly result — and the
// month's totals.

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/leave"
)

// monthIssue is one row of the issue list.
type monthIssue struct {
	ID             string // the row's anchor, the target of the grid's chip
	DateText       string // 2026年2月3日（周二，工作日）
	What           string // 上午签到, 脱岗
	Verdict        string // 迟到, 漏签, 旷工, 补签
	Class          string // the chip class of the verdict
	Remark         string // the judgement's remark
	RemedyURL      string // the prefilled remedy form; "" when none may be asked
	RemedyState    string // 补签申请待审批, 已批准, 已驳回
	ObjectionURL   string // the prefilled objection form; "" when none may be raised
	ObjectionState string
}

// remediable lists the verdicts a remedy or an objection can correct.
var remediable = []attendance.PointStatus{attendance.PointLate, attendance.PointEarly, attendance.PointMissing}

// monthIssues lists the judged days' points that were not on time, and
// their off-post events, in date order.
func (a *App) monthIssues(v *view, pm personMonth, ctx monthContext) []monthIssue {
	var out []monthIssue
	for _, r := range pm.Result.Days {
		if r.Status != attendance.DayJudged {
			continue
		}
		date := r.Date.Format(dateLayout)
		label := a.dayLabel(v, r.Date)
		absent := map[string]attendance.SessionResult{}
		for _, sr := range r.Sessions {
			if sr.Status == attendance.SessionAbsent {
				absent[sr.Key] = sr
			}
		}
		for _, pt := range r.Points {
			if pt.Status != attendance.PointRemedied && !slices.Contains(remediable, pt.Status) {
				continue
			}
			is := monthIssue{ID: issueID(date, pt.Key), DateText: label, What: v.T("attendance.point." + pt.Key),
				Verdict: v.T("attendance.point_status." + string(pt.Status)), Class: string(pt.Status),
				Remark: v.T(pt.Remark.Key, argPairs(pt.Remark.Args)...)}
			sr, isAbsent := absent[pt.Session]
			if !isAbsent {
				a.issueActions(v, ctx, &is, date, pt.Key, 0, pt.Status != attendance.PointRemedied)
				if !pt.Remediable() {
					is.RemedyURL = "" // a late or early punch: an objection corrects it, not a remedy
				}
				out = append(out, is)
				continue
			}
			if !pt.In {
				continue // an absent session is one row, at its in-point
			}
			// A session with neither punch: one row; the remedy or objection
			// is offered for its in-point, else for its out-point.
			is.What = v.T("attendance.session." + sr.Key)
			is.Verdict, is.Class = v.T("attendance.session_status.absent"), "absent"
			is.Remark = v.T(sr.Remark.Key, argPairs(sr.Remark.Args)...)
			a.issueActions(v, ctx, &is, date, pt.Key, 0, true)
			if is.RemedyURL == "" && is.ObjectionURL == "" {
				alt := is
				a.issueActions(v, ctx, &alt, date, sr.Key+"_out", 0, true)
				is.RemedyURL, is.ObjectionURL = alt.RemedyURL, alt.ObjectionURL
				is.RemedyState, is.ObjectionState = cmp.Or(is.RemedyState, alt.RemedyState), cmp.Or(is.ObjectionState, alt.ObjectionState)
			}
			out = append(out, is)
		}
		for _, op := range r.OffPost {
			is := monthIssue{ID: issueID(date, "offpost-"+strconv.FormatInt(op.Start.Unix(), 10)), DateText: label,
				What: v.T("attui.chip.offpost"), Verdict: v.T("attui.chip.offpost_minutes", "Minutes", op.Minutes),
				Class: "offpost", Remark: v.T(op.Remark.Key, argPairs(op.Remark.Args)...)}
			if op.Absent > 0 {
				is.Class = "absent"
			}
			if id := ctx.offPostIDs[op.Start.Unix()]; id != 0 {
				a.issueActions(v, ctx, &is, date, "", id, true)
			}
			out = append(out, is)
		}
	}
	return out
}

// issueActions says where the remedies and objections of an issue stand
// and, when actionable, offers a remedy for a point (unless one was asked
// for and not rejected) and an objection while a published weekly notice
// covering the day is open (unless one was raised).
func (a *App) issueActions(v *view, ctx monthContext, is *monthIssue, date, point string, offPostID uint64, actionable bool) {
	if point != "" && ctx.canRemedy {
		if r, ok := ctx.remedies[date+"|"+point]; ok && (r.Status == attendance.StatusPending || r.Status == attendance.StatusApproved || !actionable) {
			is.RemedyState = v.T("attui.remedy.state." + string(r.Status))
		} else if day, _ := a.parseLocalDay(date); actionable && a.remedyOpen(ctx, day) {
			q := url.Values{"date": {date}, "point": {point}}
			if !ctx.canObject { // the office, for someone else
				q.Set("staff", idString(ctx.person.ID))
			}
			is.RemedyURL = "/attendance/remedies?" + q.Encode() + "#new"
			if ok {
				is.RemedyState = v.T("attui.remedy.state.rejected")
			}
		}
	}
	if o, ok := ctx.objections[objectionKey(date, point, offPostID)]; ok {
		is.ObjectionState = v.T("attui.objection.state." + string(o.Status))
		return
	}
	if !ctx.canObject || !actionable {
		return
	}
	day, _ := a.parseLocalDay(date)
	if n, ok := attendance.NoticeCovering(ctx.notices, day, a.loc()); ok && ctx.settings.ObjectionOpen(n, ctx.now) {
		q := url.Values{"date": {date}}
		if offPostID != 0 {
			q.Set("offpost", strconv.FormatUint(offPostID, 10))
		} else {
			q.Set("point", point)
		}
		is.ObjectionURL = "/attendance/objections?" + q.Encode() + "#new"
	}
}

// remedyOpen reports whether a remedy for day may still be asked for
// (attendance.Settings.RemedyOpen: the settings' working days after it).
func (a *App) remedyOpen(ctx monthContext, day time.Time) bool {
	_, open := ctx.settings.RemedyOpen(day, ctx.today, a.Calendar)
	return open
}

// monthTotals are the month's numbers as the page shows them.
type monthTotals struct {
	WorkingDays int
	Late        int
	Early       int
	Missed      int
	Absent      string // days: 1.5
	AbsentParts []string
	Leave       []leaveTotal
	Errand      string
	AnyLeave    bool
}

// leaveTotal is the month's leave of one type.
type leaveTotal struct {
	Type, Days string
}

func monthTotalsOf(v *view, r attendance.MonthResult) monthTotals {
	t := monthTotals{WorkingDays: r.WorkingDays, Late: r.Late, Early: r.Early, Missed: r.Missed,
		Absent: r.Absent.String(), Errand: r.Errand.String()}
	for _, part := range []struct {
		key string
		h   attendance.HalfDays
	}{
		{"attui.totals.absent_sessions", r.SessionAbsent}, {"attui.totals.absent_late_early", r.LateEarlyAbsent},
		{"attui.totals.absent_missed", r.MissedAbsent}, {"attui.totals.absent_off_post", r.OffPostAbsent},
	} {
		if part.h > 0 {
			t.AbsentParts = append(t.AbsentParts, v.T(part.key, "Days", part.h.String()))
		}
	}
	for _, lt := range leave.Types() {
		if h := r.Leave[string(lt)]; h > 0 {
			t.Leave = append(t.Leave, leaveTotal{Type: v.T("attendance.leave." + string(lt)), Days: h.String()})
			t.AnyLeave = true
		}
	}
	return t
}
