package ui

// A report as a page (with a print stylesheet: A4, no menus), as a PDF and
// as a spreadsheet, and publishing a draft as the next revision.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"bianmin/appliance/account"
	"bianmin/appliance/problem"
	"bianmin/appliance/report"
	"bianmin/appliance/store"
	"bianmin/embedded"

	"github.com/labstack/echo/v4"
)

// reportViewData is what reports_view.html shows.
type reportViewData struct {
	ID         string
	Doc        *report.Document
	Revision   *report.RevisionInfo // nil for a draft
	Revisions  []report.RevisionInfo
	CanPublish bool
	Note       string
}

// wideColumns: a table with more columns prints on a landscape page.
const wideColumns = 12

// Wide reports whether the document has a table too wide for a portrait
// page: then it prints landscape (its letters stay portrait).
func (d reportViewData) Wide() bool {
	for _, s := range d.Doc.Sections {
		if s.Table != nil && len(s.Table.Columns) > wideColumns {
			return true
		}
	}
	return false
}

// headCell is one heading cell of a report table on the page.
type headCell struct {
	Text       string
	Cols, Rows int // spans
	Num        bool
}

// HeadRows are a table's heading rows: one, or with column groups (the
// months of a quarter) two, where a column without a group spans both.
func (d reportViewData) HeadRows(tb *report.Table) [][]headCell {
	grouped := false
	for _, c := range tb.Columns {
		grouped = grouped || c.Group != ""
	}
	if !grouped {
		row := make([]headCell, len(tb.Columns))
		for i, c := range tb.Columns {
			row[i] = headCell{Text: c.Head, Cols: 1, Rows: 1, Num: c.Num}
		}
		return [][]headCell{row}
	}
	var top, bottom []headCell
	for i, c := range tb.Columns {
		switch {
		case c.Group == "":
			top = append(top, headCell{Text: c.Head, Cols: 1, Rows: 2, Num: c.Num})
			continue
		case i > 0 && tb.Columns[i-1].Group == c.Group:
			top[len(top)-1].Cols++
		default:
			top = append(top, headCell{Text: c.Group, Cols: 1, Rows: 1})
		}
		bottom = append(bottom, headCell{Text: c.Head, Cols: 1, Rows: 1, Num: c.Num})
	}
	return [][]headCell{top, bottom}
}

// openReport finds the report an address names: a draft ("d-…", for
// those who see drafts) or a published revision (its number; quarterly
// results for those who see all). Anything else is not found.
func (rp *reportPages) openReport(c echo.Context) (*report.Report, *report.RevisionInfo, error) {
	id, u := c.Param("id"), currentUser(c)
	if isDraftID(id) {
		job, ok := rp.jobs.get(id)
		if !ok || job.Report == nil || !seesAllReports(u) {
			return nil, nil, echo.NewHTTPError(http.StatusNotFound)
		}
		return job.Report, nil, nil
	}
	n := parseID(id)
	if n == 0 {
		return nil, nil, echo.NewHTTPError(http.StatusNotFound)
	}
	rev, err := report.Open(rp.DB, n)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, nil, echo.NewHTTPError(http.StatusNotFound)
	case err != nil:
		return nil, nil, err
	case !containsKind(visibleKinds(u), rev.Kind()):
		return nil, nil, echo.NewHTTPError(http.StatusNotFound)
	}
	return &rev.Report, &rev.RevisionInfo, nil
}

// document lays the report out in the page's language.
func (rp *reportPages) document(lang string, r *report.Report, rev *report.RevisionInfo) *report.Document {
	return report.Layout(r, report.Meta{Lang: lang, T: rp.translator(lang), Revision: rev, Location: rp.loc(),
		AuditHead: rp.auditHeadLine(lang)})
}

func (rp *reportPages) view(c echo.Context) error {
	r, rev, err := rp.openReport(c)
	if err != nil {
		return err
	}
	return rp.renderView(c, http.StatusOK, r, rev, "")
}

func (rp *reportPages) renderView(c echo.Context, status int, r *report.Report, rev *report.RevisionInfo, problem string) error {
	v := rp.newView(c, "report.view.title", "", "reports")
	if problem != "" {
		v.Flash, v.FlashOK = problem, false
	}
	u := currentUser(c)
	d := reportViewData{ID: c.Param("id"), Doc: rp.document(v.Lang, r, rev), Revision: rev,
		CanPublish: rev == nil && u.Role == account.RoleOffice, Note: c.FormValue("note")}
	// The page is titled by what it is: 考勤周通报 · 2026年3月2日至8日 (草稿).
	d.Revisions = revisionsOf(rp, r)
	v.TitleText = d.Doc.Title + " · " + d.Doc.Period
	if rev == nil {
		v.TitleText += " " + v.T("report.view.draft_mark")
	} else if len(d.Revisions) > 1 {
		v.TitleText += " " + v.T("report.view.revision_n", "N", rev.Revision)
	}
	if d.ID == "" {
		d.ID = c.FormValue("draft")
	}
	v.Data = d
	return rp.render(c, status, "reports_view", v)
}

// revisionsOf lists the published revisions of the report's period
// (none when they cannot be read: logged).
func revisionsOf(rp *reportPages, r *report.Report) []report.RevisionInfo {
	revs, err := report.PeriodRevisions(rp.DB, r.Period.Kind, r.Period.Key)
	if err != nil {
		rp.Logger.Warn("list a period's revisions", "period", r.Period.Key, "err", err)
	}
	return revs
}

// fileName names a download: bianmin-weekly-2026-03-02-r2.pdf, or -draft.
func fileName(r *report.Report, rev *report.RevisionInfo, ext string) string {
	which := "draft"
	if rev != nil {
		which = fmt.Sprintf("r%d", rev.Revision)
	}
	return fmt.Sprintf("bianmin-%s-%s-%s.%s", r.Period.Kind, strings.ToLower(r.Period.Key), which, ext)
}

func (rp *reportPages) pdf(c echo.Context) error {
	return rp.download(c, "pdf", "application/pdf", writePDF)
}

// writePDF writes a report PDF in the embedded font (inflated for each
// PDF, not kept: see embedded.Font).
func writePDF(w io.Writer, d *report.Document) error {
	return report.WritePDF(w, d, report.PDFOptions{Font: embedded.Font})
}

func (rp *reportPages) xlsx(c echo.Context) error {
	return rp.download(c, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.WriteXLSX)
}

func (rp *reportPages) download(c echo.Context, ext, mime string, write func(io.Writer, *report.Document) error) error {
	r, rev, err := rp.openReport(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := write(&buf, rp.document(langOf(c), r, rev)); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", fileName(r, rev, ext)))
	h.Set("Cache-Control", "no-store")
	defer rp.releaseMemory()
	return c.Blob(http.StatusOK, mime, buf.Bytes())
}

// publish freezes a draft as the next revision of its period.
func (rp *reportPages) publish(c echo.Context) error {
	id := c.FormValue("draft")
	job, ok := rp.jobs.get(id)
	if !ok || job.Report == nil {
		rp.flash(c, "err", "report.flash.no_draft")
		return c.Redirect(http.StatusSeeOther, "/reports")
	}
	info, err := report.Publish(rp.DB, currentUser(c).Username, job.Report, c.FormValue("note"))
	if _, ok := problem.As(err); ok {
		return rp.renderView(c, http.StatusUnprocessableEntity, job.Report, nil, rp.problemText(langOf(c), err))
	}
	if err != nil {
		return err
	}
	rp.Logger.Info("report published", "kind", info.Kind(), "period", info.Period.Key, "revision", info.Revision, "id", info.ID, "by", info.PublishedBy)
	rp.flash(c, "ok", "report.flash.published")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/reports/%d", info.ID))
}
