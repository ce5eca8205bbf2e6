package intake

import (
	"time"

	"bianmin/appliance/store"
)

// Workdays is the working-day calendar the limits are counted on
// (*calendar.Calendar).
type Workdays interface {
	AddWorkdays(t time.Time, n int) time.Time
	WorkdaysBetween(from, to time.Time) int
	Location() *time.Location
}

// NoticeDays is the limit, in working days from receipt, for the one-time
// notice of missing materials (一次性告知: "应当当场或者在五日内一次性告知需要
// 补正的全部内容", regulation 002 line 27, after 行政许可法 art. 32 (4); the
// days are working days). An application not refused or sent a notice in
// it is deemed accepted from receipt (art. 32).
const NoticeDays = 5

// DueKind says which limit a case's due date is.
type DueKind string

// The kinds of due date.
const (
	DueNone      DueKind = ""          // no limit runs: decided, refused, closed
	DueNotice    DueKind = "notice"    // before 受理: the one-time notice's 5 working days
	DueDecision  DueKind = "decision"  // from 受理: the promised limit, plus excluded periods
	DueSuspended DueKind = "suspended" // an excluded period (art. 45) is under way
)

// Due is a case's deadline at a moment.
type Due struct {
	Kind DueKind
	// Date is the last day (midnight, in the calendar's location) the
	// work is due on; Legal the legal limit's last day (decision only).
	Date, Legal time.Time
	// Start is the day the limit runs from (receipt or 受理), Excluded the
	// working days of recorded excluded periods.
	Start    time.Time
	Excluded int
	// DeemedAccepted: received, no one-time notice and no refusal within
	// NoticeDays — accepted by law from receipt (art. 32); the decision
	// limit then runs from receipt. The box flags it; it changes nothing.
	DeemedAccepted bool
	// Overdue: the day is past Date; DaysLeft is the working days from
	// the day after today to Date (0 on the due day, negative when late).
	Overdue  bool
	DaysLeft int
}

// DueOf is the one function that computes a case's due date at now, on
// the working-day calendar cal:
//
//   - before 受理 (received, or 补正 with the notice issued) only the
//     one-time notice limit runs: NoticeDays working days from receipt,
//     met once the notice is issued; a 补正 neither starts nor moves the
//     decision limit. Past it with no notice, the case is deemed accepted
//     from receipt (art. 32) and the decision limit runs from receipt;
//   - from 受理 the promised limit runs (PromisedDays working days after
//     the day of 受理; 0: the same day), and the legal limit beside it;
//     each recorded excluded period (hearing, testing, expert review —
//     行政许可法 art. 45) adds its working days; while one is open the
//     limit is suspended;
//   - once decided, refused or closed no limit runs.
func DueOf(cal Workdays, c Case, now time.Time) Due {
	loc := cal.Location()
	today := civil(now, loc)
	var d Due
	switch {
	case c.Status.Intake():
		if !c.NoticeAt.IsZero() {
			return Due{} // the notice was issued: the applicant's turn
		}
		d = Due{Kind: DueNotice, Start: civil(c.ReceivedAt, loc), Date: cal.AddWorkdays(c.ReceivedAt, NoticeDays)}
		if !today.After(d.Date) {
			break
		}
		d = decisionDue(cal, c, c.ReceivedAt)
		d.DeemedAccepted = true
	case c.Status.Open():
		d = decisionDue(cal, c, c.AcceptedAt)
	default:
		return Due{}
	}
	if d.Kind == DueSuspended {
		return d
	}
	d.Overdue = today.After(d.Date)
	switch {
	case d.Overdue:
		d.DaysLeft = -max(1, cal.WorkdaysBetween(d.Date.AddDate(0, 0, 1), today))
	default:
		d.DaysLeft = cal.WorkdaysBetween(today.AddDate(0, 0, 1), d.Date)
	}
	return d
}

// decisionDue is the decision limit running from start with the excluded
// periods added.
func decisionDue(cal Workdays, c Case, start time.Time) Due {
	d := Due{Kind: DueDecision, Start: civil(start, cal.Location())}
	for _, ex := range c.Exclusions {
		if ex.End == "" {
			d.Kind = DueSuspended
			continue
		}
		d.Excluded += ex.Days
	}
	d.Date = cal.AddWorkdays(start, c.PromisedDays+d.Excluded)
	if c.LegalDays > 0 {
		d.Legal = cal.AddWorkdays(start, c.LegalDays+d.Excluded)
	}
	return d
}

// civil is midnight of t's date in loc.
func civil(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// Due is DueOf on the service's calendar at the store's clock.
func (s *Service) Due(c Case) Due { return DueOf(s.cal, c, s.db.Now()) }

// dueDate is the date stored with the case for the deadline index.
func dueDate(d Due) string {
	if d.Kind == DueNone || d.Kind == DueSuspended {
		return ""
	}
	return d.Date.Format(store.DateLayout)
}
