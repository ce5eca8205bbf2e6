package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEncryptedBackupToStick: backup --encrypt writes a sealed file, reads
// it back and checks it; restore refuses a wrong passphrase and a changed
// byte without touching the data, and restores with the right one (issue
// 17: "Backup and restore to a stick: encrypted with a passphrase, verified
// after writing").
func TestEncryptedBackupToStick(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	// Any command that writes makes the store (reset-password then finds no admin).
	cli(t, cliTimeout, "--data", data, "admin", "reset-password", "admin")
	if _, err := os.Stat(filepath.Join(data, "bianmin.db")); err != nil {
		t.Fatal(err)
	}
	pass, wrong := filepath.Join(dir, "pass"), filepath.Join(dir, "wrong")
	os.WriteFile(pass, []byte("乡镇便民 2026\n"), 0o600)
	os.WriteFile(wrong, []byte("乡镇便民 2025\n"), 0o600)
	stick := filepath.Join(dir, "stick", "备份.bmenc")
	out, e, code := cli(t, cliTimeout, "--data", data, "backup", "--encrypt", "--passphrase-file", pass, stick)
	if code != 0 || !strings.Contains(out, "读回") {
		t.Fatalf("backup --encrypt: exit %d\n%s%s", code, out, e)
	}
	sealedBytes, _ := os.ReadFile(stick)
	if strings.Contains(string(sealedBytes), "admin") {
		t.Fatal("the encrypted backup holds the text of the data")
	}
	db := filepath.Join(data, "bianmin.db")
	before, _ := os.ReadFile(db)
	if _, e, code := cli(t, cliTimeout, "--data", data, "restore", "--passphrase-file", wrong, stick); code == 0 || !strings.Contains(e, "口令不对") {
		t.Errorf("a wrong passphrase: exit %d\n%s", code, e)
	}
	flipped := filepath.Join(dir, "flipped.bmenc")
	sealedBytes[len(sealedBytes)/2] ^= 1
	os.WriteFile(flipped, sealedBytes, 0o600)
	if _, e, code := cli(t, cliTimeout, "--data", data, "restore", "--passphrase-file", pass, flipped); code == 0 || !strings.Contains(e, "被改动") {
		t.Errorf("a flipped byte: exit %d\n%s", code, e)
	}
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Error("a refused restore changed the database")
	}
	if out, e, code := cli(t, cliTimeout, "--data", data, "restore", "--passphrase-file", pass, stick); code != 0 || !strings.Contains(out, "已恢复") {
		t.Errorf("restore: exit %d\n%s%s", code, out, e)
	}
}
