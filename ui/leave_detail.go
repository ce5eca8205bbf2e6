package ui

// 请假 › one leave: where it stands and who acts next, its trail, its
// substitute and files, and the forms of what the user may do now — the
// next step (an outside step is recorded by the office with the scanned
// slip), reject, withdraw, name or change the substitute, add the
// certificate, 销假, extend — each a call of the leave service.

import (
	"errors"
	"net/http"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/leave"
	"bianmin/appliance/report"

	"github.com/labstack/echo/v4"
)

// leaveDetailData is what leave_detail.html shows.
type leaveDetailData struct {
	L          leave.Leave
	Person     string
	Post       string
	Type       string
	CountsAs   string // the type it counts as, when another
	Span       string
	Length     string
	Status     string
	StatusKind string // ok, warn, err: the tag's colour
	Steps      []leaveStepRow
	Substitute string
	Files      []leaveFileRow
	Notes      []string
	Closing    []report.Field
	Handover   *leaveHandover
	// What the user may do.
	Next         *leaveStepRow // the next step, when it is the user's
	CanReject    bool
	CanWithdraw  bool
	CanSubst     bool
	Rotation     bool // changing a registered substitute: the office gives a reason
	CanAddFile   bool
	CanClose     bool
	CanExtend    bool
	CanPrint     bool // the work card can go to the ticket printer
	Groups       []staffGroup
	Extension    uint64
	MaxReason    int
	MaxMB        int
	ReturnedDate string
	ReturnedTime string
}

// leaveStepRow is one step of the trail.
type leaveStepRow struct {
	Kind    leave.StepKind
	Label   string // 所在单位
	Act     string // 签署意见并盖章
	Outside bool
	Done    bool
	By, At  string
	Note    string
	ScanURL string
	Current bool
}

// leaveFileRow is one attachment.
type leaveFileRow struct {
	URL, Name, Kind, Added string
	Size                   string
}

// leaveHandover is today's handover to the substitute, as judged now.
type leaveHandover struct {
	Text string
	OK   bool
}

func (a *App) leaveDetail(c echo.Context) error {
	if err := a.leaveReady(); err != nil {
		return err
	}
	v := a.newView(c, "leave.detail.title", "", "leave")
	return a.renderLeaveDetail(c, v, http.StatusOK)
}

// leaveFor reads the leave of the path's id that the user may see: 404
// for an unknown id and for someone else's.
func (a *App) leaveFor(c echo.Context) (leave.Detail, recordsScope, error) {
	id, err := pathID(c)
	if err != nil {
		return leave.Detail{}, recordsScope{}, err
	}
	d, err := a.Leave.Detail(id)
	if errors.Is(err, leave.ErrNotFound) {
		return d, recordsScope{}, echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return d, recordsScope{}, err
	}
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return d, sc, err
	}
	if !seesLeave(sc, d.Leave) {
		return d, sc, echo.NewHTTPError(http.StatusNotFound) // someone else's: as if there were none
	}
	return d, sc, nil
}

func (a *App) renderLeaveDetail(c echo.Context, v *view, status int) error {
	det, sc, err := a.leaveFor(c)
	if err != nil {
		return err
	}
	l, m, u, now := det.Leave, a.leaveMeta(v), currentUser(c), a.now()
	own := sc.Own.ID != 0 && sc.Own.ID == l.StaffID
	d := leaveDetailData{L: l, Person: staffName(det.People, l.StaffID), Post: det.Unit.Name, Type: v.T("leave.type." + string(l.Type)),
		Span: a.spanText(v, l), Length: report.LengthText(l.Length, m), Status: report.StatusText(l, m),
		MaxReason: leave.MaxReasonRunes, MaxMB: leave.MaxFileBytes >> 20, Extension: det.Extension}
	v.Title, v.Lead = "leave.detail.title", ""
	if det.Window.ID != 0 {
		d.Post = v.T("leave.slip.window", "Number", det.Window.Number, "Name", det.Window.Name) + " · " + det.Unit.Name
	}
	if l.Length.Minutes == 0 {
		d.Length = "—"
	}
	if t := l.CountsAs(l.Length.WorkingDays); t != l.Type {
		d.CountsAs = v.T("leave.type." + string(t))
	}
	d.StatusKind = map[leave.Status]string{leave.StatusPending: "warn", leave.StatusApproved: "ok"}[l.Status]
	if d.StatusKind == "" {
		d.StatusKind = "err"
	}
	slip := report.LeaveSlipOf(det, v.Center.Name, m, now)
	for _, f := range slip.Fields {
		if f.Label == v.T("leave.col.substitute") {
			d.Substitute = f.Value
		}
	}
	d.Closing = slip.Closing
	for _, n := range leave.Notes(l, det.People[l.StaffID].Name) {
		d.Notes = append(d.Notes, v.problemText(n))
	}
	a.leaveSteps(v, &d, u.Role)
	for _, f := range l.Attachments {
		d.Files = append(d.Files, leaveFileRow{URL: leaveURL(l.ID) + "/files/" + idString(f.ID), Name: f.Name,
			Kind: v.T("leave.file." + string(f.Kind)), Added: f.AddedBy + " · " + a.clockText(f.AddedAt), Size: sizeText(f.Size)})
	}
	live, closed := l.Status.Live(), l.Closed()
	d.CanReject = l.Status == leave.StatusPending && (myTurn(u, l) || sc.Office)
	d.CanWithdraw = (own || sc.Office) && (l.Status == leave.StatusPending || l.Status == leave.StatusApproved && now.Before(l.Start))
	registered := !l.SubstituteRegisteredAt.IsZero()
	d.CanSubst = live && !closed && (sc.Office || own && l.Status == leave.StatusPending && !registered) && (l.SubstituteRequired || l.SubstituteID != 0 || sc.Office)
	d.Rotation = registered
	d.CanAddFile = live && !closed && (own || sc.Office)
	d.CanClose = l.Status == leave.StatusApproved && !closed && (own || sc.Office) && !now.Before(l.Start) && det.Extension == 0
	d.CanExtend = l.Status == leave.StatusApproved && !closed && (own || sc.Office) && det.Extension == 0 && l.Source == leave.SourceRequest
	d.CanPrint = a.CardPrinter != nil && l.SubstituteID != 0 && !l.SubstituteRegisteredAt.IsZero()
	if d.CanSubst {
		if d.Groups, err = a.activeStaffGroups(); err != nil {
			return err
		}
		if v.Form["substitute"] == "" {
			v.Form["substitute"] = idString(l.SubstituteID)
		}
	}
	d.ReturnedDate, d.ReturnedTime = now.Format(dateLayout), now.Format("15:04")
	if d.Handover, err = a.leaveHandover(v, l); err != nil {
		return err
	}
	v.Data = d
	return a.render(c, status, "leave_detail", v)
}

// leaveSteps lays out the trail and the user's next step.
func (a *App) leaveSteps(v *view, d *leaveDetailData, role account.Role) {
	l := d.L
	_, next, _ := l.Next()
	for i, s := range l.Steps {
		row := leaveStepRow{Kind: s.Kind, Label: v.T("leave.step." + string(s.Kind)), Act: v.T("leave.act." + string(s.Act)),
			Outside: s.Kind.Outside(), Done: s.Done, By: s.DoneBy, Note: s.Note, Current: i == next && l.Status == leave.StatusPending}
		if s.Done {
			row.At = a.clockText(s.DoneAt)
		}
		if s.Scan != 0 {
			row.ScanURL = leaveURL(l.ID) + "/files/" + idString(s.Scan)
		}
		d.Steps = append(d.Steps, row)
		if row.Current && s.Kind.Role() == role {
			r := row
			d.Next = &r
		}
	}
}

// leaveHandover is today's handover of the leave to its substitute, when
// the leave's first working moment is today.
func (a *App) leaveHandover(v *view, l leave.Leave) (*leaveHandover, error) {
	if a.Records == nil || l.Status != leave.StatusApproved || l.SubstituteID == 0 {
		return nil, nil
	}
	today, err := a.Records.HandoversToday(a.now(), a.Calendar)
	if err != nil {
		return nil, err
	}
	for _, h := range today.List {
		if h.LeaveID == l.ID {
			return &leaveHandover{Text: v.T(h.Remark.Key, argPairs(h.Remark.Args)...), OK: h.Status != attendance.HandoverUncovered}, nil
		}
	}
	return nil, nil
}

// sizeText writes a file's size: 1.2 MB, 86 KB.
func sizeText(n int) string {
	if n >= 1<<20 {
		return fmtNum(float64(n*10/(1<<20))/10) + " MB"
	}
	return fmtNum(float64((n+1023)/1024)) + " KB"
}

// leaveReturn reads the close form's date and time as a moment.
func (a *App) leaveReturn(v *view) time.Time {
	return a.formMoment(v, "returned_date", "returned_time")
}
