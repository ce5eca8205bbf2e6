package leave

import (
	"errors"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Close records 销假: the person of the approved leave id was back at at
// (zero: now), recorded by themselves or the office. Back before End
// shortens what the leave covers; back after End without an extension is
// overstay (超假): the working minutes past End are kept and judged
// absence ("無正當理由超假不歸的", regulation 000 line 100). A sick leave of
// more than one day still without its certificate counts as personal
// leave from now on ("未能提供《診斷證明書》的,視為事假", line 94). A leave
// with a live extension is closed through the extension.
func (s *Service) Close(actor Actor, id uint64, at time.Time) (Leave, error) {
	if s.schedule == nil {
		return Leave{}, errors.New("leave close: the service has no schedule (WithSchedule)")
	}
	return s.change(actor, id, "leave.close", func(tx *store.Tx, l *Leave) error {
		sch, err := s.schedule(tx)
		if err != nil {
			return err
		}
		return closeTx(tx, sch, actor, l, at)
	})
}

func closeTx(tx *store.Tx, sch Schedule, actor Actor, l *Leave, at time.Time) error {
	now := tx.Now()
	if at.IsZero() {
		at = now
	}
	at = at.Truncate(time.Minute)
	switch {
	case !actor.Office() && !actor.owns(*l):
		return problem.New("returned_at", errNotYours)
	case l.Status != StatusApproved:
		return problem.New("returned_at", errCloseState, "Status", string(l.Status))
	case l.Closed():
		return problem.New("returned_at", errClosed, "At", l.ReturnedAt.In(sch.Location()).Format(layoutMinute))
	case at.Before(l.Start):
		return problem.New("returned_at", errReturnBeforeStart, "Start", l.Start.In(sch.Location()).Format(layoutMinute))
	case at.After(now.Add(time.Minute)):
		return problem.New("returned_at", errReturnFuture)
	}
	ext, err := extensionOf(tx, *l)
	if err != nil {
		return err
	}
	if ext != 0 {
		return problem.New("returned_at", errCloseExtension, "ID", ext)
	}
	l.ReturnedAt, l.ClosedBy, l.ClosedAt = at, actor.Name, now.UTC()
	if at.After(l.End) {
		l.OverstayMinutes = Measure(sch, l.End, at).Minutes
	}
	if NeedsCertificate(l.Type, lengthOf(*l, sch).WorkingDays) && !l.Certificate {
		l.AsPersonal = true
	}
	return nil
}

// extensionOf is the id of a live extension of l (0: none).
func extensionOf(tx *store.Tx, l Leave) (uint64, error) {
	next, err := ForStaffTx(tx, l.StaffID, l.End, l.End.Add(time.Minute))
	if err != nil {
		return 0, err
	}
	for _, n := range next {
		if n.ExtensionOf == l.ID && n.Status.Live() {
			return n.ID, nil
		}
	}
	return 0, nil
}
