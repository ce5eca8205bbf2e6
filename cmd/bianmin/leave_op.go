package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/leave"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// leaveFileArg names an input file of a leave command: its kind and base
// name (the bytes travel as the call's inputs, in order).
type leaveFileArg struct {
	Kind leave.FileKind `json:"kind"`
	Name string         `json:"name"`
}

// leaveRequestArgs is the request of `leave request`; times are
// "YYYY-MM-DD HH:MM" in the center's time zone.
type leaveRequestArgs struct {
	Staff       string         `json:"staff"`
	Type        string         `json:"type"`
	Start       string         `json:"start"`
	End         string         `json:"end"`
	Reason      string         `json:"reason,omitempty"`
	Certificate bool           `json:"certificate,omitempty"`
	Substitute  string         `json:"substitute,omitempty"`
	LateReason  string         `json:"late_reason,omitempty"`
	Training    bool           `json:"training,omitempty"`
	Files       []leaveFileArg `json:"files,omitempty"`
}

// leaveActArgs is the request of approve, reject, withdraw and close.
type leaveActArgs struct {
	ID     uint64        `json:"id"`
	Step   string        `json:"step,omitempty"`
	Reason string        `json:"reason,omitempty"`
	Note   string        `json:"note,omitempty"`
	At     string        `json:"at,omitempty"`
	Scan   *leaveFileArg `json:"scan,omitempty"` // the first input
}

// leaveRequestResult is what `leave request` gets back: the contract's
// JSON (issue #11 item 8) and the notices to print beside it.
type leaveRequestResult struct {
	ID                 uint64       `json:"id"`
	WorkingDays        float64      `json:"working_days"`
	Steps              []string     `json:"steps"`
	SubstituteRequired bool         `json:"substitute_required"`
	Notes              problem.List `json:"notes,omitempty"`
}

// leaveJSON is one leave as `leave show`, approve, reject, withdraw and
// close print it.
type leaveJSON struct {
	ID                 uint64       `json:"id"`
	StaffNo            string       `json:"staff_no"`
	Name               string       `json:"name"`
	Type               leave.Type   `json:"type"`
	CountsAs           leave.Type   `json:"counts_as"`
	Start              string       `json:"start"`
	End                string       `json:"end"`
	WorkingDays        float64      `json:"working_days"`
	Status             leave.Status `json:"status"`
	Steps              []string     `json:"steps"`
	Done               []string     `json:"done"`
	Next               string       `json:"next,omitempty"`
	SubstituteRequired bool         `json:"substitute_required"`
	Substitute         string       `json:"substitute,omitempty"`
	ReturnedAt         string       `json:"returned_at,omitempty"`
	OverstayMinutes    int          `json:"overstay_minutes,omitempty"`
	Reason             string       `json:"reason,omitempty"`
	DecisionReason     string       `json:"decision_reason,omitempty"`
}

// leaveService is the leave service over the store, measuring on the
// service's calendar and the attendance rules.
func (s *services) leaveService() (*leave.Service, *time.Location, error) {
	if s.leave != nil && s.calendar != nil {
		return s.leave, s.calendar.Location(), nil
	}
	cal, err := s.liveCalendar()
	if err != nil {
		return nil, nil, err
	}
	return leave.New(s.db).WithSchedule(attendance.LeaveScheduleFunc(cal)), cal.Location(), nil
}

// consoleActor is the command line at the box: it may act as any role.
func (x *opCall) consoleActor() leave.Actor { return leave.Actor{Name: x.actor, Console: true} }

var leaveRequestOp = newOp("leave request", writesStore, func(x *opCall, a leaveRequestArgs) (leaveRequestResult, error) {
	var none leaveRequestResult
	svc, loc, err := x.svc.leaveService()
	if err != nil {
		return none, err
	}
	in := leave.RequestInput{Type: leave.Type(a.Type), Reason: a.Reason, Certificate: a.Certificate,
		LateReason: a.LateReason, Training: a.Training}
	if t, ok := leave.ParseType(a.Type); ok {
		in.Type = t
	}
	var probs problem.List
	collect := func(err error) error {
		if p, ok := problem.As(err); ok {
			probs.Add(p)
			return nil
		}
		return err
	}
	var errs []error
	in.StaffID, err = staffRef(x.svc.db, a.Staff, "staff")
	errs = append(errs, collect(err))
	if a.Substitute != "" {
		in.SubstituteID, err = staffRef(x.svc.db, a.Substitute, "substitute")
		errs = append(errs, collect(err))
	}
	in.Start, err = leaveTime("start", a.Start, loc)
	errs = append(errs, collect(err))
	in.End, err = leaveTime("end", a.End, loc)
	errs = append(errs, collect(err))
	if err := errors.Join(errs...); err != nil {
		return none, err
	}
	if len(probs) > 0 {
		return none, probs
	}
	for i, f := range a.Files {
		data, err := x.input(i)
		if err != nil {
			return none, err
		}
		in.Files = append(in.Files, leave.NewFile{Kind: f.Kind, Name: f.Name, Data: data})
	}
	filed, err := svc.Request(x.consoleActor(), in)
	if err != nil {
		return none, err
	}
	l := filed.Leave
	return leaveRequestResult{ID: l.ID, WorkingDays: l.Length.WorkingDays, Steps: leave.StepNames(l.Steps),
		SubstituteRequired: l.SubstituteRequired, Notes: filed.Notes}, nil
})

var leaveShowOp = newOp("leave show", readsStore, func(x *opCall, a leaveActArgs) (leaveJSON, error) {
	l, err := store.Read(x.svc.db, func(tx *store.Tx) (leave.Leave, error) { return leave.GetTx(tx, a.ID) })
	if err != nil {
		return leaveJSON{}, notFoundLeave(a.ID, err)
	}
	return leaveOut(x, l)
})

var leaveApproveOp = newOp("leave approve", writesStore, func(x *opCall, a leaveActArgs) (leaveJSON, error) {
	return leaveAct(x, a, func(svc *leave.Service, _ *time.Location) (leave.Leave, error) {
		in := leave.StepInput{Note: a.Note}
		if a.Scan != nil {
			data, err := x.input(0)
			if err != nil {
				return leave.Leave{}, err
			}
			in.Scan = &leave.NewFile{Kind: leave.FileScan, Name: a.Scan.Name, Data: data}
		}
		return svc.Approve(x.consoleActor(), a.ID, leave.StepKind(a.Step), in)
	})
})

var leaveRejectOp = newOp("leave reject", writesStore, func(x *opCall, a leaveActArgs) (leaveJSON, error) {
	return leaveAct(x, a, func(svc *leave.Service, _ *time.Location) (leave.Leave, error) {
		return svc.Reject(x.consoleActor(), a.ID, a.Reason)
	})
})

var leaveWithdrawOp = newOp("leave withdraw", writesStore, func(x *opCall, a leaveActArgs) (leaveJSON, error) {
	return leaveAct(x, a, func(svc *leave.Service, _ *time.Location) (leave.Leave, error) {
		return svc.Withdraw(x.consoleActor(), a.ID)
	})
})

var leaveCloseOp = newOp("leave close", writesStore, func(x *opCall, a leaveActArgs) (leaveJSON, error) {
	return leaveAct(x, a, func(svc *leave.Service, loc *time.Location) (leave.Leave, error) {
		var at time.Time
		if a.At != "" {
			var err error
			if at, err = leaveTime("returned_at", a.At, loc); err != nil {
				return leave.Leave{}, err
			}
		}
		return svc.Close(x.consoleActor(), a.ID, at)
	})
})

// leaveAct runs one act on a leave and describes the leave after it.
func leaveAct(x *opCall, a leaveActArgs, act func(*leave.Service, *time.Location) (leave.Leave, error)) (leaveJSON, error) {
	svc, loc, err := x.svc.leaveService()
	if err != nil {
		return leaveJSON{}, err
	}
	l, err := act(svc, loc)
	if err != nil {
		return leaveJSON{}, notFoundLeave(a.ID, err)
	}
	return leaveOut(x, l)
}

// leaveOut describes a leave for the command line.
func leaveOut(x *opCall, l leave.Leave) (leaveJSON, error) {
	cal, err := x.svc.liveCalendar()
	if err != nil {
		return leaveJSON{}, err
	}
	loc := cal.Location()
	out := leaveJSON{ID: l.ID, Type: l.Type, CountsAs: l.CountsAs(l.Length.WorkingDays), Start: l.Start.In(loc).Format(leaveLayout),
		End: l.End.In(loc).Format(leaveLayout), WorkingDays: l.Length.WorkingDays, Status: l.Status,
		Steps: leave.StepNames(l.Steps), Done: []string{}, SubstituteRequired: l.SubstituteRequired,
		OverstayMinutes: l.OverstayMinutes, Reason: l.Reason, DecisionReason: l.DecisionReason}
	for _, s := range l.Steps {
		if s.Done {
			out.Done = append(out.Done, string(s.Kind))
		}
	}
	if next, _, ok := l.Next(); ok && l.Status == leave.StatusPending {
		out.Next = string(next.Kind)
	}
	if l.Closed() {
		out.ReturnedAt = l.ReturnedAt.In(loc).Format(leaveLayout)
	}
	people := map[uint64]*string{l.StaffID: &out.StaffNo, l.SubstituteID: &out.Substitute}
	for id, dst := range people {
		if id == 0 {
			continue
		}
		if st, err := x.svc.staff.GetStaff(id); err == nil {
			*dst = st.StaffNo
			if id == l.StaffID {
				out.Name = st.Name
			}
		}
	}
	return out, nil
}

// leaveLayout is how the command line reads and writes leave times.
const leaveLayout = "2006-01-02 15:04"

// leaveTime reads "YYYY-MM-DD HH:MM" in loc, refusing on field.
func leaveTime(field, raw string, loc *time.Location) (time.Time, error) {
	t, ok := leave.ParseTime(raw, loc)
	if !ok {
		return time.Time{}, problem.New(field, "records.leave.err.time")
	}
	return t, nil
}

// staffRef finds a staff member by staff number, or by id when the text
// is a number no staff number matches.
func staffRef(db *store.DB, ref, field string) (uint64, error) {
	ref = strings.TrimSpace(ref)
	st, err := store.Read(db, func(tx *store.Tx) (staff.Staff, error) { return staff.StaffByNoTx(tx, ref) })
	if err == nil {
		return st.ID, nil
	}
	if !errors.Is(err, staff.ErrNotFound) {
		return 0, err
	}
	if id, perr := strconv.ParseUint(ref, 10, 64); perr == nil && id > 0 {
		if _, err := store.Read(db, func(tx *store.Tx) (staff.Staff, error) { return staff.GetStaffTx(tx, id) }); err == nil {
			return id, nil
		}
	}
	return 0, problem.New(field, "records.leave.err.unknown_staff", "StaffNo", ref)
}

// notFoundLeave words an unknown leave id as a problem.
func notFoundLeave(id uint64, err error) error {
	if errors.Is(err, leave.ErrNotFound) {
		return problem.New("id", "leave.err.unknown", "ID", fmt.Sprint(id))
	}
	return err
}
