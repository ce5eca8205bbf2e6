package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"bianmin/appliance/auditlog"
	"bianmin/appliance/store"
)

const auditUsage = `操作日志 / audit log

  bianmin audit verify [--head HASH|SEQ:HASH|FILE]
      检查日志链；带 --head 时，再检查今天的日志链是否延续了当时保存的链头
      （周通报页脚、备份单上的链头文件、备份文件本身，或县中心收到的链头）
      check the chain; with --head, also that today's chain extends a head
      kept off the box (a notice's footer, a backup slip's head file, a
      backup file, or the head the county received)
  bianmin audit head [--out FILE]
      打印（或写入文件）当前链头，带本机签名，供另外保存
      print (or write to FILE) the current head, signed by this box, to keep
      somewhere else` + viaService

func runAudit(g *global, args []string) error {
	fs := newFlags(g, "audit verify|head", auditUsage)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	switch fs.Arg(0) {
	case "verify":
		return runAuditVerify(g, fs.Args()[1:])
	case "head":
		return runAuditHead(g, fs.Args()[1:])
	}
	fs.Usage()
	return &exitError{2, errors.New("用法 / usage: bianmin audit verify [--head HASH|FILE] | audit head [--out FILE]")}
}

// say prints a message of the audit area in Chinese, then in English, each
// on its own line (the explanations are sentences, too long for one line).
func say(w io.Writer, key string, args map[string]any) {
	c := catalog()
	fmt.Fprintln(w, c.T("zh-CN", key, args))
	if en := c.T("en", key, args); en != c.T("zh-CN", key, args) {
		fmt.Fprintln(w, en)
	}
}

func runAuditVerify(g *global, args []string) error {
	fs := newFlags(g, "audit verify", "检查操作日志链；--head 检查是否延续了另外保存的链头 / check the audit chain; --head: that it extends a head kept off the box"+viaService)
	headArg := fs.String("head", "", "另外保存的链头：哈希、序号:哈希、链头文件或备份文件 / a head kept off the box: HASH, SEQ:HASH, a head file or a backup file")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return &exitError{2, errors.New("用法 / usage: bianmin audit verify [--head HASH|SEQ:HASH|FILE]")}
	}
	var req auditVerifyArgs
	if *headArg != "" {
		h, err := readHeadArg(*headArg)
		if err != nil {
			return err
		}
		req.Head = &h
	}
	res, err := call[auditVerifyResp](g, auditVerifyOp, req)
	if err != nil {
		return err
	}
	w := g.stdout
	chain := res.Chain
	if !chain.OK {
		fmt.Fprintf(w, "日志链断开 / audit chain BROKEN at entry %d: %s (%d entries intact before it)\n", chain.BrokenAt, chain.Reason, chain.Entries)
	} else {
		fmt.Fprintf(w, "日志链完整 / audit chain OK: %d entries\n", chain.Entries)
	}
	if res.Head == nil {
		say(w, "audit.cli.alone", map[string]any{"Fingerprint": orNone(res.Fingerprint)})
		if !chain.OK {
			return &exitError{1, fmt.Errorf("audit chain broken at entry %d", chain.BrokenAt)}
		}
		return nil
	}
	return printHeadCheck(g, *res.Head, res.Fingerprint)
}

func orNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// printHeadCheck says what the check against a head proved, and exits 1
// unless the chain extends it and is intact.
func printHeadCheck(g *global, c auditlog.HeadCheck, box string) error {
	w := g.stdout
	h := c.Head
	args := map[string]any{"Seq": h.Seq, "Hash": h.HashPrefix(16), "Time": "—", "Found": c.Seq, "Since": c.Since,
		"Now": prefixOf(c.Hash, 16), "Entries": c.Chain.Entries, "Broken": c.Chain.BrokenAt,
		"Key": orNone(h.Fingerprint()), "Box": orNone(box)}
	if !h.Time.IsZero() {
		args["Time"] = h.Time.Format("2006-01-02 15:04:05Z07:00")
	}
	switch {
	case !h.Signed():
		say(w, "audit.cli.head_unsigned", args)
	case c.ThisBox:
		say(w, "audit.cli.head_signed_here", args)
	default:
		say(w, "audit.cli.head_signed_other", args)
	}
	switch c.Outcome {
	case auditlog.Extends:
		if c.Chain.OK {
			say(w, "audit.cli.extends", args)
			return nil
		}
		say(w, "audit.cli.extends_but_broken", args)
	case auditlog.Rewritten:
		say(w, "audit.cli.rewritten", args)
	case auditlog.Cut:
		say(w, "audit.cli.cut", args)
	case auditlog.NotFound:
		say(w, "audit.cli.not_found", args)
	case auditlog.Broken:
		say(w, "audit.cli.broken_before", args)
	}
	return &exitError{1, fmt.Errorf("the audit chain does not extend the head %d:%s (%s)", h.Seq, h.HashPrefix(16), c.Outcome)}
}

func prefixOf(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// boltMagic is bbolt's magic number 0xED0CDAED as it lies (little-endian)
// at byte 16 of a database file's first page: the file is a backup.
var boltMagic = []byte{0xed, 0xda, 0x0c, 0xed}

// readHeadArg reads --head: a head file, a backup file (its chain's head
// as it was when the backup was made), or a hash with its sequence number.
func readHeadArg(arg string) (auditlog.Head, error) {
	if fi, err := os.Stat(arg); err == nil && fi.Mode().IsRegular() {
		f, err := os.Open(arg)
		if err != nil {
			return auditlog.Head{}, err
		}
		data, err := io.ReadAll(io.LimitReader(f, 64<<10))
		f.Close()
		if err != nil {
			return auditlog.Head{}, err
		}
		if len(data) >= 32 && bytes.Equal(data[16:20], boltMagic) {
			h, err := auditlog.BackupHead(arg)
			if err != nil {
				return auditlog.Head{}, &exitError{2, fmt.Errorf("备份文件读不出链头 / cannot read the head of backup %s: %w", arg, err)}
			}
			return h, nil
		}
		h, err := auditlog.ParseHead(data)
		if errors.Is(err, auditlog.ErrBadSignature) {
			return auditlog.Head{}, &exitError{1, errors.New(catalog().Both("audit.cli.bad_signature", map[string]any{"File": arg}))}
		}
		if err != nil {
			return auditlog.Head{}, &exitError{2, fmt.Errorf("%s 不是链头文件 / %s is not a head file: %w", arg, arg, err)}
		}
		return h, nil
	}
	h, err := auditlog.ParseHeadRef(arg)
	if err != nil {
		if strings.ContainsAny(arg, "/.") {
			return auditlog.Head{}, &exitError{2, fmt.Errorf("找不到文件 %s，它也不是哈希 / no file %s, and it is not a hash either: %w", arg, arg, err)}
		}
		return auditlog.Head{}, &exitError{2, fmt.Errorf("--head: %w", err)}
	}
	return h, nil
}

func runAuditHead(g *global, args []string) error {
	fs := newFlags(g, "audit head", "打印当前链头（本机签名），供另外保存 / print the current head, signed by this box, to keep off the box"+viaService)
	out := fs.String("out", "", "写入此文件而不是打印 / write it to FILE instead of printing it")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return &exitError{2, errors.New("用法 / usage: bianmin audit head [--out FILE]")}
	}
	h, err := call[auditlog.Head](g, auditHeadOp, struct{}{})
	if err != nil {
		return err
	}
	text := auditlog.FormatHead(h)
	if *out == "" {
		_, err := g.stdout.Write(text)
		return err
	}
	path, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	if err := store.WriteFileAtomic(path, 0o644, func(w io.Writer) error { _, err := w.Write(text); return err }); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	fmt.Fprintf(g.stdout, "链头已写入 / head written to %s: #%d %s\n", path, h.Seq, h.HashPrefix(16))
	return nil
}
