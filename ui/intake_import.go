package ui

// 受理 › 事项目录 › 导入: the catalog from a spreadsheet, the staff import's
// way (settings_staff_import.go): the file is previewed — each service it
// creates or changes, and which fields — and nothing is written until the
// office confirms; the upload waits in memory (upload_stash.go) and is read
// and checked again on confirmation. A file with any problem is refused
// whole, each problem with its line.

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"time"

	"bianmin/appliance/intake"

	"github.com/labstack/echo/v4"
)

// catalogImport serves the import pages with the uploads waiting for
// confirmation (made once by the route table).
type catalogImport struct {
	*App
	stash *uploadStash
}

func newCatalogImport(a *App) *catalogImport {
	return &catalogImport{App: a, stash: newUploadStash(time.Now)}
}

// catalogImportData is what intake_import.html shows.
type catalogImportData struct {
	Columns  []importColumn
	MaxMB    int
	FileName string
	Errors   []problemRow
	Preview  *catalogPlan
	Upload   string
	Digest   string
	Changed  bool
	Result   *catalogPlan
}

// catalogPlan is an import's plan in words.
type catalogPlan struct {
	intake.ImportResult
	Rows    []catalogPlanRow
	Nothing bool
}

type catalogPlanRow struct {
	Line             int
	Code, Name, What string
	New              bool
}

// catalogColumnsHelp describes the file's columns on the page.
func catalogColumnsHelp() []importColumn {
	required := map[string]bool{"code": true, "name": true, "unit": true, "legal_basis": true, "procedure": true, "fee": true}
	var out []importColumn
	for _, c := range intake.CatalogColumns() {
		out = append(out, importColumn{Name: c, Label: "intake.import.col." + c, Required: required[c], Example: "intake.import.example." + c})
	}
	return out
}

func planOf(v *view, res intake.ImportResult) *catalogPlan {
	p := &catalogPlan{ImportResult: res, Nothing: res.Created+res.Updated == 0}
	for _, l := range res.Lines {
		row := catalogPlanRow{Line: l.Line, Code: l.Code, Name: l.Name, New: l.New}
		switch {
		case l.New:
			row.What = v.T("intake.import.creates")
		case len(l.Changed) == 0:
			continue
		default:
			var names []string
			for _, f := range l.Changed {
				names = append(names, v.T("intake.import.col."+f))
			}
			row.What = v.T("intake.import.changes", "Fields", strings.Join(names, "、"))
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}

func (ci *catalogImport) form(c echo.Context) error {
	if err := ci.intakeReady(); err != nil {
		return err
	}
	v := ci.newView(c, "intake.import.title", "intake.import.lead", "intake")
	v.Data = catalogImportData{Columns: catalogColumnsHelp(), MaxMB: maxUploadBytes >> 20}
	return ci.render(c, http.StatusOK, "intake_import", v)
}

// catalogColumnLabel names a column: 事项编码（code）.
func catalogColumnLabel(v *view, col string) string {
	if col == "" {
		return ""
	}
	return v.T("settings.import.column", "Label", v.T("intake.import.col."+col), "Name", col)
}

func (ci *catalogImport) preview(c echo.Context) error {
	if err := ci.intakeReady(); err != nil {
		return err
	}
	v := ci.newView(c, "intake.import.title", "intake.import.lead", "intake")
	d := catalogImportData{Columns: catalogColumnsHelp(), MaxMB: maxUploadBytes >> 20}
	data, name, key := readUpload(c)
	d.FileName = name
	if key != "" {
		v.fieldError("file", key, "MaxMB", maxUploadBytes>>20)
		v.Data = d
		return ci.render(c, http.StatusBadRequest, "intake_import", v)
	}
	res, err := ci.Intake.PreviewCSV(bytes.NewReader(data))
	switch {
	case errors.Is(err, intake.ErrImportRejected):
		d.Errors = problemRows(v, res.Errors, catalogColumnLabel)
		v.Data = d
		return ci.render(c, http.StatusBadRequest, "intake_import", v)
	case err != nil:
		return err
	}
	d.Preview, d.Digest = planOf(v, res), res.Digest()
	d.Upload = ci.stash.put(currentUser(c).Username, name, data)
	v.Data = d
	return ci.render(c, http.StatusOK, "intake_import", v)
}

func (ci *catalogImport) confirm(c echo.Context) error {
	if err := ci.intakeReady(); err != nil {
		return err
	}
	v := ci.newView(c, "intake.import.title", "intake.import.lead", "intake")
	d := catalogImportData{Columns: catalogColumnsHelp(), MaxMB: maxUploadBytes >> 20}
	user := currentUser(c).Username
	upload := strings.TrimSpace(c.FormValue("upload"))
	data, name, ok := ci.stash.get(user, upload)
	if !ok {
		v.fieldError("file", "settings.import.err.expired")
		v.Data = d
		return ci.render(c, http.StatusConflict, "intake_import", v)
	}
	d.FileName = name
	res, err := ci.Intake.ConfirmCSV(intakeActor(c), bytes.NewReader(data), c.FormValue("digest"))
	switch {
	case errors.Is(err, intake.ErrPlanChanged):
		d.Preview, d.Digest, d.Upload, d.Changed = planOf(v, res), res.Digest(), upload, true
		v.Data = d
		return ci.render(c, http.StatusConflict, "intake_import", v)
	case errors.Is(err, intake.ErrImportRejected):
		ci.stash.drop(user, upload)
		d.Errors = problemRows(v, res.Errors, catalogColumnLabel)
		v.Data = d
		return ci.render(c, http.StatusBadRequest, "intake_import", v)
	case err != nil:
		return err
	}
	ci.stash.drop(user, upload)
	ci.Logger.Info("catalog imported", "by", user, "file", name, "created", res.Created, "updated", res.Updated)
	d.Result = planOf(v, res)
	v.Data = d
	return ci.render(c, http.StatusOK, "intake_import", v)
}
