package attendance

import (
	"fmt"
	"time"

	"bianmin/appliance/decision"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// OffPostRecord (脱岗) is an absence from the post without leave or a
// registered errand, found on inspection and recorded by the inspector
// (regulation 004 五、4 "业务督查科…每天不定期巡查上班情况,发现问题及时登记
// 备案,并通知当事人"; regulation 003 "不进行备案的记为脱岗"). Judgement counts
// absence for one longer than the preset's OffPostOverMinutes.
type OffPostRecord struct {
	ID         uint64    `json:"id"`
	StaffID    uint64    `json:"staff_id"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	Minutes    int       `json:"minutes"`
	Note       string    `json:"note,omitempty"`
	RecordedBy string    `json:"recorded_by"` // the inspector
	RecordedAt time.Time `json:"recorded_at"`
}

// MaxOffPostHours bounds one off-post record.
const MaxOffPostHours = 12

const bucketOffPost = "attendance.off_post" // staffID|start|id → OffPostRecord

// Event is the record as the judgement sees it.
func (r OffPostRecord) Event() OffPostEvent {
	return OffPostEvent{Start: r.Start, Duration: r.End.Sub(r.Start)}
}

// RecordOffPost records an off-post event; actor is the inspector.
func (rs *Records) RecordOffPost(actor string, r OffPostRecord) (OffPostRecord, error) {
	return store.Write(rs.db, actor, func(tx *store.Tx) (OffPostRecord, error) { return RecordOffPostTx(tx, r) })
}

// RecordOffPostTx checks r and stores it, in tx. The span is given by End,
// or when End is zero by Minutes; it starts no later than now and lasts
// from 1 minute to MaxOffPostHours. The person must not have left by its
// day. A refusal
// is a *problem.Problem.
func RecordOffPostTx(tx *store.Tx, r OffPostRecord) (OffPostRecord, error) {
	st, err := servingStaff(tx, r.StaffID, tx.DateOf(r.Start))
	if err != nil {
		return OffPostRecord{}, err
	}
	r.Start = r.Start.Truncate(time.Minute)
	if r.End.IsZero() {
		r.End = r.Start.Add(time.Duration(r.Minutes) * time.Minute)
	}
	r.End = r.End.Truncate(time.Minute)
	r.Minutes = int(r.End.Sub(r.Start) / time.Minute)
	switch {
	case r.Start.IsZero() || r.Start.After(tx.Now()):
		return OffPostRecord{}, refuse("start", keyOffPostFuture, nil)
	case !store.RecordDateOK(r.Start):
		return OffPostRecord{}, refuse("start", keyDateRange, map[string]any{"Value": r.Start.Format("2006-01-02 15:04")})
	case r.Minutes < 1 || r.Minutes > MaxOffPostHours*60:
		return OffPostRecord{}, refuse("minutes", keyOffPostDuration, map[string]any{"MaxHours": MaxOffPostHours})
	}
	if r.Note, err = checkText("note", r.Note, false); err != nil {
		return OffPostRecord{}, err
	}
	id, err := tx.NextID(bucketOffPost)
	if err != nil {
		return OffPostRecord{}, err
	}
	r.ID, r.RecordedBy, r.RecordedAt = id, tx.Actor(), tx.Now().UTC()
	if err := putRecord(tx, bucketOffPost, id, recordKey(r.StaffID, r.Start, id), r); err != nil {
		return OffPostRecord{}, err
	}
	summary := map[string]any{"staff_no": st.StaffNo, "name": st.Name, "start": r.Start.Format(time.RFC3339), "minutes": r.Minutes, "note": r.Note}
	return r, tx.AuditAndOutbox("offpost.record", fmt.Sprintf("offpost/%d", id), "off_post", nil, summary)
}

// OffPost returns one person's off-post records starting in from ≤ t < to.
func (rs *Records) OffPost(staffID uint64, from, to time.Time) ([]OffPostRecord, error) {
	return store.Read(rs.db, func(tx *store.Tx) ([]OffPostRecord, error) { return OffPostTx(tx, staffID, from, to) })
}

// OffPostTx is OffPost inside a transaction.
func OffPostTx(tx *store.Tx, staffID uint64, from, to time.Time) ([]OffPostRecord, error) {
	return staffRecords[OffPostRecord](tx, bucketOffPost, staffID, from, to)
}

// offPostByID reads one off-post record.
func offPostByID(tx *store.Tx, id uint64) (OffPostRecord, error) {
	r, _, err := getRecord[OffPostRecord](tx, bucketOffPost, id)
	return r, err
}

// Judge is the rules' verdict on the record: an absence of more than the
// preset's OffPostOverMinutes counts as 旷工.
func (r OffPostRecord) Judge(p Preset, loc *time.Location) OffPostResult {
	return judgeOffPost(p, r.Event(), civilDay(r.Start, loc))
}

// OffPostMonth is what the off-post page shows for one month.
type OffPostMonth struct {
	Rows     []OffPostRecord // newest first
	Verdicts []OffPostResult // the verdict on each row, by the current rules
	Preset   Preset          // the rules judged by
	People   map[uint64]staff.Staff
}

// OffPostMonth reads the scope's off-post records that start in the month
// of first (midnight of the 1st in the center's location) by key range,
// newest first, each judged by the current rules.
func (rs *Records) OffPostMonth(scope decision.Scope, first time.Time) (OffPostMonth, error) {
	return store.Read(rs.db, func(tx *store.Tx) (OffPostMonth, error) {
		var m OffPostMonth
		set, err := LoadSettings(tx)
		if err != nil {
			return m, err
		}
		m.Preset = set.Preset
		spans, err := scope.Spans(tx, bucketOffPost, 0, instantKey(first), instantKey(first.AddDate(0, 1, 0)))
		if err != nil {
			return m, err
		}
		pg, err := tx.Page(store.Query{Bucket: bucketOffPost, Spans: spans, Desc: true})
		if err != nil {
			return m, err
		}
		if m.Rows, err = decodeEntries[OffPostRecord](bucketOffPost, pg.Entries); err != nil {
			return m, err
		}
		ids := make([]uint64, len(m.Rows))
		for i, r := range m.Rows {
			m.Verdicts = append(m.Verdicts, r.Judge(set.Preset, rs.loc))
			ids[i] = r.StaffID
		}
		m.People, err = peopleOf(tx, ids...)
		return m, err
	})
}
