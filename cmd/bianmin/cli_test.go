package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/schema"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"

	bolt "go.etcd.io/bbolt"
)

const cliTimeout = 15 * time.Second

var (
	hanRE     = regexp.MustCompile(`\p{Han}`)
	englishRE = regexp.MustCompile(`\b(?:the|a|an|and|to|of|print|run|data|usage|options?)\b`)
)

func TestVersion(t *testing.T) {
	t.Parallel()
	out, errOut, code := cli(t, cliTimeout, "version")
	if code != 0 {
		t.Fatalf("version: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"bianmin ", "commit: testcommit", "built: 2024-01-01", "go: go1.", "platform: linux/"} {
		if !strings.Contains(out, want) {
			t.Errorf("version output lacks %q:\n%s", want, out)
		}
	}
}

// TestHelp: --help on the top level and on every command prints the help
// once, on stdout, in Chinese and English, and exits 0.
func TestHelp(t *testing.T) {
	t.Parallel()
	cases := [][]string{{"--help"}, {"-h"}, {"admin", "reset-password", "--help"}}
	for _, c := range commands() {
		cases = append(cases, []string{c.name, "--help"})
	}
	for _, args := range cases {
		out, errOut, code := cli(t, cliTimeout, args...)
		name := strings.Join(args, " ")
		if code != 0 {
			t.Errorf("bianmin %s: exit %d, want 0\n%s", name, code, errOut)
		}
		if !hanRE.MatchString(out) || !englishRE.MatchString(out) {
			t.Errorf("bianmin %s: help is not in Chinese and English:\n%s", name, out)
		}
		if errOut != "" {
			t.Errorf("bianmin %s: help also on stderr:\n%s", name, errOut)
		}
		if !strings.Contains(out, "bianmin") {
			t.Errorf("bianmin %s: help does not name the program:\n%s", name, out)
		}
	}
	// The top-level help lists every command.
	out, _, _ := cli(t, cliTimeout, "--help")
	for _, c := range commands() {
		if !strings.Contains(out, "  "+c.name+" ") {
			t.Errorf("top-level help does not list %q:\n%s", c.name, out)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{nil, "no command given"},
		{[]string{"--bogus", "version"}, "flag provided but not defined"},
		{[]string{"serve", "--bogus"}, "flag provided but not defined"},
		{[]string{"audit"}, "usage: bianmin audit verify"},
		{[]string{"admin", "reset-password"}, "USERNAME"},
		{[]string{"backup"}, "FILE"},
		{[]string{"restore"}, "FILE"},
	} {
		out, errOut, code := cli(t, cliTimeout, tc.args...)
		name := strings.Join(tc.args, " ")
		if code != 2 {
			t.Errorf("bianmin %s: exit %d, want 2\n%s%s", name, code, out, errOut)
		}
		if !strings.Contains(errOut, tc.want) {
			t.Errorf("bianmin %s: stderr lacks %q:\n%s", name, tc.want, errOut)
		}
	}
}

var resetPWRE = regexp.MustCompile(`one-time password:\s*(\S+)`)

// TestAdminResetPassword: with serve stopped, reset-password prints a
// one-time password that logs in and must be changed. (While serve runs it
// goes through the service: TestCommandsBesideService.)
func TestAdminResetPassword(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := startServer(t, dir, "serve")
	loginAdmin(t, s, adminNewPW)
	s.stop(5 * time.Second)

	_, errOut, code := cli(t, cliTimeout, "--data", dir, "admin", "reset-password", "nobody")
	if code != 1 || !strings.Contains(errOut, `no user "nobody"`) {
		t.Errorf("reset-password nobody: exit %d\n%s", code, errOut)
	}
	out, errOut, code := cli(t, cliTimeout, "--data", dir, "admin", "reset-password", "admin")
	if code != 0 {
		t.Fatalf("reset-password admin: exit %d\n%s%s", code, out, errOut)
	}
	m := resetPWRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("reset-password printed no password:\n%s", out)
	}
	oneTime := m[1]

	s2 := startServer(t, dir, "serve")
	c := newClient(t, s2.base)
	if r := c.tryLogin("admin", adminNewPW); r.status != http.StatusUnauthorized {
		t.Errorf("login with the old password after reset: status %d, want 401", r.status)
	}
	if loc := c.login("admin", oneTime); loc != "/account/password" {
		t.Fatalf("login with the reset password went to %q, want /account/password", loc)
	}
	if r := c.get("/"); r.status != http.StatusSeeOther || r.location != "/account/password" {
		t.Errorf("dashboard before the change: status %d location %q, want 303 to /account/password", r.status, r.location)
	}
	c.changePassword(oneTime, adminNewPW+"-2")
	if r := c.get("/"); r.status != http.StatusOK {
		t.Errorf("dashboard after the change: status %d", r.status)
	}
}

// createUnit adds a unit through the web UI.
func createUnit(t *testing.T, c *client, name string) {
	t.Helper()
	r := c.post("/settings/units", url.Values{"name": {name}})
	if r.status != http.StatusSeeOther || r.location != "/settings/units" {
		t.Fatalf("create unit %q: status %d location %q\n%s", name, r.status, r.location, tail(r.body, 1500))
	}
}

// unitNamesIn reads the unit names straight from a stopped store.
func unitNamesIn(t *testing.T, dir string) map[string]bool {
	t.Helper()
	db, err := store.Open(dir, store.Options{Migrations: schema.Migrations(), LockTimeout: 2 * time.Second})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	defer db.Close()
	units, err := staff.New(db).Units()
	if err != nil {
		t.Fatalf("units: %v", err)
	}
	names := map[string]bool{}
	for _, u := range units {
		names[u.Name] = true
	}
	return names
}

// TestBackupRestore: a backup taken while stopped restores the data as it
// was; while serve runs a backup comes through the service and restore
// refuses (exit 3).
func TestBackupRestore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	backup := filepath.Join(t.TempDir(), "bianmin-backup.db")
	s := startServer(t, dir, "serve")
	c := loginAdmin(t, s, adminNewPW)
	createUnit(t, c, "备份前单位")
	s.stop(5 * time.Second)

	out, errOut, code := cli(t, cliTimeout, "--data", dir, "backup", backup)
	if code != 0 || !strings.Contains(out, "backed up") {
		t.Fatalf("backup: exit %d\n%s%s", code, out, errOut)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Size() == 0 {
		t.Fatalf("backup file: %v", err)
	}

	s = startServer(t, dir, "serve")
	c = newClient(t, s.base)
	c.login("admin", adminNewPW)
	createUnit(t, c, "备份后单位")
	_, errOut, code = cli(t, cliTimeout, "--data", dir, "restore", backup)
	if code != 3 || !strings.Contains(errOut, "stop the service first") {
		t.Errorf("restore while serve runs: exit %d, want 3\n%s", code, errOut)
	}
	live := filepath.Join(t.TempDir(), "while-running.db")
	out, errOut, code = cli(t, cliTimeout, "--data", dir, "backup", live)
	if code != 0 || !strings.Contains(out, "backed up: "+live) {
		t.Errorf("backup while serve runs: exit %d, want 0\n%s%s", code, out, errOut)
	}
	if r := c.get("/readyz"); r.status != http.StatusOK {
		t.Errorf("serve after the refused restore: /readyz %d", r.status)
	}
	s.stop(5 * time.Second)
	if names := unitNamesIn(t, dir); !names["备份前单位"] || !names["备份后单位"] {
		t.Fatalf("before restore the store has units %v", names)
	}

	out, errOut, code = cli(t, cliTimeout, "--data", dir, "restore", backup)
	if code != 0 || !strings.Contains(out, "restored from") {
		t.Fatalf("restore: exit %d\n%s%s", code, out, errOut)
	}
	if m := regexp.MustCompile(`previous data kept in (\S+)`).FindStringSubmatch(out); m == nil {
		t.Errorf("restore does not say where the previous data went:\n%s", out)
	} else if _, err := os.Stat(m[1]); err != nil {
		t.Errorf("previous data: %v", err)
	}
	names := unitNamesIn(t, dir)
	if !names["备份前单位"] || names["备份后单位"] {
		t.Errorf("after restore the store has units %v, want 备份前单位 only", names)
	}
	if out, errOut, code := cli(t, cliTimeout, "--data", dir, "audit", "verify"); code != 0 {
		t.Errorf("audit verify after restore: exit %d\n%s%s", code, out, errOut)
	}
	// serve runs on the restored data with the password of backup time.
	s = startServer(t, dir, "serve")
	c = newClient(t, s.base)
	if loc := c.login("admin", adminNewPW); loc != "/" {
		t.Errorf("login after restore went to %q", loc)
	}
}

var auditOKRE = regexp.MustCompile(`audit chain OK: (\d+) entries`)

// TestAuditVerifyDetectsTampering flips one byte inside one audit entry's
// JSON, directly in the bbolt file, and expects audit verify to fail naming
// that entry.
func TestAuditVerifyDetectsTampering(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := startServer(t, dir, "serve")
	c := loginAdmin(t, s, adminNewPW)
	for i := range 4 {
		createUnit(t, c, fmt.Sprintf("审计单位-%d", i))
	}
	s.stop(5 * time.Second)

	out, errOut, code := cli(t, cliTimeout, "--data", dir, "audit", "verify")
	m := auditOKRE.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("audit verify before tampering: exit %d\n%s%s", code, out, errOut)
	}
	t.Logf("audit verify: %s", strings.TrimSpace(out))

	// Tamper: in the entry that created 审计单位-2, change the actor
	// "admin" to "admio" (one byte, n^1 = o); the JSON stays valid.
	bdb, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var seq uint64
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("audit"))
		if b == nil {
			return fmt.Errorf("no audit bucket")
		}
		var victim []byte
		err := b.ForEach(func(k, v []byte) error {
			var e store.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			if e.Action == "unit.create" && bytes.Contains(e.After, []byte("审计单位-2")) {
				seq, victim = store.KeyID(k), bytes.Clone(v)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if victim == nil {
			return fmt.Errorf("no audit entry for 审计单位-2")
		}
		i := bytes.Index(victim, []byte(`"actor":"admin"`))
		if i < 0 {
			return fmt.Errorf("entry %d has no actor admin: %s", seq, victim)
		}
		victim[i+len(`"actor":"admi`)] ^= 0x01
		return b.Put(store.IDKey(seq), victim)
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}

	out, errOut, code = cli(t, cliTimeout, "--data", dir, "audit", "verify")
	if code == 0 {
		t.Fatalf("audit verify after tampering with entry %d: exit 0\n%s", seq, out)
	}
	if want := fmt.Sprintf("BROKEN at entry %d", seq); !strings.Contains(out, want) {
		t.Errorf("audit verify output lacks %q:\n%s%s", want, out, errOut)
	}
	if !strings.Contains(errOut, fmt.Sprintf("broken at entry %d", seq)) {
		t.Errorf("audit verify stderr does not name entry %d:\n%s", seq, errOut)
	}
	t.Logf("after tampering with entry %d: exit %d: %s", seq, code, strings.TrimSpace(out))
}
