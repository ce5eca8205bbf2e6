package county

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"sort"
	"strings"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/auditlog"
	"bianmin/appliance/boxkey"
	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Buckets.
const (
	bucketBoxes     = "county.boxes"
	bucketBoxByKey  = "county.box_by_key"
	bucketEpochs    = "county.epochs"
	bucketBatches   = "county.batches"
	bucketRecords   = "county.records"
	bucketRecordIDs = "county.record_ids"
	bucketByKind    = "county.by_kind"
	bucketHeads     = "county.heads"
	bucketFlags     = "county.flags"
	bucketFlagsBox  = "county.flags_box"
)

// Box is a township's box registered with the county.
type Box struct {
	ID          uint64    `json:"id"`
	Name        string    `json:"name"` // the township (乡镇) name
	Area        string    `json:"area"` // administrative division code
	Key         string    `json:"key"`  // ed25519 public key, base64
	Fingerprint string    `json:"fingerprint"`
	Added       time.Time `json:"added"`
	AddedBy     string    `json:"added_by"`

	LastContact time.Time `json:"last_contact,omitzero"`
	LastVia     string    `json:"last_via,omitempty"`
	// Epoch is the box's latest epoch; Epochs how many it has uploaded
	// under (each restore of its store starts one).
	Epoch  string `json:"epoch,omitempty"`
	Epochs int    `json:"epochs"`
	// Backlog is what the box still had to send when it made its latest
	// stored batch; LastBatch that batch's creation time.
	Backlog   uint64    `json:"backlog"`
	LastBatch time.Time `json:"last_batch,omitzero"`
	// Held counts batches kept after a gap, waiting for the gap to fill.
	Held int `json:"held"`
	// Records counts the records stored, Counts them by kind.
	Records uint64         `json:"records"`
	Counts  map[string]int `json:"counts,omitempty"`
	// HeadSeq and HeadHash are the latest audit head received.
	HeadSeq  uint64 `json:"head_seq"`
	HeadHash string `json:"head_hash,omitempty"`
	Flags    int    `json:"flags"`
}

// Epoch is one epoch of a box.
type Epoch struct {
	ID      string    `json:"id"`
	First   time.Time `json:"first"` // when its first batch arrived
	Acked   uint64    `json:"acked"` // 1..Acked are stored
	Held    int       `json:"held"`
	Batches int       `json:"batches"`
}

type batchRec struct {
	Seq      uint64    `json:"seq"`
	Hash     string    `json:"hash"`
	Received time.Time `json:"received"`
	Via      string    `json:"via"`
	Records  int       `json:"records"`
	New      int       `json:"new"` // records not stored before
	Held     bool      `json:"held,omitempty"`
	Data     []byte    `json:"data,omitempty"` // a held batch's sealed bytes
}

// Record is one record as the county keeps it.
type Record struct {
	N       uint64          `json:"n"`
	Kind    string          `json:"kind"`
	Time    time.Time       `json:"time"` // committed on the box
	Payload json.RawMessage `json:"payload"`
	Epoch   string          `json:"epoch"`
	Batch   uint64          `json:"batch"`
	Outbox  uint64          `json:"outbox"` // the box's outbox number
}

// Head is one audit head received from a box.
type Head struct {
	auditlog.Head
	Epoch    string    `json:"epoch"`
	Batch    uint64    `json:"batch"`
	Received time.Time `json:"received"`
}

// Flag kinds.
const (
	FlagForged   = "forged"    // a batch whose signature does not match
	FlagUnknown  = "unknown"   // a batch signed by a key no box was registered with
	FlagConflict = "conflict"  // the same sequence number with other content
	FlagChain    = "chain"     // the audit chain no longer runs through an earlier head
	FlagRewound  = "rewound"   // an audit head older than one received before
	FlagMalformd = "malformed" // not a batch
)

// Flag is something about a box a county admin should look at.
type Flag struct {
	N      uint64    `json:"n"`
	Box    uint64    `json:"box"` // 0: no registered box
	Kind   string    `json:"kind"`
	Time   time.Time `json:"time"`
	Epoch  string    `json:"epoch,omitempty"`
	Seq    uint64    `json:"seq,omitempty"`
	Via    string    `json:"via,omitempty"`
	Detail string    `json:"detail"`
}

// County is countyd's store.
type County struct {
	db     *store.DB
	logger *slog.Logger
	days   attendance.WorkingDays // SetWorkdays (rollup.go)
}

// New returns the county store over db.
func New(db *store.DB, logger *slog.Logger) *County {
	if logger == nil {
		logger = slog.Default()
	}
	return &County{db: db, logger: logger}
}

// DB is the underlying store.
func (c *County) DB() *store.DB { return c.db }

func boxPrefix(id uint64) []byte { return store.IDKey(id) }

func epochKey(box uint64, epoch string) []byte { return append(boxPrefix(box), epoch...) }

func batchKey(box uint64, epoch string, seq uint64) []byte {
	return append(epochKey(box, epoch), store.IDKey(seq)...)
}

var areaRE = regexp.MustCompile(`^[0-9]{6}([0-9]{3}([0-9]{3})?)?$`)

// AddBox registers a box: its township name, area code and public key.
func (c *County) AddBox(actor, name, area, key string) (Box, error) {
	name, area = strings.TrimSpace(name), strings.TrimSpace(area)
	if name == "" || len([]rune(name)) > 60 {
		return Box{}, problem.New("name", "county.err.name")
	}
	if !areaRE.MatchString(area) {
		return Box{}, problem.New("area", "county.err.area", "Area", area)
	}
	pub, err := boxkey.ParsePublic(key)
	if err != nil {
		return Box{}, problem.New("key", "county.err.key")
	}
	return store.Write(c.db, actor, func(tx *store.Tx) (Box, error) {
		fp := boxkey.Fingerprint(pub)
		if b, _ := tx.Bucket(bucketBoxByKey); b != nil && b.Get([]byte(fp)) != nil {
			return Box{}, problem.New("key", "county.err.key_taken", "Fingerprint", fp)
		}
		var dup bool
		if err := tx.ForEach(bucketBoxes, func(_, v []byte) error {
			var b Box
			if err := json.Unmarshal(v, &b); err != nil {
				return err
			}
			dup = dup || b.Name == name
			return nil
		}); err != nil {
			return Box{}, err
		}
		if dup {
			return Box{}, problem.New("name", "county.err.name_taken", "Name", name)
		}
		id, err := tx.NextID(bucketBoxes)
		if err != nil {
			return Box{}, err
		}
		b := Box{ID: id, Name: name, Area: area, Key: boxkey.EncodePublic(pub), Fingerprint: fp, Added: tx.Now().UTC(), AddedBy: actor}
		if err := tx.Put(bucketBoxes, store.IDKey(id), b); err != nil {
			return Box{}, err
		}
		bk, err := tx.Bucket(bucketBoxByKey)
		if err != nil {
			return Box{}, err
		}
		if err := bk.Put([]byte(fp), store.IDKey(id)); err != nil {
			return Box{}, err
		}
		return b, tx.Audit("county.box_add", fmt.Sprintf("box/%d", id), nil, b)
	})
}

// Boxes lists the registered boxes by name.
func (c *County) Boxes() ([]Box, error) {
	boxes, err := store.Read(c.db, func(tx *store.Tx) ([]Box, error) { return store.All[Box](tx, bucketBoxes) })
	sort.Slice(boxes, func(i, j int) bool { return boxes[i].Name < boxes[j].Name })
	return boxes, err
}

// ErrNoBox is returned for a box name no box was registered under.
var ErrNoBox = errors.New("no box is registered under this name")

// BoxNamed finds a box by its name (or its fingerprint).
func (c *County) BoxNamed(name string) (Box, error) {
	boxes, err := c.Boxes()
	if err != nil {
		return Box{}, err
	}
	for _, b := range boxes {
		if b.Name == name || b.Fingerprint == name {
			return b, nil
		}
	}
	return Box{}, fmt.Errorf("%w: %q", ErrNoBox, name)
}

// Count is how many records of kind the box has sent ("" for all kinds).
func (c *County) Count(box Box, kind string) int {
	if kind == "" {
		return int(box.Records)
	}
	return box.Counts[kind]
}

// Epochs lists a box's epochs in the order they began.
func (c *County) Epochs(box uint64) ([]Epoch, error) {
	return store.Read(c.db, func(tx *store.Tx) ([]Epoch, error) {
		var out []Epoch
		b, _ := tx.Bucket(bucketEpochs)
		if b == nil {
			return nil, nil
		}
		p := boxPrefix(box)
		cur := b.Cursor()
		for k, v := cur.Seek(p); k != nil && len(k) > 8 && string(k[:8]) == string(p); k, v = cur.Next() {
			var e Epoch
			if err := json.Unmarshal(v, &e); err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].First.Before(out[j].First) })
		return out, nil
	})
}

// Flags lists the newest flags first, at most limit (of one box when
// box > 0).
func (c *County) Flags(box uint64, limit int) ([]Flag, error) {
	return store.Read(c.db, func(tx *store.Tx) ([]Flag, error) {
		var out []Flag
		b, _ := tx.Bucket(bucketFlags)
		if b == nil {
			return nil, nil
		}
		cur := b.Cursor()
		for k, v := cur.Last(); k != nil && len(out) < limit; k, v = cur.Prev() {
			var f Flag
			if err := json.Unmarshal(v, &f); err != nil {
				return nil, err
			}
			if box == 0 || f.Box == box {
				out = append(out, f)
			}
		}
		return out, nil
	})
}

// Heads lists every distinct audit head a box sent, by sequence number.
func (c *County) Heads(box uint64) ([]Head, error) {
	return store.Read(c.db, func(tx *store.Tx) ([]Head, error) {
		var out []Head
		b, _ := tx.Bucket(bucketHeads)
		if b == nil {
			return nil, nil
		}
		p := boxPrefix(box)
		cur := b.Cursor()
		for k, v := cur.Seek(p); k != nil && string(k[:8]) == string(p); k, v = cur.Next() {
			var h Head
			if err := json.Unmarshal(v, &h); err != nil {
				return nil, err
			}
			out = append(out, h)
		}
		return out, nil
	})
}

// RecordsOf calls fn for each of a box's records of kind ("" all kinds) in
// arrival order.
func (c *County) RecordsOf(box uint64, kind string, fn func(Record) error) error {
	return c.db.View(func(tx *store.Tx) error {
		recs, _ := tx.Bucket(bucketRecords)
		if recs == nil {
			return nil
		}
		p := boxPrefix(box)
		if kind == "" {
			cur := recs.Cursor()
			for k, v := cur.Seek(p); k != nil && string(k[:8]) == string(p); k, v = cur.Next() {
				var r Record
				if err := json.Unmarshal(v, &r); err != nil {
					return err
				}
				if err := fn(r); err != nil {
					return err
				}
			}
			return nil
		}
		idx, _ := tx.Bucket(bucketByKind)
		if idx == nil {
			return nil
		}
		kp := append(append(boxPrefix(box), kind...), 0)
		cur := idx.Cursor()
		for k, _ := cur.Seek(kp); k != nil && len(k) == len(kp)+8 && string(k[:len(kp)]) == string(kp); k, _ = cur.Next() {
			var r Record
			if err := json.Unmarshal(recs.Get(append(boxPrefix(box), k[len(kp):]...)), &r); err != nil {
				return err
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	})
}
