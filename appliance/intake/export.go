package intake

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// The export of a period's cases (XLSX, written by the page) and the
// monthly statistics per item and unit: counts by category (六件) and the
// share finished on time.
//
// ID numbers: the case's own unit and the office read them in full
// (MayReadFull), as on the case page; every other reader gets the masked
// number unless the county allows full numbers in exports for other units
// (Settings.FullIDAllowed). The export is audited with how many full
// numbers it held.

// MaxExportRows bounds one export: a longer period is exported in parts.
const MaxExportRows = 20000

const keyExportTooMany = "intakedoc.err.export_too_many"

// ExportRow is one case of an export.
type ExportRow struct {
	Case
	IDNumber string // full or masked, as this reader may see it
	Full     bool
	Timing   Timing
}

// Timing is how a case stands against its decision limit.
type Timing string

// The timings.
const (
	TimingNone    Timing = ""        // no decision limit (not accepted, or returned before deciding)
	TimingOnTime  Timing = "on_time" // decided by its due date
	TimingLate    Timing = "late"    // decided after it, or open and past it
	TimingPending Timing = "pending" // open, not yet due
)

// TimingOf says how the case stands against its decision limit at now:
// a decided case is judged on the day it was decided, as DueOf would
// have judged it open that day.
func TimingOf(cal Workdays, c Case, now time.Time) Timing {
	if c.AcceptedAt.IsZero() {
		return TimingNone
	}
	if !c.DecidedAt.IsZero() {
		open := c
		open.Status, open.Outcome, open.DecidedAt, open.ClosedAt = StatusInProgress, "", time.Time{}, time.Time{}
		open.Exclusions = slices.Clone(c.Exclusions)
		for i := range open.Exclusions { // a period still open at the decision ended with it
			if open.Exclusions[i].End == "" {
				open.Exclusions[i].End = c.DecidedAt.In(cal.Location()).Format(store.DateLayout)
			}
		}
		if DueOf(cal, open, c.DecidedAt).Overdue {
			return TimingLate
		}
		return TimingOnTime
	}
	if !c.Status.Open() {
		return TimingNone
	}
	switch d := DueOf(cal, c, now); {
	case d.Kind == DueSuspended:
		return TimingPending
	case d.Overdue:
		return TimingLate
	}
	return TimingPending
}

// ExportCases reads the cases received from ≤ t < to (of one unit, or
// all with unitID 0), newest first, for the actor, and audits the export.
func (s *Service) ExportCases(a Actor, from, to time.Time, unitID uint64) ([]ExportRow, error) {
	return store.Write(s.db, a.Name, func(tx *store.Tx) ([]ExportRow, error) {
		pg, err := SearchTx(tx, Query{From: from, To: to, UnitID: unitID, Size: MaxExportRows + 1})
		if err != nil {
			return nil, err
		}
		if pg.Total > MaxExportRows {
			return nil, problem.New("from", keyExportTooMany, "Count", pg.Total, "Max", MaxExportRows)
		}
		set, err := settingsTx(tx)
		if err != nil {
			return nil, err
		}
		ids, err := tx.Bucket(bucketIDs)
		if err != nil {
			return nil, err
		}
		out := make([]ExportRow, 0, len(pg.Cases))
		full := 0
		for _, c := range pg.Cases {
			r := ExportRow{Case: c, IDNumber: c.Applicant.IDMasked, Timing: TimingOf(s.cal, c, tx.Now())}
			if set.FullIDAllowed || MayReadFull(tx, a, c) {
				if n := ids.Get(store.IDKey(c.ID)); n != nil {
					r.IDNumber, r.Full = string(n), true
					full++
				}
			}
			out = append(out, r)
		}
		loc := tx.Location()
		return out, tx.Audit("intake.export", "intake/export", nil, map[string]any{
			"from": from.In(loc).Format(store.DateLayout), "to": to.In(loc).Format(store.DateLayout),
			"unit_id": unitID, "cases": len(out), "full_ids": full})
	})
}

// MonthStats are a month's statistics: one line per item, grouped by
// unit, with each unit's total and the center's.
type MonthStats struct {
	Month time.Time // the first day, in the calendar's location
	Lines []StatLine
	Units []StatLine // per unit (ItemID 0)
	Total StatLine
	// Villages are the cases brought by village agents (代办, DOMAIN.md
	// "agency service for remote villages"), per the agent's village.
	Villages []VillageLine
}

// VillageLine counts the agency cases (代办) of one village in the month.
type VillageLine struct {
	Village string
	Agents  []string // the agents who brought them, in order of first case
	StatLine
}

// StatLine counts the cases received in the month of one item (or unit,
// or all).
type StatLine struct {
	UnitID   uint64
	ItemID   uint64
	ItemName string
	Received int
	ByCat    map[Category]int
	Accepted int
	Refused  int // 不予受理
	Decided  int
	Closed   int // 办结 (delivered)
	// OnTime and Late count the cases with a decision limit that were
	// decided on time or late, or are open and past their due date; the
	// ones open and not yet due are Pending.
	OnTime, Late, Pending int
}

// OnTimePercent is the share decided on time of those judged (on time
// and late), rounded; -1 when none was judged.
func (l StatLine) OnTimePercent() int {
	n := l.OnTime + l.Late
	if n == 0 {
		return -1
	}
	return (l.OnTime*100 + n/2) / n
}

func (l *StatLine) add(c Case, t Timing) {
	if l.ByCat == nil {
		l.ByCat = map[Category]int{}
	}
	l.Received++
	l.ByCat[c.Category]++
	if !c.AcceptedAt.IsZero() {
		l.Accepted++
	}
	if c.Status == StatusRefused {
		l.Refused++
	}
	if !c.DecidedAt.IsZero() {
		l.Decided++
	}
	if c.Status == StatusDelivered {
		l.Closed++
	}
	switch t {
	case TimingOnTime:
		l.OnTime++
	case TimingLate:
		l.Late++
	case TimingPending:
		l.Pending++
	}
}

// Stats counts the cases received in the month that starts on first (of
// one unit, or all with unitID 0).
func (s *Service) Stats(first time.Time, unitID uint64) (MonthStats, error) {
	return store.Read(s.db, func(tx *store.Tx) (MonthStats, error) {
		loc := s.cal.Location()
		first = time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, loc)
		st := MonthStats{Month: first}
		pg, err := SearchTx(tx, Query{From: first, To: first.AddDate(0, 1, 0), UnitID: unitID, Size: MaxExportRows + 1})
		if err != nil {
			return st, err
		}
		if pg.Total > MaxExportRows {
			return st, fmt.Errorf("intake stats of %s: %d cases, more than %d", first.Format("2006-01"), pg.Total, MaxExportRows)
		}
		items := map[uint64]*StatLine{}
		units := map[uint64]*StatLine{}
		villages := map[string]*VillageLine{}
		for _, c := range pg.Cases {
			t := TimingOf(s.cal, c, tx.Now())
			if items[c.ItemID] == nil {
				items[c.ItemID] = &StatLine{UnitID: c.UnitID, ItemID: c.ItemID, ItemName: c.ItemName}
			}
			if units[c.UnitID] == nil {
				units[c.UnitID] = &StatLine{UnitID: c.UnitID}
			}
			items[c.ItemID].add(c, t)
			units[c.UnitID].add(c, t)
			st.Total.add(c, t)
			if c.Agent != nil && c.Agent.Name != "" {
				v := c.Agent.Village
				if v == "" {
					v = c.Applicant.Village
				}
				if villages[v] == nil {
					villages[v] = &VillageLine{Village: v}
				}
				vl := villages[v]
				vl.add(c, t)
				if !slices.Contains(vl.Agents, c.Agent.Name) {
					vl.Agents = append(vl.Agents, c.Agent.Name)
				}
			}
		}
		for _, v := range villages {
			st.Villages = append(st.Villages, *v)
		}
		slices.SortFunc(st.Villages, func(a, b VillageLine) int { return strings.Compare(a.Village, b.Village) })
		for _, l := range items {
			st.Lines = append(st.Lines, *l)
		}
		for _, l := range units {
			st.Units = append(st.Units, *l)
		}
		slices.SortFunc(st.Lines, func(a, b StatLine) int {
			if a.UnitID != b.UnitID {
				return cmp.Compare(a.UnitID, b.UnitID)
			}
			return cmp.Compare(a.ItemID, b.ItemID)
		})
		slices.SortFunc(st.Units, func(a, b StatLine) int { return cmp.Compare(a.UnitID, b.UnitID) })
		return st, nil
	})
}
