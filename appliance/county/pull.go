package county

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// The pull API's paging. Records are returned township by township in box
// id order, each box's in arrival order (its record number n). The cursor
// holds, for every box, the highest n already handed out (or passed over
// by the filter), so a record that arrives while a client pages — in a box
// already passed or not — comes on a later page, and none comes twice.
// When a page is not full the client has everything there is for now; it
// keeps the cursor and asks again later for what arrived since.

// Pull limits.
const (
	PullDefaultLimit = 500
	PullMaxLimit     = 5000
	// pullScanFactor bounds the records looked at (and passed over by the
	// time filter) in one call: limit × factor.
	pullScanFactor = 20
)

// PullQuery is one call of the pull API.
type PullQuery struct {
	Townships []string  // township names; none: every visible township
	Kinds     []string  // record kinds; none: all
	From, To  time.Time // the record's time on the box in [From, To); zero: open
	Cursor    string    // "" for the first page
	Limit     int
}

// PullRecord is one record as the pull API returns it. ID (box-n) is
// stable: the same record always has the same ID.
type PullRecord struct {
	ID       string          `json:"id"`
	Township string          `json:"township"`
	Area     string          `json:"area"`
	Kind     string          `json:"kind"`
	Time     time.Time       `json:"time"`
	Received uint64          `json:"n"`
	Epoch    string          `json:"epoch"`
	Payload  json.RawMessage `json:"payload"`
}

// PullPage is one page: the records, the cursor of the next page and
// whether more records were there when the page was cut (false: the
// client has everything for now; keep Next to ask later).
type PullPage struct {
	Records []PullRecord `json:"records"`
	Next    string       `json:"next"`
	More    bool         `json:"more"`
}

// cursorVersion is the first byte of a cursor.
const cursorVersion = 1

type pullCursor struct {
	filter [8]byte
	pos    map[uint64]uint64
}

func (q PullQuery) normalized() PullQuery {
	norm := func(xs []string) []string {
		var out []string
		for _, x := range xs {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	q.Townships, q.Kinds = norm(q.Townships), norm(q.Kinds)
	return q
}

// filterHash binds a cursor to its query's filter: a cursor used with
// another filter would skip records.
func (q PullQuery) filterHash() [8]byte {
	h := sha256.New()
	fmt.Fprintf(h, "t=%q k=%q f=%d t=%d", q.Townships, q.Kinds, q.From.UnixNano(), q.To.UnixNano())
	var out [8]byte
	copy(out[:], h.Sum(nil))
	return out
}

func (pc pullCursor) String() string {
	var b bytes.Buffer
	b.WriteByte(cursorVersion)
	b.Write(pc.filter[:])
	keys := make([]uint64, 0, len(pc.pos))
	for k := range pc.pos {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b.Write(binary.AppendUvarint(nil, k))
		b.Write(binary.AppendUvarint(nil, pc.pos[k]))
	}
	return base64.RawURLEncoding.EncodeToString(b.Bytes())
}

var errCursor = problem.New("cursor", "county.api.err.cursor")

func parsePullCursor(s string) (pullCursor, error) {
	pc := pullCursor{pos: map[uint64]uint64{}}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) < 9 || raw[0] != cursorVersion {
		return pc, errCursor
	}
	copy(pc.filter[:], raw[1:9])
	r := bytes.NewReader(raw[9:])
	for r.Len() > 0 {
		box, err1 := binary.ReadUvarint(r)
		n, err2 := binary.ReadUvarint(r)
		if err1 != nil || err2 != nil {
			return pc, errCursor
		}
		pc.pos[box] = n
	}
	return pc, nil
}

// Pull returns one page of records the scope may see, filtered by
// township, kind and time, after the query's cursor.
func (c *County) Pull(s Scope, q PullQuery) (PullPage, error) {
	q = q.normalized()
	if q.Limit <= 0 {
		q.Limit = PullDefaultLimit
	}
	if q.Limit > PullMaxLimit {
		return PullPage{}, problem.New("limit", "county.api.err.limit", "Max", PullMaxLimit)
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return PullPage{}, problem.New("to", "county.api.err.period")
	}
	pc := pullCursor{filter: q.filterHash(), pos: map[uint64]uint64{}}
	if q.Cursor != "" {
		got, err := parsePullCursor(q.Cursor)
		if err != nil {
			return PullPage{}, err
		}
		if got.filter != pc.filter {
			return PullPage{}, problem.New("cursor", "county.api.err.cursor_filter")
		}
		pc.pos = got.pos
	}
	return store.Read(c.db, func(tx *store.Tx) (PullPage, error) {
		boxes, err := boxesInTx(tx, s)
		if err != nil {
			return PullPage{}, err
		}
		if len(q.Townships) > 0 {
			var keep []Box
			for _, name := range q.Townships {
				i := slices.IndexFunc(boxes, func(b Box) bool { return b.Name == name })
				if i < 0 {
					// A township the scope may not see is refused the same
					// as one that does not exist.
					return PullPage{}, problem.New("township", "county.api.err.township", "Name", problem.Bound(name))
				}
				keep = append(keep, boxes[i])
			}
			boxes = keep
		}
		slices.SortFunc(boxes, func(a, b Box) int { return cmpU64(a.ID, b.ID) })
		page := PullPage{Records: []PullRecord{}}
		budget := q.Limit * pullScanFactor
		for _, b := range boxes {
			if len(page.Records) >= q.Limit || budget <= 0 {
				page.More = true
				break
			}
			more, err := pullBox(tx, b, q, pc.pos, &page, &budget)
			if err != nil {
				return PullPage{}, err
			}
			if more {
				page.More = true
				break
			}
		}
		page.Next = pc.String()
		return page, nil
	})
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// pullBox appends the box's records after pos[box] to the page until the
// page is full or the scan budget is spent, moving pos[box] past every
// record it looked at; more says it stopped before the box's end.
func pullBox(tx *store.Tx, b Box, q PullQuery, pos map[uint64]uint64, page *PullPage, budget *int) (more bool, err error) {
	recs, _ := tx.Bucket(bucketRecords)
	if recs == nil {
		return false, nil
	}
	p := boxPrefix(b.ID)
	after := pos[b.ID]
	take := func(n uint64, v []byte) (stop bool, err error) {
		if len(page.Records) >= q.Limit || *budget <= 0 {
			return true, nil
		}
		*budget--
		pos[b.ID] = n
		var r Record
		if err := json.Unmarshal(v, &r); err != nil {
			return false, err
		}
		if (!q.From.IsZero() && r.Time.Before(q.From)) || (!q.To.IsZero() && !r.Time.Before(q.To)) {
			return false, nil
		}
		page.Records = append(page.Records, PullRecord{ID: fmt.Sprintf("%d-%d", b.ID, r.N), Township: b.Name, Area: b.Area,
			Kind: r.Kind, Time: r.Time, Received: r.N, Epoch: r.Epoch, Payload: r.Payload})
		return false, nil
	}
	if len(q.Kinds) != 1 {
		cur := recs.Cursor()
		for k, v := cur.Seek(append(p, store.IDKey(after+1)...)); k != nil && len(k) == 16 && bytes.Equal(k[:8], p); k, v = cur.Next() {
			n := store.KeyID(k[8:])
			if len(q.Kinds) > 1 {
				var head struct {
					Kind string `json:"kind"`
				}
				if err := json.Unmarshal(v, &head); err != nil {
					return false, err
				}
				if !slices.Contains(q.Kinds, head.Kind) {
					if *budget <= 0 {
						return true, nil
					}
					*budget--
					pos[b.ID] = n
					continue
				}
			}
			stop, err := take(n, v)
			if err != nil || stop {
				return stop, err
			}
		}
		return false, nil
	}
	idx, _ := tx.Bucket(bucketByKind)
	if idx == nil {
		return false, nil
	}
	kp := append(append(boxPrefix(b.ID), q.Kinds[0]...), 0)
	cur := idx.Cursor()
	for k, _ := cur.Seek(append(slices.Clone(kp), store.IDKey(after+1)...)); k != nil && len(k) == len(kp)+8 && bytes.Equal(k[:len(kp)], kp); k, _ = cur.Next() {
		nk := k[len(kp):]
		stop, err := take(store.KeyID(nk), recs.Get(append(slices.Clone(p), nk...)))
		if err != nil || stop {
			return stop, err
		}
	}
	return false, nil
}
