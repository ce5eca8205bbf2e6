package main

import (
	"encoding/json"
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
	fs := newFlags(g, "backup FILE", "把数据的一致副本写到文件（先在本机复制并检查，再写出）/ write a consistent, checked copy of the data to FILE"+viaService)
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
	var raw json.RawMessage
	err = store.WriteFileAtomic(out, 0o600, func(w io.Writer) error {
		raw, err = invoke(g, backupOp, struct{}{}, nil, w)
		return err
	})
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			return err
		}
		return fmt.Errorf("backup to %s: %w", out, err)
	}
	var sent backupSent
	if err := json.Unmarshal(raw, &sent); err != nil {
		return fmt.Errorf("backup: read the response: %w", err)
	}
	schema, entries, err := store.CheckBackup(out)
	if err != nil {
		return err
	}
	printSlip(g, out, sent, schema, entries)
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

// printSlip prints what goes on the backup slip kept with the copy: the
// file, its size and SHA-256, and the audit chain's head in the copy; the
// box's signature of that head follows (writeBackupSlip).
func printSlip(g *global, file string, s backupSent, schema int, entries uint64) {
	c := catalog()
	w := g.stdout
	fmt.Fprintf(w, "%s: %s\n", c.Both("store.slip.file", nil), file)
	fmt.Fprintf(w, "  %s: %.1f MB (%d bytes)\n", c.Both("store.slip.size", nil), float64(s.Bytes)/(1<<20), s.Bytes)
	fmt.Fprintf(w, "  SHA-256: %s\n", s.SHA256)
	fmt.Fprintf(w, "  %s: %d, %s: %d\n", c.Both("store.slip.schema", nil), schema, c.Both("store.slip.entries", nil), entries)
	fmt.Fprintf(w, "  %s: #%d %s\n", c.Both("store.slip.head", nil), s.Head.Seq, s.Head.Hash)
	fmt.Fprintln(w, c.Both("store.slip.hint", nil))
}

func runRestore(g *global, args []string) error {
	fs := newFlags(g, "restore FILE", "从备份恢复：先检查备份，当前数据库（即使已损坏）另存到 backups/ 不删除 / replace the data with FILE, checked first; the current database, even a damaged one, is kept in backups/"+needsStopped)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{2, errors.New("请给出备份文件 / give the backup FILE")}
	}
	res, err := store.Restore(fs.Arg(0), g.dataDir, schema.Latest(), time.Now)
	c := catalog()
	switch {
	case errors.Is(err, store.ErrLocked):
		return &exitError{3, fmt.Errorf("请先停止服务 (systemctl stop bianmin) / stop the service first: %w", err)}
	case errors.Is(err, store.ErrNewerSchema):
		return &exitError{1, fmt.Errorf("备份来自更新版本的 bianmin，本版本无法使用，未做任何改动 / the backup was written by a newer bianmin, which this version cannot use; nothing was changed: %w", err)}
	case errors.Is(err, store.ErrBadBackup):
		return &exitError{1, fmt.Errorf("%s\n%w", c.Both("store.cli.bad_backup", map[string]any{"File": fs.Arg(0)}), err)}
	case err != nil:
		return err
	}
	fmt.Fprintf(g.stdout, "已恢复 / restored from %s\n", fs.Arg(0))
	fmt.Fprintf(g.stdout, "  %s: %d, %s: %d\n", c.Both("store.slip.schema", nil), res.Schema, c.Both("store.slip.entries", nil), res.Entries)
	if res.Saved != "" {
		fmt.Fprintf(g.stdout, "原数据另存为 / previous data kept in %s\n", res.Saved)
	}
	if res.Damaged != "" {
		fmt.Fprintln(g.stdout, c.Both("store.cli.replaced_damaged", map[string]any{"Detail": res.Damaged}))
	}
	fmt.Fprintln(g.stdout, c.Both("store.cli.start_again", nil))
	return nil
}
