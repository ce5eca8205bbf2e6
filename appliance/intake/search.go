package intake

import (
	"bytes"
	"encoding/binary"
	"strings"
	"time"

	"bianmin/appliance/store"
)

// NormalizeName is a name as the name index keeps it: white space
// removed, Latin letters in lower case.
func NormalizeName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

// Query asks for one page of cases. Every field is optional; the most
// selective one given picks the index walked (number, phone, name, item,
// status, unit, received time), the others filter its entries by their
// summary without decoding a case.
type Query struct {
	Number string // the whole case number: one case
	Name   string // the applicant's name, or its beginning
	Phone  string // the applicant's phone, or its beginning
	ItemID uint64
	Status Status
	UnitID uint64
	// From and To bound the receipt (From ≤ received < To); zero: open.
	From, To time.Time
	Page     int // 1-based
	Size     int // default 50
}

// Page is one page of cases, newest receipt first.
type Page struct {
	Cases              []Case
	Total, Page, Pages int
}

// DefaultPageSize is a page's size when the query gives none.
const DefaultPageSize = 50

// Search reads one page of the cases the query asks for, newest first.
func (s *Service) Search(q Query) (Page, error) {
	return store.Read(s.db, func(tx *store.Tx) (Page, error) { return SearchTx(tx, q) })
}

// SearchTx is Search in a transaction.
func SearchTx(tx *store.Tx, q Query) (Page, error) {
	if q.Size <= 0 {
		q.Size = DefaultPageSize
	}
	if n := strings.TrimSpace(q.Number); n != "" {
		return byNumber(tx, n)
	}
	sq := store.Query{Desc: true, Page: q.Page, Size: q.Size}
	filter := q
	switch {
	case strings.TrimSpace(q.Phone) != "":
		sq.Bucket, sq.Spans = bucketByPhone, []store.Span{{Prefix: []byte(strings.ReplaceAll(strings.TrimSpace(q.Phone), " ", ""))}}
	case NormalizeName(q.Name) != "":
		sq.Bucket, sq.Spans = bucketByName, []store.Span{{Prefix: []byte(NormalizeName(q.Name))}}
	case q.ItemID != 0:
		sq.Bucket, sq.Spans = bucketByItem, []store.Span{timeSpan(store.IDKey(q.ItemID), q.From, q.To)}
		filter.ItemID = 0
	case q.Status != "":
		sq.Bucket, sq.Spans = bucketByStatus, []store.Span{timeSpan([]byte{q.Status.code()}, q.From, q.To)}
		filter.Status = ""
	case q.UnitID != 0:
		sq.Bucket, sq.Spans = bucketByUnit, []store.Span{timeSpan(store.IDKey(q.UnitID), q.From, q.To)}
		filter.UnitID = 0
	default:
		sq.Bucket, sq.Spans = bucketByTime, []store.Span{timeSpan(nil, q.From, q.To)}
	}
	sq.Keep = filter.keep()
	page, err := tx.Page(sq)
	if err != nil {
		return Page{}, err
	}
	out := Page{Total: page.Total, Page: page.Page, Pages: page.Pages}
	for _, e := range page.Entries {
		c, err := GetTx(tx, binary.BigEndian.Uint64(e.Key[len(e.Key)-8:]))
		if err != nil {
			return Page{}, err
		}
		out.Cases = append(out.Cases, c)
	}
	return out, nil
}

func byNumber(tx *store.Tx, number string) (Page, error) {
	out := Page{Page: 1, Pages: 1}
	b, err := tx.Bucket(bucketNumber)
	if err != nil || b == nil {
		return out, err
	}
	id := b.Get([]byte(number))
	if id == nil {
		return out, nil
	}
	c, err := GetTx(tx, store.KeyID(id))
	if err != nil {
		return out, err
	}
	out.Cases, out.Total = []Case{c}, 1
	return out, nil
}

// timeSpan is the span of prefix's keys received in [from, to).
func timeSpan(prefix []byte, from, to time.Time) store.Span {
	sp := store.Span{Prefix: prefix}
	if !from.IsZero() {
		sp.From = store.IDKey(uint64(from.UnixNano()))
	}
	if !to.IsZero() {
		sp.To = store.IDKey(uint64(to.UnixNano()))
	}
	return sp
}

// keep filters index entries (key …|received(8)|id(8), value the summary)
// on the fields the walked index does not order by.
func (q Query) keep() func(k, v []byte) bool {
	var from, to uint64
	if !q.From.IsZero() {
		from = uint64(q.From.UnixNano())
	}
	if !q.To.IsZero() {
		to = uint64(q.To.UnixNano())
	}
	status := byte(0)
	if q.Status != "" {
		status = q.Status.code()
	}
	if from == 0 && to == 0 && status == 0 && q.UnitID == 0 && q.ItemID == 0 {
		return nil
	}
	unit, item := store.IDKey(q.UnitID), store.IDKey(q.ItemID)
	return func(k, v []byte) bool {
		if len(k) < 16 || len(v) != summaryLen {
			return false
		}
		t := binary.BigEndian.Uint64(k[len(k)-16:])
		switch {
		case from != 0 && t < from, to != 0 && t >= to:
			return false
		case status != 0 && v[0] != status:
			return false
		case q.UnitID != 0 && !bytes.Equal(v[1:9], unit):
			return false
		case q.ItemID != 0 && !bytes.Equal(v[9:17], item):
			return false
		}
		return true
	}
}
