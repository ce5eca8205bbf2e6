package ui

// 设置 › 导入记录: every big import is written in chunks through the import
// journal (appliance/importjob); its page shows the progress (refreshing
// itself while it runs, like the report drafts), what it wrote, and — when
// a chunk failed — why it stopped, with 继续 and 放弃其余 for the office.
// 考勤 › 导入打卡 uploads a punch file and goes to its page.

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strconv"

	"bianmin/appliance/attendance"
	"bianmin/appliance/importjob"
	"bianmin/appliance/problem"

	"github.com/labstack/echo/v4"
)

// importJobRow is one import on the list and on its page.
type importJobRow struct {
	importjob.Job
	Problems []problemRow
	Err      string
	Summary  string // what it wrote, in words
}

// importJobsData is what imports.html and import_job.html show.
type importJobsData struct {
	Jobs   []importJobRow
	Job    *importJobRow
	Office bool
}

// countNames are the counts the import kinds keep (appliance/attendance,
// staff, leave); each is passed to the summary's message, 0 when absent.
var countNames = []string{"imported", "duplicates", "created", "updated", "unchanged", "units_created", "windows_created"}

// jobRow words a job for the page.
func (a *App) jobRow(v *view, j importjob.Job) importJobRow {
	row := importJobRow{Job: j, Err: j.Err}
	row.Problems = problemRows(v, j.Problems, nil)
	args := []any{"Rows", j.Rows, "Done", j.Done}
	for _, k := range countNames {
		args = append(args, k, j.Counts[k])
	}
	row.Summary = v.T("imports.summary."+j.Kind, args...)
	return row
}

func (a *App) importList(c echo.Context) error {
	v := a.newView(c, "imports.title", "imports.lead", "settings")
	jobs, err := importjob.Recent(a.DB, 50)
	if err != nil {
		return err
	}
	d := importJobsData{Office: v.Has("office")}
	for _, j := range jobs {
		d.Jobs = append(d.Jobs, a.jobRow(v, j))
	}
	v.Data = d
	return a.render(c, http.StatusOK, "imports", v)
}

func (a *App) importJob(c echo.Context) error {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	j, err := importjob.Get(a.DB, id)
	if errors.Is(err, importjob.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return err
	}
	v := a.newView(c, "imports.job_title", "imports.job_lead", "settings")
	row := a.jobRow(v, j)
	v.Data = importJobsData{Job: &row, Office: v.Has("office")}
	return a.render(c, http.StatusOK, "import_job", v)
}

// importResume sets a stopped import running again and writes the rest in
// the background.
func (a *App) importResume(c echo.Context) error {
	return a.importDecide(c, func(actor string, id uint64) error {
		if _, err := a.Imports.Reopen(actor, id); err != nil {
			return err
		}
		a.runImport(id)
		return nil
	}, "imports.flash.resumed")
}

// importAbandon gives up the rest of a stopped import.
func (a *App) importAbandon(c echo.Context) error {
	return a.importDecide(c, func(actor string, id uint64) error {
		_, err := a.Imports.Abandon(actor, id)
		return err
	}, "imports.flash.abandoned")
}

func (a *App) importDecide(c echo.Context, do func(actor string, id uint64) error, flash string) error {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	switch err := do(currentUser(c).Username, id); {
	case errors.Is(err, importjob.ErrNotFound):
		return echo.NewHTTPError(http.StatusNotFound)
	case errors.Is(err, importjob.ErrNotStopped):
		a.flash(c, "err", "imports.flash.not_stopped")
	case err != nil:
		return err
	default:
		a.flash(c, "ok", flash)
	}
	return c.Redirect(http.StatusSeeOther, "/settings/imports/"+strconv.FormatUint(id, 10))
}

// runImport writes a job's chunks off the request path.
func (a *App) runImport(id uint64) {
	go func() {
		if _, err := a.Imports.Run(context.Background(), id, nil); err != nil {
			a.Logger.Warn("import stopped", "import", id, "err", err)
		}
	}()
}

// punchImportData is what punches_import.html shows.
type punchImportData struct {
	MaxMB    int
	FileName string
	Errors   []problemRow
}

func (a *App) punchImportForm(c echo.Context) error {
	v := a.newView(c, "imports.punches.title", "imports.punches.lead", "attendance")
	v.Data = punchImportData{MaxMB: maxUploadBytes >> 20}
	return a.render(c, http.StatusOK, "punches_import", v)
}

// punchImportSubmit checks the uploaded punch file whole; a file with any
// problem is shown line by line and nothing is written, a sound one is
// recorded in the import journal and written in the background while its
// page shows the progress.
func (a *App) punchImportSubmit(c echo.Context) error {
	v := a.newView(c, "imports.punches.title", "imports.punches.lead", "attendance")
	d := punchImportData{MaxMB: maxUploadBytes >> 20}
	data, name, key := readUploadAs(c, ".csv", ".txt", ".dat", "") // .dat: a ZKTeco clock's attlog.dat
	d.FileName = name
	if key != "" {
		v.fieldError("file", key, "MaxMB", maxUploadBytes>>20)
		v.Data = d
		return a.render(c, http.StatusBadRequest, "punches_import", v)
	}
	opts := attendance.PunchImportOptions{Name: filepath.Base(name), Location: a.loc()}
	if set, err := attendance.LoadSettingsDB(a.DB); err == nil {
		opts.Dedupe = set.DedupeWindow()
	}
	job, err := attendance.StartPunchImport(a.DB, currentUser(c).Username, bytes.NewReader(data), opts)
	if errors.Is(err, attendance.ErrPunchImportRejected) {
		d.Errors = problemRows(v, problem.All(err), nil)
		v.Data = d
		return a.render(c, http.StatusBadRequest, "punches_import", v)
	}
	if err != nil {
		return err
	}
	a.runImport(job.ID)
	return c.Redirect(http.StatusSeeOther, "/settings/imports/"+strconv.FormatUint(job.ID, 10))
}
