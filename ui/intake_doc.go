package ui

// 受理 › 办件文书: the documents of one case — 收件清单, 一次性告知书, 受理
// 通知书, 不予受理通知书, 不予行政许可决定书, 办结通知 — issued at their step
// of the flow and frozen as issued (appliance/intake notice.go). The page
// lists what was issued, offers what the case's flow allows now, and
// reprints any of them as the A4 PDF in the official layout (or the
// short form on the ticket printer). The words are the center's language
// of record, zh-CN, whatever the page's language.

import (
	"bytes"
	"net/http"

	"bianmin/appliance/intake"
	"bianmin/appliance/report"
	"bianmin/embedded"

	"github.com/labstack/echo/v4"
)

// recordLang is the language the documents are issued in.
const recordLang = "zh-CN"

// docPageData is what intake_doc.html shows.
type docPageData struct {
	Case     intake.Case
	Status   string
	Due      string
	Issued   []docRow
	Kinds    []docKind
	PhoneURL string
	CanPrint bool
	// StatusURL is the public status page printed on the documents (as a
	// QR code), for staff to hand on; "" until a document is issued.
	StatusURL string
}

// docRow is one issued document.
type docRow struct {
	intake.Notice
	IssuedAt string
	PDFURL   string
}

// docKind is a kind of document the case's flow allows now.
type docKind struct {
	Kind  intake.NoticeKind
	Label string
	Done  bool // issued already (a reprint is on the list; issuing again makes a new number)
}

// docActor is the signed-in user acting on a case.
func (a *App) docActor(c echo.Context) intake.Actor {
	u := currentUser(c)
	return intake.Actor{Name: u.Username, Role: u.Role, StaffID: u.StaffID}
}

// docCase reads the case of :id for the page, or answers 404.
func (a *App) docCase(c echo.Context) (intake.Case, error) {
	if a.Intake == nil {
		return intake.Case{}, echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	cs, err := a.Intake.Case(parseID(c.Param("id")))
	if err != nil {
		return cs, echo.NewHTTPError(http.StatusNotFound)
	}
	return cs, nil
}

func (a *App) docList(c echo.Context) error {
	cs, err := a.docCase(c)
	if err != nil {
		return err
	}
	v := a.newView(c, "intakedoc.docs.title", "intakedoc.docs.lead", "intake")
	return a.renderDocs(c, v, cs, http.StatusOK)
}

func (a *App) renderDocs(c echo.Context, v *view, cs intake.Case, status int) error {
	issued, err := a.Intake.CaseNotices(cs.ID)
	if err != nil {
		return err
	}
	d := docPageData{Case: cs, Status: v.T("intakedoc.status." + string(cs.Status)), PhoneURL: "/intake/cases/" + idString(cs.ID) + "/phone",
		CanPrint: a.NoticePrinter != nil}
	if due := a.Intake.Due(cs); due.Kind != intake.DueNone {
		d.Due = a.dayLabel(v, due.Date)
	}
	done := map[intake.NoticeKind]bool{}
	for _, n := range issued {
		d.Issued = append(d.Issued, docRow{Notice: n, IssuedAt: a.clockText(n.IssuedAt), PDFURL: "/intake/docs/" + idString(n.ID) + "/pdf"})
		done[n.Kind] = true
		if d.StatusURL == "" {
			d.StatusURL = n.QR
		}
	}
	for _, k := range intake.IssuableNotices(cs) {
		d.Kinds = append(d.Kinds, docKind{Kind: k, Label: v.T("intakedoc.kind." + string(k)), Done: done[k]})
	}
	v.Data = d
	return a.render(c, status, "intake_doc", v)
}

// docIssue issues the document of the kind posted and goes back to the
// list, where its PDF opens.
func (a *App) docIssue(c echo.Context) error {
	cs, err := a.docCase(c)
	if err != nil {
		return err
	}
	kind := intake.NoticeKind(c.FormValue("kind"))
	n, err := a.Intake.IssueNotice(a.docActor(c), cs.ID, a.noticeInput(c, kind))
	if err != nil {
		v := a.newView(c, "intakedoc.docs.title", "intakedoc.docs.lead", "intake")
		if !showProblem(v, err, nil, "kind") {
			return err
		}
		return a.renderDocs(c, v, cs, http.StatusBadRequest)
	}
	if c.FormValue("print") != "" {
		a.printNotice(c, n)
	}
	a.flash(c, "ok", "intakedoc.docs.issued")
	return c.Redirect(http.StatusSeeOther, "/intake/cases/"+idString(cs.ID)+"/docs#doc-"+idString(n.ID))
}

// noticeInput is what a document is issued with: the center's name and
// prefix, the words of record and the status page's address on this box.
func (a *App) noticeInput(c echo.Context, kind intake.NoticeKind) intake.NoticeInput {
	st := a.Center.Get()
	base := c.Scheme() + "://" + c.Request().Host
	return intake.NoticeInput{Kind: kind, Center: st.Name, Prefix: st.DocumentPrefix(),
		StatusURL: func(token string) string { return base + "/s/" + token },
		Words:     func(key string, args map[string]any) string { return a.i18n.T(recordLang, key, args) }}
}

// docNotice reads the notice of :id that the user may see: the office,
// the directors and inspectors, or staff of the case's unit.
func (a *App) docNotice(c echo.Context) (intake.Notice, error) {
	if a.Intake == nil {
		return intake.Notice{}, echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	n, err := a.Intake.Notice(parseID(c.Param("id")))
	if err != nil {
		return n, echo.NewHTTPError(http.StatusNotFound)
	}
	return n, nil
}

// docPDF reprints the frozen document as the A4 PDF.
func (a *App) docPDF(c echo.Context) error {
	n, err := a.docNotice(c)
	if err != nil {
		return err
	}
	footer := a.i18n.T(recordLang, "intakedoc.docs.printed", map[string]any{"At": a.clockText(a.now()), "By": currentUser(c).Username})
	var b bytes.Buffer
	if err := report.WriteNoticePDF(&b, n.PDF(footer), report.PDFOptions{Font: embedded.Font}); err != nil {
		return err
	}
	defer a.releaseMemory()
	return pdfBlob(c, b.Bytes(), n.Text.Title+" "+n.CaseNo+".pdf", "notice-"+idString(n.ID)+".pdf")
}

// docPrint prints the document's short form on the ticket printer.
func (a *App) docPrint(c echo.Context) error {
	n, err := a.docNotice(c)
	if err != nil {
		return err
	}
	a.printNotice(c, n)
	return c.Redirect(http.StatusSeeOther, "/intake/cases/"+idString(n.CaseID)+"/docs#doc-"+idString(n.ID))
}

// printNotice sends the short form to the ticket printer and flashes the
// outcome.
func (a *App) printNotice(c echo.Context, n intake.Notice) {
	if a.NoticePrinter == nil {
		a.flash(c, "err", "intakedoc.docs.no_printer")
		return
	}
	if err := a.NoticePrinter.PrintNotice(currentUser(c).Username, n); err != nil {
		a.Logger.Warn("print an intake notice", "notice", n.ID, "err", err)
		a.flash(c, "err", "intakedoc.docs.print_failed")
		return
	}
	a.flash(c, "ok", "intakedoc.docs.printed_ok")
}

// NoticePrinter prints an intake document's short form on the hall's
// ticket printer (cmd queues it as a print job).
type NoticePrinter interface {
	PrintNotice(actor string, n intake.Notice) error
}
