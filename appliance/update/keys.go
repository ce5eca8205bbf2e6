package update

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"bianmin/appliance/boxkey"
)

// The files `bianmin bundle keygen --out DIR` writes.
const (
	PrivateKeyFile = "bianmin-bundle.key" // PEM PKCS#8, mode 0600: stays on the build machine
	PublicKeyFile  = "bianmin-bundle.pub" // one line of base64: baked into the binary, or --trust
)

// Keygen makes a signing key pair in dir for a build machine. It refuses
// to overwrite a key already there.
func Keygen(dir string) (priv, pub, fingerprint string, err error) {
	priv, pub = filepath.Join(dir, PrivateKeyFile), filepath.Join(dir, PublicKeyFile)
	for _, p := range []string{priv, pub} {
		if _, err := os.Stat(p); err == nil {
			return "", "", "", fmt.Errorf("%s already exists: keep it, or move it away first (bundles signed with it must stay verifiable)", p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", "", "", err
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", "", err
	}
	k := boxkey.Generate()
	if err := writeSynced(priv, k.MarshalPEM(), 0o600); err != nil {
		return "", "", "", err
	}
	text := fmt.Sprintf("# bianmin bundle signing key %s\n%s\n", k.Fingerprint(), k.PublicText())
	if err := writeSynced(pub, []byte(text), 0o644); err != nil {
		return "", "", "", err
	}
	return priv, pub, k.Fingerprint(), nil
}

// LoadSigningKey reads a private key written by Keygen.
func LoadSigningKey(path string) (*boxkey.Key, error) { return boxkey.ReadFile(path) }

// ParsePublicKeys reads public keys: lines of base64 (as Keygen writes;
// blank lines and # comments skipped) or PEM "PUBLIC KEY" blocks.
func ParsePublicKeys(data []byte) ([]ed25519.PublicKey, error) {
	var keys []ed25519.PublicKey
	if bytes.Contains(data, []byte("-----BEGIN")) {
		for {
			var b *pem.Block
			b, data = pem.Decode(data)
			if b == nil {
				break
			}
			k, err := x509.ParsePKIXPublicKey(b.Bytes)
			if err != nil {
				return nil, err
			}
			pub, ok := k.(ed25519.PublicKey)
			if !ok {
				return nil, fmt.Errorf("a %T public key, want ed25519", k)
			}
			keys = append(keys, pub)
		}
	} else {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			k, err := boxkey.ParsePublic(line)
			if err != nil {
				return nil, err
			}
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, errors.New("no ed25519 public key found")
	}
	return keys, nil
}

// ReadPublicKeyFile reads the public keys in a file (ParsePublicKeys).
func ReadPublicKeyFile(path string) ([]ed25519.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	keys, err := ParsePublicKeys(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return keys, nil
}

// writeSynced writes a file whole (writeFileSynced on the real file system).
func writeSynced(path string, data []byte, perm os.FileMode) error {
	return writeFileSynced(OS{}, path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
