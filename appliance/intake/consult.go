package intake

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/decision"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Consultation (咨询记录) is one enquiry answered at a window — asked at
// the desk, by phone or by fax — as the consultation log every window
// keeps (咨询记录簿; regulation 001 line 175 "各窗口须设立咨询记录簿"). Phone and fax
// enquiries carry the caller's name and a contact (DOMAIN.md "Intake":
// "phone and fax enquiries are logged with name and contact").
//
// 首问负责 (first-question responsibility, DOMAIN.md "Intake"): the first
// staff member asked owns the answer or the hand-off to the right window.
// A hand-off is recorded on the consultation with the window it went to,
// when and by whom; the receiving window marks when it took it over, so
// that an enquiry passed on and dropped shows.
type Consultation struct {
	ID         uint64    `json:"id"`
	At         time.Time `json:"at"`
	WindowID   uint64    `json:"window_id"` // the window first asked (首问窗口)
	Channel    Channel   `json:"channel"`
	CallerName string    `json:"caller_name,omitempty"`
	Contact    string    `json:"contact,omitempty"`
	Question   string    `json:"question"`
	Answer     string    `json:"answer,omitempty"`
	RecordedBy string    `json:"recorded_by"` // the first receiver's account
	Handoffs   []Handoff `json:"handoffs,omitempty"`
}

// Handoff (首问负责移交) passes an enquiry on to the window that handles it.
type Handoff struct {
	ToWindowID uint64    `json:"to_window_id"`
	At         time.Time `json:"at"`
	By         string    `json:"by"`
	Note       string    `json:"note,omitempty"`
	TakenAt    time.Time `json:"taken_at,omitzero"` // when the receiving window took it over
	TakenBy    string    `json:"taken_by,omitempty"`
}

// Channel is how an enquiry came in.
type Channel string

// Channels of an enquiry.
const (
	ChannelDesk  Channel = "desk"  // 现场
	ChannelPhone Channel = "phone" // 电话
	ChannelFax   Channel = "fax"   // 传真
)

// Channels lists the channels in form order.
var Channels = []Channel{ChannelDesk, ChannelPhone, ChannelFax}

// Remote reports whether the channel needs the caller's name and contact.
func (c Channel) Remote() bool { return c == ChannelPhone || c == ChannelFax }

// Bounds of a consultation's texts, in characters.
const (
	ConsultMaxCaller  = 40
	ConsultMaxContact = 60
	ConsultMaxText    = 500
)

// Locale keys of the refusals of this file.
const (
	keyConsultWindow   = "intakedoc.err.window_unknown"
	keyConsultChannel  = "intakedoc.err.channel"
	keyConsultRequired = "intakedoc.err.required"
	keyConsultTooLong  = "intakedoc.err.too_long"
	keyConsultUnknown  = "intakedoc.err.consultation_unknown"
	keyHandoffSame     = "intakedoc.err.handoff_same"
	keyHandoffNone     = "intakedoc.err.handoff_none"
	keyHandoffTaken    = "intakedoc.err.handoff_taken"
)

// bucketConsultations holds windowID|instant|id → Consultation;
// bucketConsultationIDs id → its key there.
const (
	bucketConsultations   = "intake.consultations"
	bucketConsultationIDs = "intake.consultations_by_id"
	// bucketHandoffsWaiting holds toWindowID|id → the consultation's key
	// while its last hand-off waits to be taken over.
	bucketHandoffsWaiting = "intake.consultations_waiting"
)

// RecordConsultationTx checks c and stores it as recorded now by the
// transaction's actor. A refusal is a *problem.Problem.
func RecordConsultationTx(tx *store.Tx, c Consultation) (Consultation, error) {
	if _, err := windowInService(tx, "window", c.WindowID); err != nil {
		return Consultation{}, err
	}
	switch c.Channel {
	case ChannelDesk, ChannelPhone, ChannelFax:
	default:
		return Consultation{}, problem.New("channel", keyConsultChannel)
	}
	var err error
	remote := c.Channel.Remote()
	if c.CallerName, err = trimBounded("caller_name", c.CallerName, remote, ConsultMaxCaller); err != nil {
		return Consultation{}, err
	}
	if c.Contact, err = trimBounded("contact", c.Contact, remote, ConsultMaxContact); err != nil {
		return Consultation{}, err
	}
	if c.Question, err = trimBounded("question", c.Question, true, ConsultMaxText); err != nil {
		return Consultation{}, err
	}
	if c.Answer, err = trimBounded("answer", c.Answer, false, ConsultMaxText); err != nil {
		return Consultation{}, err
	}
	id, err := tx.NextID(bucketConsultations)
	if err != nil {
		return Consultation{}, err
	}
	c.ID, c.At, c.RecordedBy, c.Handoffs = id, tx.Now().UTC(), tx.Actor(), nil
	key := consultationKey(c.WindowID, c.At, id)
	if err := tx.Put(bucketConsultations, key, c); err != nil {
		return Consultation{}, err
	}
	if err := putKeyValue(tx, bucketConsultationIDs, store.IDKey(id), key); err != nil {
		return Consultation{}, err
	}
	return c, tx.AuditAndOutbox("consultation.record", fmt.Sprintf("consultation/%d", id), "consultation", nil, consultationSummary(c))
}

// HandOffTx records that consultation id was passed on to window to (首问
// 负责移交), now, by the transaction's actor; an earlier hand-off not yet
// taken over is superseded by it (the enquiry went elsewhere).
func HandOffTx(tx *store.Tx, id, to uint64, note string) (Consultation, error) {
	c, key, err := consultationTx(tx, id)
	if err != nil {
		return c, err
	}
	if _, err := windowInService(tx, "to_window", to); err != nil {
		return c, err
	}
	if to == currentWindow(c) {
		return c, problem.New("to_window", keyHandoffSame)
	}
	if note, err = trimBounded("note", note, false, ConsultMaxText); err != nil {
		return c, err
	}
	before := consultationSummary(c)
	if err := setWaiting(tx, c, key, false); err != nil {
		return c, err
	}
	c.Handoffs = append(c.Handoffs, Handoff{ToWindowID: to, At: tx.Now().UTC(), By: tx.Actor(), Note: note})
	if err := tx.Put(bucketConsultations, key, c); err != nil {
		return c, err
	}
	if err := setWaiting(tx, c, key, true); err != nil {
		return c, err
	}
	return c, tx.AuditAndOutbox("consultation.handoff", fmt.Sprintf("consultation/%d", id), "consultation", before, consultationSummary(c))
}

// TakeOverTx records that the window the consultation was last handed to
// took it over, now, by the transaction's actor.
func TakeOverTx(tx *store.Tx, id uint64) (Consultation, error) {
	c, key, err := consultationTx(tx, id)
	if err != nil {
		return c, err
	}
	n := len(c.Handoffs)
	switch {
	case n == 0:
		return c, problem.New("", keyHandoffNone)
	case !c.Handoffs[n-1].TakenAt.IsZero():
		return c, problem.New("", keyHandoffTaken, "By", c.Handoffs[n-1].TakenBy)
	}
	before := consultationSummary(c)
	c.Handoffs[n-1].TakenAt, c.Handoffs[n-1].TakenBy = tx.Now().UTC(), tx.Actor()
	if err := tx.Put(bucketConsultations, key, c); err != nil {
		return c, err
	}
	if err := setWaiting(tx, c, key, false); err != nil {
		return c, err
	}
	return c, tx.AuditAndOutbox("consultation.takeover", fmt.Sprintf("consultation/%d", id), "consultation", before, consultationSummary(c))
}

// ConsultationTx reads one consultation.
func ConsultationTx(tx *store.Tx, id uint64) (Consultation, error) {
	c, _, err := consultationTx(tx, id)
	return c, err
}

// ConsultationQuery asks for one page of the consultation log: of one
// window (0: every window) from ≤ At < To (zero: open), newest first.
type ConsultationQuery struct {
	WindowID uint64
	From, To time.Time
	Page     int
	Size     int
}

// ConsultationsTx reads one page of the log by key range: one span per
// window, merged newest first.
func ConsultationsTx(tx *store.Tx, q ConsultationQuery) (decision.Page[Consultation], error) {
	var prefixes [][]byte
	if q.WindowID != 0 {
		prefixes = [][]byte{store.IDKey(q.WindowID)}
	} else {
		var err error
		if prefixes, err = tx.Prefixes(bucketConsultations, 8); err != nil {
			return decision.Page[Consultation]{}, err
		}
	}
	var from, to []byte
	if !q.From.IsZero() {
		from = nanoKey(q.From)
	}
	if !q.To.IsZero() {
		to = nanoKey(q.To)
	}
	spans := make([]store.Span, 0, len(prefixes))
	for _, p := range prefixes {
		spans = append(spans, store.Span{Prefix: p, From: from, To: to})
	}
	pg, err := tx.Page(store.Query{Bucket: bucketConsultations, Spans: spans, Desc: true, Page: q.Page, Size: q.Size})
	if err != nil {
		return decision.Page[Consultation]{}, err
	}
	return decision.PageOf[Consultation](bucketConsultations, pg, pg.Entries)
}

// WaitingForTx lists the consultations handed to window and not yet taken
// over, oldest first.
func WaitingForTx(tx *store.Tx, window uint64) ([]Consultation, error) {
	pg, err := tx.Page(store.Query{Bucket: bucketHandoffsWaiting, Spans: []store.Span{{Prefix: store.IDKey(window)}}})
	if err != nil {
		return nil, err
	}
	out := make([]Consultation, 0, len(pg.Entries))
	for _, e := range pg.Entries {
		var c Consultation
		if err := tx.Get(bucketConsultations, e.Value, &c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// setWaiting puts c (stored under key) in the waiting index of its last
// hand-off's window, or takes it out.
func setWaiting(tx *store.Tx, c Consultation, key []byte, waiting bool) error {
	n := len(c.Handoffs)
	if n == 0 {
		return nil
	}
	b, err := tx.Bucket(bucketHandoffsWaiting)
	if err != nil {
		return err
	}
	k := append(store.IDKey(c.Handoffs[n-1].ToWindowID), store.IDKey(c.ID)...)
	if waiting {
		return b.Put(k, key)
	}
	return b.Delete(k)
}

// currentWindow is where the enquiry is now: the last hand-off's window,
// or the first one asked.
func currentWindow(c Consultation) uint64 {
	if n := len(c.Handoffs); n > 0 {
		return c.Handoffs[n-1].ToWindowID
	}
	return c.WindowID
}

// Pending reports whether the last hand-off waits to be taken over.
func (c Consultation) Pending() bool {
	n := len(c.Handoffs)
	return n > 0 && c.Handoffs[n-1].TakenAt.IsZero()
}

func consultationTx(tx *store.Tx, id uint64) (Consultation, []byte, error) {
	b, err := tx.Bucket(bucketConsultationIDs)
	if err != nil {
		return Consultation{}, nil, err
	}
	var key []byte
	if b != nil {
		key = bytes.Clone(b.Get(store.IDKey(id)))
	}
	if key == nil {
		return Consultation{}, nil, problem.New("", keyConsultUnknown, "ID", id)
	}
	var c Consultation
	if err := tx.Get(bucketConsultations, key, &c); err != nil {
		return c, nil, err
	}
	return c, key, nil
}

// consultationSummary is what the audit log and the county see: the
// caller's contact is not sent (personal data stays on the box).
func consultationSummary(c Consultation) map[string]any {
	m := map[string]any{"window_id": c.WindowID, "channel": string(c.Channel), "at": c.At.Format(time.RFC3339), "question": c.Question}
	if n := len(c.Handoffs); n > 0 {
		h := c.Handoffs[n-1]
		m["handoff_to"], m["handoff_at"] = h.ToWindowID, h.At.Format(time.RFC3339)
		if !h.TakenAt.IsZero() {
			m["taken_at"], m["taken_by"] = h.TakenAt.Format(time.RFC3339), h.TakenBy
		}
	}
	return m
}

func consultationKey(window uint64, at time.Time, id uint64) []byte {
	return append(append(store.IDKey(window), nanoKey(at)...), store.IDKey(id)...)
}

// windowInService reads a window that is in service, or refuses field.
func windowInService(tx *store.Tx, field string, id uint64) (staff.Window, error) {
	w, err := staff.GetWindowTx(tx, id)
	if err != nil || !w.Active {
		return w, problem.New(field, keyConsultWindow, "ID", id)
	}
	return w, nil
}

// trimBounded trims s and checks it is given (when required) and at most
// max characters.
func trimBounded(field, s string, required bool, limit int) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		return s, problem.New(field, keyConsultRequired)
	case utf8.RuneCountInString(s) > limit:
		return s, problem.New(field, keyConsultTooLong, "Max", limit)
	}
	return s, nil
}

func nanoKey(t time.Time) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, uint64(t.UnixNano()))
	return k
}

func putKeyValue(tx *store.Tx, bucket string, key, value []byte) error {
	b, err := tx.Bucket(bucket)
	if err != nil {
		return err
	}
	return b.Put(key, value)
}
