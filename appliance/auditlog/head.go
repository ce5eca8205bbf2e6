package auditlog

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/boxkey"
	"bianmin/appliance/store"
)

// Head is the audit chain's head as taken at a moment: the last entry's
// sequence number and hash, when it was taken, and (when signed) the box's
// public key and signature. A head read from a notice's footer may carry a
// hash prefix only and no signature.
type Head struct {
	Seq       uint64    `json:"seq"` // 0: not known (a bare hash)
	Hash      string    `json:"hash"`
	Time      time.Time `json:"time"`
	PublicKey string    `json:"key,omitempty"`       // base64
	Signature string    `json:"signature,omitempty"` // base64
}

// headFormat names the head's version in files and in the signed text.
const headFormat = "bianmin-audit-head/1"

// MinHashPrefix is the shortest hash prefix a head may carry (64 bits):
// forging a different history whose entry matches it is out of reach.
const MinHashPrefix = 16

// message is the text the box signs.
func (h Head) message() []byte {
	return fmt.Appendf(nil, "%s\nseq=%d\nhash=%s\ntime=%s\n", headFormat, h.Seq, h.Hash, h.Time.UTC().Format(time.RFC3339))
}

// Signed reports whether the head carries a signature.
func (h Head) Signed() bool { return h.Signature != "" }

// SignatureValid reports whether the head's signature is its public key's
// signature of its seq, hash and time.
func (h Head) SignatureValid() bool {
	pub, err := boxkey.ParsePublic(h.PublicKey)
	if err != nil {
		return false
	}
	sig, err := base64.StdEncoding.DecodeString(h.Signature)
	return err == nil && boxkey.Verify(pub, h.message(), sig)
}

// Fingerprint is the fingerprint of the key that signed the head ("" when
// unsigned or unreadable).
func (h Head) Fingerprint() string {
	pub, err := boxkey.ParsePublic(h.PublicKey)
	if err != nil {
		return ""
	}
	return boxkey.Fingerprint(pub)
}

// HashPrefix is the first n hex digits of the hash.
func (h Head) HashPrefix(n int) string { return prefix(h.Hash, n) }

// SignaturePrefix is the first n hex digits of the signature.
func (h Head) SignaturePrefix(n int) string {
	sig, err := base64.StdEncoding.DecodeString(h.Signature)
	if err != nil {
		return ""
	}
	return prefix(fmt.Sprintf("%x", sig), n)
}

func prefix(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// ErrNoKey is returned by SignedHead when the log has no key to sign with
// (a command run before the service ever started).
var ErrNoKey = errors.New("no box key to sign the audit head with: start bianmin serve once to make it")

// Head is the chain's current head, unsigned.
func (l *Log) Head() (Head, error) {
	seq, hash, err := l.db.AuditHead()
	return Head{Seq: seq, Hash: hash, Time: l.db.Now().UTC().Truncate(time.Second)}, err
}

// SignedHead is the chain's current head signed with the box's key: what
// the weekly notices, the backup slips and the uploads carry.
func (l *Log) SignedHead() (Head, error) {
	h, err := l.Head()
	if err != nil {
		return Head{}, err
	}
	if l.key == nil {
		return h, ErrNoKey
	}
	return Sign(h, l.key), nil
}

// ErrNotInChain is returned by SignHeadAt for a head the chain does not
// hold.
var ErrNotInChain = errors.New("the chain holds no entry with this number and hash")

// SignHeadAt signs the head (seq, hash) after checking that the chain's
// entry seq has exactly that hash — a backup's head, for its slip; the box
// signs only its own history. Seq 0 is the empty chain's head.
func (l *Log) SignHeadAt(seq uint64, hash string) (Head, error) {
	h := Head{Seq: seq, Hash: hash, Time: l.db.Now().UTC().Truncate(time.Second)}
	if seq == 0 && hash != store.GenesisHash {
		return Head{}, ErrNotInChain
	}
	if seq > 0 {
		e, err := l.db.AuditEntry(seq)
		if errors.Is(err, store.ErrNotFound) || err == nil && e.Hash != hash {
			return Head{}, ErrNotInChain
		}
		if err != nil {
			return Head{}, err
		}
	}
	if l.key == nil {
		return h, ErrNoKey
	}
	return Sign(h, l.key), nil
}

// Sign signs h with key.
func Sign(h Head, key *boxkey.Key) Head {
	h.Time = h.Time.UTC().Truncate(time.Second)
	h.PublicKey = key.PublicText()
	h.Signature = base64.StdEncoding.EncodeToString(key.Sign(h.message()))
	return h
}

// FormatHead writes h as a head file: a few comment lines saying what it
// is and how to check it, then one "name: value" line per field.
func FormatHead(h Head) []byte {
	var b bytes.Buffer
	b.WriteString("# 便民一体机 操作日志链头 / Bianmin audit log head\n")
	b.WriteString("# 请与备份或通报一起另外保存；检查：bianmin audit verify --head 本文件\n")
	b.WriteString("# Keep it apart from the box; check with: bianmin audit verify --head THIS-FILE\n")
	b.WriteString(headFormat + "\n")
	fmt.Fprintf(&b, "seq: %d\nhash: %s\ntime: %s\n", h.Seq, h.Hash, h.Time.UTC().Format(time.RFC3339))
	if h.Signed() {
		fmt.Fprintf(&b, "key: %s\nfingerprint: %s\nsignature: %s\n", h.PublicKey, h.Fingerprint(), h.Signature)
	}
	return b.Bytes()
}

// ErrNotHead is wrapped by ParseHead and ParseHeadRef for text that is no
// head.
var ErrNotHead = errors.New("not an audit head")

// ParseHead reads a head file written by FormatHead. A signature that does
// not match the file's other lines is refused: the file was changed.
func ParseHead(data []byte) (Head, error) {
	var h Head
	sc := bufio.NewScanner(bytes.NewReader(data))
	sawFormat := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !sawFormat {
			if line != headFormat {
				return Head{}, fmt.Errorf("%w: the first line is %q, want %q", ErrNotHead, prefix(line, 40), headFormat)
			}
			sawFormat = true
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return Head{}, fmt.Errorf("%w: line %q has no \"name: value\"", ErrNotHead, prefix(line, 40))
		}
		value = strings.TrimSpace(value)
		var err error
		switch strings.TrimSpace(name) {
		case "seq":
			h.Seq, err = strconv.ParseUint(value, 10, 64)
		case "hash":
			h.Hash = strings.ToLower(value)
		case "time":
			h.Time, err = time.Parse(time.RFC3339, value)
		case "key":
			h.PublicKey = value
		case "signature":
			h.Signature = value
		}
		if err != nil {
			return Head{}, fmt.Errorf("%w: %s: %v", ErrNotHead, strings.TrimSpace(name), err)
		}
	}
	if !sawFormat {
		return Head{}, fmt.Errorf("%w: no %q line", ErrNotHead, headFormat)
	}
	if !hexRE.MatchString(h.Hash) || len(h.Hash) != 64 {
		return Head{}, fmt.Errorf("%w: the hash is not 64 hex digits", ErrNotHead)
	}
	if h.Signed() && !h.SignatureValid() {
		return Head{}, ErrBadSignature
	}
	return h, nil
}

// ErrBadSignature is returned by ParseHead for a head file whose signature
// does not match its contents (or whose key is unreadable).
var ErrBadSignature = errors.New("the head's signature does not match its sequence number, hash and time: the head file was changed")

var (
	hexRE = regexp.MustCompile(`^[0-9a-f]+$`)
	// refRE reads a head as printed on a notice or typed: "9f2c…",
	// "1234:9f2c…", "#1234 9f2c…".
	refRE = regexp.MustCompile(`^#?\s*(?:(\d+)\s*[:\s]\s*)?([0-9a-fA-F]+)$`)
)

// ParseHeadRef reads a head given on the command line: a hash (or a
// prefix of at least MinHashPrefix hex digits), optionally after its
// sequence number ("1234:9f2c4a1b7e3d5a60", "#1234 9f2c4a1b7e3d5a60").
func ParseHeadRef(s string) (Head, error) {
	m := refRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Head{}, fmt.Errorf("%w: %q is not a hash or SEQ:HASH", ErrNotHead, prefix(s, 80))
	}
	h := Head{Hash: strings.ToLower(m[2])}
	if len(h.Hash) < MinHashPrefix || len(h.Hash) > 64 {
		return Head{}, fmt.Errorf("%w: a hash needs %d to 64 hex digits, this has %d", ErrNotHead, MinHashPrefix, len(h.Hash))
	}
	if m[1] != "" {
		seq, err := strconv.ParseUint(m[1], 10, 64)
		if err != nil || seq == 0 {
			return Head{}, fmt.Errorf("%w: sequence number %q", ErrNotHead, m[1])
		}
		h.Seq = seq
	}
	return h, nil
}

// PublicKeyOf is the public key of a signed head.
func (h Head) PublicKeyOf() (ed25519.PublicKey, error) { return boxkey.ParsePublic(h.PublicKey) }

// BackupHead reads the head a backup file holds (its chain's last entry),
// unsigned: a backup kept off the box is a head taken at its time.
func BackupHead(path string) (Head, error) {
	seq, hash, at, err := store.BackupAuditHead(path)
	if err != nil {
		return Head{}, err
	}
	return Head{Seq: seq, Hash: hash, Time: at}, nil
}

// FooterLine words h for the foot of a printed page — "操作日志链头 第 1234 条
// · 9f2c4a1b7e3d5a60 · 签名 3fa9c1d2e4b5a6f7 · 密钥 7f3a-91c2-…" — through
// t (a locale catalog bound to a language): the sequence number and a
// 16-digit hash prefix are enough to check the chain against later
// (`bianmin audit verify --head "#1234 9f2c4a1b7e3d5a60"`).
func FooterLine(h Head, t func(key string, args map[string]any) string) string {
	args := map[string]any{"Seq": h.Seq, "Hash": h.HashPrefix(MinHashPrefix)}
	if !h.Signed() {
		return t("audit.head.footer_unsigned", args)
	}
	args["Sig"], args["Key"] = h.SignaturePrefix(MinHashPrefix), h.Fingerprint()
	return t("audit.head.footer", args)
}
