package store

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"
)

// pageKey is person|instant|id, the shape of the domain's record keys.
func pageKey(person, at, id uint64) []byte {
	k := make([]byte, 24)
	binary.BigEndian.PutUint64(k, person)
	binary.BigEndian.PutUint64(k[8:], at)
	binary.BigEndian.PutUint64(k[16:], id)
	return k
}

// TestPageMatchesSortingEverything: for random records of several people,
// every page of every query (some people, a time range, either order, a
// filter) equals the same page cut from the whole bucket sorted in memory
// — the slow way the pages used to work.
func TestPageMatchesSortingEverything(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	type rec struct{ person, at, id uint64 }
	var all []rec
	err := db.Update("t", func(tx *Tx) error {
		b, err := tx.Bucket("recs")
		if err != nil {
			return err
		}
		for id := uint64(1); id <= 400; id++ {
			r := rec{person: 1 + rng.Uint64N(7), at: rng.Uint64N(50), id: id} // many equal instants
			all = append(all, r)
			if err := b.Put(pageKey(r.person, r.at, r.id), []byte{byte(id % 3)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	from, to := make([]byte, 8), make([]byte, 8)
	binary.BigEndian.PutUint64(from, 10)
	binary.BigEndian.PutUint64(to, 40)
	cases := []struct {
		name     string
		people   []uint64
		from, to []byte
		keep     func(k, v []byte) bool
	}{
		{"everyone, everything", []uint64{1, 2, 3, 4, 5, 6, 7}, nil, nil, nil},
		{"three people", []uint64{6, 2, 4}, nil, nil, nil},
		{"one person", []uint64{3}, nil, nil, nil},
		{"nobody's records", []uint64{99}, nil, nil, nil},
		{"a time range", []uint64{1, 2, 3, 4, 5, 6, 7}, from, to, nil},
		{"from only", []uint64{1, 5}, from, nil, nil},
		{"to only", []uint64{2, 7}, nil, to, nil},
		{"filtered by value", []uint64{1, 2, 3, 4, 5, 6, 7}, nil, nil, func(k, v []byte) bool { return v[0] == 1 }},
	}
	for _, tc := range cases {
		for _, desc := range []bool{false, true} {
			var want []rec
			for _, r := range all {
				at := make([]byte, 8)
				binary.BigEndian.PutUint64(at, r.at)
				inRange := (tc.from == nil || bytes.Compare(at, tc.from) >= 0) && (tc.to == nil || bytes.Compare(at, tc.to) < 0)
				kept := tc.keep == nil || tc.keep(nil, []byte{byte(r.id % 3)})
				if slices.Contains(tc.people, r.person) && inRange && kept {
					want = append(want, r)
				}
			}
			order := func(person uint64) int { return slices.Index(tc.people, person) }
			slices.SortFunc(want, func(a, b rec) int {
				c := cmpU(a.at, b.at)
				if c == 0 {
					c = cmpU(a.id, b.id)
				}
				if desc {
					c = -c
				}
				if c == 0 {
					c = order(a.person) - order(b.person)
				}
				return c
			})
			for _, size := range []int{0, 1, 7, 50} {
				pages := 1
				if size > 0 {
					pages = max(1, (len(want)+size-1)/size)
				}
				for page := 0; page <= pages+1; page++ {
					var spans []Span
					for _, p := range tc.people {
						spans = append(spans, Span{Prefix: IDKey(p), From: tc.from, To: tc.to})
					}
					var got Paged
					err := db.View(func(tx *Tx) error {
						var err error
						got, err = tx.Page(Query{Bucket: "recs", Spans: spans, Desc: desc, Page: page, Size: size, Keep: tc.keep})
						return err
					})
					if err != nil {
						t.Fatal(err)
					}
					wantPage := min(max(page, 1), pages)
					lo, hi := 0, len(want)
					if size > 0 {
						lo, hi = min((wantPage-1)*size, len(want)), min(wantPage*size, len(want))
					}
					if got.Total != len(want) || got.Page != wantPage || got.Pages != pages || len(got.Entries) != hi-lo {
						t.Fatalf("%s desc=%v size=%d page=%d: total %d page %d/%d with %d entries; want %d, %d/%d with %d",
							tc.name, desc, size, page, got.Total, got.Page, got.Pages, len(got.Entries), len(want), wantPage, pages, hi-lo)
					}
					for i, e := range got.Entries {
						w := want[lo+i]
						if !bytes.Equal(e.Key, pageKey(w.person, w.at, w.id)) {
							t.Fatalf("%s desc=%v size=%d page=%d: entry %d is %x, want %x", tc.name, desc, size, page, i, e.Key, pageKey(w.person, w.at, w.id))
						}
					}
				}
			}
		}
	}
}

func cmpU(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestPrefixes: the distinct staff ids of a bucket keyed staffID|…, with
// no record decoded; an absent bucket has none.
func TestPrefixes(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	err := db.Update("t", func(tx *Tx) error {
		b, err := tx.Bucket("recs")
		if err != nil {
			return err
		}
		for _, p := range []uint64{9, 3, 3, 3, 1<<64 - 1, 1 << 8} {
			if err := b.Put(pageKey(p, uint64(b.Stats().KeyN), 1), nil); err != nil {
				return err
			}
		}
		return b.Put([]byte{1}, nil) // too short to have a prefix
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *Tx) error {
		got, err := tx.Prefixes("recs", 8)
		if err != nil {
			return err
		}
		var ids []uint64
		for _, p := range got {
			ids = append(ids, KeyID(p))
		}
		if want := []uint64{3, 9, 1 << 8, 1<<64 - 1}; !slices.Equal(ids, want) {
			t.Errorf("prefixes = %v, want %v", ids, want)
		}
		if none, err := tx.Prefixes("absent", 8); err != nil || none != nil {
			t.Errorf("absent bucket: %v %v", none, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
