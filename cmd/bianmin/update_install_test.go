package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"bianmin/appliance/store"
	"bianmin/appliance/update"
)

// TestUpdateInstallWithServiceStopped: the same command with no service
// running opens the store itself; the install leaves the new version on
// trial for the next start, writes the slip as a PDF, queues its short form
// for the ticket printer, and audits the install; the same bundle again is
// refused (still on trial).
func TestUpdateInstallWithServiceStopped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	cli(t, cliTimeout, "--data", data, "admin", "reset-password", "admin") // makes the store
	keys := filepath.Join(dir, "keys")
	if _, e, code := cli(t, cliTimeout, "bundle", "keygen", "--out", keys); code != 0 {
		t.Fatal(e)
	}
	bundle := filepath.Join(dir, "u.bmb")
	if _, e, code := cli(t, cliTimeout, "bundle", "sign", "--key", filepath.Join(keys, update.PrivateKeyFile), "--binary", binPath,
		"--version", "9.0.0", "--arch", runtime.GOARCH, "--epoch", "0", "--out", bundle); code != 0 {
		t.Fatal(e)
	}
	pub := filepath.Join(keys, update.PublicKeyFile)
	slip := filepath.Join(dir, "slip.pdf")
	out, e, code := cli(t, cliTimeout, "--data", data, "update", "install", bundle, "--trust", pub, "--slip", slip, "--print")
	if code != 0 || !strings.Contains(out, "9.0.0") || !strings.Contains(out, "systemctl start") {
		t.Fatalf("update install: exit %d\n%s%s", code, out, e)
	}
	if b, err := os.ReadFile(slip); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("slip PDF: %v", err)
	}
	st, ok, err := update.Layout{FS: update.OS{}, DataDir: data}.LoadState()
	if err != nil || !ok || !st.Trial || st.Current.Version != "9.0.0" || st.Previous == nil || st.Backup == "" {
		t.Fatalf("state %+v %v", st, err)
	}
	if _, err := os.Stat(filepath.Join(data, update.DirName, st.Current.Path)); err != nil {
		t.Errorf("the new slot's binary: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(data, update.DirName, "incoming")); len(entries) != 0 {
		t.Errorf("the staged bundle was left behind: %v", entries)
	}
	db, err := store.Open(data, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	jobs, audited := 0, false
	db.View(func(tx *store.Tx) error {
		tx.ForEach("printjob.jobs", func(_, v []byte) error { jobs++; return nil })
		return nil
	})
	if es, _ := db.AuditEntries("update/", 5); len(es) == 1 && es[0].Action == "update.install" {
		audited = true
	}
	db.Close()
	if jobs != 1 || !audited {
		t.Errorf("print jobs %d, audited %v", jobs, audited)
	}
	if _, e, code := cli(t, cliTimeout, "--data", data, "update", "install", bundle, "--trust", pub); code == 0 || !strings.Contains(e, "试运行") {
		t.Errorf("a second install during the trial: exit %d\n%s", code, e)
	}
}
