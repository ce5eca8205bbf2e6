package attendance

// What the objection pages ask: whether objections to a published weekly
// notice are open (the objection window rule, in one place), which notice
// covers a day, and the page of pending and decided objections.

import (
	"cmp"
	"slices"
	"time"

	"bianmin/appliance/decision"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// ObjectionDeadline is when objections to the notice close: ObjectionDays
// after its publication.
func (s Settings) ObjectionDeadline(n NoticeRef) time.Time {
	return n.PublishedAt.Add(s.ObjectionWindow())
}

// CheckObjectionWindow is the objection window (regulation 004 五、8 "对公示
// 的考勤结果有异议的,应在2日内提出,逾期视为无效异议"): nil while an objection
// to n may be raised at now — from its publication up to and including
// ObjectionDeadline — otherwise the refusal: not published yet
// (records.objection.err.not_published), or too late, with the rule's days
// and the publication time in loc (records.objection.err.late). Filing an
// objection, the objection page and the month page's links all ask here.
func (s Settings) CheckObjectionWindow(n NoticeRef, now time.Time, loc *time.Location) error {
	switch {
	case n.PublishedAt.IsZero() || now.Before(n.PublishedAt):
		return refuse("notice", keyObjectionEarly, nil)
	case now.After(s.ObjectionDeadline(n)):
		return refuse("notice", keyObjectionLate, map[string]any{"Days": s.ObjectionDays,
			"Published": n.PublishedAt.In(loc).Format("2006-01-02 15:04")})
	}
	return nil
}

// ObjectionOpen reports whether CheckObjectionWindow lets an objection to
// n be raised at now.
func (s Settings) ObjectionOpen(n NoticeRef, now time.Time) bool {
	return s.CheckObjectionWindow(n, now, time.UTC) == nil
}

// NewestNoticesFirst returns the notices ordered by publication, newest
// first (every revision of a corrected notice opens its own window).
func NewestNoticesFirst(notices []NoticeRef) []NoticeRef {
	out := slices.Clone(notices)
	slices.SortStableFunc(out, func(x, y NoticeRef) int {
		return cmp.Compare(y.PublishedAt.UnixNano(), x.PublishedAt.UnixNano())
	})
	return out
}

// NoticeCovering is the first notice of notices (give them newest first)
// whose week, Monday to Sunday from WeekStart, includes day (a midnight in
// loc).
func NoticeCovering(notices []NoticeRef, day time.Time, loc *time.Location) (NoticeRef, bool) {
	for _, n := range notices {
		start, err := time.ParseInLocation(dateLayout, n.WeekStart, loc)
		if err != nil {
			continue
		}
		if !day.Before(start) && day.Before(start.AddDate(0, 0, 7)) {
			return n, true
		}
	}
	return NoticeRef{}, false
}

// ObjectionPage is what the objections page shows.
type ObjectionPage struct {
	Pending decision.Page[Objection] // oldest date first
	Decided decision.Page[Objection] // newest decision first
	People  map[uint64]staff.Staff
}

// ObjectionPage reads one page of pending and one of decided objections
// (paged by key range in the indexes) and the people they name, in one
// read transaction.
func (rs *Records) ObjectionPage(q decision.Query) (ObjectionPage, error) {
	return store.Read(rs.db, func(tx *store.Tx) (ObjectionPage, error) {
		var p ObjectionPage
		var err error
		if p.Pending, p.Decided, err = decision.Lists[Objection](tx, bucketObjections, q); err != nil {
			return p, err
		}
		var ids []uint64
		for _, list := range [][]Objection{p.Pending.Rows, p.Decided.Rows} {
			for _, o := range list {
				ids = append(ids, o.StaffID)
			}
		}
		p.People, err = peopleOf(tx, ids...)
		return p, err
	})
}
