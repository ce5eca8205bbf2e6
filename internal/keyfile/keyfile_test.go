package keyfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadOrCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.key")
	calls := 0
	mk := func() ([]byte, error) { calls++; return []byte("secret"), nil }
	data, created, err := LoadOrCreate(path, "test key", mk)
	if err != nil || !created || string(data) != "secret" {
		t.Fatalf("first: %q %v %v", data, created, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	data, created, err = LoadOrCreate(path, "test key", func() ([]byte, error) { return []byte("other"), nil })
	if err != nil || created || string(data) != "secret" {
		t.Fatalf("second: %q %v %v", data, created, err)
	}
	if calls != 1 {
		t.Fatalf("make called %d times", calls)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreate(path, "test key", mk); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable key: %v, want a refusal naming chmod 600", err)
	}
	if _, _, err := Load(filepath.Join(t.TempDir(), "none"), "test key"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load of a missing file: %v", err)
	}
}
