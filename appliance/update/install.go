package update

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Installer puts a bundle on this box. The steps are linear and each
// leaves the box bootable: (1) check the bundle against the box; (2) copy
// the binary and data files into the inactive slot — a temporary name,
// fsync, rename, fsync of the directory — and read the binary back; (3)
// back up the data (a checked snapshot, fsynced); (4) switch: replace the
// state in one rename, the new version on trial. Until (4) the launcher
// starts the old version; from (4) the new one, on trial.
type Installer struct {
	Layout
	Box Box
	// Self is the slot running now (Current of the state, or the factory
	// binary), with the schema this version knows: it becomes Previous.
	Self Slot
	// Backup writes a checked snapshot of the store to w and returns the
	// sequence number of the last audit entry in it.
	Backup     func(w io.Writer) (auditSeq uint64, err error)
	Technician string
	Now        func() time.Time
	// Step, when set, is called at each step ("copied", "synced", ...);
	// an error stops the install there (the crash-injection test).
	Step func(name string) error
}

// Install checks and installs b, leaving the new version on trial, and
// returns the new state. The service then restarts into it (the launcher
// starts Current). A refusal is a problem, and nothing was changed.
func (in *Installer) Install(b *Bundle) (State, error) {
	m := b.Manifest
	st, ok, err := in.LoadState()
	if err != nil {
		return st, err
	}
	if !ok {
		st = State{Current: in.Self}
	}
	if st.Trial {
		return st, problem.New("", "update.err.on_trial", "Version", st.Current.Version)
	}
	if err := Check(m, in.Box); err != nil {
		return st, err
	}
	now := in.now()
	target := "a"
	if st.Current.Name == "a" {
		target = "b"
	}
	if st.Previous != nil && st.Previous.Name == target {
		// The inactive slot holds the fallback of the running version:
		// forget it before its binary is overwritten.
		st.Previous = nil
		if err := in.saveState(st, nil); err != nil {
			return st, err
		}
	}
	slotRel := filepath.Join("slots", target)
	slotDir := in.path(slotRel)
	for _, p := range m.Parts {
		dst := filepath.Join(slotDir, filepath.FromSlash(p.Name))
		if err := in.copyPart(b, p, dst); err != nil {
			return st, err
		}
	}
	bin := filepath.Join(slotDir, BinaryName)
	part, _ := b.Part(BinaryName)
	if sum, err := in.hash(bin); err != nil || sum != part.SHA256 {
		return st, problem.New("", "update.err.copy_verify", "File", bin)
	}
	if err := in.step("slot ready"); err != nil {
		return st, err
	}
	backupRel := filepath.Join("backups", fmt.Sprintf("pre-update-%s-to-%s-%s.db", in.Self.Version, m.Version, now.UTC().Format("20060102T150405Z")))
	var seq uint64
	if err := in.FS.MkdirAll(filepath.Dir(in.path(backupRel)), 0o750); err != nil {
		return st, err
	}
	err = writeFileSynced(in.FS, in.path(backupRel), 0o600, func(w io.Writer) error {
		var err error
		seq, err = in.Backup(w)
		return err
	})
	if err != nil {
		return st, fmt.Errorf("back up the data before the update: %w", err)
	}
	if err := in.step("backed up"); err != nil {
		return st, err
	}
	self := in.Self
	next := State{
		Current:  Slot{Name: target, Path: filepath.Join(slotRel, BinaryName), Version: m.Version, Epoch: m.Epoch, SHA256: part.SHA256},
		Previous: &self, Trial: true, Backup: backupRel, BackupSeq: seq,
		Last: &Outcome{From: self.Version, To: m.Version, Result: ResultTrial, Technician: in.Technician, Installed: now, At: now},
	}
	if err := in.saveState(next, in.Step); err != nil {
		return st, err
	}
	return next, in.step("switched")
}

// copyPart writes a part to dst through a temporary name: copy (checking
// the hash again, the stick may have changed), fsync, rename, fsync the
// directory.
func (in *Installer) copyPart(b *Bundle, p Part, dst string) error {
	if err := in.FS.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	tmp := dst + ".new"
	perm := filepathPerm(p)
	f, err := in.FS.Create(tmp, perm)
	if err != nil {
		return err
	}
	if err := b.CopyPart(p.Name, f); err != nil {
		f.Close()
		in.FS.RemoveAll(tmp)
		return err
	}
	if err := in.step("copied " + p.Name); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := in.step("synced " + p.Name); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := in.FS.Rename(tmp, dst); err != nil {
		return err
	}
	if err := in.step("renamed " + p.Name); err != nil {
		return err
	}
	return in.FS.SyncDir(filepath.Dir(dst))
}

func filepathPerm(p Part) (perm os.FileMode) {
	if p.Kind == KindBinary {
		return 0o755
	}
	return 0o644
}

func (in *Installer) step(name string) error { return stepAt(in.Step, name) }

func (in *Installer) now() time.Time {
	if in.Now != nil {
		return in.Now()
	}
	return time.Now()
}

// hash is the SHA-256 of a file, read back through the file system.
func (l Layout) hash(p string) (string, error) {
	f, err := l.FS.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// StoreBackup is Installer.Backup over the open store: a checked snapshot
// (store.Snapshot) copied to w.
func StoreBackup(db *store.DB) func(w io.Writer) (uint64, error) {
	return func(w io.Writer) (uint64, error) {
		snap, err := db.Snapshot(context.Background())
		if err != nil {
			return 0, err
		}
		defer snap.Close()
		n, err := io.Copy(w, snap)
		if err != nil {
			return 0, err
		}
		if n != snap.Size {
			return 0, fmt.Errorf("the backup copy is %d bytes, want %d", n, snap.Size)
		}
		return snap.Head.Seq, nil
	}
}

// AuditInstall records an installed update in the audit log: who, from
// which version to which, and the pre-update backup.
func AuditInstall(db *store.DB, actor string, st State) error {
	if st.Last == nil {
		return nil
	}
	return db.Update(actor, func(tx *store.Tx) error {
		return tx.Audit("update.install", "update/"+st.Last.To, map[string]any{"version": st.Last.From},
			map[string]any{"version": st.Last.To, "backup": st.Backup, "result": st.Last.Result})
	})
}
