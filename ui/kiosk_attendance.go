package ui

// 考勤屏: the public screen beside the fingerprint reader. It shows the
// last punch in big type and goes back to "请按手指打卡" after a while.
// The page works without JavaScript (it refreshes itself); kiosk.js
// listens to the event stream and updates it at once.

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"bianmin/appliance/punchclock"

	"github.com/labstack/echo/v4"
)

// Kiosk timings.
const (
	// kioskShowFor is how long an event stays on the screen before the
	// idle screen returns (kiosk.js uses the same value, from the page).
	kioskShowFor = 10 * time.Second
	// kioskRefresh is how often the page reloads itself without JS.
	kioskRefresh = 5 * time.Second
	// kioskKeepAlive is the pause between SSE comments that keep proxies
	// and the browser from dropping a quiet stream.
	kioskKeepAlive = 15 * time.Second
	// kioskStatusEvery is how often the stream checks the sensor and the
	// clock quality and tells the page when they change.
	kioskStatusEvery = 2 * time.Second
	// kioskWriteGrace bounds each write to the stream, so a vanished
	// client cannot hold a write forever (the server's WriteTimeout does
	// not apply to the stream: it is lifted write by write).
	kioskWriteGrace = 30 * time.Second
)

// kioskEvent is an event as the kiosk shows it: the clock's event plus the
// punch's time of day in the center's time zone.
type kioskEvent struct {
	punchclock.Event
	Clock string `json:"clock,omitempty"` // 08:29:13
}

func newKioskEvent(e punchclock.Event, loc *time.Location) kioskEvent {
	ke := kioskEvent{Event: e}
	// The error's detail is technician text (store and device errors);
	// the public screen shows its own words and never needs it.
	ke.Message = ""
	t := e.PunchTime
	if t.IsZero() {
		t = e.At
	}
	if !t.IsZero() {
		ke.Clock = t.In(loc).Format(clockLayout)
	}
	return ke
}

// kioskStatus is the state of the banners.
type kioskStatus struct {
	Configured bool `json:"configured"` // a sensor is configured at all
	Online     bool `json:"online"`
	Unsure     bool `json:"unsure"` // the clock is not trustworthy now
}

func (a *App) kioskStatusNow() kioskStatus {
	return kioskStatus{Configured: a.Clock != nil, Online: a.sensorOnline(), Unsure: a.timeUnsure()}
}

// kioskData is what kiosk_attendance.html shows.
type kioskData struct {
	Status   kioskStatus
	Last     *kioskEvent // the event still on screen, if any
	Blank    kioskEvent  // the empty event kiosk.js fills in
	Kinds    []punchclock.EventKind
	Now      time.Time
	NowClock string // 08:29:13
	// For kiosk.js: the box's clock in Unix milliseconds and its offset
	// from UTC in minutes (the screen shows the box's time, not the
	// browser's), how long an event stays, and how long the one on
	// screen has left.
	NowMS, TZOffsetMin, ShowMS, LeftMS int64
	Refresh                            int // seconds between reloads without JS
	EventURL                           string
}

func (a *App) kioskAttendance(c echo.Context) error {
	a.keepScreenCookie(c)
	v := a.newView(c, "kiosk.title", "", "")
	now := a.now()
	_, offset := now.Zone()
	d := kioskData{Status: a.kioskStatusNow(), Now: now, NowClock: now.Format(clockLayout),
		NowMS: now.UnixMilli(), TZOffsetMin: int64(offset / 60), ShowMS: kioskShowFor.Milliseconds(),
		Refresh: int(kioskRefresh / time.Second), EventURL: "/kiosk/attendance/events",
		Kinds: []punchclock.EventKind{punchclock.EventPunch, punchclock.EventDuplicate, punchclock.EventNoMatch,
			punchclock.EventBadImage, punchclock.EventError}}
	if a.Clock != nil {
		if recent := a.Clock.Hub().Recent(); len(recent) > 0 {
			last := recent[len(recent)-1]
			if age := now.Sub(last.At); age >= -time.Second && age < kioskShowFor {
				ke := newKioskEvent(last, a.loc())
				d.Last, d.LeftMS = &ke, (kioskShowFor - max(age, 0)).Milliseconds()
			}
		}
	}
	v.Data = d
	return a.render(c, http.StatusOK, "kiosk_attendance", v)
}

func (a *App) kioskEvents(c echo.Context) error {
	if a.Clock == nil {
		// 204 tells EventSource to stop reconnecting: there is no sensor
		// to wait for until the box is configured and restarted.
		return c.NoContent(http.StatusNoContent)
	}
	// A place of the screen's own when it is registered, else one of the
	// few anonymous ones (streams.go).
	release, err := a.openStream(c)
	if err != nil {
		return err
	}
	defer release()
	events, stop := a.Clock.Hub().Subscribe()
	defer stop()

	send := startSSE(c)
	status := a.kioskStatusNow()
	if err := send("retry: 3000\n\n"); err != nil {
		return nil
	}
	if err := sendSSE(send, "status", status); err != nil {
		return nil
	}
	if !strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/event-stream") {
		for _, e := range a.Clock.Hub().Recent() {
			if err := sendSSE(send, string(e.Kind), newKioskEvent(e, a.loc())); err != nil {
				return nil
			}
		}
		return nil
	}
	keepAlive := time.NewTicker(kioskKeepAlive)
	defer keepAlive.Stop()
	check := time.NewTicker(kioskStatusEvery)
	defer check.Stop()
	done := c.Request().Context().Done()
	for {
		var err error
		select {
		case <-done:
			return nil
		case e, ok := <-events:
			if !ok {
				return nil
			}
			err = sendSSE(send, string(e.Kind), newKioskEvent(e, a.loc()))
		case <-check.C:
			if now := a.kioskStatusNow(); now != status {
				status = now
				err = sendSSE(send, "status", status)
			}
		case <-keepAlive.C:
			err = send(": keep-alive\n\n")
		}
		if err != nil {
			return nil // the client went away; nothing left to tell it
		}
	}
}

// sendSSE writes one named event with v as its JSON data.
func sendSSE(send func(string, ...any) error, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return send("event: %s\ndata: %s\n\n", name, b)
}
