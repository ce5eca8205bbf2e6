package store

// Lists paged by key range. Domain keys sort (big-endian ids, big-endian
// instants, YYYY-MM-DD dates), so a list page is a walk over the keys of
// one or more spans of a bucket — one per person, say — merged in key
// order, never a load of the whole bucket followed by a sort in memory.

import (
	"bytes"
	"container/heap"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Span selects the keys of a bucket that begin with Prefix and whose
// remainder r (the key after Prefix) lies in From ≤ r < To. A nil From
// starts at the first key with the prefix; a nil To runs to the last.
type Span struct {
	Prefix, From, To []byte
}

// Query asks for one page of a bucket's entries over one or more spans.
// Entries of different spans are merged in the order of their remainders:
// a bucket keyed staffID|instant|id, spanned by one prefix per person,
// reads as one list in time order. Equal remainders keep the order of the
// spans.
type Query struct {
	Bucket string
	Spans  []Span
	// Desc lists the largest remainder first (newest first for instants).
	Desc bool
	// Page is the 1-based page wanted; it is clamped to 1..Pages.
	Page int
	// Size is the number of entries a page holds; 0 puts every entry on
	// one page.
	Size int
	// Keep, when set, drops the entries it returns false for, from the
	// page and from the total. It sees the raw key and value of the walked
	// bucket (an index's, typically): keep it cheap, decode nothing.
	Keep func(k, v []byte) bool
}

// Entry is one key and its value, copied out of the transaction.
type Entry struct {
	Key, Value []byte
}

// Paged is one page of a Query's entries.
type Paged struct {
	Entries []Entry
	Total   int // entries in all spans that Keep kept
	Page    int // the page returned, 1-based after clamping
	Pages   int // at least 1
}

// Page walks q's spans twice — once counting the kept keys, once merging
// them up to the end of the wanted page — and returns that page. The cost
// is the number of keys in the spans plus (page × size) merge steps; no
// value is decoded. A missing bucket is an empty list.
func (tx *Tx) Page(q Query) (Paged, error) {
	out := Paged{Page: 1, Pages: 1}
	b, err := tx.Bucket(q.Bucket)
	if err != nil || b == nil {
		return out, err
	}
	for _, s := range q.Spans {
		w := newSpanWalk(b, s, q.Desc, q.Keep, 0)
		for w.start(); w.k != nil; w.step() {
			out.Total++
		}
	}
	skip := 0
	if q.Size > 0 {
		out.Pages = max(1, (out.Total+q.Size-1)/q.Size)
		out.Page = min(max(q.Page, 1), out.Pages)
		skip = (out.Page - 1) * q.Size
	}
	h := &spanHeap{desc: q.Desc}
	for i, s := range q.Spans {
		w := newSpanWalk(b, s, q.Desc, q.Keep, i)
		if w.start(); w.k != nil {
			h.walks = append(h.walks, w)
		}
	}
	heap.Init(h)
	for h.Len() > 0 && (q.Size == 0 || len(out.Entries) < q.Size) {
		w := h.walks[0]
		if skip > 0 {
			skip--
		} else {
			out.Entries = append(out.Entries, Entry{Key: bytes.Clone(w.k), Value: bytes.Clone(w.v)})
		}
		if w.step(); w.k == nil {
			heap.Pop(h)
		} else {
			heap.Fix(h, 0)
		}
	}
	return out, nil
}

// Prefixes lists the distinct n-byte prefixes of bucket's keys in order
// (the staff ids of a bucket keyed staffID|…), one seek per prefix. Keys
// shorter than n are passed over.
func (tx *Tx) Prefixes(bucket string, n int) ([][]byte, error) {
	b, err := tx.Bucket(bucket)
	if err != nil || b == nil {
		return nil, err
	}
	var out [][]byte
	c := b.Cursor()
	for k, _ := c.First(); k != nil; {
		if len(k) < n {
			k, _ = c.Next()
			continue
		}
		p := bytes.Clone(k[:n])
		out = append(out, p)
		end := prefixEnd(p)
		if end == nil {
			break
		}
		k, _ = c.Seek(end)
	}
	return out, nil
}

// Decode unmarshals one stored JSON value of bucket.
func Decode[T any](bucket string, key, data []byte) (T, error) {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return v, fmt.Errorf("decode %s/%x: %w", bucket, key, err)
	}
	return v, nil
}

// prefixEnd is the smallest key greater than every key that begins with
// p, or nil when there is none (p is empty or all 0xff).
func prefixEnd(p []byte) []byte {
	end := bytes.Clone(p)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// spanWalk is a cursor over one span, in either direction, that stops on
// kept keys only.
type spanWalk struct {
	c     *bolt.Cursor
	span  Span
	desc  bool
	keep  func(k, v []byte) bool
	order int // the span's place in the query, for ties
	k, v  []byte
}

func newSpanWalk(b *bolt.Bucket, s Span, desc bool, keep func(k, v []byte) bool, order int) *spanWalk {
	return &spanWalk{c: b.Cursor(), span: s, desc: desc, keep: keep, order: order}
}

// start moves to the span's first key in the walk's direction.
func (w *spanWalk) start() {
	p := w.span.Prefix
	if !w.desc {
		w.k, w.v = w.c.Seek(append(bytes.Clone(p), w.span.From...))
		w.settle()
		return
	}
	var bound []byte
	if w.span.To != nil {
		bound = append(bytes.Clone(p), w.span.To...)
	} else {
		bound = prefixEnd(p)
	}
	if bound == nil {
		w.k, w.v = w.c.Last()
	} else if w.k, w.v = w.c.Seek(bound); w.k == nil {
		w.k, w.v = w.c.Last()
	} else {
		w.k, w.v = w.c.Prev()
	}
	w.settle()
}

// step moves to the next kept key of the span, or past its end (k nil).
func (w *spanWalk) step() {
	if w.desc {
		w.k, w.v = w.c.Prev()
	} else {
		w.k, w.v = w.c.Next()
	}
	w.settle()
}

// settle stops on the current key when it lies in the span and is kept,
// moves on past dropped keys, and ends the walk when it leaves the span.
func (w *spanWalk) settle() {
	for w.k != nil {
		if !w.inSpan() {
			w.k, w.v = nil, nil
			return
		}
		if w.keep == nil || w.keep(w.k, w.v) {
			return
		}
		if w.desc {
			w.k, w.v = w.c.Prev()
		} else {
			w.k, w.v = w.c.Next()
		}
	}
}

func (w *spanWalk) inSpan() bool {
	if !bytes.HasPrefix(w.k, w.span.Prefix) {
		return false
	}
	rest := w.k[len(w.span.Prefix):]
	if w.desc {
		return w.span.From == nil || bytes.Compare(rest, w.span.From) >= 0
	}
	return w.span.To == nil || bytes.Compare(rest, w.span.To) < 0
}

// spanHeap orders the walks by their current remainder.
type spanHeap struct {
	walks []*spanWalk
	desc  bool
}

func (h *spanHeap) Len() int { return len(h.walks) }
func (h *spanHeap) Less(i, j int) bool {
	a, b := h.walks[i], h.walks[j]
	c := bytes.Compare(a.k[len(a.span.Prefix):], b.k[len(b.span.Prefix):])
	if h.desc {
		c = -c
	}
	if c != 0 {
		return c < 0
	}
	return a.order < b.order
}
func (h *spanHeap) Swap(i, j int) { h.walks[i], h.walks[j] = h.walks[j], h.walks[i] }
func (h *spanHeap) Push(x any)    { h.walks = append(h.walks, x.(*spanWalk)) }
func (h *spanHeap) Pop() any {
	w := h.walks[len(h.walks)-1]
	h.walks = h.walks[:len(h.walks)-1]
	return w
}
