package leave

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// RequestInput is a leave request as filed by the person or, on their
// behalf, by the office.
type RequestInput struct {
	StaffID     uint64
	Type        Type
	Start, End  time.Time
	Reason      string
	Certificate bool // a sick leave's certificate was handed in on paper
	// SubstituteID names the substitute (0: none yet).
	SubstituteID uint64
	// Training: official business that is training with a written notice
	// (a FileTraining file among Files).
	Training bool
	// LateReason: the office accepts a request filed after the leave began.
	LateReason string
	// ExtensionOf: the approved leave this request extends (续假).
	ExtensionOf uint64
	Files       []NewFile
}

// Filed is a request as stored, with what the person should know: notes
// are problems used as notices (no refusal): a year counted Monday to
// Friday, a certificate due by 销假, a substitute still to name.
type Filed struct {
	Leave Leave
	Notes problem.List
}

// Limits of a request's texts.
const (
	MaxReasonRunes = 200
	halfHour       = 30 * time.Minute
)

// Request checks and stores a pending leave request (appliance flow:
// request → the steps of its tier → 销假).
func (s *Service) Request(actor Actor, in RequestInput) (Filed, error) {
	if s.schedule == nil {
		return Filed{}, errors.New("leave request: the service has no schedule (WithSchedule)")
	}
	return store.Write(s.db, actor.Name, func(tx *store.Tx) (Filed, error) {
		sch, err := s.schedule(tx)
		if err != nil {
			return Filed{}, err
		}
		return RequestTx(tx, sch, actor, in)
	})
}

// RequestTx files in, in tx: the person files for themselves or the
// office for anyone; the span is on half hours and holds working time;
// a request is made before the leave begins, else the office accepts it
// with a reason; no overlap with the person's live leave; the monthly
// quota, unless exempt; annual-leave pieces; a named substitute who is
// active, someone else, and not away themselves. The steps come from the
// tier of its length (with the leave it extends). A refusal is a problem
// that states the rule.
func RequestTx(tx *store.Tx, sch Schedule, actor Actor, in RequestInput) (Filed, error) {
	if !actor.Office() && actor.StaffID != in.StaffID {
		return Filed{}, problem.New("staff", errNotYours)
	}
	st, err := activeStaff(tx, in.StaffID, "staff")
	if err != nil {
		return Filed{}, err
	}
	l := Leave{StaffID: st.ID, Type: in.Type, Start: in.Start.Truncate(time.Minute), End: in.End.Truncate(time.Minute),
		Source: SourceRequest, Certificate: in.Certificate, Training: in.Training, ExtensionOf: in.ExtensionOf}
	if err := checkRequestFields(&l, in); err != nil {
		return Filed{}, err
	}
	now := tx.Now()
	if l.Start.Before(now.Truncate(time.Minute)) {
		switch {
		case !actor.Office():
			return Filed{}, problem.New("start", errLate, "Start", l.Start.In(sch.Location()).Format(layoutMinute))
		case strings.TrimSpace(in.LateReason) == "":
			return Filed{}, problem.New("late_reason", errLateReason)
		}
		if l.LateReason, err = checkText("late_reason", in.LateReason, true); err != nil {
			return Filed{}, err
		}
	}
	rules, err := LoadRulesTx(tx)
	if err != nil {
		return Filed{}, err
	}
	l.Length = Measure(sch, l.Start, l.End)
	if l.Length.Minutes == 0 {
		return Filed{}, problem.New("end", errNoWorkingTime)
	}
	tierLength := l.Length
	if l.ExtensionOf != 0 {
		orig, err := checkExtension(tx, l)
		if err != nil {
			return Filed{}, err
		}
		tierLength = combined(lengthOf(orig, sch), l.Length)
	}
	if err := checkOverlap(tx, l.StaffID, l.Start, l.End, 0); err != nil {
		return Filed{}, err
	}
	if l.Training && !hasNewFile(in.Files, FileTraining) {
		return Filed{}, problem.New("training_doc", errTrainingDoc)
	}
	l.QuotaExempt = rules.Exempt(l.Type, l.Training, tierLength)
	if !l.QuotaExempt {
		if err := checkQuota(tx, sch, rules, st, l.Start, l.End, l.ExtensionOf != 0); err != nil {
			return Filed{}, err
		}
	}
	if l.Type == TypeAnnual && l.ExtensionOf == 0 {
		y := l.Start.In(sch.Location()).Year()
		others, err := ForStaffTx(tx, st.ID, time.Date(y, 1, 1, 0, 0, 0, 0, sch.Location()), time.Date(y+1, 1, 1, 0, 0, 0, 0, sch.Location()))
		if err != nil {
			return Filed{}, err
		}
		if err := checkAnnualPiece(rules, l.Length, y, others, sch); err != nil {
			return Filed{}, err
		}
	}
	alone, err := aloneAtWindow(tx, st)
	if err != nil {
		return Filed{}, err
	}
	l.SubstituteRequired = rules.SubstituteNeeded(st, alone, l.Type, l.Training, tierLength)
	if in.SubstituteID != 0 {
		if err := checkSubstitute(tx, l, in.SubstituteID); err != nil {
			return Filed{}, err
		}
		l.SubstituteID = in.SubstituteID
	}
	l.Rules, l.Steps = rules.Key, stepsOf(rules.StepsFor(tierLength))
	if l.Attachments, err = storeFiles(tx, in.Files, 0); err != nil {
		return Filed{}, err
	}
	l.Certificate = l.Certificate || hasFile(l.Attachments, FileCertificate)
	id, err := tx.NextID(bucketSeq)
	if err != nil {
		return Filed{}, err
	}
	l.ID, l.Status, l.RecordedBy, l.RecordedAt = id, StatusPending, actor.Name, now.UTC()
	if err := putLeave(tx, l); err != nil {
		return Filed{}, err
	}
	if err := tx.AuditAndOutbox("leave.request", object(id), "leave", nil, l); err != nil {
		return Filed{}, err
	}
	return Filed{Leave: l, Notes: Notes(l, st.Name)}, nil
}

// checkRequestFields checks the request's own fields.
func checkRequestFields(l *Leave, in RequestInput) error {
	if p := check(*l); p != nil {
		return p
	}
	for _, f := range []struct {
		field string
		t     time.Time
	}{{"start", l.Start}, {"end", l.End}} {
		if f.t.Sub(f.t.Truncate(halfHour)) != 0 {
			return problem.New(f.field, errHalfHour, "Value", f.t.Format("15:04"))
		}
	}
	if l.Training && l.Type != TypeOfficial {
		return problem.New("type", errTrainingType)
	}
	var err error
	l.Reason, err = checkText("reason", in.Reason, false)
	return err
}

// checkText trims a text and refuses it when required and empty, or too
// long.
func checkText(field, s string, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		return "", problem.New(field, errTextRequired)
	case utf8.RuneCountInString(s) > MaxReasonRunes:
		return "", problem.New(field, errTextTooLong, "Max", MaxReasonRunes)
	}
	return s, nil
}

// checkExtension reads the leave l extends: the person's own, approved,
// not closed, and l starts where it ends.
func checkExtension(tx *store.Tx, l Leave) (Leave, error) {
	orig, err := GetTx(tx, l.ExtensionOf)
	if errors.Is(err, ErrNotFound) || (err == nil && orig.StaffID != l.StaffID) {
		return Leave{}, problem.New("extension_of", errExtensionUnknown, "ID", l.ExtensionOf)
	}
	if err != nil {
		return Leave{}, err
	}
	switch {
	case orig.Status != StatusApproved || orig.Closed():
		return Leave{}, problem.New("extension_of", errExtensionState, "ID", orig.ID)
	case !l.Start.Equal(orig.End):
		return Leave{}, problem.New("start", errExtensionStart, "End", orig.End.Format(layoutMinute))
	}
	return orig, nil
}

// combined is the length of a leave and its extension together.
func combined(a, b Length) Length {
	c := Length{Minutes: a.Minutes + b.Minutes, Days: a.Days + b.Days}
	c.WorkingDays = roundHalf(c.Days)
	return c
}

// checkSubstitute refuses a substitute who is not an active staff member,
// is the person on leave, or is away (live leave) during the leave.
func checkSubstitute(tx *store.Tx, l Leave, id uint64) error {
	sub, err := activeStaff(tx, id, "substitute")
	if err != nil {
		return err
	}
	if sub.ID == l.StaffID {
		return problem.New("substitute", errSubstituteSelf)
	}
	away, err := ForStaffTx(tx, sub.ID, l.Start, l.End)
	if err != nil {
		return err
	}
	for _, o := range away {
		if o.Status.Live() {
			return problem.New("substitute", errSubstituteAway, "Name", sub.Name,
				"Start", o.Start.Format(layoutMinute), "End", o.End.Format(layoutMinute))
		}
	}
	return nil
}

func hasNewFile(files []NewFile, kind FileKind) bool {
	for _, f := range files {
		if f.Kind == kind {
			return true
		}
	}
	return false
}

// Notes are what the person and the office should know about a leave
// that is not closed: a year counted Monday to Friday, a certificate due
// by 销假, a substitute still to name (name is the person's).
func Notes(l Leave, name string) problem.List {
	var notes problem.List
	if l.Closed() || !l.Status.Live() {
		return nil
	}
	for _, y := range l.Length.UnknownYears {
		notes.Add(problem.New("", noteNoCalendar, "Year", y))
	}
	if NeedsCertificate(l.Type, l.Length.WorkingDays) && !l.Certificate {
		notes.Add(problem.New("", noteCertificate, "Days", fmtDays(SickCertificateDays)))
	}
	if l.SubstituteRequired && l.SubstituteID == 0 {
		notes.Add(problem.New("substitute", noteSubstitute, "Name", name))
	}
	return notes
}

// fmtDays writes a number of days: 1, 1.5, 0.5.
func fmtDays(d float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", d), "0"), ".")
}
