package ui

// 请假 › 申请请假: the request form. Staff file for themselves, the office
// for anyone (and records leave that has begun, with the reason). The
// domain measures the length, picks the tier's steps and checks the rules;
// its refusals show next to the field they concern.

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"bianmin/appliance/leave"
	"bianmin/appliance/report"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// leaveFormFields are the request form's fields.
var leaveFormFields = []string{"staff", "type", "start_date", "start_time", "end_date", "end_time", "reason", "certificate",
	"substitute", "training", "late_reason", "extension_of"}

// leaveFormErrors maps the domain's fields to the form's.
var leaveFormErrors = map[string]string{"staff": "staff", "type": "type", "start": "start_date", "end": "end_date",
	"reason": "reason", "substitute": "substitute", "late_reason": "late_reason", "training_doc": "training_doc",
	"files": "files", "extension_of": "start_date"}

// leaveFormData is what leave_form.html shows.
type leaveFormData struct {
	Office    bool
	Own       staff.Staff
	Groups    []staffGroup // the office's person select and everyone's substitute select
	Types     []decisionOption
	Times     []string
	Quota     string // 本月已请假 1 次、0.5 天；每月最多 3 天或 3 次
	Tiers     []string
	MaxMB     int
	MaxFiles  int
	MaxReason int
	Extension *leave.Leave // the leave this request extends
}

func (a *App) leaveNewForm(c echo.Context) error {
	if err := a.leaveReady(); err != nil {
		return err
	}
	v := a.newView(c, "leave.form.title", "leave.form.lead", "leave")
	for _, k := range []string{"staff", "type", "extension_of"} {
		v.Form[k] = strings.TrimSpace(c.QueryParam(k))
	}
	return a.renderLeaveForm(c, v, http.StatusOK)
}

// renderLeaveForm shows the form with the values in v.Form.
func (a *App) renderLeaveForm(c echo.Context, v *view, status int) error {
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	if !sc.Office && sc.Own.ID == 0 {
		v.Errors["staff"] = v.T("attui.err.unlinked")
	}
	d := leaveFormData{Office: sc.Office, Own: sc.Own, Times: halfHours(), MaxMB: leave.MaxFileBytes >> 20,
		MaxFiles: maxLeaveFormFiles, MaxReason: leave.MaxReasonRunes}
	if d.Groups, err = a.activeStaffGroups(); err != nil {
		return err
	}
	for _, t := range leave.Types() {
		d.Types = append(d.Types, decisionOption{Value: string(t), Label: v.T("leave.type." + string(t))})
	}
	tomorrow := a.today().AddDate(0, 0, 1).Format(dateLayout)
	defaults := map[string]string{"start_date": tomorrow, "end_date": tomorrow, "start_time": "08:30", "end_time": "18:00", "type": string(leave.TypePersonal)}
	if id := parseID(v.Form["extension_of"]); id != 0 {
		if ext, err := a.Leave.Get(id); err == nil && seesLeave(sc, ext) {
			d.Extension = &ext
			end := ext.End.In(a.loc())
			v.Form["staff"], v.Form["type"] = idString(ext.StaffID), string(ext.Type)
			defaults["start_date"], defaults["start_time"], defaults["end_date"] = end.Format(dateLayout), end.Format("15:04"), end.AddDate(0, 0, 1).Format(dateLayout)
		}
	}
	for k, def := range defaults {
		if v.Form[k] == "" {
			v.Form[k] = def
		}
	}
	who := parseID(v.Form["staff"])
	if !sc.Office || who == 0 {
		who = sc.Own.ID
	}
	if v.Form["substitute"] == "" && who != 0 {
		v.Form["substitute"] = idString(a.postB(who))
	}
	if who != 0 {
		if day, ok := a.parseLocalDay(v.Form["start_date"]); ok {
			if q, err := a.Leave.QuotaFor(who, day); err == nil && q.MaxRequests+int(q.MaxDays) > 0 {
				key := "leave.form.quota_staff"
				if q.Chief {
					key = "leave.form.quota_chief"
				}
				d.Quota = v.T(key, "Month", q.Month, "Requests", q.Requests, "Days", fmtNum(q.Days), "MaxDays", fmtNum(q.MaxDays), "MaxRequests", q.MaxRequests)
			}
		}
	}
	if rules, err := a.Leave.Rules(); err == nil {
		d.Tiers = tierLines(v, rules)
	}
	v.Data = d
	return a.render(c, status, "leave_form", v)
}

// postB is the B岗 of the person's window, the usual substitute (0: none).
func (a *App) postB(staffID uint64) uint64 {
	st, err := a.Staff.GetStaff(staffID)
	if err != nil || st.WindowID == 0 {
		return 0
	}
	team, err := a.Staff.ListStaff(staff.Filter{WindowID: st.WindowID})
	if err != nil {
		return 0
	}
	for _, s := range team {
		if s.ID != st.ID && s.Post == staff.PostB {
			return s.ID
		}
	}
	return 0
}

// tierLines words the center's tiers: "1 天以内（含）：中心办公室批准".
func tierLines(v *view, r leave.Rules) []string {
	var out []string
	for _, t := range r.Tiers {
		var steps []string
		for _, s := range t.Steps {
			steps = append(steps, v.T("leave.step_act", "Step", v.T("leave.step."+string(s.Kind)), "Act", v.T("leave.act."+string(s.Act))))
		}
		bound := v.T("leave.rules.over_last")
		if t.UpTo != nil {
			key := "leave.rules.up_to_excl"
			if t.UpTo.Inclusive {
				key = "leave.rules.up_to_incl"
			}
			bound = v.T(key, "Value", fmtNum(t.UpTo.Value), "Unit", v.T("leave.unit."+string(t.UpTo.Unit)))
		}
		out = append(out, bound+"："+strings.Join(steps, " → "))
	}
	return out
}

func (a *App) leaveFile(c echo.Context) error {
	if err := a.leaveReady(); err != nil {
		return err
	}
	v := a.newView(c, "leave.form.title", "leave.form.lead", "leave")
	for _, k := range leaveFormFields {
		v.Form[k] = strings.TrimSpace(c.FormValue(k))
	}
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	staffID := filer(v, sc)
	in := leave.RequestInput{StaffID: staffID, Type: leave.Type(v.Form["type"]), Reason: v.Form["reason"],
		Certificate: v.Form["certificate"] != "", SubstituteID: parseID(v.Form["substitute"]), Training: v.Form["training"] != "",
		LateReason: v.Form["late_reason"], ExtensionOf: parseID(v.Form["extension_of"])}
	in.Start = a.formMoment(v, "start_date", "start_time")
	in.End = a.formMoment(v, "end_date", "end_time")
	if in.Files, err = formFiles(c, v); err != nil {
		return err
	}
	if len(v.Errors) > 0 {
		return a.renderLeaveForm(c, v, http.StatusBadRequest)
	}
	filed, err := a.Leave.Request(leaveActor(c), in)
	if err != nil {
		if !showProblem(v, err, leaveFormErrors, "start_date") {
			return err
		}
		return a.renderLeaveForm(c, v, http.StatusBadRequest)
	}
	a.flash(c, "ok", "leave.form.filed")
	return c.Redirect(http.StatusSeeOther, leaveURL(filed.Leave.ID))
}

// formMoment reads a date and a half-hour field as a moment in the center's
// time zone, with the error next to the date.
func (a *App) formMoment(v *view, dateField, timeField string) time.Time {
	t, err := time.ParseInLocation(leaveTimeLayout, v.Form[dateField]+" "+v.Form[timeField], a.loc())
	if err != nil {
		v.fieldError(dateField, "leave.form.err_moment")
		return time.Time{}
	}
	return t
}

// formFiles reads the form's attachments: the photos or scans ("files",
// up to maxLeaveFormFiles; a sick leave's are its certificate when the box
// is ticked) and the training notice.
func formFiles(c echo.Context, v *view) ([]leave.NewFile, error) {
	form, err := c.MultipartForm()
	if errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	}
	if err != nil {
		return nil, echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	}
	var out []leave.NewFile
	kind := leave.FileOther
	if v.Form["type"] == string(leave.TypeSick) && v.Form["certificate"] != "" {
		kind = leave.FileCertificate
	}
	files := nonEmpty(form.File["files"])
	if len(files) > maxLeaveFormFiles {
		v.fieldError("files", "leave.err.file_count", "Max", maxLeaveFormFiles)
		return nil, nil
	}
	for _, fh := range files {
		f, err := readFormFile(fh, kind)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	for _, fh := range nonEmpty(form.File["training_doc"]) {
		f, err := readFormFile(fh, leave.FileTraining)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// nonEmpty drops the empty parts an unused file input sends.
func nonEmpty(fhs []*multipart.FileHeader) []*multipart.FileHeader {
	var out []*multipart.FileHeader
	for _, fh := range fhs {
		if fh.Filename != "" || fh.Size > 0 {
			out = append(out, fh)
		}
	}
	return out
}

// readFormFile reads one uploaded file, one byte past the limit so the
// domain can say it is too large.
func readFormFile(fh *multipart.FileHeader, kind leave.FileKind) (leave.NewFile, error) {
	f, err := fh.Open()
	if err != nil {
		return leave.NewFile{}, fmt.Errorf("read the upload %s: %w", fh.Filename, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, leave.MaxFileBytes+1))
	if err != nil {
		return leave.NewFile{}, fmt.Errorf("read the upload %s: %w", fh.Filename, err)
	}
	return leave.NewFile{Kind: kind, Name: fh.Filename, Data: data}, nil
}

// fmtNum writes 3, 0.5, 1.5.
func fmtNum(f float64) string { return report.LengthNumber(f) }
