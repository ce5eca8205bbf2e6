package ui

// 请假 › one leave: the forms' handlers. Each calls the leave service once;
// a refusal shows on the leave's page next to the form's field, a success
// comes back to the page with a message.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"bianmin/appliance/leave"
	"bianmin/appliance/problem"
	"bianmin/appliance/report"

	"github.com/labstack/echo/v4"
)

// leaveAct is one form of the leave page: the fields it posts, where a
// refusal without a field of its own shows, and the message on success.
type leaveAct struct {
	fields   []string
	fallback string
	done     string
	do       func(c echo.Context, v *view, id uint64) error
}

// run reads the form, acts, and shows the page again with the refusal or
// redirects with the message.
func (a *App) run(c echo.Context, act leaveAct) error {
	if err := a.leaveReady(); err != nil {
		return err
	}
	if _, _, err := a.leaveFor(c); err != nil {
		return err
	}
	id, _ := pathID(c)
	v := a.newView(c, "leave.detail.title", "", "leave")
	for _, k := range act.fields {
		v.Form[k] = strings.TrimSpace(c.FormValue(k))
	}
	err := act.do(c, v, id)
	if err == nil && len(v.Errors) == 0 {
		a.flash(c, "ok", act.done)
		return c.Redirect(http.StatusSeeOther, leaveURL(id))
	}
	if err != nil && !showProblem(v, err, leaveActFields, act.fallback) {
		return notFoundLeave(err)
	}
	if act.fallback == "withdraw" { // no field of its own: the message goes on top
		v.Flash, v.FlashOK = v.Errors["withdraw"], false
	}
	return a.renderLeaveDetail(c, v, http.StatusBadRequest)
}

// leaveActFields maps the domain's fields to the page's.
var leaveActFields = map[string]string{"step": "step", "scan": "scan", "note": "note", "reason": "reason",
	"substitute": "substitute", "file": "file", "returned_at": "returned_date"}

// notFoundLeave answers 404 for a leave or file the service does not know.
func notFoundLeave(err error) error {
	if errors.Is(err, leave.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return err
}

// inline is a Content-Disposition showing a file in the browser, saved
// under name (ascii for browsers without RFC 5987).
func inline(name, ascii string) string {
	return fmt.Sprintf("inline; filename=%q; filename*=UTF-8''%s", ascii, rfc5987(name))
}

// extOf is the file extension of a stored attachment's type.
func extOf(typ string) string {
	return map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}[typ]
}

func (a *App) leaveStep(c echo.Context) error {
	return a.run(c, leaveAct{fields: []string{"step", "note"}, fallback: "step", done: "leave.detail.step_done",
		do: func(c echo.Context, v *view, id uint64) error {
			kind := leave.StepKind(v.Form["step"])
			in := leave.StepInput{Note: v.Form["note"], RequireScan: kind.Outside()}
			if fh, err := c.FormFile("scan"); err == nil && (fh.Filename != "" || fh.Size > 0) {
				f, err := readFormFile(fh, leave.FileScan)
				if err != nil {
					return err
				}
				in.Scan = &f
			}
			_, err := a.Leave.Approve(leaveActor(c), id, kind, in)
			return err
		}})
}

func (a *App) leaveReject(c echo.Context) error {
	return a.run(c, leaveAct{fields: []string{"reason"}, fallback: "reason", done: "leave.detail.rejected",
		do: func(c echo.Context, v *view, id uint64) error {
			_, err := a.Leave.Reject(leaveActor(c), id, v.Form["reason"])
			return err
		}})
}

func (a *App) leaveWithdraw(c echo.Context) error {
	return a.run(c, leaveAct{fallback: "withdraw", done: "leave.detail.withdrawn",
		do: func(c echo.Context, v *view, id uint64) error {
			_, err := a.Leave.Withdraw(leaveActor(c), id)
			return err
		}})
}

func (a *App) leaveSubstitute(c echo.Context) error {
	return a.run(c, leaveAct{fields: []string{"substitute", "reason_sub"}, fallback: "substitute", done: "leave.detail.substitute_set",
		do: func(c echo.Context, v *view, id uint64) error {
			_, err := a.Leave.SetSubstitute(leaveActor(c), id, parseID(v.Form["substitute"]), v.Form["reason_sub"])
			if p, ok := problem.As(err); ok && p.Field == "reason" {
				p.Field = "reason_sub"
			}
			return err
		}})
}

func (a *App) leaveAddFile(c echo.Context) error {
	return a.run(c, leaveAct{fields: []string{"kind"}, fallback: "file", done: "leave.detail.file_added",
		do: func(c echo.Context, v *view, id uint64) error {
			fh, err := c.FormFile("file")
			if err != nil || (fh.Filename == "" && fh.Size == 0) {
				v.fieldError("file", "leave.detail.file_missing")
				return nil
			}
			kind := leave.FileOther
			if v.Form["kind"] == string(leave.FileCertificate) {
				kind = leave.FileCertificate
			}
			f, err := readFormFile(fh, kind)
			if err != nil {
				return err
			}
			_, err = a.Leave.AddFile(leaveActor(c), id, f)
			return err
		}})
}

func (a *App) leaveClose(c echo.Context) error {
	return a.run(c, leaveAct{fields: []string{"returned_date", "returned_time"}, fallback: "returned_date", done: "leave.detail.closed",
		do: func(c echo.Context, v *view, id uint64) error {
			at := a.leaveReturn(v)
			if len(v.Errors) > 0 {
				return nil
			}
			_, err := a.Leave.Close(leaveActor(c), id, at)
			return err
		}})
}

// leaveFileGet serves an attachment to those who may see the leave. The
// type was read from the bytes when it was stored.
func (a *App) leaveFileGet(c echo.Context) error {
	if err := a.leaveReady(); err != nil {
		return err
	}
	det, _, err := a.leaveFor(c)
	if err != nil {
		return err
	}
	_, f, data, err := a.Leave.File(det.Leave.ID, parseID(c.Param("file")))
	if err != nil {
		return notFoundLeave(err)
	}
	c.Response().Header().Set("Content-Disposition", inline(f.Name, "leave-file-"+idString(f.ID)+extOf(f.Type)))
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, f.Type, data)
}

// leaveSlipPDF is the leave slip (请假条) with its approval trail.
func (a *App) leaveSlipPDF(c echo.Context) error {
	return a.leavePDF(c, "leave.slip.file", "leave-slip-", func(det leave.Detail, v *view, font []byte, w io.Writer) error {
		return report.WriteLeaveSlip(w, report.LeaveSlipOf(det, v.Center.Name, a.leaveMeta(v), a.now()), font)
	})
}

// leaveCardPDF is the substitute's temporary work card (临时工作证), once
// the office registered them.
func (a *App) leaveCardPDF(c echo.Context) error {
	return a.leavePDF(c, "leave.card.file", "work-card-", func(det leave.Detail, v *view, font []byte, w io.Writer) error {
		if det.Leave.SubstituteID == 0 || det.Leave.SubstituteRegisteredAt.IsZero() {
			return echo.NewHTTPError(http.StatusNotFound)
		}
		return report.WriteWorkCard(w, report.WorkCardOf(det, v.Center.Name, a.leaveMeta(v)), font)
	})
}

// leavePDF answers a document of the leave the user may see, written by
// write in the embedded font, named by the locale key nameKey (ascii:
// prefix and the id).
func (a *App) leavePDF(c echo.Context, nameKey, ascii string, write func(leave.Detail, *view, []byte, io.Writer) error) error {
	if err := a.leaveReady(); err != nil {
		return err
	}
	det, _, err := a.leaveFor(c)
	if err != nil {
		return err
	}
	v := a.newView(c, "leave.detail.title", "", "leave")
	font, err := reportFont()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := write(det, v, font, &b); err != nil {
		return err
	}
	id := idString(det.Leave.ID)
	defer a.releaseMemory()
	return pdfBlob(c, b.Bytes(), v.T(nameKey, "ID", det.Leave.ID), ascii+id+".pdf")
}

// leaveCardPrint prints the work card on the ticket printer.
func (a *App) leaveCardPrint(c echo.Context) error {
	if err := a.leaveReady(); err != nil {
		return err
	}
	det, _, err := a.leaveFor(c)
	if err != nil {
		return err
	}
	if a.CardPrinter == nil || det.Leave.SubstituteID == 0 || det.Leave.SubstituteRegisteredAt.IsZero() {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	v := a.newView(c, "leave.detail.title", "", "leave")
	if err := a.CardPrinter.PrintWorkCard(currentUser(c).Username, report.WorkCardOf(det, v.Center.Name, a.leaveMeta(v))); err != nil {
		a.Logger.Warn("print the work card", "leave", det.Leave.ID, "err", err)
		a.flash(c, "err", "leave.card.print_failed")
	} else {
		a.flash(c, "ok", "leave.card.printed")
	}
	return c.Redirect(http.StatusSeeOther, leaveURL(det.Leave.ID))
}

// pdfBlob answers a PDF shown in the browser, saved under name (ascii for
// old browsers).
func pdfBlob(c echo.Context, data []byte, name, ascii string) error {
	c.Response().Header().Set("Content-Disposition", inline(name, ascii))
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, "application/pdf", data)
}
