package ui

// 设置 › 人员 › 导入/导出: the staff list in and out of spreadsheets. An
// import is all or nothing: the result page lists every problem with its
// line, or the counts of what was added and changed.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"

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
	{"active", "staff.field.active", false, "settings.import.example.active"},
}

// importData is what staff_import.html shows.
type importData struct {
	Columns  []importColumn
	MaxMB    int
	FileName string
	Result   *staff.ImportResult // set after an import that went through
	Errors   []problemRow        // set after a rejected file
}

func (a *App) staffImportForm(c echo.Context) error {
	v := a.newView(c, "settings.import.title", "settings.import.lead", "settings")
	v.Data = importData{Columns: importColumns, MaxMB: maxUploadBytes >> 20}
	return a.render(c, http.StatusOK, "staff_import", v)
}

func (a *App) staffImportSubmit(c echo.Context) error {
	v := a.newView(c, "settings.import.title", "settings.import.lead", "settings")
	d := importData{Columns: importColumns, MaxMB: maxUploadBytes >> 20}
	data, name, key := readUpload(c)
	d.FileName = name
	if key != "" {
		v.fieldError("file", key, "MaxMB", maxUploadBytes>>20)
		v.Data = d
		return a.render(c, http.StatusBadRequest, "staff_import", v)
	}
	res, err := a.Staff.ImportCSV(currentUser(c).Username, bytes.NewReader(data))
	switch {
	case errors.Is(err, staff.ErrImportRejected):
		d.Errors = problemRows(v, res.Errors, columnLabel)
		v.Data = d
		return a.render(c, http.StatusBadRequest, "staff_import", v)
	case err != nil:
		return err
	}
	a.Logger.Info("staff imported", "by", currentUser(c).Username, "file", name,
		"created", res.Created, "updated", res.Updated, "units", res.UnitsCreated, "windows", res.WindowsCreated)
	d.Result = &res
	v.Data = d
	return a.render(c, http.StatusOK, "staff_import", v)
}

// Signatures of the spreadsheet files people pick by mistake.
var (
	zipMagic = []byte("PK\x03\x04")                                   // .xlsx (a zip archive)
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // .xls (OLE2)
)

// readUpload reads the uploaded file field "file". On a problem it returns
// the locale key of a message for the file field.
func readUpload(c echo.Context) (data []byte, name, key string) {
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
	switch strings.ToLower(path.Ext(name)) {
	case ".csv", ".txt", "":
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
