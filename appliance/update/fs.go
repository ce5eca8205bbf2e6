package update

import (
	"io"
	"os"
	"path/filepath"
)

// FS is the file system the update path writes through: every step that
// must survive a power cut says so with File.Sync and SyncDir. The box uses
// OS; the crash-injection test hands a layer that forgets, at a chosen
// moment, every write not yet synced (updatetest.CrashFS), because a kill
// -9 keeps the page cache and would hide a missing fsync.
type FS interface {
	// Create makes or truncates a file for writing.
	Create(name string, perm os.FileMode) (File, error)
	Open(name string) (io.ReadCloser, error)
	ReadFile(name string) ([]byte, error)
	Rename(oldpath, newpath string) error
	RemoveAll(name string) error
	MkdirAll(name string, perm os.FileMode) error
	// SyncDir makes the directory's entries (files created, renamed or
	// removed in it) durable.
	SyncDir(name string) error
	Stat(name string) (os.FileInfo, error)
}

// File is a file open for writing.
type File interface {
	io.Writer
	Sync() error
	Close() error
}

// OS is the real file system.
type OS struct{}

func (OS) Create(name string, perm os.FileMode) (File, error) {
	return os.OpenFile(name, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, perm)
}
func (OS) Open(name string) (io.ReadCloser, error)      { return os.Open(name) }
func (OS) ReadFile(name string) ([]byte, error)         { return os.ReadFile(name) }
func (OS) Rename(oldpath, newpath string) error         { return os.Rename(oldpath, newpath) }
func (OS) RemoveAll(name string) error                  { return os.RemoveAll(name) }
func (OS) MkdirAll(name string, perm os.FileMode) error { return os.MkdirAll(name, perm) }
func (OS) Stat(name string) (os.FileInfo, error)        { return os.Stat(name) }

func (OS) SyncDir(name string) error {
	d, err := os.Open(name)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func syncDir(fsys FS, dir string) error { return fsys.SyncDir(dir) }

// writeFileSynced writes data to path through a temporary file, fsyncs
// it, renames it into place and fsyncs the directory: after it returns the
// file is path's whole new content even across a power cut, and before,
// path is the old content (never a mix, never missing).
func writeFileSynced(fsys FS, path string, perm os.FileMode, fill func(w io.Writer) error) error {
	return writeFileSyncedStep(fsys, path, perm, fill, nil)
}

// writeFileSyncedStep is writeFileSynced that calls step after the rename,
// before the directory's fsync (the crash test stops there).
func writeFileSyncedStep(fsys FS, path string, perm os.FileMode, fill func(w io.Writer) error, step func(string) error) error {
	tmp := path + ".tmp"
	f, err := fsys.Create(tmp, perm)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		fsys.RemoveAll(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := fsys.Rename(tmp, path); err != nil {
		return err
	}
	if err := stepAt(step, "renamed "+filepath.Base(path)); err != nil {
		return err
	}
	return fsys.SyncDir(filepath.Dir(path))
}

// stepAt calls the crash test's step hook, if any.
func stepAt(step func(string) error, name string) error {
	if step == nil {
		return nil
	}
	return step(name)
}
