package ui

// 受理 › 咨询记录: the consultation log every window keeps (咨询记录簿),
// phone and fax enquiries with the caller's name and contact, and the
// 首问负责 hand-off of an enquiry to the window that handles it, with the
// time it was passed on and the time that window took it over. Window
// staff record at their own window; the office at any.

import (
	"net/http"
	"net/url"
	"strconv"

	"bianmin/appliance/account"
	"bianmin/appliance/intake"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// consultPageData is what intake_consult.html shows.
type consultPageData struct {
	Windows  []staff.Window
	Channels []intake.Channel
	Filter   uint64 // the window listed; 0: all
	Own      uint64 // the user's window; 0: none
	Office   bool
	Rows     []consultRow
	Waiting  []consultRow // handed to the user's window, not taken over
	Pager    pager
	MaxText  int
}

// consultRow is one enquiry in the log.
type consultRow struct {
	intake.Consultation
	AtText   string
	Window   string
	Channel  string
	Handoffs []handoffRow
	Pending  bool
	CanTake  bool // the user may take the pending hand-off over
}

// handoffRow is one hand-off in words.
type handoffRow struct {
	To, At, By, Note, TakenAt, TakenBy string
}

func (a *App) consultList(c echo.Context) error {
	v := a.newView(c, "intakedoc.consult.title", "intakedoc.consult.lead", "intake")
	v.Form["channel"] = string(intake.ChannelDesk)
	return a.renderConsult(c, v, http.StatusOK)
}

func (a *App) renderConsult(c echo.Context, v *view, status int) error {
	ws, err := a.Staff.Windows()
	if err != nil {
		return err
	}
	d := consultPageData{Channels: intake.Channels, Own: a.ownWindow(v), Office: currentUser(c).Role == account.RoleOffice, MaxText: intake.ConsultMaxText}
	names := map[uint64]string{}
	for _, w := range ws {
		names[w.ID] = windowLabel(v, w)
		if w.Active {
			d.Windows = append(d.Windows, w)
		}
	}
	d.Filter = d.Own
	if f := c.QueryParam("window"); f != "" {
		d.Filter = parseID(f)
	}
	if _, ok := v.Form["window"]; !ok || v.Form["window"] == "" {
		v.Form["window"] = idString(d.Own)
	}
	page, _ := strconv.Atoi(c.QueryParam("page"))
	pg, err := a.Desk.Consultations(intake.ConsultationQuery{WindowID: d.Filter, Page: page, Size: recordsPageSize})
	if err != nil {
		return err
	}
	row := func(r intake.Consultation) consultRow {
		row := consultRow{Consultation: r, AtText: a.clockText(r.At), Window: names[r.WindowID], Channel: v.T("intakedoc.channel." + string(r.Channel)), Pending: r.Pending()}
		for _, h := range r.Handoffs {
			row.Handoffs = append(row.Handoffs, handoffRow{To: names[h.ToWindowID], At: a.clockText(h.At), By: h.By, Note: h.Note, TakenAt: a.clockText(h.TakenAt), TakenBy: h.TakenBy})
		}
		if row.Pending {
			to := r.Handoffs[len(r.Handoffs)-1].ToWindowID
			row.CanTake = d.Office || to == d.Own
		}
		return row
	}
	for _, r := range pg.Rows {
		d.Rows = append(d.Rows, row(r))
	}
	if d.Own != 0 {
		waiting, err := a.Desk.WaitingFor(d.Own)
		if err != nil {
			return err
		}
		for _, r := range waiting {
			d.Waiting = append(d.Waiting, row(r))
		}
	}
	q := url.Values{}
	if d.Filter != 0 {
		q.Set("window", idString(d.Filter))
	}
	d.Pager = newPager("/intake/consultations", q, pg.Total, pg.Page, recordsPageSize)
	v.Data = d
	return a.render(c, status, "intake_consult", v)
}

// windowLabel is "3号窗口 民政".
func windowLabel(v *view, w staff.Window) string {
	return v.T("intakedoc.window", "Number", w.Number, "Name", w.Name)
}

func (a *App) consultRecord(c echo.Context) error {
	v := a.newView(c, "intakedoc.consult.title", "intakedoc.consult.lead", "intake")
	for _, k := range []string{"window", "channel", "caller_name", "contact", "question", "answer", "to_window"} {
		v.Form[k] = c.FormValue(k)
	}
	window := parseID(v.Form["window"])
	if own := a.ownWindow(v); currentUser(c).Role != account.RoleOffice && own != 0 {
		window = own // staff record at their own window
	}
	cs := intake.Consultation{WindowID: window, Channel: intake.Channel(v.Form["channel"]), CallerName: v.Form["caller_name"],
		Contact: v.Form["contact"], Question: v.Form["question"], Answer: v.Form["answer"]}
	user := currentUser(c).Username
	rec, err := a.Desk.RecordConsultation(user, cs)
	if err == nil {
		if to := parseID(v.Form["to_window"]); to != 0 {
			_, err = a.Desk.HandOff(user, rec.ID, to, "")
		}
	}
	if err != nil {
		if !showProblem(v, err, nil, "question") {
			return err
		}
		return a.renderConsult(c, v, http.StatusBadRequest)
	}
	a.flash(c, "ok", "intakedoc.consult.recorded")
	return c.Redirect(http.StatusSeeOther, "/intake/consultations")
}

func (a *App) consultHandOff(c echo.Context) error {
	_, err := a.Desk.HandOff(currentUser(c).Username, parseID(c.Param("id")), parseID(c.FormValue("to_window")), c.FormValue("note"))
	return a.consultDone(c, err, "intakedoc.consult.handed_off")
}

func (a *App) consultTakeOver(c echo.Context) error {
	id := parseID(c.Param("id"))
	cs, err := a.Desk.Consultation(id)
	own := a.ownWindow(a.newView(c, "", "", "intake"))
	if err == nil && cs.Pending() && currentUser(c).Role != account.RoleOffice && cs.Handoffs[len(cs.Handoffs)-1].ToWindowID != own {
		return echo.NewHTTPError(http.StatusForbidden)
	}
	if err == nil {
		_, err = a.Desk.TakeOver(currentUser(c).Username, id)
	}
	return a.consultDone(c, err, "intakedoc.consult.taken_over")
}

// consultDone answers a row's action: back to the log with its outcome.
func (a *App) consultDone(c echo.Context, err error, ok string) error {
	if err != nil {
		v := a.newView(c, "intakedoc.consult.title", "intakedoc.consult.lead", "intake")
		if !showProblem(v, err, nil, "list") {
			return err
		}
		return a.renderConsult(c, v, http.StatusBadRequest)
	}
	a.flash(c, "ok", ok)
	return c.Redirect(http.StatusSeeOther, "/intake/consultations")
}
