package assess

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

const (
	bucketInspections = "assess.inspections"       // staffID|at|id → Inspection
	bucketInspByID    = "assess.inspections_by_id" // id → key
	bucketPhotos      = "assess.photos"            // inspection id → the photo's bytes
)

// MaxPhotoBytes bounds an inspection's photo: a phone photo (as leave
// attachments, appliance/leave MaxFileBytes).
const MaxPhotoBytes = 4 << 20

// Photo is an inspection's photo as the record lists it; the bytes are
// kept in the store (so backups carry them) and never uploaded.
type Photo struct {
	Type   string `json:"type"` // image/jpeg or image/png
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// Inspection is one event an inspector observed on a round (督查): who,
// when, which catalog item, a note and an optional photo. The item's
// points and cite are kept as they were when it was recorded, so a later
// change of the catalog does not rewrite a published month. Never edited;
// an upheld objection removes its deduction instead.
type Inspection struct {
	ID         uint64    `json:"id"`
	StaffID    uint64    `json:"staff_id"`
	At         time.Time `json:"at"`
	Item       string    `json:"item"`
	Name       string    `json:"name,omitempty"` // a custom item's name when recorded
	Points     int       `json:"points"`
	Cite       Cite      `json:"cite"`
	Note       string    `json:"note,omitempty"`
	Photo      *Photo    `json:"photo,omitempty"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// NewInspection is what the inspector hands in.
type NewInspection struct {
	StaffID uint64
	At      time.Time
	Item    string
	Note    string
	Photo   []byte // empty: none
}

func inspectionKey(staffID uint64, at time.Time, id uint64) []byte {
	k := make([]byte, 24)
	binary.BigEndian.PutUint64(k, staffID)
	binary.BigEndian.PutUint64(k[8:], uint64(at.UnixNano()))
	binary.BigEndian.PutUint64(k[16:], id)
	return k
}

func instantKey(t time.Time) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, uint64(t.UnixNano()))
	return k
}

// photoType reads a photo's type from its first bytes: JPEG and PNG only.
func photoType(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg", true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", true
	}
	return "", false
}

// RecordInspection checks and stores an observed event: a staff member
// serving that day, a moment not in the future, an item of the catalog
// inspectors record, a note of at most MaxNoteRunes, a JPEG or PNG photo
// of at most MaxPhotoBytes. actor is the inspector (or the office).
func (s *Service) RecordInspection(actor string, n NewInspection) (Inspection, error) {
	return store.Write(s.db, actor, func(tx *store.Tx) (Inspection, error) {
		var probs problem.List
		st, err := staff.GetStaffTx(tx, n.StaffID)
		switch {
		case errors.Is(err, staff.ErrNotFound) || n.StaffID == 0:
			probs.Add(problem.New("staff", "assess.err.staff"))
		case err != nil:
			return Inspection{}, err
		case n.At.IsZero() || n.At.After(tx.Now()):
			probs.Add(problem.New("at", "assess.err.at_future"))
		case !store.RecordDateOK(n.At):
			probs.Add(problem.New("at", "assess.err.at_range"))
		case !st.Serves(tx.DateOf(n.At)):
			probs.Add(problem.New("staff", "assess.err.not_serving", "Name", st.Name, "Date", tx.DateOf(n.At)))
		}
		rules, err := RulesTx(tx)
		if err != nil {
			return Inspection{}, err
		}
		it, ok := rules.Item(n.Item)
		if !ok || it.Feed != FeedInspection || it.Off {
			probs.Add(problem.New("item", "assess.err.item"))
		}
		note := strings.TrimSpace(n.Note)
		if utf8.RuneCountInString(note) > MaxNoteRunes {
			probs.Add(problem.New("note", "assess.err.note_long", "Max", MaxNoteRunes))
		}
		var photo *Photo
		if len(n.Photo) > 0 {
			typ, ok := photoType(n.Photo)
			switch {
			case len(n.Photo) > MaxPhotoBytes:
				probs.Add(problem.New("photo", "assess.err.photo_size", "MaxMiB", MaxPhotoBytes>>20))
			case !ok:
				probs.Add(problem.New("photo", "assess.err.photo_type"))
			default:
				sum := sha256.Sum256(n.Photo)
				photo = &Photo{Type: typ, Size: len(n.Photo), SHA256: hex.EncodeToString(sum[:])}
			}
		}
		if err := probs.Err(); err != nil {
			return Inspection{}, err
		}
		id, err := tx.NextID(bucketInspByID)
		if err != nil {
			return Inspection{}, err
		}
		in := Inspection{ID: id, StaffID: st.ID, At: n.At.Truncate(time.Minute).UTC(), Item: it.Key, Points: it.Points, Cite: it.Cite,
			Note: note, Photo: photo, RecordedBy: tx.Actor(), RecordedAt: tx.Now().UTC()}
		if it.Custom {
			in.Name = it.Name
		}
		key := inspectionKey(in.StaffID, in.At, id)
		if err := tx.Put(bucketInspections, key, in); err != nil {
			return Inspection{}, err
		}
		idx, err := tx.Bucket(bucketInspByID)
		if err != nil {
			return Inspection{}, err
		}
		if err := idx.Put(store.IDKey(id), key); err != nil {
			return Inspection{}, err
		}
		if photo != nil {
			pb, err := tx.Bucket(bucketPhotos)
			if err != nil {
				return Inspection{}, err
			}
			if err := pb.Put(store.IDKey(id), n.Photo); err != nil {
				return Inspection{}, err
			}
		}
		return in, tx.AuditAndOutbox("assess.inspect", inspectionObject(id), "assess_inspection", nil, in)
	})
}

func inspectionObject(id uint64) string { return fmt.Sprintf("inspection/%d", id) }

// ErrNotFound is a record that does not exist.
var ErrNotFound = errors.New("assess: not found")

// InspectionTx reads one inspection by id.
func InspectionTx(tx *store.Tx, id uint64) (Inspection, error) {
	idx, err := tx.Bucket(bucketInspByID)
	if err != nil || idx == nil {
		return Inspection{}, cmpErr(err)
	}
	key := idx.Get(store.IDKey(id))
	if key == nil {
		return Inspection{}, ErrNotFound
	}
	return store.GetAs[Inspection](tx, bucketInspections, key)
}

func cmpErr(err error) error {
	if err != nil {
		return err
	}
	return ErrNotFound
}

// PhotoOf is an inspection's photo: its type and bytes.
func (s *Service) PhotoOf(id uint64) (Photo, []byte, error) {
	type out struct {
		p    Photo
		data []byte
	}
	o, err := store.Read(s.db, func(tx *store.Tx) (out, error) {
		in, err := InspectionTx(tx, id)
		if err != nil {
			return out{}, err
		}
		if in.Photo == nil {
			return out{}, ErrNotFound
		}
		pb, err := tx.Bucket(bucketPhotos)
		if err != nil || pb == nil {
			return out{}, cmpErr(err)
		}
		return out{*in.Photo, bytes.Clone(pb.Get(store.IDKey(id)))}, nil
	})
	return o.p, o.data, err
}

// InspectionsTx lists one staff member's inspections at from ≤ At < to,
// oldest first.
func InspectionsTx(tx *store.Tx, staffID uint64, from, to time.Time) ([]Inspection, error) {
	pg, err := tx.Page(store.Query{Bucket: bucketInspections,
		Spans: []store.Span{{Prefix: store.IDKey(staffID), From: instantKey(from), To: instantKey(to)}}})
	if err != nil {
		return nil, err
	}
	out := make([]Inspection, 0, len(pg.Entries))
	for _, e := range pg.Entries {
		in, err := store.Decode[Inspection](bucketInspections, e.Key, e.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

// InspectionPage is one page of inspections of a span, newest first,
// with the people they name.
type InspectionPage struct {
	Rows               []Inspection
	People             map[uint64]staff.Staff
	Total, Page, Pages int
}

// Inspection reads one inspection.
func (s *Service) Inspection(id uint64) (Inspection, error) {
	return store.Read(s.db, func(tx *store.Tx) (Inspection, error) { return InspectionTx(tx, id) })
}

// Inspections reads one page of everyone's inspections at from ≤ At < to,
// newest first, paged by key range.
func (s *Service) Inspections(from, to time.Time, page, size int) (InspectionPage, error) {
	return s.inspectionPage(nil, true, from, to, page, size)
}

// InspectionsOf is Inspections for some staff members only.
func (s *Service) InspectionsOf(staffIDs []uint64, from, to time.Time, page, size int) (InspectionPage, error) {
	return s.inspectionPage(staffIDs, false, from, to, page, size)
}

func (s *Service) inspectionPage(ids []uint64, all bool, from, to time.Time, page, size int) (InspectionPage, error) {
	return store.Read(s.db, func(tx *store.Tx) (InspectionPage, error) {
		ip := InspectionPage{People: map[uint64]staff.Staff{}}
		var prefixes [][]byte
		if all {
			var err error
			if prefixes, err = tx.Prefixes(bucketInspections, 8); err != nil {
				return ip, err
			}
		}
		for _, id := range ids {
			if id != 0 {
				prefixes = append(prefixes, store.IDKey(id))
			}
		}
		if len(prefixes) == 0 {
			ip.Page, ip.Pages = 1, 1
			return ip, nil
		}
		spans := make([]store.Span, len(prefixes))
		for i, p := range prefixes {
			spans[i] = store.Span{Prefix: p, From: instantKey(from), To: instantKey(to)}
		}
		pg, err := tx.Page(store.Query{Bucket: bucketInspections, Spans: spans, Desc: true, Page: page, Size: size})
		if err != nil {
			return ip, err
		}
		ip.Total, ip.Page, ip.Pages = pg.Total, pg.Page, pg.Pages
		for _, e := range pg.Entries {
			in, err := store.Decode[Inspection](bucketInspections, e.Key, e.Value)
			if err != nil {
				return ip, err
			}
			ip.Rows = append(ip.Rows, in)
			if _, ok := ip.People[in.StaffID]; !ok {
				if st, err := staff.GetStaffTx(tx, in.StaffID); err == nil {
					ip.People[in.StaffID] = st
				}
			}
		}
		return ip, nil
	})
}
