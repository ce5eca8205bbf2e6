package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/auditlog"
	"bianmin/appliance/boxkey"
	"bianmin/appliance/store"

	bolt "go.etcd.io/bbolt"
)

// footerHeadRE finds the audit head in a report PDF's text: "操作日志链头 第
// 12 条 · 9f2c4a1b7e3d5a60".
var footerHeadRE = regexp.MustCompile(`操作日志链头 第 (\d+) 条 · ([0-9a-f]{16})`)

// TestRewrittenAndResignedChainFailsVerifyHead: issue 9 item 7 — whoever
// can write the file could re-hash the chain after an edit and pass
// `audit verify`. Heads are taken off the box the three ways the box
// offers (a head file, a backup with its slip, a report PDF's footer);
// then the chain is rewritten AND its head re-signed with the box's own
// key. `audit verify` alone still passes and says what it cannot prove;
// `audit verify --head` fails against every head taken before.
func TestRewrittenAndResignedChainFailsVerifyHead(t *testing.T) {
	t.Parallel()
	dir, tmp := t.TempDir(), t.TempDir()
	s := startServer(t, dir, "serve")
	c := loginAdmin(t, s, adminNewPW)
	run := func(args ...string) (string, string, int) {
		return cli(t, 30*time.Second, append([]string{"--data", dir}, args...)...)
	}
	must := func(args ...string) string {
		t.Helper()
		out, errOut, code := run(args...)
		if code != 0 {
			t.Fatalf("bianmin %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return out
	}
	must("import", "staff", writeFile(t, tmp, "staff.csv", staffCSV))
	must("import", "punches", writeFile(t, tmp, "wang.csv", wangCSV()))

	// 1. A head file, signed by the box.
	headFile := filepath.Join(tmp, "before.head")
	must("audit", "head", "--out", headFile)
	// 2. A backup and its slip.
	backup := filepath.Join(tmp, "b.db")
	out := must("backup", backup)
	if !strings.Contains(out, "备份单") || !strings.Contains(out, backup+".head.txt") {
		t.Errorf("backup did not print its slip:\n%s", out)
	}
	// 3. The foot of a weekly notice.
	pdf := filepath.Join(tmp, "notice.pdf")
	must("report", "weekly", "2026-02-04", "--pdf", pdf)
	footer := ""
	if bin, err := exec.LookPath("pdftotext"); err == nil {
		text, _ := exec.Command(bin, "-enc", "UTF-8", pdf, "-").Output()
		if m := footerHeadRE.FindStringSubmatch(string(text)); m != nil {
			footer = "#" + m[1] + " " + m[2]
		} else {
			t.Errorf("the notice's foot carries no audit head:\n%s", text)
		}
	}
	for i := range 3 {
		createUnit(t, c, fmt.Sprintf("改写前单位-%d", i))
	}
	s.stop(5 * time.Second)

	heads := map[string]string{"head file": headFile, "backup slip": backup + ".head.txt", "backup file": backup}
	if footer != "" {
		heads["notice footer"] = footer
	}
	for what, h := range heads {
		out, errOut, code := run("audit", "verify", "--head", h)
		if code != 0 || !strings.Contains(out, "通过") || !strings.Contains(out, "PASS") {
			t.Errorf("before tampering, against the %s: exit %d\n%s%s", what, code, out, errOut)
		}
	}
	if out, _, _ := run("audit", "verify", "--head", headFile); !strings.Contains(out, "由本机密钥签名") {
		t.Errorf("the head file is not said to be signed by this box:\n%s", out)
	}

	// Rewrite an entry written before every head (the staff import) and
	// re-hash the chain from it, then re-sign the new head with the box's
	// key, as an intruder with the file and the key would.
	seq := rewriteEntry(t, dir, "staff.import")
	key, err := boxkey.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	n, hash, _ := db.AuditHead()
	db.Close()
	forged := filepath.Join(tmp, "forged.head")
	if err := os.WriteFile(forged, auditlog.FormatHead(auditlog.Sign(auditlog.Head{Seq: n, Hash: hash, Time: time.Now()}, key)), 0o600); err != nil {
		t.Fatal(err)
	}

	out, errOut, code := run("audit", "verify")
	if code != 0 || !strings.Contains(out, "audit chain OK") || !strings.Contains(out, "它不能证明历史没有被整体改写") ||
		!strings.Contains(out, "cannot prove that the history was not rewritten") {
		t.Fatalf("audit verify alone after a careful rewrite: exit %d (it should pass and say what it cannot prove)\n%s%s", code, out, errOut)
	}
	t.Logf("audit verify alone after rewriting entry %d and re-signing:\n%s", seq, out)
	if out, errOut, code := run("audit", "verify", "--head", forged); code != 0 {
		t.Errorf("the intruder's own re-signed head: exit %d (it extends itself)\n%s%s", code, out, errOut)
	}
	for what, h := range heads {
		out, errOut, code := run("audit", "verify", "--head", h)
		if code != 1 || !strings.Contains(out, "不通过") || !strings.Contains(out, "FAIL") {
			t.Errorf("after the rewrite, against the %s: exit %d, want 1 and FAIL\n%s%s", what, code, out, errOut)
		}
		t.Logf("against the %s: exit %d\n%s", what, code, out)
	}
	// A head file edited (an earlier entry, before the rewrite) no longer
	// verifies: its signature covers the number, the hash and the time.
	edited := regexp.MustCompile(`(?m)^seq: \d+$`).ReplaceAllString(mustRead(t, headFile), fmt.Sprintf("seq: %d", seq-1))
	editedFile := writeFile(t, tmp, "edited.head", edited)
	if _, errOut, code := run("audit", "verify", "--head", editedFile); code == 0 || !strings.Contains(errOut, "签名与内容不符") {
		t.Errorf("an edited head file: exit %d\n%s", code, errOut)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// rewriteEntry changes the after of the first entry with action, re-hashes
// every entry from it on and moves the head, directly in the bbolt file.
func rewriteEntry(t *testing.T, dir, action string) uint64 {
	t.Helper()
	bdb, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	var seq uint64
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("audit"))
		var entries []store.AuditEntry
		if err := b.ForEach(func(k, v []byte) error {
			var e store.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			entries = append(entries, e)
			return nil
		}); err != nil {
			return err
		}
		prev := store.GenesisHash
		for i := range entries {
			e := &entries[i]
			if seq == 0 && e.Action == action {
				seq, e.After = e.Seq, json.RawMessage(`{"created":0,"note":"rewritten"}`)
			}
			e.PrevHash, e.Hash = prev, ""
			data, _ := json.Marshal(e)
			sum := sha256.Sum256(data)
			e.Hash = hex.EncodeToString(sum[:])
			data, _ = json.Marshal(e)
			if err := b.Put(store.IDKey(e.Seq), data); err != nil {
				return err
			}
			prev = e.Hash
		}
		if seq == 0 {
			return fmt.Errorf("no %s entry", action)
		}
		last := entries[len(entries)-1]
		head, _ := json.Marshal(map[string]any{"seq": last.Seq, "hash": last.Hash})
		return tx.Bucket([]byte("meta")).Put([]byte("audit_head"), head)
	})
	if err != nil {
		t.Fatal(err)
	}
	return seq
}
