package decision

import (
	"encoding/binary"
	"slices"
	"testing"
	"time"

	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

type request struct {
	ID      uint64 `json:"id"`
	Owner   uint64 `json:"owner"`
	Outcome string `json:"outcome"`
}

func key(owner uint64, date time.Time, id uint64) []byte {
	k := make([]byte, 24)
	binary.BigEndian.PutUint64(k, owner)
	binary.BigEndian.PutUint64(k[8:], uint64(date.UnixNano()))
	binary.BigEndian.PutUint64(k[16:], id)
	return k
}

// TestPutAndLists: a request sits in the pending list until decided, then
// in the decided list only; the lists follow the scope, the person and
// the outcome asked for, pending by date and decided newest first.
func TestPutAndLists(t *testing.T) {
	db := storetest.Open(t, store.Options{})
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	at := func(h int) time.Time { return time.Date(2026, 4, 1, h, 0, 0, 0, time.UTC) }
	reqs := []struct {
		owner   uint64
		date    int
		decided int // hour of the decision; 0: pending
		outcome string
	}{{1, 5, 0, ""}, {2, 3, 9, "approved"}, {1, 2, 11, "rejected"}, {3, 4, 0, ""}, {2, 1, 10, "approved"}}
	err := db.Update("t", func(tx *store.Tx) error {
		for i, r := range reqs {
			id := uint64(i + 1)
			k := key(r.owner, day(r.date), id)
			if err := tx.Put("requests", k, request{ID: id, Owner: r.owner, Outcome: r.outcome}); err != nil {
				return err
			}
			if err := Put(tx, "requests", k, true, time.Time{}, ""); err != nil {
				return err
			}
			if r.decided != 0 {
				if err := Put(tx, "requests", k, false, at(r.decided), r.outcome); err != nil {
					return err
				}
			}
		}
		return Put(tx, "requests", []byte("short"), true, time.Time{}, "")
	})
	if err == nil {
		t.Fatal("a key that is not owner|date|id was indexed")
	}
	err = db.Update("t", func(tx *store.Tx) error {
		for i, r := range reqs {
			k := key(r.owner, day(r.date), uint64(i+1))
			if err := tx.Put("requests", k, request{ID: uint64(i + 1), Owner: r.owner, Outcome: r.outcome}); err != nil {
				return err
			}
			if err := Put(tx, "requests", k, r.decided == 0, at(r.decided), r.outcome); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(p Page[request]) (out []uint64) {
		for _, r := range p.Rows {
			out = append(out, r.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name             string
		q                Query
		pending, decided []uint64
	}{
		{"everyone", Query{Scope: Scope{All: true}}, []uint64{4, 1}, []uint64{3, 5, 2}},
		{"owners 1 and 2", Query{Scope: Scope{Staff: []uint64{1, 2}}}, []uint64{1}, []uint64{3, 5, 2}},
		{"owner 2 of everyone", Query{Scope: Scope{All: true}, StaffID: 2}, nil, []uint64{5, 2}},
		{"owner 3 outside the scope", Query{Scope: Scope{Staff: []uint64{1}}, StaffID: 3}, nil, nil},
		{"approved", Query{Scope: Scope{All: true}, Outcome: "approved"}, []uint64{4, 1}, []uint64{5, 2}},
		{"nobody", Query{}, nil, nil},
		{"pages of one, second", Query{Scope: Scope{All: true}, PageSize: 1, PendingPage: 2, DecidedPage: 2}, []uint64{1}, []uint64{5}},
	} {
		err := db.View(func(tx *store.Tx) error {
			p, d, err := Lists[request](tx, "requests", tc.q)
			if err != nil {
				return err
			}
			if !slices.Equal(ids(p), tc.pending) || !slices.Equal(ids(d), tc.decided) {
				t.Errorf("%s: pending %v, decided %v; want %v, %v", tc.name, ids(p), ids(d), tc.pending, tc.decided)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
