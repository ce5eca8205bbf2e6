package leave

// After a request is filed: its steps are completed one by one, by the
// right role on the box or recorded by the office as received from
// outside (with the scanned slip); it may be rejected at its step or
// withdrawn by the person; the office registers the substitute; the
// certificate may follow; and 销假 closes it.

import (
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// StepInput is what comes with a step: the scanned slip of an outside
// step (required on the pages, RequireScan), and a note.
type StepInput struct {
	Scan        *NewFile
	RequireScan bool
	Note        string
}

// change runs fn on the leave id in one write with its audit and outbox
// entries (action on leave/<id>).
func (s *Service) change(actor Actor, id uint64, action string, fn func(tx *store.Tx, l *Leave) error) (Leave, error) {
	return store.Write(s.db, actor.Name, func(tx *store.Tx) (Leave, error) {
		l, err := GetTx(tx, id)
		if err != nil {
			return Leave{}, err
		}
		before := l
		if err := fn(tx, &l); err != nil {
			return Leave{}, err
		}
		if err := putLeave(tx, l); err != nil {
			return Leave{}, err
		}
		return l, tx.AuditAndOutbox(action, object(id), "leave", before, l)
	})
}

// Approve completes the step kind of the pending request id: it must be
// the next step, and the actor its role (the office for outside steps,
// recorded as received). The last step approves the leave — once a
// substitute is named when one is needed; the office's step registers
// the named substitute.
func (s *Service) Approve(actor Actor, id uint64, kind StepKind, in StepInput) (Leave, error) {
	return s.change(actor, id, "leave.step", func(tx *store.Tx, l *Leave) error {
		return approveTx(tx, actor, l, kind, in)
	})
}

func approveTx(tx *store.Tx, actor Actor, l *Leave, kind StepKind, in StepInput) error {
	if l.Status != StatusPending {
		return problem.New("step", errNotPending, "Status", string(l.Status))
	}
	next, i, _ := l.Next()
	switch {
	case !kind.Valid():
		return problem.New("step", errStepUnknown, "Step", string(kind))
	case kind != next.Kind:
		return problem.New("step", errStepNotNext, "Step", string(kind), "Next", string(next.Kind))
	case !actor.mayAct(kind):
		return problem.New("step", errStepRole, "Step", string(kind))
	}
	note, err := checkText("note", in.Note, false)
	if err != nil {
		return err
	}
	step := &l.Steps[i]
	if kind.Outside() {
		switch {
		case in.Scan != nil:
			a, err := storeFile(tx, NewFile{Kind: FileScan, Name: in.Scan.Name, Data: in.Scan.Data}, kind, "scan")
			if err != nil {
				return err
			}
			if len(l.Attachments) >= MaxFiles {
				return problem.New("scan", errFileCount, "Max", MaxFiles)
			}
			l.Attachments, step.Scan = append(l.Attachments, a), a.ID
		case in.RequireScan:
			return problem.New("scan", errScanRequired)
		}
	}
	now := tx.Now().UTC()
	if kind == StepOffice && l.SubstituteID != 0 && l.SubstituteRegisteredAt.IsZero() {
		l.SubstituteRegisteredBy, l.SubstituteRegisteredAt = actor.Name, now
	}
	if i == len(l.Steps)-1 && l.SubstituteRequired && l.SubstituteID == 0 {
		return problem.New("substitute", errSubstituteMissing)
	}
	step.Done, step.DoneBy, step.DoneAt, step.Note = true, actor.Name, now, note
	if i == len(l.Steps)-1 {
		l.Status, l.DecidedBy, l.DecidedAt = StatusApproved, actor.Name, now
	}
	return nil
}

// Reject refuses the pending request id at its step, with a reason: the
// role of the next step, or the office.
func (s *Service) Reject(actor Actor, id uint64, reason string) (Leave, error) {
	return s.change(actor, id, "leave.reject", func(tx *store.Tx, l *Leave) error {
		if l.Status != StatusPending {
			return problem.New("reason", errNotPending, "Status", string(l.Status))
		}
		if next, _, _ := l.Next(); !actor.Office() && !actor.mayAct(next.Kind) {
			return problem.New("reason", errStepRole, "Step", string(next.Kind))
		}
		r, err := checkText("reason", reason, true)
		if err != nil {
			return err
		}
		l.Status, l.DecidedBy, l.DecidedAt, l.DecisionReason = StatusRejected, actor.Name, tx.Now().UTC(), r
		return nil
	})
}

// Withdraw takes back the request id: the person's own or the office's
// act, while pending, or approved before it began.
func (s *Service) Withdraw(actor Actor, id uint64) (Leave, error) {
	return s.change(actor, id, "leave.withdraw", func(tx *store.Tx, l *Leave) error {
		if !actor.Office() && !actor.owns(*l) {
			return problem.New("", errNotYours)
		}
		now := tx.Now()
		if l.Status != StatusPending && !(l.Status == StatusApproved && now.Before(l.Start)) {
			return problem.New("", errWithdrawState, "Status", string(l.Status))
		}
		l.Status, l.DecidedBy, l.DecidedAt = StatusWithdrawn, actor.Name, now.UTC()
		return nil
	})
}

// SetSubstitute names the substitute of the leave id (0 clears it while
// pending). The person names one while the request is pending and no one
// is registered yet; the office registers (names or confirms) one at any
// time before 销假. Once registered, a substitute changes only with the
// office's consent and a reason ("未經政務中心同意,AB岗人員不得擅自輪岗",
// regulation 001 line 207).
func (s *Service) SetSubstitute(actor Actor, id, substituteID uint64, reason string) (Leave, error) {
	return s.change(actor, id, "leave.substitute", func(tx *store.Tx, l *Leave) error {
		registered := !l.SubstituteRegisteredAt.IsZero()
		switch {
		case !actor.Office() && !actor.owns(*l):
			return problem.New("substitute", errNotYours)
		case !actor.Office() && (registered || l.Status != StatusPending):
			return problem.New("substitute", errSubstituteRotate)
		case l.Status != StatusPending && l.Status != StatusApproved, l.Closed():
			return problem.New("substitute", errNotPending, "Status", string(l.Status))
		case substituteID == 0 && (registered || l.Status != StatusPending):
			return problem.New("substitute", errSubstituteMissing)
		}
		if substituteID != 0 {
			if err := checkSubstitute(tx, *l, substituteID); err != nil {
				return err
			}
		}
		if registered && substituteID != l.SubstituteID {
			r, err := checkText("reason", reason, true)
			if err != nil {
				return err
			}
			l.Rotations = append(l.Rotations, Rotation{From: l.SubstituteID, To: substituteID, By: actor.Name, At: tx.Now().UTC(), Reason: r})
		}
		l.SubstituteID = substituteID
		l.SubstituteRegisteredBy, l.SubstituteRegisteredAt = "", time.Time{}
		if actor.Office() && substituteID != 0 {
			l.SubstituteRegisteredBy, l.SubstituteRegisteredAt = actor.Name, tx.Now().UTC()
		}
		return nil
	})
}

// AddFile attaches a file to the leave id: the certificate of a sick
// leave (it then counts as sick leave), a training notice, or another
// photo — the person's own or the office's act, until 销假.
func (s *Service) AddFile(actor Actor, id uint64, f NewFile) (Leave, error) {
	return s.change(actor, id, "leave.file", func(tx *store.Tx, l *Leave) error {
		switch {
		case !actor.Office() && !actor.owns(*l):
			return problem.New("file", errNotYours)
		case !l.Status.Live() || l.Closed():
			return problem.New("file", errNotPending, "Status", string(l.Status))
		case len(l.Attachments) >= MaxFiles:
			return problem.New("file", errFileCount, "Max", MaxFiles)
		case f.Kind == FileScan:
			f.Kind = FileOther
		}
		a, err := storeFile(tx, f, "", "file")
		if err != nil {
			return err
		}
		l.Attachments = append(l.Attachments, a)
		if f.Kind == FileCertificate {
			l.Certificate = true
		}
		return nil
	})
}
