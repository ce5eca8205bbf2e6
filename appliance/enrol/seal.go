package enrol

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
)

// KeyFileName is the name of the template key file in the data directory.
const KeyFileName = "fingerprint.key"

// sealer encrypts template copies with AES-256-GCM.
type sealer struct{ aead cipher.AEAD }

// loadOrCreateKey reads the 32-byte key at path, creating it (mode 0600)
// when absent. A key file readable by others is refused.
func loadOrCreateKey(path string) (*sealer, error) {
	key, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key = make([]byte, 32)
		rand.Read(key)
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, fmt.Errorf("create fingerprint key %s: %w", path, err)
		}
		if _, err := f.Write(key); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, fmt.Errorf("read fingerprint key %s: %w", path, err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("fingerprint key %s is readable by others (mode %v) — run: chmod 600 %s", path, fi.Mode().Perm(), path)
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
