package store

// One page of the audit log, found through the search indexes
// (audit_index.go) by key range: never a walk of the whole chain, never
// more than MaxScan index keys looked at for one page.

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// AuditQuery asks for one page of the audit log, newest first.
type AuditQuery struct {
	Actor  string    // only this actor's entries ("" for everyone)
	Action string    // only this action ("" for all)
	From   time.Time // only entries at or after From (zero: no bound)
	To     time.Time // only entries before To (zero: no bound)
	// Older asks for the page just below this position (the previous
	// page's Older); Newer for the page just above it (its Newer). Both
	// empty: the newest page.
	Older, Newer AuditCursor
	Size         int // entries on a page; default 50
	// MaxScan bounds the index keys looked at for one page (default
	// 20000): a rare action by a busy actor stops there and says where to
	// go on.
	MaxScan int
}

// AuditCursor is a position in the log: an entry's time and number. The
// zero cursor is no position. Its text form travels in links.
type AuditCursor struct {
	pos []byte
}

// IsZero reports whether c is no position.
func (c AuditCursor) IsZero() bool { return len(c.pos) != 16 }

// String is the cursor's text form: "<unix nanoseconds>-<seq>".
func (c AuditCursor) String() string {
	if c.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d-%d", binary.BigEndian.Uint64(c.pos), binary.BigEndian.Uint64(c.pos[8:]))
}

// ErrBadCursor is returned by ParseAuditCursor for text that is no cursor.
var ErrBadCursor = errors.New("not an audit log position")

// ParseAuditCursor reads a cursor's text form; "" is the zero cursor.
func ParseAuditCursor(s string) (AuditCursor, error) {
	if s == "" {
		return AuditCursor{}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	ns, err1 := strconv.ParseUint(a, 10, 64)
	seq, err2 := strconv.ParseUint(b, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return AuditCursor{}, ErrBadCursor
	}
	pos := make([]byte, 16)
	binary.BigEndian.PutUint64(pos, ns)
	binary.BigEndian.PutUint64(pos[8:], seq)
	return AuditCursor{pos: pos}, nil
}

// AuditPage is one page of entries, newest first.
type AuditPage struct {
	Entries []AuditEntry
	// Older and Newer are where the neighbouring pages start; zero when
	// there is nothing more that way.
	Older, Newer AuditCursor
	// Stopped is true when MaxScan index keys were looked at before the
	// page was full: Older then continues the search from where it
	// stopped, and there may or may not be more.
	Stopped bool
}

// SearchAudit returns one page of the entries that match q.
func (db *DB) SearchAudit(q AuditQuery) (AuditPage, error) {
	if q.Size <= 0 {
		q.Size = 50
	}
	if q.MaxScan <= 0 {
		q.MaxScan = 20000
	}
	var page AuditPage
	err := db.View(func(tx *Tx) error {
		w := newAuditWalk(tx, q)
		if w == nil {
			return nil
		}
		var positions [][]byte
		if !q.Newer.IsZero() {
			// Walk up from the cursor, then show the page newest first.
			positions, page.Stopped = w.collect(q.Newer.pos, false, q.Size+1)
			more := len(positions) > q.Size
			if more {
				positions = positions[:q.Size]
			}
			reverse(positions)
			switch {
			case page.Stopped:
				page.Newer = AuditCursor{pos: w.stoppedAt}
			case more:
				page.Newer = AuditCursor{pos: positions[0]}
			}
			page.Older = q.Newer
			if len(positions) > 0 {
				page.Older = AuditCursor{pos: positions[len(positions)-1]}
			}
		} else {
			positions, page.Stopped = w.collect(q.Older.pos, true, q.Size+1)
			more := len(positions) > q.Size
			if more {
				positions = positions[:q.Size]
			}
			switch {
			case page.Stopped:
				page.Older = AuditCursor{pos: w.stoppedAt}
			case more:
				page.Older = AuditCursor{pos: positions[len(positions)-1]}
			}
			if !q.Older.IsZero() {
				page.Newer = q.Older
				if len(positions) > 0 {
					page.Newer = AuditCursor{pos: positions[0]}
				}
			}
		}
		audit, _ := tx.Bucket(bucketAudit)
		for _, pos := range positions {
			seq := binary.BigEndian.Uint64(pos[8:])
			data := audit.Get(IDKey(seq))
			if data == nil {
				continue // the index outlived a damaged chain; verify says so
			}
			var e AuditEntry
			if err := json.Unmarshal(data, &e); err != nil {
				return fmt.Errorf("audit entry %d: %w", seq, err)
			}
			page.Entries = append(page.Entries, e)
		}
		return nil
	})
	return page, err
}

func reverse(xs [][]byte) {
	for i, j := 0, len(xs)-1; i < j; i, j = i+1, j-1 {
		xs[i], xs[j] = xs[j], xs[i]
	}
}

// auditWalk walks one index over the query's prefix and time range.
type auditWalk struct {
	b         *bolt.Bucket
	prefix    []byte // name 0x00, or nothing for the time index
	from, to  []byte // positions bounding the range: from ≤ pos < to
	keep      func(v []byte) bool
	maxScan   int
	stoppedAt []byte // where a walk that hit maxScan stopped
}

// newAuditWalk picks the index: the actor's when an actor is asked for
// (filtering on the action, which its values hold), the action's when
// only an action is, else the time index. nil when the index is missing.
func newAuditWalk(tx *Tx, q AuditQuery) *auditWalk {
	w := &auditWalk{maxScan: q.MaxScan}
	name := ""
	switch {
	case q.Actor != "":
		name, w.b = q.Actor, tx.btx.Bucket([]byte(bucketAuditByActor))
		if q.Action != "" {
			want := []byte(q.Action)
			w.keep = func(v []byte) bool { return bytes.Equal(v, want) }
		}
	case q.Action != "":
		name, w.b = q.Action, tx.btx.Bucket([]byte(bucketAuditByAction))
	default:
		w.b = tx.btx.Bucket([]byte(bucketAuditByTime))
	}
	if w.b == nil {
		return nil
	}
	if name != "" {
		w.prefix = append([]byte(name), 0)
	}
	if !q.From.IsZero() {
		w.from = timePos(q.From)
	}
	if !q.To.IsZero() {
		w.to = timePos(q.To)
	}
	return w
}

// timePos is the first position at instant t.
func timePos(t time.Time) []byte {
	return auditPos(&AuditEntry{Time: t})
}

// collect gathers up to n positions strictly beyond cursor (all of the
// range when cursor is nil) going down (older) or up (newer). stopped is
// true when maxScan keys were looked at first.
func (w *auditWalk) collect(cursor []byte, down bool, n int) (out [][]byte, stopped bool) {
	c := w.b.Cursor()
	var k, v []byte
	if down {
		bound := w.to
		if cursor != nil && (bound == nil || bytes.Compare(cursor, bound) < 0) {
			bound = cursor
		}
		if bound == nil {
			k, v = seekLast(c, w.prefix)
		} else if k, v = c.Seek(append(bytes.Clone(w.prefix), bound...)); k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
	} else {
		start := w.from
		if cursor != nil && (start == nil || bytes.Compare(cursor, start) >= 0) {
			start = cursor
		}
		k, v = c.Seek(append(bytes.Clone(w.prefix), start...))
		if cursor != nil && k != nil && bytes.Equal(k[len(w.prefix):], cursor) {
			k, v = c.Next()
		}
	}
	for scanned := 0; k != nil && bytes.HasPrefix(k, w.prefix) && len(out) < n; scanned++ {
		pos := k[len(w.prefix):]
		if len(pos) != 16 || (w.from != nil && bytes.Compare(pos, w.from) < 0) || (w.to != nil && bytes.Compare(pos, w.to) >= 0) {
			break
		}
		if scanned == w.maxScan {
			// pos itself was not looked at: the next walk starts with it.
			w.stoppedAt = stepPos(pos, down)
			return out, true
		}
		if w.keep == nil || w.keep(v) {
			out = append(out, bytes.Clone(pos))
		}
		if down {
			k, v = c.Prev()
		} else {
			k, v = c.Next()
		}
	}
	return out, false
}

// stepPos is the cursor from which a walk down (or up) starts at pos: the
// position just above (below) it.
func stepPos(pos []byte, down bool) []byte {
	seq := binary.BigEndian.Uint64(pos[8:])
	if down {
		seq++
	} else {
		seq--
	}
	out := bytes.Clone(pos)
	binary.BigEndian.PutUint64(out[8:], seq)
	return out
}

// seekLast moves to the last key with prefix (the bucket's last key when
// prefix is empty).
func seekLast(c *bolt.Cursor, prefix []byte) ([]byte, []byte) {
	if len(prefix) == 0 {
		return c.Last()
	}
	end := bytes.Clone(prefix)
	end[len(end)-1]++ // name 0x01: just past every key of name 0x00
	if k, _ := c.Seek(end); k != nil {
		return c.Prev()
	}
	return c.Last()
}
