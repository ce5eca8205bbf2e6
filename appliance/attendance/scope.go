package attendance

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

// spans is one key span per person of the scope (only one person, when
// only is set and in the scope) over bucket, whose keys begin with the
// staff id; bounds, when given, are the From and To of every span. For
// everyone, the people are the staff ids the bucket holds records of.
func (s Scope) spans(tx *store.Tx, bucket string, only uint64, bounds ...[]byte) ([]store.Span, error) {
	var from, to []byte
	if len(bounds) == 2 {
		from, to = bounds[0], bounds[1]
	}
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
