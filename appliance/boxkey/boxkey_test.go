package boxkey

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadOrCreateKeepsOneKey(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load before the first start: %v, want not-exist", err)
	}
	k, created, err := LoadOrCreate(dir)
	if err != nil || !created {
		t.Fatalf("first start: %v created=%v", err, created)
	}
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	k2, created, err := LoadOrCreate(dir)
	if err != nil || created || k2.Fingerprint() != k.Fingerprint() {
		t.Fatalf("second start: %v created=%v, fingerprints %s vs %s", err, created, k2.Fingerprint(), k.Fingerprint())
	}
	k3, err := Load(dir)
	if err != nil || k3.PublicText() != k.PublicText() {
		t.Fatalf("Load: %v", err)
	}
	msg := []byte("bianmin audit head")
	sig := k.Sign(msg)
	pub, err := ParsePublic(k.PublicText())
	if err != nil || !Verify(pub, msg, sig) {
		t.Fatalf("signature does not verify with the parsed public key: %v", err)
	}
	if Verify(pub, []byte("bianmin audit heaD"), sig) || Verify(Generate().Public(), msg, sig) {
		t.Fatal("signature verified for another message or another key")
	}
	if fp := k.Fingerprint(); len(fp) != 39 || strings.Count(fp, "-") != 7 {
		t.Fatalf("fingerprint %q, want 8 groups of 4 hex digits", fp)
	}
}

func TestDamagedOrOpenKeyRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreate(dir); err == nil || !strings.Contains(err.Error(), "not a PEM private key") {
		t.Fatalf("damaged key: %v", err)
	}
	os.Remove(path)
	if _, _, err := LoadOrCreate(dir); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o640)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("group-readable key: %v", err)
	}
	if _, err := ParsePublic("abc"); !errors.Is(err, ErrBadPublicKey) {
		t.Fatalf("ParsePublic(abc): %v", err)
	}
}
