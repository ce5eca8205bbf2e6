package ui

// Published weekly notices (按周通报) as the objection pages need them. The
// notices are the weekly reports the reports pages publish
// (appliance/report), unless Deps.Notices provides others (tests). Which
// notice covers a day and whether objections to it are open are the
// domain's (attendance.NoticeCovering, Settings.CheckObjectionWindow).

import (
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
	return attendance.NewestNoticesFirst(list), nil
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
