package ui

// 设置 › 日历 › 粘贴通知原文: the State Council's holiday notice pasted as
// published ("一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周
// 日）上班。…"). The first post shows the days read from it, each with its
// weekday and what it is, and every problem next to its line; the second
// (the same text, its digest unchanged) imports it. The line format stays
// for files (calendarImport).

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bianmin/appliance/calendar"

	"github.com/labstack/echo/v4"
)

// noticeTextPreview is the days read from a pasted notice, for the page.
type noticeTextPreview struct {
	Year     int
	Source   string
	Days     []noticeTextDay
	Holidays int
	Workdays int
	Digest   string // of the year and text the preview was made from
}

type noticeTextDay struct {
	Label   string // 2026年1月1日（周四，元旦）
	Working bool
	Name    string
}

// noticeTextDigest identifies what the office previewed: the year field and
// the text.
func noticeTextDigest(year, text string) string {
	sum := sha256.Sum256([]byte(year + "\x00" + text))
	return hex.EncodeToString(sum[:])
}

func (a *App) calendarNoticeText(c echo.Context) error {
	if a.Calendar == nil {
		return errNoRecords
	}
	v := a.newView(c, "attui.calendar.title", "attui.calendar.lead", "settings")
	v.Form["date"], v.Form["working"] = a.today().Format(dateLayout), "0"
	text := c.FormValue("notice_text")
	v.Form["notice_text"], v.Form["text_year"] = text, strings.TrimSpace(c.FormValue("text_year"))
	year := 0
	if y := v.Form["text_year"]; y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < minPageYear || n > maxPageYear {
			v.fieldError("text_year", "attui.calendar.err.year", "Min", minPageYear, "Max", maxPageYear)
		}
		year = n
	}
	if strings.TrimSpace(text) == "" {
		v.fieldError("notice_text", "attui.calendar.err.no_text")
	}
	shown := a.now().Year() + 1
	if len(v.Errors) > 0 {
		return a.renderCalendar(c, v, a.calendarData(v, shown), http.StatusBadRequest)
	}
	digest := noticeTextDigest(v.Form["text_year"], text)
	if c.FormValue("confirm") != "" && c.FormValue("digest") == digest {
		res, err := a.Calendar.ImportNoticeText(currentUser(c).Username, year, text)
		if err == nil {
			a.flash(c, "ok", "attui.calendar.imported")
			q := url.Values{"y": {strconv.Itoa(res.Year)}, "imported": {strconv.Itoa(res.Year)}}
			return c.Redirect(http.StatusSeeOther, "/settings/calendar?"+q.Encode())
		}
		if !errors.Is(err, calendar.ErrImportRejected) && !showProblem(v, err, map[string]string{}, "notice_text") {
			return err
		}
	}
	n, probs := a.Calendar.PreviewNoticeText(year, text)
	if n.Year >= minPageYear && n.Year <= maxPageYear {
		shown = n.Year
	}
	d := a.calendarData(v, shown)
	status := http.StatusOK
	if len(probs) > 0 {
		d.TextErrors = problemRows(v, probs, nil)
		v.fieldError("notice_text", "calendar.import.rejected", "Count", len(probs))
		status = http.StatusBadRequest
	} else {
		d.TextPreview = a.noticeTextPreview(v, n, digest)
	}
	return a.renderCalendar(c, v, d, status)
}

// noticeTextPreview words the days of a parsed notice.
func (a *App) noticeTextPreview(v *view, n calendar.Notice, digest string) *noticeTextPreview {
	p := &noticeTextPreview{Year: n.Year, Source: n.Source, Digest: digest}
	p.Holidays, p.Workdays = n.Counts()
	for _, d := range n.Days {
		p.Days = append(p.Days, noticeTextDay{Label: a.plainDayLabel(v, d.Date), Working: d.Working, Name: d.Name})
	}
	return p
}

// plainDayLabel is a date with its weekday, not what the calendar calls
// it now (the notice is not stored yet): 2026年1月4日（周日）.
func (a *App) plainDayLabel(v *view, date string) string {
	t, ok := a.parseLocalDay(date)
	if !ok {
		return date
	}
	return v.Date(t)
}
