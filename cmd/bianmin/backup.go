package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"bianmin/appliance/auditlog"
	"bianmin/appliance/schema"
	"bianmin/appliance/store"
)

func runBackup(g *global, args []string) error {
	fs := newFlags(g, "backup FILE", "把数据的一致副本写到文件 / write a consistent copy of the data to FILE"+viaService)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{2, errors.New("请给出备份文件名 / give the backup FILE")}
	}
	out, err := filepath.Abs(fs.Arg(0))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o750); err != nil {
		return err
	}
	err = store.WriteFileAtomic(out, 0o600, func(w io.Writer) error {
		_, err := invoke(g, backupOp, struct{}{}, nil, w)
		return err
	})
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			return err
		}
		return fmt.Errorf("backup to %s: %w", out, err)
	}
	schema, entries, err := store.CheckBackup(out)
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "已备份 / backed up: %s (schema %d, %d audit entries)\n", out, schema, entries)
	return writeBackupSlip(g, out)
}

// writeBackupSlip writes the backup's slip beside it (FILE.head.txt): the
// head of the audit chain the backup holds, signed by the box, to keep
// apart from the box — `bianmin audit verify --head FILE.head.txt` later
// proves the box's history still extends it. It prints the head too, for
// a paper slip.
func writeBackupSlip(g *global, backup string) error {
	seq, hash, _, err := store.BackupAuditHead(backup)
	if err != nil {
		return err
	}
	h, err := call[auditlog.Head](g, auditSignOp, auditSignArgs{Seq: seq, Hash: hash})
	if err != nil {
		// The backup is good; only its slip is missing (no key yet).
		fmt.Fprintf(g.stderr, "备份单未写 / no slip written: %v\n", err)
		h = auditlog.Head{Seq: seq, Hash: hash}
	}
	slip := backup + ".head.txt"
	if err := store.WriteFileAtomic(slip, 0o644, func(w io.Writer) error { _, err := w.Write(auditlog.FormatHead(h)); return err }); err != nil {
		return fmt.Errorf("write the backup slip %s: %w", slip, err)
	}
	say(g.stdout, "audit.cli.slip", map[string]any{"File": slip, "Seq": h.Seq, "Hash": h.HashPrefix(auditlog.MinHashPrefix),
		"Sig": orNone(h.SignaturePrefix(auditlog.MinHashPrefix)), "Key": orNone(h.Fingerprint())})
	return nil
}

func runRestore(g *global, args []string) error {
	fs := newFlags(g, "restore FILE", "从备份恢复，当前数据会先另存 / replace the data with FILE; the current data is kept aside"+needsStopped)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{2, errors.New("请给出备份文件 / give the backup FILE")}
	}
	saved, err := store.Restore(fs.Arg(0), g.dataDir, schema.Latest(), time.Now)
	if errors.Is(err, store.ErrLocked) {
		return &exitError{3, fmt.Errorf("请先停止服务 (systemctl stop bianmin) / stop the service first: %w", err)}
	}
	if errors.Is(err, store.ErrNewerSchema) {
		return &exitError{1, fmt.Errorf("备份来自更新版本的 bianmin，本版本无法使用，未做任何改动 / the backup was written by a newer bianmin, which this version cannot use; nothing was changed: %w", err)}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "已恢复 / restored from %s\n", fs.Arg(0))
	if saved != "" {
		fmt.Fprintf(g.stdout, "原数据另存为 / previous data kept in %s\n", saved)
	}
	return nil
}
