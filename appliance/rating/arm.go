package rating

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// RefForWindowTx is the service ref of a window as the box knows it when
// nothing else does (the demo panel, before the queue arms windows): the
// window's regular (A岗) staff member serving, with key and ticket.
func RefForWindowTx(tx *store.Tx, window int, key, ticket, service string) (Ref, error) {
	w, err := staff.WindowByNumberTx(tx, window)
	if err != nil {
		return Ref{}, problem.New("window", "rating.err.window_unknown", "Window", window)
	}
	ref := Ref{Key: key, Window: window, Ticket: ticket, Service: service, UnitID: w.UnitID}
	if u, err := staff.GetUnitTx(tx, w.UnitID); err == nil {
		ref.Unit = u.Name
	}
	people, err := staff.ListStaffTx(tx, staff.Filter{WindowID: w.ID})
	if err != nil {
		return Ref{}, err
	}
	var post staff.Post
	for _, p := range people {
		if ref.StaffID == 0 || p.Post == staff.PostA && post != staff.PostA || p.Post == post && p.ID < ref.StaffID {
			ref.StaffID, ref.Staff, ref.UnitID, post = p.ID, p.Name, p.UnitID, p.Post
		}
	}
	if ref.StaffID == 0 {
		return Ref{}, problem.New("window", "rating.err.window_nobody", "Window", window)
	}
	if u, err := staff.GetUnitTx(tx, ref.UnitID); err == nil {
		ref.Unit = u.Name
	}
	return ref, nil
}

// ArmWindow arms window for its serving staff member — the domain
// function the demo panel and the tests arm with until the queue's finish
// arms windows with the ticket it served (see coord.md, Q12 OnFinished).
// The service key is "panel/<window>/<instant>".
func (s *Service) ArmWindow(flow *Flow, window int, at time.Time) (Ref, error) {
	ref, err := store.Read(s.db, func(tx *store.Tx) (Ref, error) {
		key := fmt.Sprintf("panel/%d/%d", window, at.UnixNano())
		return RefForWindowTx(tx, window, key, "", "")
	})
	if err != nil {
		return Ref{}, err
	}
	return ref, flow.Arm(ref, at)
}

const keyLineMap = "line_map"

// LineMapTx is the buttons' line map as kept in the settings (the JSON of
// hw/button's Map; the domain does not read it), nil when none is set.
func LineMapTx(tx *store.Tx) (json.RawMessage, error) {
	var raw json.RawMessage
	err := tx.Get(bucketSettings, []byte(keyLineMap), &raw)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return raw, err
}

// LineMap reads the line map.
func (s *Service) LineMap() (json.RawMessage, error) { return store.Read(s.db, LineMapTx) }

// SaveLineMap keeps a line map once check (hw/button's Validate, mapped
// onto problems by cmd) found nothing wrong with it; audited. It takes
// effect at the next start.
func (s *Service) SaveLineMap(actor string, raw json.RawMessage, check func(json.RawMessage) error) error {
	if err := check(raw); err != nil {
		return err
	}
	return s.db.Update(actor, func(tx *store.Tx) error {
		before, err := LineMapTx(tx)
		if err != nil {
			return err
		}
		if err := tx.Put(bucketSettings, []byte(keyLineMap), raw); err != nil {
			return err
		}
		return tx.Audit("rating.line_map", "settings/buttons", before, raw)
	})
}
