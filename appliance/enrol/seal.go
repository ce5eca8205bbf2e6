package enrol

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"

	"bianmin/internal/keyfile"
)

// KeyFileName is the name of the template key file in the data directory.
const KeyFileName = "fingerprint.key"

// sealer encrypts template copies with AES-256-GCM.
type sealer struct{ aead cipher.AEAD }

// loadOrCreateKey reads the 32-byte key at path, creating it (mode 0600)
// when absent. A key file readable by others is refused.
func loadOrCreateKey(path string) (*sealer, error) {
	key, _, err := keyfile.LoadOrCreate(path, "fingerprint key", func() ([]byte, error) {
		k := make([]byte, 32)
		rand.Read(k)
		return k, nil
	})
	if err != nil {
		return nil, err
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("fingerprint key %s has %d bytes, want 32 — restore it from a backup", path, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead}, nil
}

// seal encrypts plain; aad binds the ciphertext to its enrolment.
func (s *sealer) seal(plain, aad []byte) []byte {
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	return s.aead.Seal(nonce, nonce, plain, aad)
}

// open decrypts what seal made with the same aad.
func (s *sealer) open(sealed, aad []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("template copy is truncated")
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], aad)
	if err != nil {
		return nil, errors.New("template copy cannot be decrypted: wrong key or damaged data")
	}
	return plain, nil
}
