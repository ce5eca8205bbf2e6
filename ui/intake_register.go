package ui

// 受理 › 登记收件: the receiver picks the service, then enters the applicant
// (ID number checked with the GB 11643 check digit; an old or foreign
// document is taken with a reason), the agent if a village agent brings
// it (代办), and ticks the materials handed in on the service's checklist.
// The receiver becomes the case's owner (首问负责).

import (
	"net/http"
	"strings"

	"bianmin/appliance/intake"
	"bianmin/appliance/queue"

	"github.com/labstack/echo/v4"
)

// caseNewData is what intake_new.html shows.
type caseNewData struct {
	Items      []unitItems[intake.Item]
	Item       *intake.Item // the chosen service; nil: choose one first
	Windows    []keyLabel
	Categories []keyLabel
	IDKinds    []keyLabel
	Materials  []materialCheck
	Ticket     *queue.Ticket // the queue ticket served at the window, when registered from the console
}

// materialCheck is one line of the checklist.
type materialCheck struct {
	Index   int
	Name    string
	Note    string // 原件 1 份 · 委托他人办理的
	Checked bool
}

// caseNewFields are the register form's fields.
var caseNewFields = []string{"item", "window", "category", "name", "id_kind", "id_number", "id_override", "id_reason",
	"phone", "address", "village", "agent_name", "agent_phone", "agent_village", "ticket"}

func (a *App) caseNewForm(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	v := a.newView(c, "intake.new.title", "intake.new.lead", "intake")
	v.Form["item"], v.Form["ticket"] = c.QueryParam("item"), c.QueryParam("ticket")
	return a.renderCaseNew(c, v, http.StatusOK, nil)
}

func (a *App) renderCaseNew(c echo.Context, v *view, status int, received map[string]bool) error {
	items, err := a.Intake.Items(false)
	if err != nil {
		return err
	}
	pl, err := a.places()
	if err != nil {
		return err
	}
	d := caseNewData{Items: byUnit(pl, items, func(it intake.Item) intake.Item { return it })}
	if id := parseID(v.Form["ticket"]); id != 0 && a.Queue != nil {
		if t, err := a.Queue.Ticket(id); err == nil {
			d.Ticket = &t
			if v.Form["name"] == "" && v.Form["phone"] == "" { // an appointment's caller
				v.Form["name"], v.Form["phone"] = t.Name, t.Phone
			}
		}
	}
	if id := parseID(v.Form["item"]); id != 0 {
		if it, err := a.Intake.Item(id); err == nil && it.Active {
			d.Item = &it
		}
	}
	if d.Item != nil {
		a.fillCaseNew(v, &d, pl, received)
	}
	v.Data = d
	return a.render(c, status, "intake_new", v)
}

func (a *App) fillCaseNew(v *view, d *caseNewData, pl places, received map[string]bool) {
	it := d.Item
	for _, w := range it.WindowIDs {
		d.Windows = append(d.Windows, keyLabel{idString(w), pl.windowText(v, w)})
	}
	if v.Form["window"] == "" && len(it.WindowIDs) > 0 {
		v.Form["window"] = idString(it.WindowIDs[0])
		if own := a.ownWindow(v); own != 0 {
			v.Form["window"] = idString(own)
		}
	}
	for _, k := range intake.Categories() {
		if k != intake.CategoryReturned {
			d.Categories = append(d.Categories, keyLabel{string(k), v.T("intake.category." + string(k))})
		}
	}
	if v.Form["category"] == "" {
		v.Form["category"] = string(it.Category)
	}
	for _, k := range []intake.IDKind{intake.IDResident, intake.IDOld, intake.IDForeign, intake.IDOther} {
		d.IDKinds = append(d.IDKinds, keyLabel{string(k), v.T("intake.id_kind." + string(k))})
	}
	for i, m := range it.Materials {
		d.Materials = append(d.Materials, materialCheck{Index: i, Name: m.Name, Note: materialNote(v, m), Checked: received[m.Name]})
	}
}

// ownWindow is the user's own window (0: none).
func (a *App) ownWindow(v *view) uint64 {
	if v.User == nil || v.User.StaffID == 0 {
		return 0
	}
	s, err := a.Staff.GetStaff(v.User.StaffID)
	if err != nil {
		return 0
	}
	return s.WindowID
}

// materialNote words a material's copies and condition: 原件 1 份 · 必需.
func materialNote(v *view, m intake.Material) string {
	form := "intake.material.copy"
	if m.Original {
		form = "intake.material.original"
	}
	s := v.T(form, "Copies", m.Copies)
	if m.Required {
		return s + " · " + v.T("intake.material.required")
	}
	if m.Condition != "" {
		return s + " · " + v.T("intake.material.when", "Condition", m.Condition)
	}
	return s + " · " + v.T("intake.material.conditional")
}

// caseRegister registers the case and opens its page.
func (a *App) caseRegister(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	v := a.newView(c, "intake.new.title", "intake.new.lead", "intake")
	for _, k := range caseNewFields {
		v.Form[k] = strings.TrimSpace(c.FormValue(k))
	}
	form, _ := c.FormParams()
	received := map[string]bool{}
	for _, m := range form["material"] {
		received[m] = true
	}
	in := intake.NewCase{ItemID: parseID(v.Form["item"]), WindowID: parseID(v.Form["window"]), Category: intake.Category(v.Form["category"]),
		Applicant: intake.Applicant{Name: v.Form["name"], IDKind: intake.IDKind(v.Form["id_kind"]), Phone: v.Form["phone"],
			Address: v.Form["address"], Village: v.Form["village"]},
		IDNumber: v.Form["id_number"], Override: v.Form["id_override"] != "", Reason: v.Form["id_reason"],
		TicketID: parseID(v.Form["ticket"])}
	if v.Form["agent_name"] != "" || v.Form["agent_phone"] != "" || v.Form["agent_village"] != "" {
		in.Agent = &intake.Agent{Name: v.Form["agent_name"], Phone: v.Form["agent_phone"], Village: v.Form["agent_village"]}
	}
	for m := range received {
		in.Received = append(in.Received, m)
	}
	cs, err := a.Intake.Register(intakeActor(c), in)
	if err != nil {
		if !showProblem(v, err, nil, "item") {
			return err
		}
		return a.renderCaseNew(c, v, http.StatusBadRequest, received)
	}
	a.flash(c, "ok", "intake.new.done")
	return c.Redirect(http.StatusSeeOther, caseURL(cs.ID))
}
