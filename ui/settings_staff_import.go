package ui

// 设置 › 人员 › 导入/导出: the staff list in and out of spreadsheets. An
// import is previewed first: the page lists what the file will create
// (units, windows, people) and change (each person's changed fields), and
// nothing is written until the office confirms — a typo such as 民证办 for
// 民政办 shows as a unit to be created before it exists. The upload waits
// in memory between the two (upload_stash.go) and is read and checked
// again on confirmation; when the registry changed meanwhile, the new
// preview is shown instead. An import is all or nothing: a rejected file
// lists every problem with its line.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// importColumn is one line of the column table on the import page.
type importColumn struct {
	Name     string // as in the header row
	Label    string // staff.field.<name>
	Required bool
	Example  string // locale key of an example value
}

var importColumns = []importColumn{
	{"staff_no", "staff.field.staff_no", true, "settings.import.example.staff_no"},
	{"name", "staff.field.name", true, "settings.import.example.name"},
	{"unit", "staff.field.unit", true, "settings.import.example.unit"},
	{"window", "staff.field.window", true, "settings.import.example.window"},
	{"position", "staff.field.position", true, "settings.import.example.position"},
	{"post", "staff.field.post", false, "settings.import.example.post"},
	{"phone", "staff.field.phone", false, "settings.import.example.phone"},
	{"start_date", "staff.field.start_date", false, "settings.import.example.start_date"},
	{"end_date", "staff.field.end_date", false, "settings.import.example.end_date"},
}

// staffImport serves the import pages with the uploads waiting for
// confirmation (made once by the route table).
type staffImport struct {
	*App
	stash *uploadStash
}

func newStaffImport(a *App) *staffImport {
	return &staffImport{App: a, stash: newUploadStash(time.Now)}
}

// importData is what staff_import.html shows.
type importData struct {
	Columns  []importColumn
	MaxMB    int
	FileName string
	Errors   []problemRow // set after a rejected file
	// Preview is what the file will do, waiting for confirmation under
	// Upload (the stash's key) and Digest; Changed says the registry
	// changed since the last preview the office saw.
	Preview *importPreview
	Upload  string
	Digest  string
	Changed bool
	// Result is what a confirmed import did.
	Result *importPreview
}

// importPreview is an import's plan (or outcome) in words.
type importPreview struct {
	staff.ImportResult
	Changes []importChangeRow
	Nothing bool // the file creates and changes nothing
}

// importChangeRow is one changed person with their changed fields in
// words.
type importChangeRow struct {
	Line          int
	StaffNo, Name string
	Fields        []importFieldRow
}

type importFieldRow struct{ Label, Before, After string }

// previewOf words a plan for the page.
func previewOf(v *view, res staff.ImportResult) *importPreview {
	p := &importPreview{ImportResult: res, Nothing: res.Created+res.Updated+res.UnitsCreated+res.WindowsCreated == 0}
	for _, ch := range res.Changed {
		row := importChangeRow{Line: ch.Line, StaffNo: ch.StaffNo, Name: ch.Name}
		for _, f := range ch.Fields {
			row.Fields = append(row.Fields, importFieldRow{Label: v.T("staff.field." + f.Field),
				Before: importValue(v, f.Field, f.Before), After: importValue(v, f.Field, f.After)})
		}
		p.Changes = append(p.Changes, row)
	}
	return p
}

// importValue is a cell of a changed field in words: a position or post
// by its name, a window by its number; an empty cell as 无.
func importValue(v *view, field, val string) string {
	switch {
	case val == "":
		return v.T("settings.import.none")
	case field == "position":
		return v.T("staff.position." + val)
	case field == "post":
		return v.T("staff.post." + val)
	case field == "window":
		return v.T("staff.window.label", "Number", val)
	}
	return val
}

func (a *App) staffImportForm(c echo.Context) error {
	v := a.newView(c, "settings.import.title", "settings.import.lead", "settings")
	v.Data = importData{Columns: importColumns, MaxMB: maxUploadBytes >> 20}
	return a.render(c, http.StatusOK, "staff_import", v)
}

// preview reads the uploaded file and shows what it will do; nothing is
// written.
func (si *staffImport) preview(c echo.Context) error {
	v := si.newView(c, "settings.import.title", "settings.import.lead", "settings")
	d := importData{Columns: importColumns, MaxMB: maxUploadBytes >> 20}
	data, name, key := readUpload(c)
	d.FileName = name
	if key != "" {
		v.fieldError("file", key, "MaxMB", maxUploadBytes>>20)
		v.Data = d
		return si.render(c, http.StatusBadRequest, "staff_import", v)
	}
	res, err := si.Staff.PreviewCSV(bytes.NewReader(data))
	switch {
	case errors.Is(err, staff.ErrImportRejected):
		d.Errors = problemRows(v, res.Errors, columnLabel)
		v.Data = d
		return si.render(c, http.StatusBadRequest, "staff_import", v)
	case err != nil:
		return err
	}
	d.Preview, d.Digest = previewOf(v, res), res.Digest()
	d.Upload = si.stash.put(currentUser(c).Username, name, data)
	v.Data = d
	return si.render(c, http.StatusOK, "staff_import", v)
}

// confirm imports the stashed file when it still does what the preview
// said; otherwise it shows the new preview (or the file's problems now).
func (si *staffImport) confirm(c echo.Context) error {
	v := si.newView(c, "settings.import.title", "settings.import.lead", "settings")
	d := importData{Columns: importColumns, MaxMB: maxUploadBytes >> 20}
	user := currentUser(c).Username
	upload := strings.TrimSpace(c.FormValue("upload"))
	data, name, ok := si.stash.get(user, upload)
	if !ok {
		v.fieldError("file", "settings.import.err.expired")
		v.Data = d
		return si.render(c, http.StatusConflict, "staff_import", v)
	}
	d.FileName = name
	res, err := si.Staff.ConfirmCSV(user, bytes.NewReader(data), c.FormValue("digest"))
	switch {
	case errors.Is(err, staff.ErrPlanChanged):
		d.Preview, d.Digest, d.Upload, d.Changed = previewOf(v, res), res.Digest(), upload, true
		v.Data = d
		return si.render(c, http.StatusConflict, "staff_import", v)
	case errors.Is(err, staff.ErrImportRejected):
		si.stash.drop(user, upload)
		d.Errors = problemRows(v, res.Errors, columnLabel)
		v.Data = d
		return si.render(c, http.StatusBadRequest, "staff_import", v)
	case err != nil:
		return err
	}
	si.stash.drop(user, upload)
	si.Logger.Info("staff imported", "by", user, "file", name,
		"created", res.Created, "updated", res.Updated, "units", res.UnitsCreated, "windows", res.WindowsCreated)
	d.Result = previewOf(v, res)
	v.Data = d
	return si.render(c, http.StatusOK, "staff_import", v)
}

// Signatures of the spreadsheet files people pick by mistake.
var (
	zipMagic = []byte("PK\x03\x04")                                   // .xlsx (a zip archive)
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // .xls (OLE2)
)

// readUpload reads the uploaded file field "file", a CSV. On a problem it
// returns the locale key of a message for the file field.
func readUpload(c echo.Context) (data []byte, name, key string) {
	return readUploadAs(c, ".csv", ".txt", "")
}

// readUploadAs is readUpload for a file whose name ends in one of exts.
func readUploadAs(c echo.Context, exts ...string) (data []byte, name, key string) {
	fh, err := c.FormFile("file")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, "", "settings.import.err.too_large"
	case err != nil:
		return nil, "", "settings.import.err.no_file"
	}
	name = fh.Filename
	f, err := fh.Open()
	if err != nil {
		return nil, name, "settings.import.err.no_file"
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, maxUploadBytes+1))
	switch {
	case err != nil:
		return nil, name, "settings.import.err.no_file"
	case len(data) > maxUploadBytes:
		return nil, name, "settings.import.err.too_large"
	case len(data) == 0:
		return nil, name, "settings.import.err.empty_file"
	case bytes.HasPrefix(data, zipMagic), bytes.HasPrefix(data, oleMagic):
		return nil, name, "settings.import.err.excel"
	}
	if slices.Contains(exts, strings.ToLower(path.Ext(name))) {
		return data, name, ""
	}
	return nil, name, "settings.import.err.not_csv"
}

// columnLabel names a CSV column the way the page shows it: 职务（position）.
func columnLabel(v *view, col string) string {
	if col == "" {
		return ""
	}
	return v.T("settings.import.column", "Label", v.T("staff.field."+col), "Name", col)
}

// staffExport downloads every staff member, active or not, as CSV that
// Excel opens directly and the import reads back.
func (a *App) staffExport(c echo.Context) error {
	var b bytes.Buffer
	if err := a.Staff.ExportCSV(&b); err != nil {
		return err
	}
	name := fmt.Sprintf("staff-%s.csv", a.DB.Now().Format("2006-01-02"))
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", name))
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
}
