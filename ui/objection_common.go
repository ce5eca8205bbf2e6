package ui

// Published weekly notices (按周通报) as the objection pages need them. The
// notices are the weekly reports the reports pages publish
// (appliance/report), unless Deps.Notices provides others (tests). Which
// notice covers a day and whether objections to it are open are the
// domain's (attendance.NoticeCovering, Settings.CheckObjectionWindow).

import (
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/report"
	"bianmin/appliance/store"
)

// publishedNotices lists the weekly notices published at or after since
// (zero: ever), newest publication first, at most limit (0: all of them);
// none when nothing provides them yet. A page asks for what it needs —
// the notices still open to objection, those that can cover a day — never
// for ten years of them.
func (a *App) publishedNotices(since time.Time, limit int) ([]attendance.NoticeRef, error) {
	var src WeeklyNotices = reportNotices{a.DB}
	if a.Notices != nil {
		src = a.Notices
	}
	list, err := src.PublishedWeekly(since, limit)
	if err != nil {
		return nil, err
	}
	list = attendance.NewestNoticesFirst(list)
	if limit > 0 && len(list) > limit {
		list = list[:limit]
	}
	return list, nil
}

// openNotices lists the notices that may still be objected to at now
// (published within the settings' window), newest first.
func (a *App) openNotices(set attendance.Settings, now time.Time) ([]attendance.NoticeRef, error) {
	list, err := a.publishedNotices(now.Add(-set.ObjectionWindow()), 0)
	if err != nil {
		return nil, err
	}
	var out []attendance.NoticeRef
	for _, n := range list {
		if set.ObjectionOpen(n, now) {
			out = append(out, n)
		}
	}
	return out, nil
}

// noticeCovering is the newest notice published for the week of day
// (notices of a week are published after it starts).
func (a *App) noticeCovering(day time.Time) (attendance.NoticeRef, bool, error) {
	list, err := a.publishedNotices(weekStart(day), 0)
	if err != nil {
		return attendance.NoticeRef{}, false, err
	}
	n, ok := attendance.NoticeCovering(list, day, a.loc())
	return n, ok, nil
}

// reportNotices lists the weekly notices published on the reports pages:
// every revision, so that a corrected notice opens its own window.
type reportNotices struct{ db *store.DB }

func (r reportNotices) PublishedWeekly(since time.Time, limit int) ([]attendance.NoticeRef, error) {
	revs, err := report.ListRevisions(r.db, report.Filter{Kinds: []report.Kind{report.Weekly}, Since: since, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]attendance.NoticeRef, len(revs))
	for i, rev := range revs {
		out[i] = rev.NoticeRef()
	}
	return out, nil
}
