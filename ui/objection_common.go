package ui

// Published weekly notices (按周通报) as the objection pages need them:
// which notice covers a day, and whether objections to it are still open.
// The notices are the weekly reports the reports pages publish
// (appliance/report), unless Deps.Notices provides others (tests).

import (
	"cmp"
	"slices"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/report"
	"bianmin/appliance/store"
)

// publishedNotices lists the published weekly notices, newest publication
// first; none when nothing provides them yet.
func (a *App) publishedNotices() ([]attendance.NoticeRef, error) {
	var src WeeklyNotices = reportNotices{a.DB}
	if a.Notices != nil {
		src = a.Notices
	}
	list, err := src.PublishedWeekly()
	if err != nil {
		return nil, err
	}
	list = slices.Clone(list)
	slices.SortStableFunc(list, func(x, y attendance.NoticeRef) int {
		return cmp.Compare(y.PublishedAt.UnixNano(), x.PublishedAt.UnixNano())
	})
	return list, nil
}

// noticeCovering is the newest published notice whose week (Monday to
// Sunday from WeekStart) includes day.
func noticeCovering(notices []attendance.NoticeRef, day time.Time, loc *time.Location) (attendance.NoticeRef, bool) {
	for _, n := range notices {
		start, err := time.ParseInLocation(dateLayout, n.WeekStart, loc)
		if err != nil {
			continue
		}
		if !day.Before(start) && day.Before(start.AddDate(0, 0, 7)) {
			return n, true
		}
	}
	return attendance.NoticeRef{}, false
}

// noticeByID finds a published notice.
func noticeByID(notices []attendance.NoticeRef, id uint64) (attendance.NoticeRef, bool) {
	i := slices.IndexFunc(notices, func(n attendance.NoticeRef) bool { return n.ID == id })
	if i < 0 {
		return attendance.NoticeRef{}, false
	}
	return notices[i], true
}

// objectionOpen reports whether an objection to n may be raised at now:
// from its publication, for the settings' window.
func objectionOpen(n attendance.NoticeRef, now time.Time, window time.Duration) bool {
	return !n.PublishedAt.IsZero() && !now.Before(n.PublishedAt) && now.Sub(n.PublishedAt) <= window
}

// reportNotices lists the weekly notices published on the reports pages:
// every revision, so that a corrected notice opens its own window.
type reportNotices struct{ db *store.DB }

func (r reportNotices) PublishedWeekly() ([]attendance.NoticeRef, error) {
	revs, err := report.ListRevisions(r.db, report.Filter{Kinds: []report.Kind{report.Weekly}})
	if err != nil {
		return nil, err
	}
	out := make([]attendance.NoticeRef, len(revs))
	for i, rev := range revs {
		out[i] = rev.NoticeRef()
	}
	return out, nil
}
