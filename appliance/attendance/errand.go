package attendance

import (
	"fmt"
	"time"

	"bianmin/appliance/decision"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Errand (外出备案) is a temporary departure on official business — taking
// files back to the home unit and the like — registered with the center
// before it starts, with its reason and time span (regulation 003 "确因工作
// 原因,需提前回单位交换文件的,应提前向…督查科备案" and "因事外出,应提前向政务
// 服务中心记录备查,不进行备案的记为脱岗"). It is approved when registered: by
// the office, which registers it itself or on the staff member's request.
// A registered errand covers the punch points whose due time falls within
// it.
type Errand struct {
	ID           uint64         `json:"id"`
	StaffID      uint64         `json:"staff_id"`
	Start        time.Time      `json:"start"`
	End          time.Time      `json:"end"`
	Reason       string         `json:"reason"`
	Status       DecisionStatus `json:"status"`                 // always approved
	RequestedBy  string         `json:"requested_by,omitempty"` // the staff member's account, when they asked
	RegisteredBy string         `json:"registered_by"`          // the office user who registered and approved it
	RegisteredAt time.Time      `json:"registered_at"`
}

// MaxErrandHours bounds one errand; a longer absence is leave (公务).
const MaxErrandHours = 12

const bucketErrands = "attendance.errands" // staffID|start|id → Errand

// Cover is the cover the errand gives the punch points within it.
func (e Errand) Cover() Cover { return Cover{Start: e.Start, End: e.End, Kind: CoverErrand} }

// RegisterErrand registers and approves an errand; actor is the office
// user.
func (rs *Records) RegisterErrand(actor string, e Errand) (Errand, error) {
	return store.Write(rs.db, actor, func(tx *store.Tx) (Errand, error) { return RegisterErrandTx(tx, e, rs.loc) })
}

// RegisterErrandTx checks e and stores it as approved by the transaction's
// actor, in tx: the person has not left by its day; the errand starts now or later
// (registered in advance; the current minute counts as now) and ends after
// it starts, within MaxErrandHours; the reason is given; it overlaps none
// of the person's other errands. A refusal is a *problem.Problem.
func RegisterErrandTx(tx *store.Tx, e Errand, loc *time.Location) (Errand, error) {
	st, err := servingStaff(tx, e.StaffID, tx.DateOf(e.Start))
	if err != nil {
		return Errand{}, err
	}
	e.Start, e.End = e.Start.Truncate(time.Minute), e.End.Truncate(time.Minute)
	now := tx.Now()
	switch {
	case e.Start.Before(now.Truncate(time.Minute)):
		return Errand{}, refuse("start", keyErrandPast, map[string]any{"Start": e.Start.In(loc).Format("2006-01-02 15:04")})
	case !store.RecordDateOK(e.Start) || !store.RecordDateOK(e.End):
		return Errand{}, refuse("start", keyDateRange, map[string]any{"Value": e.Start.In(loc).Format("2006-01-02 15:04")})
	case !e.End.After(e.Start) || e.End.Sub(e.Start) > MaxErrandHours*time.Hour:
		return Errand{}, refuse("end", keyErrandSpan, map[string]any{"MaxHours": MaxErrandHours})
	}
	if e.Reason, err = checkText("reason", e.Reason, true); err != nil {
		return Errand{}, err
	}
	others, err := ErrandsTx(tx, e.StaffID, e.Start, e.End)
	if err != nil {
		return Errand{}, err
	}
	if len(others) > 0 {
		o := others[0]
		return Errand{}, refuse("start", keyErrandOverlap, map[string]any{"Name": st.Name,
			"Start": o.Start.In(loc).Format("2006-01-02 15:04"), "End": o.End.In(loc).Format("15:04")})
	}
	id, err := tx.NextID(bucketErrands)
	if err != nil {
		return Errand{}, err
	}
	e.ID, e.Status, e.RegisteredBy, e.RegisteredAt = id, StatusApproved, tx.Actor(), now.UTC()
	if err := putRecord(tx, bucketErrands, id, recordKey(e.StaffID, e.Start, id), e); err != nil {
		return Errand{}, err
	}
	summary := map[string]any{"staff_no": st.StaffNo, "name": st.Name, "start": e.Start.Format(time.RFC3339), "end": e.End.Format(time.RFC3339), "reason": e.Reason}
	return e, tx.AuditAndOutbox("errand.register", fmt.Sprintf("errand/%d", id), "errand", nil, summary)
}

// Errands returns one person's errands that overlap from ≤ t < to, in
// start order.
func (rs *Records) Errands(staffID uint64, from, to time.Time) ([]Errand, error) {
	return store.Read(rs.db, func(tx *store.Tx) ([]Errand, error) { return ErrandsTx(tx, staffID, from, to) })
}

// ErrandsTx is Errands inside a transaction.
func ErrandsTx(tx *store.Tx, staffID uint64, from, to time.Time) ([]Errand, error) {
	all, err := staffRecords[Errand](tx, bucketErrands, staffID, from.Add(-MaxErrandHours*time.Hour), to)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, e := range all {
		if e.Start.Before(to) && e.End.After(from) {
			out = append(out, e)
		}
	}
	return out, nil
}

// ErrandHistoryDays is how far back the errand page lists past errands.
const ErrandHistoryDays = 92

// ErrandPage is what the errand page shows: the errands not ended yet
// (ongoing first, then by start, up to a year ahead) and one page of the
// past ones that started within ErrandHistoryDays, newest first.
type ErrandPage struct {
	Upcoming []Errand
	Past     decision.Page[Errand]
	People   map[uint64]staff.Staff
}

// ErrandPage reads the errand page of the scope at now (in the center's
// location) by key range: the upcoming errands start at most
// MaxErrandHours before now, and a person's errands never overlap, so
// at most one of them per person started before now.
func (rs *Records) ErrandPage(scope decision.Scope, now time.Time, page, size int) (ErrandPage, error) {
	return store.Read(rs.db, func(tx *store.Tx) (ErrandPage, error) {
		var p ErrandPage
		today := civilDay(now, rs.loc)
		spans, err := scope.Spans(tx, bucketErrands, 0, instantKey(now.Add(-MaxErrandHours*time.Hour)), instantKey(today.AddDate(1, 0, 1)))
		if err != nil {
			return p, err
		}
		pg, err := tx.Page(store.Query{Bucket: bucketErrands, Spans: spans})
		if err != nil {
			return p, err
		}
		soon, err := decodeEntries[Errand](bucketErrands, pg.Entries)
		if err != nil {
			return p, err
		}
		ongoing := map[string]bool{} // keys of upcoming errands that started before now
		for i, e := range soon {
			if !e.End.After(now) {
				continue
			}
			p.Upcoming = append(p.Upcoming, e)
			if e.Start.Before(now) {
				ongoing[string(pg.Entries[i].Key)] = true
			}
		}
		if spans, err = scope.Spans(tx, bucketErrands, 0, instantKey(today.AddDate(0, 0, -ErrandHistoryDays)), instantKey(now)); err != nil {
			return p, err
		}
		pg, err = tx.Page(store.Query{Bucket: bucketErrands, Spans: spans, Desc: true, Page: page, Size: size,
			Keep: func(k, _ []byte) bool { return !ongoing[string(k)] }})
		if err != nil {
			return p, err
		}
		if p.Past, err = decision.PageOf[Errand](bucketErrands, pg, pg.Entries); err != nil {
			return p, err
		}
		var ids []uint64
		for _, list := range [][]Errand{p.Upcoming, p.Past.Rows} {
			for _, e := range list {
				ids = append(ids, e.StaffID)
			}
		}
		p.People, err = peopleOf(tx, ids...)
		return p, err
	})
}
