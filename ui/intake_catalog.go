package ui

// 受理 › 事项目录: the service catalog with its six public items (六公开),
// read by everyone who takes cases in; the office adds and edits items
// (and imports them, intake_import.go). Each item's public page is on the
// kiosk (kiosk_services.go).

import (
	"net/http"
	"strconv"
	"strings"

	"bianmin/appliance/intake"

	"github.com/labstack/echo/v4"
)

// catalogData is what intake_catalog.html shows.
type catalogData struct {
	Rows []catalogRow
}

type catalogRow struct {
	intake.Item
	Unit, Windows, Category, Limit string
}

func (a *App) catalogList(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	v := a.newView(c, "intake.catalog.title", "intake.catalog.lead", "intake")
	items, err := a.Intake.Items(true)
	if err != nil {
		return err
	}
	pl, err := a.places()
	if err != nil {
		return err
	}
	d := catalogData{}
	for _, it := range items {
		d.Rows = append(d.Rows, a.catalogRowOf(v, pl, it))
	}
	v.Data = d
	return a.render(c, http.StatusOK, "intake_catalog", v)
}

func (a *App) catalogRowOf(v *view, pl places, it intake.Item) catalogRow {
	var ws []string
	for _, w := range it.WindowIDs {
		ws = append(ws, pl.windowText(v, w))
	}
	return catalogRow{Item: it, Unit: pl.unitName(it.UnitID), Windows: strings.Join(ws, "、"),
		Category: v.T("intake.category." + string(it.Category)), Limit: limitText(v, it)}
}

// limitText words the time limits: 法定 20 个工作日 · 承诺 5 个工作日 (即办: 当场办结).
func limitText(v *view, it intake.Item) string {
	promised := v.T("intake.limit.promised", "Days", it.PromisedDays)
	if it.PromisedDays == 0 {
		promised = v.T("intake.limit.on_the_spot")
	}
	if it.LegalDays == 0 {
		return promised
	}
	return v.T("intake.limit.legal", "Days", it.LegalDays) + " · " + promised
}

// itemFormData is what intake_item.html shows.
type itemFormData struct {
	ID         uint64
	Units      []unitOption
	Windows    []windowCheck
	Categories []keyLabel
	Materials  []materialRow
}

type windowCheck struct {
	ID      uint64
	Label   string
	Unit    string
	Checked bool
}

type materialRow struct {
	Index                    int
	Name, Copies, Condition  string
	Original, Required, Used bool
}

// spareMaterialRows are the empty material rows the form offers.
const spareMaterialRows = 3

var itemFields = []string{"code", "name", "unit", "category", "legal_basis", "content", "procedure", "fee", "fee_basis", "legal_days", "promised_days", "active"}

func (a *App) itemNewForm(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	v := a.newView(c, "intake.item.new_title", "intake.item.lead", "intake")
	v.Form["active"], v.Form["fee"], v.Form["category"] = "1", v.T("intake.item.free"), string(intake.CategoryPromised)
	return a.renderItemForm(c, v, http.StatusOK, intake.Item{Active: true})
}

func (a *App) itemEditForm(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	it, err := a.Intake.Item(id)
	if err != nil {
		return notFoundCase(err)
	}
	v := a.newView(c, "intake.item.edit_title", "intake.item.lead", "intake")
	v.Form["code"], v.Form["name"], v.Form["unit"], v.Form["category"] = it.Code, it.Name, idString(it.UnitID), string(it.Category)
	v.Form["legal_basis"], v.Form["content"], v.Form["procedure"] = it.LegalBasis, it.Content, it.Procedure
	v.Form["fee"], v.Form["fee_basis"] = it.Fee, it.FeeBasis
	v.Form["legal_days"], v.Form["promised_days"] = strconv.Itoa(it.LegalDays), strconv.Itoa(it.PromisedDays)
	if it.Active {
		v.Form["active"] = "1"
	}
	return a.renderItemForm(c, v, http.StatusOK, it)
}

func (a *App) renderItemForm(c echo.Context, v *view, status int, it intake.Item) error {
	pl, err := a.places()
	if err != nil {
		return err
	}
	d := itemFormData{ID: it.ID}
	for _, u := range pl.Units {
		d.Units = append(d.Units, unitOption{u.ID, u.Name})
	}
	for _, w := range pl.Windows {
		d.Windows = append(d.Windows, windowCheck{ID: w.ID, Label: pl.windowText(v, w.ID), Unit: pl.unitName(w.UnitID),
			Checked: containsID(it.WindowIDs, w.ID)})
	}
	for _, k := range intake.Categories() {
		d.Categories = append(d.Categories, keyLabel{string(k), v.T("intake.category." + string(k))})
	}
	for i, m := range it.Materials {
		d.Materials = append(d.Materials, materialRow{Index: i, Name: m.Name, Copies: strconv.Itoa(m.Copies), Condition: m.Condition,
			Original: m.Original, Required: m.Required, Used: true})
	}
	for i := 0; i < spareMaterialRows; i++ {
		d.Materials = append(d.Materials, materialRow{Index: len(it.Materials) + i, Copies: "1", Required: true})
	}
	v.Data = d
	return a.render(c, status, "intake_item", v)
}

func containsID(ids []uint64, id uint64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// itemSave creates (no :id) or updates an item.
func (a *App) itemSave(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	var id uint64
	if c.Param("id") != "" {
		var err error
		if id, err = pathID(c); err != nil {
			return err
		}
	}
	title := "intake.item.new_title"
	if id != 0 {
		title = "intake.item.edit_title"
	}
	v := a.newView(c, title, "intake.item.lead", "intake")
	for _, k := range itemFields {
		v.Form[k] = strings.TrimSpace(c.FormValue(k))
	}
	it := intake.Item{ID: id, Code: v.Form["code"], Name: v.Form["name"], UnitID: parseID(v.Form["unit"]),
		Category: intake.Category(v.Form["category"]), LegalBasis: v.Form["legal_basis"], Content: v.Form["content"],
		Procedure: v.Form["procedure"], Fee: v.Form["fee"], FeeBasis: v.Form["fee_basis"], Active: v.Form["active"] != ""}
	form, _ := c.FormParams()
	for _, w := range form["window"] {
		it.WindowIDs = append(it.WindowIDs, parseID(w))
	}
	var err error
	if it.LegalDays, err = formInt(v, "legal_days"); err != nil {
		v.fieldError("legal_days", "intake.err.number")
	}
	if it.PromisedDays, err = formInt(v, "promised_days"); err != nil {
		v.fieldError("promised_days", "intake.err.number")
	}
	n, _ := strconv.Atoi(c.FormValue("m_count"))
	for i := 0; i < min(n, intake.MaxMaterials+spareMaterialRows); i++ {
		p := "m_" + strconv.Itoa(i) + "_"
		name := strings.TrimSpace(c.FormValue(p + "name"))
		if name == "" {
			continue
		}
		copies, err := strconv.Atoi(strings.TrimSpace(c.FormValue(p + "copies")))
		if err != nil {
			copies = 1
		}
		it.Materials = append(it.Materials, intake.Material{Name: name, Copies: copies, Original: c.FormValue(p+"original") != "",
			Required: c.FormValue(p+"required") != "", Condition: strings.TrimSpace(c.FormValue(p + "condition"))})
	}
	if len(v.Errors) == 0 {
		saved, err := a.Intake.SaveItem(intakeActor(c), it)
		if err == nil {
			a.flash(c, "ok", "intake.item.saved")
			return c.Redirect(http.StatusSeeOther, "/intake/catalog#item-"+idString(saved.ID))
		}
		if !showProblem(v, err, nil, "code") {
			return notFoundCase(err)
		}
	}
	return a.renderItemForm(c, v, http.StatusBadRequest, it)
}

// formInt reads a whole number field; empty is 0.
func formInt(v *view, field string) (int, error) {
	s := v.Form[field]
	if s == "" {
		return 0, nil
	}
	return strconv.Atoi(s)
}
