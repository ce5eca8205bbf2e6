package rating

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Calendar says which days are working days (appliance/calendar).
type Calendar interface {
	AddWorkdays(t time.Time, n int) time.Time
}

// Service keeps ratings, comments, noise, follow-ups and appraisals in the
// store. It is the Flow's Sink.
type Service struct {
	db  *store.DB
	cal Calendar
}

// New returns the service over db, counting due dates on cal.
func New(db *store.DB, cal Calendar) *Service { return &Service{db: db, cal: cal} }

// DB is the store the service keeps its records in.
func (s *Service) DB() *store.DB { return s.db }

// Rating is one citizen's rating of one service: the fields a provincial
// 好差评 system exchanges, with what the window knew.
type Rating struct {
	Ref
	Level       Level     `json:"level"`
	Code        string    `json:"code"` // the level's upload code when rated (Settings.Codes)
	Channel     Channel   `json:"channel"`
	ChannelCode string    `json:"channel_code"`
	At          time.Time `json:"at"` // the press: when the citizen rated
	Device      string    `json:"device,omitempty"`
	// Count is the 评价次数: this rating's number among the ratings of its
	// case (1 when the service was no case).
	Count    int    `json:"count"`
	AreaCode string `json:"area_code,omitempty"`
}

// Comment is what a citizen added to their rating afterwards (the case's
// status page, or the office on their behalf): chosen 差评 options, words,
// and a name and contact for the callback.
type Comment struct {
	RatingSeq uint64    `json:"rating_seq"`
	At        time.Time `json:"at"`
	Options   []Option  `json:"options,omitempty"`
	Text      string    `json:"text,omitempty"`
	Rater     Rater     `json:"rater,omitzero"`
	Via       string    `json:"via"` // "status_page" or "office"
}

// Entry is one link of the ratings chain: a rating or a comment. Hash
// covers every other field, PrevHash included, so editing or removing an
// entry breaks the chain from there on (as the audit log).
type Entry struct {
	Seq      uint64   `json:"seq"`
	Rating   *Rating  `json:"rating,omitempty"`
	Comment  *Comment `json:"comment,omitempty"`
	PrevHash string   `json:"prev_hash"`
	Hash     string   `json:"hash"`
}

// Noise is presses that were not a rating.
type Noise struct {
	Seq     uint64       `json:"seq"`
	Reason  NoiseReason  `json:"reason"`
	Window  int          `json:"window"`
	Ticket  string       `json:"ticket,omitempty"`
	Presses []NoisePress `json:"presses"`
}

// NoisePress is one press of a Noise record.
type NoisePress struct {
	Level  Level     `json:"level"`
	At     time.Time `json:"at"`
	Device string    `json:"device,omitempty"`
}

const genesis = "0000000000000000000000000000000000000000000000000000000000000000"

func hashEntry(e Entry) (string, error) {
	e.Hash = ""
	data, err := json.Marshal(e)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// appendTx appends e to the chain and returns it with its Seq and hashes.
func appendTx(tx *store.Tx, e Entry) (Entry, error) {
	b, err := tx.Bucket(bucketChain)
	if err != nil {
		return e, err
	}
	e.PrevHash = genesis
	if k, v := b.Cursor().Last(); k != nil {
		var last Entry
		if err := json.Unmarshal(v, &last); err != nil {
			return e, fmt.Errorf("rating chain head: %w", err)
		}
		e.PrevHash = last.Hash
	}
	if e.Seq, err = b.NextSequence(); err != nil {
		return e, err
	}
	if e.Hash, err = hashEntry(e); err != nil {
		return e, err
	}
	return e, tx.Put(bucketChain, store.IDKey(e.Seq), e)
}

// timeKey is instant|seq: the ratings in time order.
func timeKey(at time.Time, seq uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, uint64(at.UnixNano()))
	binary.BigEndian.PutUint64(k[8:], seq)
	return k
}

func caseKey(c string, seq uint64) []byte { return append([]byte(c+"\x00"), store.IDKey(seq)...) }

// Rated reports whether the service key already has its rating.
func (s *Service) Rated(key string) (bool, error) {
	return store.Read(s.db, func(tx *store.Tx) (bool, error) {
		b, err := tx.Bucket(bucketByRef)
		return err == nil && b != nil && b.Get([]byte(key)) != nil, err
	})
}

// Rate keeps a rating decided by the flow — one per service — with the
// presses it superseded as noise and, for a 差评, its follow-up.
func (s *Service) Rate(d Decided) (Rating, error) {
	return store.Write(s.db, "buttons", func(tx *store.Tx) (Rating, error) {
		r, err := s.rateTx(tx, d)
		if err != nil {
			return r, err
		}
		if len(d.Dropped) > 0 {
			if err := noiseTx(tx, NoiseSuperseded, &d.Ref, d.Dropped); err != nil {
				return r, err
			}
		}
		return r, nil
	})
}

func (s *Service) rateTx(tx *store.Tx, d Decided) (Rating, error) {
	byRef, err := tx.Bucket(bucketByRef)
	if err != nil {
		return Rating{}, err
	}
	if byRef.Get([]byte(d.Ref.Key)) != nil {
		return Rating{}, problem.New("key", "rating.err.already_rated", "Ticket", d.Ref.Ticket)
	}
	set, err := SettingsTx(tx)
	if err != nil {
		return Rating{}, err
	}
	r := Rating{Ref: d.Ref, Level: d.Press.Level, Code: set.Codes[d.Press.Level], Channel: d.Channel,
		ChannelCode: set.ChannelCode, At: d.Press.At.UTC(), Device: d.Press.Device, Count: 1, AreaCode: set.AreaCode}
	if r.Case != "" {
		r.Count += countPrefix(tx, bucketByCase, []byte(r.Case+"\x00"))
	}
	e, err := appendTx(tx, Entry{Rating: &r})
	if err != nil {
		return Rating{}, err
	}
	if err := byRef.Put([]byte(r.Key), store.IDKey(e.Seq)); err != nil {
		return Rating{}, err
	}
	if err := tx.Put(bucketByTime, timeKey(r.At, e.Seq), e.Seq); err != nil {
		return Rating{}, err
	}
	if r.Case != "" {
		if err := tx.Put(bucketByCase, caseKey(r.Case, e.Seq), e.Seq); err != nil {
			return Rating{}, err
		}
	}
	if err := tx.AuditAndOutbox("rating.rate", objectOf(e.Seq), "rating", nil, exchangeOf(e.Seq, r, nil)); err != nil {
		return Rating{}, err
	}
	if r.Level.Bad() {
		if err := s.openFollowUpTx(tx, e.Seq, r, set); err != nil {
			return Rating{}, err
		}
	}
	return r, nil
}

const bucketByCase = "rating.by_case" // case\x00seq → seq

func countPrefix(tx *store.Tx, bucket string, prefix []byte) int {
	b, _ := tx.Bucket(bucket)
	if b == nil {
		return 0
	}
	n := 0
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, _ = c.Next() {
		n++
	}
	return n
}

func objectOf(seq uint64) string { return fmt.Sprintf("rating/%d", seq) }

// Noise records presses that were not a rating, audited.
func (s *Service) Noise(reason NoiseReason, ref *Ref, presses []Press) error {
	return s.db.Update("buttons", func(tx *store.Tx) error { return noiseTx(tx, reason, ref, presses) })
}

func noiseTx(tx *store.Tx, reason NoiseReason, ref *Ref, presses []Press) error {
	n := Noise{Reason: reason}
	if len(presses) > 0 {
		n.Window = presses[0].Window
	}
	if ref != nil {
		n.Ticket = ref.Ticket
	}
	for _, p := range presses {
		n.Presses = append(n.Presses, NoisePress{Level: p.Level, At: p.At.UTC(), Device: p.Device})
	}
	seq, err := tx.NextID(bucketNoise)
	if err != nil {
		return err
	}
	n.Seq = seq
	if err := tx.Put(bucketNoise, store.IDKey(seq), n); err != nil {
		return err
	}
	return tx.Audit("rating.noise", fmt.Sprintf("rating-noise/%d", seq), nil, n)
}

// Exchange is a rating as a provincial 好差评 system takes it (GB/T
// 39734-2020 8.1 数据归集): case number, channel, rater, time, count,
// level, chosen options, comment, area code. Codes are the center's
// (Settings.Codes, ChannelCode), copied into the rating when it was made.
type Exchange struct {
	Seq       uint64    `json:"seq"`
	CaseNo    string    `json:"case_no"`
	Ticket    string    `json:"ticket,omitempty"`
	Service   string    `json:"service,omitempty"`
	Window    int       `json:"window"`
	StaffNo   uint64    `json:"staff_id"`
	Channel   string    `json:"channel"`
	RaterName string    `json:"rater_name,omitempty"`
	Contact   string    `json:"rater_contact,omitempty"`
	Time      time.Time `json:"time"`
	Count     int       `json:"count"`
	Level     string    `json:"level"`
	Options   []Option  `json:"options,omitempty"`
	Comment   string    `json:"comment,omitempty"`
	AreaCode  string    `json:"area_code,omitempty"`
}

func exchangeOf(seq uint64, r Rating, c *Comment) Exchange {
	x := Exchange{Seq: seq, CaseNo: r.Case, Ticket: r.Ticket, Service: r.Service, Window: r.Window, StaffNo: r.StaffID,
		Channel: r.ChannelCode, RaterName: r.Rater.Name, Contact: r.Rater.Contact, Time: r.At, Count: r.Count,
		Level: r.Code, AreaCode: r.AreaCode}
	if c != nil {
		x.Options, x.Comment = c.Options, c.Text
		if c.Rater.Known() {
			x.RaterName, x.Contact = c.Rater.Name, c.Rater.Contact
		}
	}
	return x
}

// Limits of a comment.
const (
	MaxCommentRunes = 500
	maxRaterRunes   = 40
)

// AddComment appends a citizen's comment to rating seq: options (only for
// a 差评), words and, optionally, a name and contact for the callback.
// One comment per rating; the rating itself is never changed.
func (s *Service) AddComment(actor string, c Comment) (Comment, error) {
	var probs problem.List
	if utf8.RuneCountInString(c.Text) > MaxCommentRunes {
		probs.Add(problem.New("text", "rating.err.comment_long", "Max", MaxCommentRunes))
	}
	if utf8.RuneCountInString(c.Rater.Name) > maxRaterRunes || utf8.RuneCountInString(c.Rater.Contact) > maxRaterRunes {
		probs.Add(problem.New("rater", "rating.err.rater_long", "Max", maxRaterRunes))
	}
	for _, o := range c.Options {
		if !o.Valid() {
			probs.Add(problem.New("options", "rating.err.option", "Option", string(o)))
		}
	}
	if err := probs.Err(); err != nil {
		return Comment{}, err
	}
	if c.Via == "" {
		c.Via = "status_page"
	}
	return store.Write(s.db, actor, func(tx *store.Tx) (Comment, error) {
		e, err := EntryTx(tx, c.RatingSeq)
		if err != nil {
			return Comment{}, err
		}
		if e.Rating == nil {
			return Comment{}, problem.New("", "rating.err.not_found")
		}
		if len(c.Options) > 0 && !e.Rating.Level.Bad() {
			return Comment{}, problem.New("options", "rating.err.options_not_bad")
		}
		cb, err := tx.Bucket(bucketComments)
		if err != nil {
			return Comment{}, err
		}
		if cb.Get(store.IDKey(c.RatingSeq)) != nil {
			return Comment{}, problem.New("", "rating.err.comment_twice")
		}
		c.At = tx.Now().UTC()
		ce, err := appendTx(tx, Entry{Comment: &c})
		if err != nil {
			return Comment{}, err
		}
		if err := cb.Put(store.IDKey(c.RatingSeq), store.IDKey(ce.Seq)); err != nil {
			return Comment{}, err
		}
		if err := raterKnownTx(tx, c.RatingSeq, c.Rater); err != nil {
			return Comment{}, err
		}
		return c, tx.AuditAndOutbox("rating.comment", objectOf(c.RatingSeq), "rating", nil, exchangeOf(c.RatingSeq, *e.Rating, &c))
	})
}

// ErrNotFound: no such rating.
var ErrNotFound = problem.New("", "rating.err.not_found")

// EntryTx reads one chain entry.
func EntryTx(tx *store.Tx, seq uint64) (Entry, error) {
	e, err := store.GetAs[Entry](tx, bucketChain, store.IDKey(seq))
	if errors.Is(err, store.ErrNotFound) {
		return e, ErrNotFound
	}
	return e, err
}

// CommentTx is the comment on rating seq, if any.
func CommentTx(tx *store.Tx, seq uint64) (*Comment, error) {
	b, err := tx.Bucket(bucketComments)
	if err != nil || b == nil {
		return nil, err
	}
	v := b.Get(store.IDKey(seq))
	if v == nil {
		return nil, nil
	}
	e, err := EntryTx(tx, store.KeyID(v))
	if err != nil {
		return nil, err
	}
	return e.Comment, nil
}

// VerifyResult is what Verify found.
type VerifyResult struct {
	Entries uint64
	// BrokenAt is the first entry whose hash or link does not hold; 0
	// when the chain is whole.
	BrokenAt uint64
}

// Verify walks the chain and checks every entry's hash and link.
func (s *Service) Verify() (VerifyResult, error) {
	return store.Read(s.db, func(tx *store.Tx) (VerifyResult, error) {
		var res VerifyResult
		prev := genesis
		err := tx.ForEach(bucketChain, func(k, v []byte) error {
			var e Entry
			if err := json.Unmarshal(v, &e); err != nil {
				res.BrokenAt = store.KeyID(k)
				return errStop
			}
			res.Entries++
			h, err := hashEntry(e)
			if err != nil || h != e.Hash || e.PrevHash != prev || e.Seq != store.KeyID(k) {
				res.BrokenAt = store.KeyID(k)
				return errStop
			}
			prev = e.Hash
			return nil
		})
		if errors.Is(err, errStop) {
			err = nil
		}
		return res, err
	})
}

var errStop = errors.New("stop")

// CaseRatingsTx lists the ratings of case number c with their sequence
// numbers (for its status page), oldest first.
func CaseRatingsTx(tx *store.Tx, c string) ([]Entry, error) {
	b, err := tx.Bucket(bucketByCase)
	if err != nil || b == nil || c == "" {
		return nil, err
	}
	var out []Entry
	prefix := []byte(c + "\x00")
	cur := b.Cursor()
	for k, _ := cur.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, _ = cur.Next() {
		e, err := EntryTx(tx, store.KeyID(k[len(prefix):]))
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// RateMany keeps several ratings in one transaction (the demo's history),
// each as Rate would.
func (s *Service) RateMany(actor string, ds []Decided) error {
	return s.db.Update(actor, func(tx *store.Tx) error {
		for _, d := range ds {
			if _, err := s.rateTx(tx, d); err != nil {
				return err
			}
		}
		return nil
	})
}
