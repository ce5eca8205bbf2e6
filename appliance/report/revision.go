package report

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/attendance"
	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Buckets.
const (
	bucketRevisions = "report.revisions" // IDKey(id) → storedRevision: the frozen report
	bucketIndex     = "report.index"     // IDKey(id) → RevisionInfo, for listing without the data
	bucketByPeriod  = "report.by_period" // kind 0 period 0 rev(4) → IDKey(id)
)

// MaxNoteRunes bounds a revision's note.
const MaxNoteRunes = 200

// Keys of refused publishing.
const (
	keyUnfinished = "report.err.unfinished"
	keyNoteLong   = "report.err.note_long"
)

// RevisionInfo is one published revision of a period's report, without
// its data.
type RevisionInfo struct {
	ID          uint64    `json:"id"` // unique among all revisions
	Period      Period    `json:"period"`
	Revision    int       `json:"revision"` // 1, 2, … within the period and kind
	PublishedBy string    `json:"published_by"`
	PublishedAt time.Time `json:"published_at"`
	Note        string    `json:"note,omitempty"` // why a later revision was published
	// DocNo is the revision's document number (青山便民〔2026〕12号),
	// allocated at publication; LetterNos the numbers of a monthly
	// summary's letters, by home unit id. Revisions published before
	// documents were numbered have none.
	DocNo     string            `json:"doc_no,omitempty"`
	LetterNos map[uint64]string `json:"letter_nos,omitempty"`
}

// Kind is the revision's report kind.
func (i RevisionInfo) Kind() Kind { return i.Period.Kind }

// NoticeRef is a published weekly notice as an objection names it: the
// objection window runs from PublishedAt.
func (i RevisionInfo) NoticeRef() attendance.NoticeRef {
	return attendance.NoticeRef{ID: i.ID, PublishedAt: i.PublishedAt, WeekStart: i.Period.Key}
}

// Revision is a published revision with its frozen report.
type Revision struct {
	RevisionInfo
	Report Report
	// Data is the report exactly as it was stored.
	Data json.RawMessage
}

// storedRevision is a revision as stored and as uploaded.
type storedRevision struct {
	RevisionInfo
	Report json.RawMessage `json:"report"`
}

// Publish freezes r as the next revision of its period and kind.
func Publish(db *store.DB, actor string, r *Report, note string) (RevisionInfo, error) {
	var info RevisionInfo
	err := db.Update(actor, func(tx *store.Tx) error {
		var err error
		info, err = PublishTx(tx, r, note)
		return err
	})
	return info, err
}

// PublishTx stores r, in tx, as revision n+1 of its period (n the
// revisions so far), published by the transaction's actor now, with an
// audit entry ("report.publish" on "report/<id>") and an outbox record
// ("report") holding the whole report for the county. A report of a period
// that had not ended when it was built, or that names nobody, is refused.
func PublishTx(tx *store.Tx, r *Report, note string) (RevisionInfo, error) {
	note = strings.TrimSpace(note)
	switch {
	case r.Until != "":
		return RevisionInfo{}, problem.New("", keyUnfinished, "Until", r.Until)
	case utf8.RuneCountInString(note) > MaxNoteRunes:
		return RevisionInfo{}, problem.New("note", keyNoteLong, "Max", MaxNoteRunes)
	case r.people() == 0:
		return RevisionInfo{}, problem.New("", keyEmptyReport)
	}
	data, err := json.Marshal(r)
	if err != nil {
		return RevisionInfo{}, fmt.Errorf("encode report: %w", err)
	}
	prev, err := periodRevisions(tx, r.Period.Kind, r.Period.Key)
	if err != nil {
		return RevisionInfo{}, err
	}
	id, err := tx.NextID(bucketRevisions)
	if err != nil {
		return RevisionInfo{}, err
	}
	info := RevisionInfo{ID: id, Period: r.Period, Revision: len(prev) + 1, PublishedBy: tx.Actor(), PublishedAt: tx.Now().UTC(), Note: note}
	if info.DocNo, err = allocDocNo(tx, string(r.Period.Kind)); err != nil {
		return RevisionInfo{}, err
	}
	if r.Monthly != nil {
		info.LetterNos = map[uint64]string{}
		for _, u := range r.Monthly.Units {
			if info.LetterNos[u.UnitID], err = allocDocNo(tx, SeriesLetter); err != nil {
				return RevisionInfo{}, err
			}
		}
	}
	stored := storedRevision{RevisionInfo: info, Report: data}
	if err := tx.Put(bucketRevisions, store.IDKey(id), stored); err != nil {
		return RevisionInfo{}, err
	}
	if err := tx.Put(bucketIndex, store.IDKey(id), info); err != nil {
		return RevisionInfo{}, err
	}
	b, err := tx.Bucket(bucketByPeriod)
	if err != nil {
		return RevisionInfo{}, err
	}
	if err := b.Put(periodKey(r.Period.Kind, r.Period.Key, info.Revision), store.IDKey(id)); err != nil {
		return RevisionInfo{}, err
	}
	summary := map[string]any{"kind": r.Period.Kind, "period": r.Period.Key, "revision": info.Revision, "note": note, "preset": r.Preset, "doc_no": info.DocNo}
	if err := tx.Audit("report.publish", fmt.Sprintf("report/%d", id), nil, summary); err != nil {
		return RevisionInfo{}, err
	}
	return info, tx.Outbox("report", stored)
}

// people is how many people the report names.
func (r *Report) people() int {
	n := 0
	switch {
	case r.Weekly != nil:
		for _, u := range r.Weekly.Units {
			n += len(u.Staff)
		}
	case r.Monthly != nil:
		for _, u := range r.Monthly.Units {
			n += len(u.Staff)
		}
	case r.Quarterly != nil:
		n = len(r.Quarterly.Staff)
	}
	return n
}

func periodPrefix(kind Kind, key string) []byte {
	return []byte(string(kind) + "\x00" + key + "\x00")
}

func periodKey(kind Kind, key string, rev int) []byte {
	return binary.BigEndian.AppendUint32(periodPrefix(kind, key), uint32(rev))
}

// periodRevisions returns the ids of a period's revisions, oldest first.
func periodRevisions(tx *store.Tx, kind Kind, key string) ([]uint64, error) {
	b, err := tx.Bucket(bucketByPeriod)
	if err != nil || b == nil {
		return nil, err
	}
	var out []uint64
	prefix := periodPrefix(kind, key)
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		out = append(out, store.KeyID(v))
	}
	return out, nil
}

// PeriodRevisions lists the revisions of one period's report, oldest first.
func PeriodRevisions(db *store.DB, kind Kind, key string) ([]RevisionInfo, error) {
	var out []RevisionInfo
	err := db.View(func(tx *store.Tx) error {
		ids, err := periodRevisions(tx, kind, key)
		for _, id := range ids {
			var info RevisionInfo
			if err := tx.Get(bucketIndex, store.IDKey(id), &info); err != nil {
				return err
			}
			out = append(out, info)
		}
		return err
	})
	return out, err
}

// Filter selects revisions for ListRevisions; the zero value lists all.
type Filter struct {
	Kinds []Kind // empty: every kind
	Limit int    // 0: no limit
	// Since, when set, lists only the revisions published at or after it:
	// the walk from the newest stops at the first older one (revisions are
	// numbered in the order they are published).
	Since time.Time
}

// ListRevisions lists published revisions, newest first.
func ListRevisions(db *store.DB, f Filter) ([]RevisionInfo, error) {
	var out []RevisionInfo
	err := db.View(func(tx *store.Tx) error {
		b, _ := tx.Bucket(bucketIndex)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil && (f.Limit == 0 || len(out) < f.Limit); k, v = c.Prev() {
			var info RevisionInfo
			if err := json.Unmarshal(v, &info); err != nil {
				return fmt.Errorf("decode %s/%x: %w", bucketIndex, k, err)
			}
			if info.PublishedAt.Before(f.Since) {
				break
			}
			if len(f.Kinds) == 0 || slices.Contains(f.Kinds, info.Kind()) {
				out = append(out, info)
			}
		}
		return nil
	})
	return out, err
}

// Open reads a published revision; an unknown id is a problem
// (report.err.not_found) that wraps store.ErrNotFound.
func Open(db *store.DB, id uint64) (Revision, error) {
	var rev Revision
	err := db.View(func(tx *store.Tx) error {
		var err error
		rev, err = OpenTx(tx, id)
		return err
	})
	return rev, err
}

// OpenTx is Open inside a transaction.
func OpenTx(tx *store.Tx, id uint64) (Revision, error) {
	var s storedRevision
	if err := tx.Get(bucketRevisions, store.IDKey(id), &s); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return Revision{}, notFound(id)
		}
		return Revision{}, err
	}
	rev := Revision{RevisionInfo: s.RevisionInfo, Data: s.Report}
	if err := json.Unmarshal(s.Report, &rev.Report); err != nil {
		return Revision{}, fmt.Errorf("decode report %d: %w", id, err)
	}
	return rev, nil
}

// notFound is a problem that is also store.ErrNotFound.
func notFound(id uint64) error {
	return fmt.Errorf("%w (%w)", problem.New("id", keyNoSuchID, "ID", id), store.ErrNotFound)
}

// NoticeForWeek returns the latest published revision of the weekly notice
// of the week starting weekStart (YYYY-MM-DD, a Monday); ok is false when
// none was published. Objections name it (RevisionInfo.NoticeRef).
func NoticeForWeek(tx *store.Tx, weekStart string) (info RevisionInfo, ok bool, err error) {
	ids, err := periodRevisions(tx, Weekly, weekStart)
	if err != nil || len(ids) == 0 {
		return RevisionInfo{}, false, err
	}
	err = tx.Get(bucketIndex, store.IDKey(ids[len(ids)-1]), &info)
	return info, err == nil, err
}

// NoticeRefTx returns the NoticeRef of the published weekly notice id; an
// id that is not a weekly notice is not found.
func NoticeRefTx(tx *store.Tx, id uint64) (attendance.NoticeRef, error) {
	var info RevisionInfo
	if err := tx.Get(bucketIndex, store.IDKey(id), &info); err != nil || info.Kind() != Weekly {
		if err == nil || errors.Is(err, store.ErrNotFound) {
			return attendance.NoticeRef{}, notFound(id)
		}
		return attendance.NoticeRef{}, err
	}
	return info.NoticeRef(), nil
}
