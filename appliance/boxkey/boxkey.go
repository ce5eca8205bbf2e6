package boxkey

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"bianmin/internal/keyfile"
)

// FileName is the key file's name in the data directory. Backups never
// contain it (they copy the database file only).
const FileName = "box.key"

const pemType = "PRIVATE KEY"

// Key is the box's signing key.
type Key struct {
	priv ed25519.PrivateKey
	pub  ed25519.PublicKey
}

// LoadOrCreate reads DATA/box.key, making a new key there (mode 0600) when
// there is none. created says whether it was made now. The service calls
// it at start; commands use Load, so that a command run as another user
// never leaves a key the service cannot read.
func LoadOrCreate(dataDir string) (k *Key, created bool, err error) {
	path := filepath.Join(dataDir, FileName)
	data, created, err := keyfile.LoadOrCreate(path, "box key", newPEM)
	if err != nil {
		return nil, false, err
	}
	k, err = parse(path, data)
	return k, created, err
}

// Load reads DATA/box.key; a missing file is an error wrapping
// fs.ErrNotExist.
func Load(dataDir string) (*Key, error) {
	path := filepath.Join(dataDir, FileName)
	data, _, err := keyfile.Load(path, "box key")
	if err != nil {
		return nil, err
	}
	return parse(path, data)
}

// Generate makes a key in memory (tests, and the county's own tools).
func Generate() *Key {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	return &Key{priv: priv, pub: pub}
}

func newPEM() ([]byte, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemType, Bytes: der}), nil
}

func parse(path string, data []byte) (*Key, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != pemType {
		return nil, fmt.Errorf("box key %s is not a PEM private key — restore it from where it was kept, or move it aside to make a new one (the county must then be told the new fingerprint)", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("box key %s: %w", path, err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("box key %s holds a %T, want an ed25519 key", path, k)
	}
	return &Key{priv: priv, pub: priv.Public().(ed25519.PublicKey)}, nil
}

// ReadFile reads a key written by MarshalPEM (a bundle signing key of a
// build machine, say).
func ReadFile(path string) (*Key, error) {
	data, _, err := keyfile.Load(path, "signing key")
	if err != nil {
		return nil, err
	}
	return parse(path, data)
}

// MarshalPEM is the key as a PEM PKCS#8 private key, as box.key holds it.
func (k *Key) MarshalPEM() []byte {
	der, err := x509.MarshalPKCS8PrivateKey(k.priv)
	if err != nil {
		panic(err) // an ed25519 key always marshals
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemType, Bytes: der})
}

// Sign signs msg.
func (k *Key) Sign(msg []byte) []byte { return ed25519.Sign(k.priv, msg) }

// Public is the public key.
func (k *Key) Public() ed25519.PublicKey { return k.pub }

// PublicText is the public key in base64 (as head files and uploads carry it).
func (k *Key) PublicText() string { return EncodePublic(k.pub) }

// Fingerprint is the public key's fingerprint (see Fingerprint).
func (k *Key) Fingerprint() string { return Fingerprint(k.pub) }

// EncodePublic writes a public key in base64.
func EncodePublic(pub ed25519.PublicKey) string { return base64.StdEncoding.EncodeToString(pub) }

// ErrBadPublicKey is returned by ParsePublic for text that is no ed25519
// public key.
var ErrBadPublicKey = errors.New("not an ed25519 public key in base64")

// ParsePublic reads a public key written by EncodePublic.
func ParsePublic(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, ErrBadPublicKey
	}
	return ed25519.PublicKey(b), nil
}

// Fingerprint is the first 16 bytes of the public key's SHA-256 in groups
// of four hex digits: "7f3a-91c2-…" (39 characters), short enough to read
// aloud over the phone to the county and to print on a slip.
func Fingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	h := hex.EncodeToString(sum[:16])
	parts := make([]string, 0, 8)
	for i := 0; i < len(h); i += 4 {
		parts = append(parts, h[i:i+4])
	}
	return strings.Join(parts, "-")
}

// Verify reports whether sig is pub's signature of msg.
func Verify(pub ed25519.PublicKey, msg, sig []byte) bool {
	return len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, msg, sig)
}
