package assess

// The rules that feed deductions. Each is one function over another
// domain's result, never a second judgement of it: attendance's judged
// month (AttendanceDeductions), leave returned late (OverstayDeductions),
// the intake deadlines a case missed (CaseDeductions), the ratings and the
// appraisal of 最不满意人员 (RatingDeductions). A deduction names the item
// it comes under, its points, and the evidence behind it; its Ref names
// the event in its source so that an objection can point at it.

import (
	"fmt"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
)

// Evidence is what a deduction rests on: the record to open and a line
// saying what happened (a locale key, assess.ev.*, with its arguments).
type Evidence struct {
	Kind   string         `json:"kind"`          // day, month, leave, case, rating, appraisal, inspection
	ID     uint64         `json:"id,omitempty"`  // leave id, case id, rating seq, inspection id
	Key    string         `json:"key,omitempty"` // YYYY-MM-DD, YYYY-MM or a case number
	Detail string         `json:"detail"`
	Args   map[string]any `json:"args,omitempty"`
}

// Evidence kinds.
const (
	EvDay        = "day"
	EvMonth      = "month"
	EvLeave      = "leave"
	EvCase       = "case"
	EvRating     = "rating"
	EvAppraisal  = "appraisal"
	EvInspection = "inspection"
)

// Consequence is what a failed one-time notice leads to beyond its points
// (regulation 003 line 328, 004 line 341): the 1st a verbal warning, the
// 2nd an admonishment talk, the 3rd a return to the home unit.
type Consequence string

// Consequences of failed one-time notices.
const (
	ConsequenceWarning  Consequence = "warning"   // 口头警告
	ConsequenceAdmonish Consequence = "admonish"  // 诫勉谈话
	ConsequenceSendBack Consequence = "send_back" // 退回原单位 (建议)
)

// noticeSteps are the consequences by the count of failed notices in the
// year, first to third and beyond (003 line 328).
var noticeSteps = []Consequence{ConsequenceWarning, ConsequenceAdmonish, ConsequenceSendBack}

// Deduction is one line of a staff member's month.
type Deduction struct {
	Ref    string `json:"ref"` // the event in its source: "att/2026-11-03/morning_in", "inspection/7", …
	Item   string `json:"item"`
	Name   string `json:"name,omitempty"` // a custom item's name
	Feed   Feed   `json:"feed,omitempty"`
	Count  int    `json:"count"`  // events, or half-days of absence
	Points int    `json:"points"` // deducted: the item's points × Count
	Date   string `json:"date"`   // YYYY-MM-DD the event happened (a month's rule: its last day)
	Cite   Cite   `json:"cite"`
	Ev     Evidence
	// Consequence of a failed one-time notice; "" for anything else.
	Consequence Consequence `json:"consequence,omitempty"`
}

func fed(it Item, ref, date string, count int, ev Evidence) Deduction {
	return Deduction{Ref: ref, Item: it.Key, Name: it.Name, Feed: it.Feed, Count: count, Points: it.Points * count, Date: date, Cite: it.Cite, Ev: ev}
}

const dateLayout = "2006-01-02"

// AttendanceDeductions turns attendance's judged month (BuildMonth,
// MonthResult) into deductions, one per event: each late in-punch and
// each early out-punch (regulation 000 line 141 "不得無故遲到、早退"), each
// day's absence by its half-days (000 lines 97–104: sessions with no punch,
// overstay, leaving before the substitute came, off-post over the limit),
// the month's escalations to absence (000 line 102: late or early 4 times;
// line 104: missed sign-ins) as one line each, and each off-post record
// that did not already count as absence (003 line 310 "不进行备案的记为
// 脱岗"). Only judged days count; the judgement is attendance's.
func AttendanceDeductions(r Rules, m attendance.MonthResult, month string) []Deduction {
	late, okLate := r.Fed(FeedLate)
	early, okEarly := r.Fed(FeedEarly)
	absence, okAbsence := r.Fed(FeedAbsence)
	offPost, okOffPost := r.Fed(FeedOffPost)
	var out []Deduction
	for _, d := range m.Days {
		if d.Status != attendance.DayJudged {
			continue
		}
		date := d.Date.Format(dateLayout)
		for _, p := range d.Points {
			ev := Evidence{Kind: EvDay, Key: date, Args: map[string]any{"Point": p.Key, "Minutes": p.Minutes}}
			switch {
			case p.Status == attendance.PointLate && okLate:
				ev.Detail = "assess.ev.late"
				out = append(out, fed(late, "att/"+date+"/"+p.Key, date, 1, ev))
			case p.Status == attendance.PointEarly && okEarly:
				ev.Detail = "assess.ev.early"
				out = append(out, fed(early, "att/"+date+"/"+p.Key, date, 1, ev))
			}
		}
		if h := int(d.Absent + d.OffPostAbsent + d.UncoveredAbsent); h > 0 && okAbsence {
			out = append(out, fed(absence, "att/"+date+"/absence", date, h,
				Evidence{Kind: EvDay, Key: date, Detail: "assess.ev.absence", Args: map[string]any{"Days": attendance.HalfDays(h).String()}}))
		}
		for _, op := range d.OffPost {
			if op.Absent == 0 && okOffPost {
				out = append(out, fed(offPost, fmt.Sprintf("att/%s/off_post/%s", date, op.Start.Format("1504")), date, 1,
					Evidence{Kind: EvDay, Key: date, Detail: "assess.ev.off_post", Args: map[string]any{"Minutes": op.Minutes}}))
			}
		}
	}
	if !okAbsence || len(m.Days) == 0 {
		return out
	}
	last := m.Days[len(m.Days)-1].Date.Format(dateLayout)
	for _, esc := range []struct {
		h      attendance.HalfDays
		ref    string
		detail string
		n      int
	}{
		{m.LateEarlyAbsent, "att/" + month + "/late_early", "assess.ev.late_early_escalation", m.Late + m.Early},
		{m.MissedAbsent, "att/" + month + "/missed", "assess.ev.missed_escalation", m.Missed},
	} {
		if esc.h > 0 {
			out = append(out, fed(absence, esc.ref, last, int(esc.h),
				Evidence{Kind: EvMonth, Key: month, Detail: esc.detail, Args: map[string]any{"N": esc.n, "Days": esc.h.String()}}))
		}
	}
	return out
}

// OverstayDeductions deducts for each approved leave whose end falls in
// [from, to) and that was closed (销假) after it (regulation 000 line 100
// "無正當理由超假不歸的"): the breach of 销假 itself; the absence the
// overstay makes is attendance's and comes under absence.
func OverstayDeductions(r Rules, leaves []leave.Leave, from, to time.Time) []Deduction {
	it, ok := r.Fed(FeedOverstay)
	if !ok {
		return nil
	}
	var out []Deduction
	for _, l := range leaves {
		if l.Status != leave.StatusApproved || l.OverstayMinutes <= 0 || l.End.Before(from) || !l.End.Before(to) {
			continue
		}
		date := l.End.In(from.Location()).Format(dateLayout)
		out = append(out, fed(it, fmt.Sprintf("leave/%d/overstay", l.ID), date, 1,
			Evidence{Kind: EvLeave, ID: l.ID, Detail: "assess.ev.overstay", Args: map[string]any{"Minutes": l.OverstayMinutes, "Type": string(l.Type)}}))
	}
	return out
}

// CaseDeductions deducts for the intake deadlines a staff member's cases
// missed in the month (intake's OverdueEvents, owner = the staff member):
// each decision past its promised limit (超时; regulation 003 line 248 "是
// 否兑现服务承诺办理时限") and each one-time notice not issued in time
// (003 line 288 "未一次性书面告知…每次扣1分"). A failed notice also carries
// its consequence by its count in the year (003 line 328; 004 line 341):
// priorNotices is how many the person failed earlier that year.
func CaseDeductions(r Rules, events []intake.OverdueEvent, priorNotices int) []Deduction {
	overdue, okOverdue := r.Fed(FeedOverdue)
	notice, okNotice := r.Fed(FeedNotice)
	var out []Deduction
	seen := map[string]bool{}
	n := priorNotices
	for _, ev := range events {
		ref := fmt.Sprintf("case/%d/%s", ev.CaseID, ev.Kind)
		if seen[ref] {
			continue
		}
		seen[ref] = true
		e := Evidence{Kind: EvCase, ID: ev.CaseID, Key: ev.Number, Args: map[string]any{"Number": ev.Number, "Item": ev.ItemName, "Due": ev.DueDate, "Met": !ev.MetAt.IsZero()}}
		switch ev.Kind {
		case intake.DueDecision:
			if okOverdue {
				e.Detail = "assess.ev.overdue"
				out = append(out, fed(overdue, ref, ev.DueDate, 1, e))
			}
		case intake.DueNotice:
			n++
			if okNotice {
				e.Detail = "assess.ev.notice"
				d := fed(notice, ref, ev.DueDate, 1, e)
				d.Consequence = noticeSteps[min(n, len(noticeSteps))-1]
				e.Args["N"] = n
				out = append(out, d)
			}
		}
	}
	return out
}

// BadRating is one 差评 as the rating rule needs it.
type BadRating struct {
	Seq    uint64
	At     time.Time
	Level  string // the level's key (rating.Level)
	Window int
}

// RatingDeductions deducts for each 差评 (the two lowest levels; DOMAIN.md
// line 96, GB/T 39734-2020) a staff member received in the month, and
// once when the month's appraisal named them 最不满意人员 (regulation 001
// line 229). named is the appraisal's period key, "" when not named.
func RatingDeductions(r Rules, bad []BadRating, named string, loc *time.Location) []Deduction {
	var out []Deduction
	if it, ok := r.Fed(FeedBad); ok {
		for _, b := range bad {
			out = append(out, fed(it, fmt.Sprintf("rating/%d", b.Seq), b.At.In(loc).Format(dateLayout), 1,
				Evidence{Kind: EvRating, ID: b.Seq, Detail: "assess.ev.bad_rating", Args: map[string]any{"Level": b.Level, "Window": b.Window, "At": b.At.In(loc).Format("2006-01-02 15:04")}}))
		}
	}
	if it, ok := r.Fed(FeedNamed); ok && named != "" {
		p, err := time.ParseInLocation("2006-01", named, loc)
		last := named
		if err == nil {
			last = p.AddDate(0, 1, -1).Format(dateLayout)
		}
		out = append(out, fed(it, "appraisal/"+named, last, 1, Evidence{Kind: EvAppraisal, Key: named, Detail: "assess.ev.least_liked", Args: map[string]any{"Period": named}}))
	}
	return out
}

// InspectionDeductions are the inspections' deductions, at the points
// each was recorded with.
func InspectionDeductions(ins []Inspection, loc *time.Location) []Deduction {
	out := make([]Deduction, 0, len(ins))
	for _, in := range ins {
		out = append(out, Deduction{Ref: fmt.Sprintf("inspection/%d", in.ID), Item: in.Item, Name: in.Name, Count: 1, Points: in.Points,
			Date: in.At.In(loc).Format(dateLayout), Cite: in.Cite,
			Ev: Evidence{Kind: EvInspection, ID: in.ID, Detail: "assess.ev.inspection", Args: map[string]any{"At": in.At.In(loc).Format("2006-01-02 15:04"), "Note": in.Note}}})
	}
	return out
}
