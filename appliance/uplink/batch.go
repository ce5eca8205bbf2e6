package uplink

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"bianmin/appliance/auditlog"
	"bianmin/appliance/boxkey"
)

// Format names the batch's version in the signed body.
const Format = "bianmin-uplink/1"

// Batch is one signed unit of upload: records of one box, one epoch, in
// outbox order.
type Batch struct {
	Format  string    `json:"format"`
	Box     string    `json:"box"`   // the box's id: its key's fingerprint
	Epoch   string    `json:"epoch"` // store.Epoch of the box's store
	Seq     uint64    `json:"seq"`   // 1, 2, … within the epoch
	Schema  int       `json:"schema"`
	Created time.Time `json:"created"`
	// Head is the box's audit chain head, signed with the box's key, when
	// the batch was made.
	Head auditlog.Head `json:"head"`
	// Anchor is the entry of the box's chain at the seq of the latest
	// head the county said it holds (0: none): the county checks that
	// the chain still runs through its earlier head.
	Anchor Anchor `json:"anchor"`
	// First and Last are the outbox sequence numbers the batch covers.
	First uint64 `json:"first"`
	Last  uint64 `json:"last"`
	// Backlog is how many outbox entries came after Last when the batch
	// was made: what the box still had to send.
	Backlog uint64   `json:"backlog"`
	Records []Record `json:"records"`
}

// Anchor is one entry of the box's audit chain: its number and hash ("" when
// the chain has no entry with that number, as after a restore).
type Anchor struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash,omitempty"`
}

// Record is one outbox entry as it travels: its outbox number, commit time,
// kind ("punch", "leave", …) and payload, filtered for privacy.
type Record struct {
	Seq     uint64          `json:"seq"`
	Time    time.Time       `json:"time"`
	Kind    string          `json:"kind"`
	Payload json.RawMessage `json:"payload"`
}

// ID is the record's identity across epochs: the SHA-256 of its kind,
// commit time and payload. A record re-sent after a restore (its outbox
// number rewound) has the same ID, so the county stores it once.
func (r Record) ID() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", r.Kind, r.Time.UTC().Format(time.RFC3339Nano))
	h.Write(r.Payload)
	return hex.EncodeToString(h.Sum(nil))
}

// Envelope is a batch on the wire and on the stick: the batch's exact
// bytes, and the box's signature of them.
type Envelope struct {
	Batch     json.RawMessage `json:"batch"`
	Key       string          `json:"key"`       // the box's public key, base64
	Signature string          `json:"signature"` // base64 ed25519 of Batch
}

// Seal encodes b and signs it with key.
func Seal(b Batch, key *boxkey.Key) ([]byte, error) {
	data, _, err := seal(b, key)
	return data, err
}

// seal is Seal that also returns the sealed batch's Hash.
func seal(b Batch, key *boxkey.Key) ([]byte, string, error) {
	b.Format = Format
	body, err := json.Marshal(b)
	if err != nil {
		return nil, "", err
	}
	data, err := json.Marshal(Envelope{
		Batch:     body,
		Key:       key.PublicText(),
		Signature: base64.StdEncoding.EncodeToString(key.Sign(body)),
	})
	return data, Hash(body), err
}

// Hash is the content hash of a sealed batch: the SHA-256 of the batch's
// signed bytes. The same batch sent again has the same hash.
func Hash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// Refusal reasons of Open.
var (
	ErrMalformed = errors.New("not a bianmin batch")
	ErrSignature = errors.New("the batch's signature does not match its contents or key")
)

// Opened is a sealed batch read back and checked.
type Opened struct {
	Batch
	Body []byte // the signed bytes
	Hash string // Hash(Body)
	Key  ed25519.PublicKey
}

// Open reads a sealed batch and checks its signature against its own key
// (the caller then checks that the key is the registered box's) and that
// the box id is that key's fingerprint.
func Open(data []byte) (Opened, error) {
	var env Envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return Opened{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	pub, err := boxkey.ParsePublic(env.Key)
	if err != nil {
		return Opened{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	sig, err := base64.StdEncoding.DecodeString(env.Signature)
	if err != nil || !boxkey.Verify(pub, env.Batch, sig) {
		return Opened{}, ErrSignature
	}
	o := Opened{Body: bytes.Clone(env.Batch), Hash: Hash(env.Batch), Key: pub}
	dec := json.NewDecoder(bytes.NewReader(env.Batch))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o.Batch); err != nil {
		return Opened{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	switch {
	case o.Format != Format:
		return Opened{}, fmt.Errorf("%w: format %q, want %q", ErrMalformed, o.Format, Format)
	case o.Box != boxkey.Fingerprint(pub):
		return Opened{}, fmt.Errorf("%w: box %q is not the fingerprint of the signing key", ErrMalformed, o.Box)
	case len(o.Epoch) != 16 || o.Seq == 0:
		return Opened{}, fmt.Errorf("%w: epoch %q, seq %d", ErrMalformed, o.Epoch, o.Seq)
	case o.Head.Signed() && (!o.Head.SignatureValid() || o.Head.PublicKey != env.Key):
		return Opened{}, fmt.Errorf("%w: the audit head is not signed by the box's key", ErrSignature)
	}
	return o, nil
}
