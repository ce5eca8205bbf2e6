package ui

// Published weekly notices (按周通报) as the objection pages need them:
// which notice covers a day, and whether objections to it are still open.
// The notices come from Deps.Notices, which the reports pages provide;
// without it no notice is published and objections are closed.

import (
	"cmp"
	"slices"
	"time"

	"bianmin/appliance/attendance"
)

// publishedNotices lists the published weekly notices, newest publication
// first; none when nothing provides them yet.
func (a *App) publishedNotices() ([]attendance.NoticeRef, error) {
	if a.Notices == nil {
		return nil, nil
	}
	list, err := a.Notices.PublishedWeekly()
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
