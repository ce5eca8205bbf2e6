package keyfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// LoadOrCreate returns the contents of the secret file at path, creating it
// with make's bytes (mode 0600, fsynced, and its directory fsynced) when it
// does not exist. created says whether it was made now. what names the file
// in errors ("fingerprint key", "box key"). A file that group or others may
// read is refused with the chmod that fixes it: a secret readable by any
// local account is no secret.
func LoadOrCreate(path, what string, make func() ([]byte, error)) (data []byte, created bool, err error) {
	data, err = os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if data, err = make(); err != nil {
			return nil, false, fmt.Errorf("make %s: %w", what, err)
		}
		if err := create(path, data); errors.Is(err, fs.ErrExist) {
			// Another process made it between our read and create: use theirs.
			return Load(path, what)
		} else if err != nil {
			return nil, false, fmt.Errorf("create %s %s: %w", what, path, err)
		}
		return data, true, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read %s %s: %w", what, path, err)
	}
	return data, false, checkMode(path, what)
}

// Load reads an existing secret file (no creating), with the same mode
// check as LoadOrCreate. A missing file is an error wrapping fs.ErrNotExist.
func Load(path, what string) ([]byte, bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, fmt.Errorf("read %s %s: %w", what, path, err)
	}
	return data, false, checkMode(path, what)
}

func checkMode(path, what string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, path, err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("%s %s is readable by others (mode %v) — run: chmod 600 %s", what, path, perm, path)
	}
	return nil
}

// create writes data to a new file at path (O_EXCL, 0600), fsyncs it and
// its directory.
func create(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
