package ui

// 大厅叫号屏 and 窗口屏: the public screens of the queue. The hall display
// (/hall) shows the current call of every window in large type, the last
// calls, how many wait per service and the center's notices, and speaks
// each call (hall.js: the browser's speech synthesis with a zh-CN voice,
// else the clips shipped in the binary). A window display
// (/hall/window/:no) shows one window's current number, and asks for a
// rating while the window's buttons wait for one. Both are live over
// /hall/events (hall_events.go) and work without JavaScript too (they
// reload themselves). No login: a registered screen (设置 › 屏幕) has
// stream places of its own (streams.go).

import (
	"net/http"
	"strconv"
	"time"

	"bianmin/appliance/hall"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// hallRefresh is how often the hall pages reload themselves without JS.
const hallRefresh = 10 * time.Second

// hallPageData is what hall.html and hall_window.html show.
type hallPageData struct {
	Ready    bool // the box has a queue (Deps.Hall)
	Board    HallBoard
	Voice    hallVoice
	Notices  []string
	Latest   *HallCall   // the newest call, shown largest
	Window   *HallWindow // the window display's window
	WindowNo int
	NowClock string
	// For hall.js: the box's clock in Unix milliseconds and its offset
	// from UTC in minutes (the screens show the box's time), the stream,
	// where the clips are, and the clips to fetch before the first call.
	NowMS, TZOffsetMin int64
	EventURL           string
	ClipURL            string
	Clips              []string
	Refresh            int
}

func (a *App) hallPageData() (hallPageData, error) {
	now := a.now()
	_, offset := now.Zone()
	d := hallPageData{Ready: a.Hall != nil, NowClock: now.Format("15:04"), NowMS: now.UnixMilli(),
		TZOffsetMin: int64(offset / 60), EventURL: "/hall/events", ClipURL: "/static/voice/",
		Clips: hall.Clips(), Refresh: int(hallRefresh / time.Second), Notices: []string{}}
	if !d.Ready {
		st, err := a.HallSettings.Get()
		d.Voice, d.Notices = hallVoice{Mode: st.Voice, Volume: st.Volume, Repeat: st.Repeat}, st.Notices
		return d, err
	}
	m, err := a.hallState(nil)
	if err != nil {
		return d, err
	}
	d.Board, d.Voice, d.Notices = m.Board, m.Voice, m.Notices
	if len(d.Board.Recent) > 0 {
		d.Latest = &d.Board.Recent[0]
	}
	return d, nil
}

// renderHall renders one of the hall's pages with the board; fill adds
// what the page shows besides.
func (a *App) renderHall(c echo.Context, page, title, lead string, fill func(v *view, d *hallPageData)) error {
	a.keepScreenCookie(c)
	v := a.newView(c, title, lead, "")
	d, err := a.hallPageData()
	if err != nil {
		return err
	}
	if fill != nil {
		fill(v, &d)
	}
	v.Data = d
	return a.render(c, http.StatusOK, page, v)
}

func (a *App) hallDisplay(c echo.Context) error {
	return a.renderHall(c, "hall", "hall.title", "", nil)
}

// hallWindowDisplay is one window's own display.
func (a *App) hallWindowDisplay(c echo.Context) error {
	no, err := strconv.Atoi(c.Param("no"))
	if err != nil || no < 1 || no > staff.MaxWindowNumber {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return a.renderHall(c, "hall_window", "hall.window.title", "", func(v *view, d *hallPageData) {
		d.WindowNo = no
		v.TitleText = v.T("hall.window_no", "N", no)
		for i := range d.Board.Windows {
			if w := &d.Board.Windows[i]; w.Number == no {
				d.Window = w
				if w.Name != "" {
					v.TitleText += " · " + w.Name
				}
			}
		}
	})
}

// hallWindowPick lists the windows, for a window display's browser to
// choose its own (a paired window display starts here).
func (a *App) hallWindowPick(c echo.Context) error {
	return a.renderHall(c, "hall_pick", "hall.pick.title", "hall.pick.lead", nil)
}
