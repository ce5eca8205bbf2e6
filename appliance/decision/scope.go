package decision

import (
	"slices"

	"bianmin/appliance/store"
)

// Scope is whose records a list shows: everyone's (All), or those of the
// listed staff members (a window lead's team, a person's own). The zero
// Scope shows nothing: an account linked to no staff member.
type Scope struct {
	All   bool
	Staff []uint64
}

// Includes reports whether the scope shows id's records.
func (s Scope) Includes(id uint64) bool {
	return id != 0 && (s.All || slices.Contains(s.Staff, id))
}

// Spans is one key span per person of the scope (only that person, when
// only is set and in the scope) over bucket, whose keys begin with the
// 8-byte staff id; from and to bound the rest of every key (nil: open).
// For everyone, the people are the staff ids the bucket holds records of,
// found by seeking (store.Tx.Prefixes).
func (s Scope) Spans(tx *store.Tx, bucket string, only uint64, from, to []byte) ([]store.Span, error) {
	var prefixes [][]byte
	switch {
	case only != 0:
		if !s.Includes(only) {
			return nil, nil
		}
		prefixes = [][]byte{store.IDKey(only)}
	case s.All:
		var err error
		if prefixes, err = tx.Prefixes(bucket, 8); err != nil {
			return nil, err
		}
	default:
		seen := map[uint64]bool{}
		for _, id := range s.Staff {
			if id != 0 && !seen[id] {
				seen[id] = true
				prefixes = append(prefixes, store.IDKey(id))
			}
		}
	}
	out := make([]store.Span, len(prefixes))
	for i, p := range prefixes {
		out[i] = store.Span{Prefix: p, From: from, To: to}
	}
	return out, nil
}
