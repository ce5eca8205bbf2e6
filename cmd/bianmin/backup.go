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
	fs := newFlags(g, "backup FILE", "把数据的一致副本写到文件（先在本机复制并检查，再写出）；--encrypt 用口令加密（存 U 盘），写完读回检查 / write a consistent, checked copy of the data to FILE; --encrypt seals it with a passphrase (for a USB stick) and reads it back to check"+viaService)
	encrypt := fs.Bool("encrypt", false, "用口令加密（argon2id + AES-GCM），口令从终端、--passphrase-file 或 "+passphraseEnv+" 读 / encrypt with a passphrase (argon2id + AES-GCM), read from the terminal, --passphrase-file or "+passphraseEnv)
	passFile := fs.String("passphrase-file", "", "从文件读口令 / read the passphrase from a file")
	file, err := parseWithArg(g, fs, args, "FILE")
	if err != nil {
		return err
	}
	out, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o750); err != nil {
		return err
	}
	var raw json.RawMessage
	fill := func(w io.Writer) error {
		raw, err = invoke(g, backupOp, struct{}{}, nil, w)
		return err
	}
	plain := out // the database file as checked: out, or the copy decrypted from it
	if *encrypt {
		pass, perr := readPassphrase(g, *passFile, true)
		if perr != nil {
			return perr
		}
		plain, err = sealTo(out, pass, fill)
		if plain != "" {
			defer os.Remove(plain)
		}
	} else {
		err = store.WriteFileAtomic(out, 0o600, fill)
	}
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
	schema, entries, err := store.CheckBackup(plain)
	if err != nil {
		return err
	}
	if *encrypt {
		if err := sameSHA256(plain, sent.SHA256); err != nil {
			return &exitError{1, err}
		}
		fmt.Fprintln(g.stdout, catalog().Both("store.cli.sealed_checked", map[string]any{"File": out}))
	}
	printSlip(g, out, sent, schema, entries)
	return writeBackupSlip(g, plain, out+".head.txt")
}

// writeBackupSlip writes the backup's slip beside it (FILE.head.txt): the
// head of the audit chain the backup holds, signed by the box, to keep
// apart from the box — `bianmin audit verify --head FILE.head.txt` later
// proves the box's history still extends it. It prints the head too, for
// a paper slip.
func writeBackupSlip(g *global, backup, slip string) error {
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
	fs := newFlags(g, "restore FILE", "从备份恢复：先检查备份（加密的备份先用口令解密），当前数据库（即使已损坏）另存到 backups/ 不删除 / replace the data with FILE, checked first (an encrypted one decrypted with its passphrase first); the current database, even a damaged one, is kept in backups/"+needsStopped)
	passFile := fs.String("passphrase-file", "", "加密备份的口令文件 / the passphrase of an encrypted backup, from a file")
	file, err := parseWithArg(g, fs, args, "FILE")
	if err != nil {
		return err
	}
	from := file
	if isSealedFile(file) {
		pass, err := readPassphrase(g, *passFile, false)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(g.dataDir, 0o750); err != nil {
			return err
		}
		if from, err = unseal(file, pass, g.dataDir); err != nil {
			return err
		}
		defer os.Remove(from)
	}
	res, err := store.Restore(from, g.dataDir, schema.Latest(), time.Now)
	c := catalog()
	switch {
	case errors.Is(err, store.ErrLocked):
		return &exitError{3, fmt.Errorf("请先停止服务 (systemctl stop bianmin) / stop the service first: %w", err)}
	case errors.Is(err, store.ErrNewerSchema):
		return &exitError{1, fmt.Errorf("备份来自更新版本的 bianmin，本版本无法使用，未做任何改动 / the backup was written by a newer bianmin, which this version cannot use; nothing was changed: %w", err)}
	case errors.Is(err, store.ErrBadBackup):
		return &exitError{1, fmt.Errorf("%s\n%w", c.Both("store.cli.bad_backup", map[string]any{"File": file}), err)}
	case err != nil:
		return err
	}
	fmt.Fprintf(g.stdout, "已恢复 / restored from %s\n", file)
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
