package ui

// 排队叫号 › 窗口叫号: a window's console. One obvious button, 叫号 (call
// the next ticket; it ends the ticket at the window), and beside the
// ticket being served: 重呼, 过号, 办结, 转办, and pause with a reason. The
// staff also take a ticket here for someone at the desk (the green
// channel) and book an appointment for a phone caller. Every action is
// appliance/queue's; the page only shows and forwards.

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/queue"
	"bianmin/appliance/store"

	"github.com/labstack/echo/v4"
)

// queueRoles use the window console (everyone who serves or runs the hall).
var queueRoles = leaveRoles

// consoleData is what queue_console.html shows.
type consoleData struct {
	Window   int
	Windows  []int
	Settings queue.Settings
	Hall     queue.HallState
	View     queue.WindowView
	Current  *queue.Ticket
	Services []queue.ServiceDef // the services of this window first
	Reasons  []queue.PauseReason
	Error    string
	Intake   bool // the user registers intake cases: the console offers one from the ticket served
}

func (a *App) queueReady() error {
	if a.Queue == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	return nil
}

// consoleWindow is the window the console shows: ?window=, else the
// user's own window (their staff record's), else the first one.
func (a *App) consoleWindow(c echo.Context, s queue.Settings) int {
	ws := s.Windows()
	if n, err := strconv.Atoi(c.QueryParam("window")); err == nil && slices.Contains(ws, n) {
		return n
	}
	if u := currentUser(c); u != nil && u.StaffID != 0 && a.Staff != nil {
		if st, err := a.Staff.GetStaff(u.StaffID); err == nil && st.WindowID != 0 {
			if w, err := a.Staff.Window(st.WindowID); err == nil && slices.Contains(ws, w.Number) {
				return w.Number
			}
		}
	}
	if len(ws) > 0 {
		return ws[0]
	}
	return 0
}

func (a *App) queueConsole(c echo.Context) error {
	if err := a.queueReady(); err != nil {
		return err
	}
	s, err := a.Queue.Settings()
	if err != nil {
		return err
	}
	return a.renderConsole(c, a.consoleWindow(c, s), http.StatusOK, nil)
}

func (a *App) renderConsole(c echo.Context, window, status int, fail error) error {
	v := a.newView(c, "queue.console.title", "queue.console.lead", "queue")
	s, err := a.Queue.Settings()
	if err != nil {
		return err
	}
	h, err := a.Queue.Hall()
	if err != nil {
		return err
	}
	d := consoleData{Window: window, Windows: s.Windows(), Settings: s, Hall: h, View: h.Window(window), Reasons: queue.PauseReasons(),
		Intake: a.Intake != nil && v.User != nil && slices.Contains(intakeUsers, v.User.Role)}
	if d.Current, err = a.Queue.WindowTicket(window); err != nil {
		return err
	}
	mine := s.WindowServices(window)
	for _, sv := range s.Services {
		if !sv.Off && slices.Contains(mine, sv.Prefix) {
			d.Services = append(d.Services, sv)
		}
	}
	for _, sv := range s.Services {
		if !sv.Off && !slices.Contains(mine, sv.Prefix) {
			d.Services = append(d.Services, sv)
		}
	}
	if fail != nil {
		if p, ok := problem.As(fail); ok {
			d.Error = v.problemText(p)
			showProblem(v, fail, nil, "")
		} else if l := problem.All(fail); len(l) > 0 {
			showProblem(v, fail, nil, "")
			d.Error = v.problemText(l[0])
		} else {
			return fail
		}
	}
	v.Data = d
	return a.render(c, status, "queue_console", v)
}

func (a *App) queueActor(c echo.Context) queue.Actor {
	u := currentUser(c)
	return queue.Actor{Name: u.Username, StaffID: u.StaffID}
}

// queueAct runs one console action on window :n.
func (a *App) queueAct(c echo.Context) error {
	if err := a.queueReady(); err != nil {
		return err
	}
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	who := a.queueActor(c)
	switch c.Param("action") {
	case "call":
		_, err = a.Queue.CallNext(who, n)
	case "recall":
		_, err = a.Queue.Recall(who, n)
	case "skip":
		_, err = a.Queue.Skip(who, n)
	case "finish":
		var t queue.Ticket
		if t, err = a.Queue.Finish(who, n); err == nil && c.FormValue("then") == "intake" {
			// issue 12 item 4: finishing opens an intake case with the ticket linked
			return c.Redirect(http.StatusSeeOther, "/intake/new?ticket="+strconv.FormatUint(t.ID, 10))
		}
	case "transfer":
		to, _ := strconv.Atoi(c.FormValue("to_window"))
		_, err = a.Queue.Transfer(who, n, c.FormValue("service"), to)
	case "pause":
		err = a.Queue.Pause(who, n, queue.PauseReason(c.FormValue("reason")), c.FormValue("note"))
	case "resume":
		err = a.Queue.Resume(who, n)
	default:
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return a.consoleFailed(c, n, err)
	}
	return c.Redirect(http.StatusSeeOther, "/queue?window="+strconv.Itoa(n))
}

func (a *App) consoleFailed(c echo.Context, window int, err error) error {
	if _, ok := problem.As(err); ok || len(problem.All(err)) > 0 {
		return a.renderConsole(c, window, http.StatusBadRequest, err)
	}
	return err
}

// queueTake: staff take a ticket for someone at the desk (the green
// channel for the elderly and the disabled).
func (a *App) queueTake(c echo.Context) error {
	if err := a.queueReady(); err != nil {
		return err
	}
	window, _ := strconv.Atoi(c.FormValue("window"))
	t, err := a.Queue.Take(queue.TakeRequest{Service: c.FormValue("service"), Green: c.FormValue("green") == "on",
		Source: queue.SourceStaff, Actor: currentUser(c).Username})
	if err != nil {
		return a.consoleFailed(c, window, err)
	}
	return c.Redirect(http.StatusSeeOther, "/queue/tickets/"+strconv.FormatUint(t.Ticket.ID, 10))
}

// queueBook: an appointment for a phone caller.
func (a *App) queueBook(c echo.Context) error {
	if err := a.queueReady(); err != nil {
		return err
	}
	window, _ := strconv.Atoi(c.FormValue("window"))
	at, perr := time.ParseInLocation("2006-01-02T15:04", c.FormValue("at"), a.loc())
	if perr != nil {
		return a.consoleFailed(c, window, problem.New("at", "queue.err.book_time"))
	}
	t, err := a.Queue.Book(queue.Booking{Service: c.FormValue("service"), At: at, Name: c.FormValue("name"),
		Phone: c.FormValue("phone"), Actor: currentUser(c).Username})
	if err != nil {
		return a.consoleFailed(c, window, err)
	}
	return c.Redirect(http.StatusSeeOther, "/queue/tickets/"+strconv.FormatUint(t.Ticket.ID, 10))
}

// ticketData is what queue_ticket.html shows: one ticket, for staff.
type ticketData struct {
	Ticket queue.Ticket
	Ahead  int
	Link   string
}

func (a *App) queueTicket(c echo.Context) error {
	if err := a.queueReady(); err != nil {
		return err
	}
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	t, err := a.Queue.Ticket(id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return echo.NewHTTPError(http.StatusNotFound)
		}
		return err
	}
	st, err := a.Queue.StatusByToken(t.Token)
	if err != nil {
		return err
	}
	v := a.newView(c, "queue.ticket.title", "", "queue")
	v.Data = ticketData{Ticket: t, Ahead: st.Ahead, Link: a.ticketLink(c, t.Token)}
	return a.render(c, http.StatusOK, "queue_ticket", v)
}
