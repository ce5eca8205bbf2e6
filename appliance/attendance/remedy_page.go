package attendance

// What the remedy pages ask: the monthly quota as it stands for a person,
// and the page of pending and decided remedies of the people a user sees.

import (
	"time"

	"bianmin/appliance/decision"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// RemedyQuota is the monthly remedy quota (补签次数) as it stands for one
// person and month: Used counts the remedies with dates in Month that are
// pending or approved (a rejected or withdrawn one gives its place back),
// Max is the settings' RemedyQuota (issue #5: three a month by default).
type RemedyQuota struct {
	Month string // 2026-03
	Used  int
	Max   int
}

// Full reports whether no further remedy may be asked for in the month.
func (q RemedyQuota) Full() bool { return q.Used >= q.Max }

// remedyQuotaOf is the quota rule, in one place: the month of date, the
// remedies of that month that count, against the settings.
func remedyQuotaOf(set Settings, date string, monthRemedies []Remedy) RemedyQuota {
	q := RemedyQuota{Month: date[:min(7, len(date))], Max: set.RemedyQuota}
	for _, r := range monthRemedies {
		if r.counts() {
			q.Used++
		}
	}
	return q
}

// monthRemedies reads the person's remedies with dates in the month of
// date (YYYY-MM-DD).
func monthRemedies(tx *store.Tx, staffID uint64, date string) ([]Remedy, error) {
	d, err := time.Parse(dateLayout, date)
	if err != nil {
		return nil, refuse("date", keyDateInvalid, map[string]any{"Value": date})
	}
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	return staffRecords[Remedy](tx, bucketRemedies, staffID, first, first.AddDate(0, 1, 0))
}

// RemedyQuotaTx is the person's quota in the month of date (YYYY-MM-DD):
// what RequestRemedyTx checks, for the forms that show it beforehand.
func RemedyQuotaTx(tx *store.Tx, staffID uint64, date string) (RemedyQuota, error) {
	set, err := LoadSettings(tx)
	if err != nil {
		return RemedyQuota{}, err
	}
	list, err := monthRemedies(tx, staffID, date)
	if err != nil {
		return RemedyQuota{}, err
	}
	return remedyQuotaOf(set, date, list), nil
}

// RemedyQuota is RemedyQuotaTx in a read transaction of its own.
func (rs *Records) RemedyQuota(staffID uint64, date string) (RemedyQuota, error) {
	return store.Read(rs.db, func(tx *store.Tx) (RemedyQuota, error) { return RemedyQuotaTx(tx, staffID, date) })
}

// RemedyQuery asks for a remedies page: the decision lists, and the quota
// of the person and month the request form is filled for (none when
// QuotaStaff is 0 or QuotaDate is not a date).
type RemedyQuery struct {
	decision.Query
	QuotaStaff uint64
	QuotaDate  string
}

// RemedyPage is what the remedies page shows.
type RemedyPage struct {
	Pending decision.Page[Remedy] // oldest date first
	Decided decision.Page[Remedy] // newest decision first
	People  map[uint64]staff.Staff
	Quota   *RemedyQuota
	// States are the points of the pending remedies as they stand now
	// (already punched at 08:18, still missing …), by remedy id.
	States map[uint64]PointState
}

// RemedyPage reads one page of pending and one of decided remedies (paged
// by key range in the indexes: nothing else is read), the people they
// name and the form's quota, in one read transaction.
func (rs *Records) RemedyPage(q RemedyQuery) (RemedyPage, error) {
	return store.Read(rs.db, func(tx *store.Tx) (RemedyPage, error) {
		var p RemedyPage
		var err error
		if p.Pending, p.Decided, err = decision.Lists[Remedy](tx, bucketRemedies, q.Query); err != nil {
			return p, err
		}
		var ids []uint64
		for _, list := range [][]Remedy{p.Pending.Rows, p.Decided.Rows} {
			for _, r := range list {
				ids = append(ids, r.StaffID)
			}
		}
		if p.People, err = peopleOf(tx, ids...); err != nil {
			return p, err
		}
		p.States = map[uint64]PointState{}
		for _, r := range p.Pending.Rows {
			if p.States[r.ID], err = RemedyPointState(tx, r, rs.loc, rs.cal); err != nil {
				return p, err
			}
		}
		if q.QuotaStaff != 0 {
			if _, err := time.Parse(dateLayout, q.QuotaDate); err == nil {
				quota, err := RemedyQuotaTx(tx, q.QuotaStaff, q.QuotaDate)
				if err != nil {
					return p, err
				}
				p.Quota = &quota
			}
		}
		return p, nil
	})
}
