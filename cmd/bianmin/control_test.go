package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"bianmin/appliance/control"
	"bianmin/appliance/schema"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// cliResult is what one command printed and how it ended.
type cliResult struct {
	stdout, stderr string
	code           int
}

// generatedRE matches the minute a report draft was generated, which may
// differ between two runs of the same command.
var generatedRE = regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`)

func (r cliResult) normalized() cliResult {
	r.stdout = generatedRE.ReplaceAllString(r.stdout, "YYYY-MM-DD HH:MM")
	return r
}

// TestCommandsBesideService: while serve holds the store, the technician's
// commands go through it: imports land at once (the web UI shows them),
// reports are drafted from the live store and written by the command, a
// backup streams out, a password reset takes effect in the live web app,
// and each write is audited as the person at the console. With serve
// stopped, the same commands open the store themselves and print exactly
// the same.
func TestCommandsBesideService(t *testing.T) {
	t.Parallel()
	dir, tmp := t.TempDir(), t.TempDir()
	s := startServer(t, dir, "serve")
	web := loginAdmin(t, s, adminNewPW)
	run := func(args ...string) cliResult {
		t.Helper()
		out, errOut, code := cli(t, cliTimeout, append([]string{"--data", dir}, args...)...)
		return cliResult{out, errOut, code}
	}
	mustRun := func(want string, args ...string) cliResult {
		t.Helper()
		r := run(args...)
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Fatalf("bianmin %s while serve runs: exit %d, want 0 and %q\n%s%s", strings.Join(args, " "), r.code, want, r.stdout, r.stderr)
		}
		return r
	}
	if _, err := os.Stat(filepath.Join(dir, control.SocketName)); err != nil {
		t.Fatalf("serve made no command socket: %v", err)
	}

	// Imports: the data lands in the running service.
	mustRun("added 3", "import", "staff", writeFile(t, tmp, "staff.csv", staffCSV))
	if page := web.get("/settings/staff?q=1001"); !strings.Contains(page.body, "王建国") {
		t.Errorf("the web UI does not show the staff the command imported:\n%s", tail(page.body, 1500))
	}
	mustRun("imported 65", "import", "punches", writeFile(t, tmp, "wang.csv", wangCSV()))
	mustRun("(attlog)", "import", "punches", writeFile(t, tmp, "attlog.dat", zhaoAttlog("")), "--tz", "Asia/Shanghai")
	mustRun("leave imported: 4", "import", "leave", writeFile(t, tmp, "leave.csv", leaveCSV))

	// Reports: judged by the service, written by the command.
	weekly := mustRun("本周迟到 3 人次、早退 1 人次", "report", "weekly", "2026-02-04")
	if !strings.Contains(weekly.stdout, "2026年2月2日 至 2026年2月8日") {
		t.Errorf("weekly notice through the service:\n%s", weekly.stdout)
	}
	pdf, xlsx := filepath.Join(tmp, "月汇总.pdf"), filepath.Join(tmp, "month.xlsx")
	mustRun(pdf, "report", "monthly", "2026-02", "--pdf", pdf, "--xlsx", xlsx, "--lang", "en")
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("the PDF the command wrote: %v %.10q", err, b)
	}
	if b, err := os.ReadFile(xlsx); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("the XLSX the command wrote: %v", err)
	}
	checkPDFText(t, pdf, "王建国", "To 民政办:")
	q := mustRun("Flagged staff", "report", "quarterly", "2026-Q1", "--lang", "en")
	if !strings.Contains(q.stderr, "Judged 3 of 3 months") || strings.Contains(q.stdout, "Judged") {
		t.Errorf("quarterly: progress belongs on stderr, one line a month:\nstdout:\n%s\nstderr:\n%s", q.stdout, q.stderr)
	}

	// The calendar: an imported notice is in the service's live calendar.
	notice := writeFile(t, tmp, "2027.txt", "year 2027\nsource 测试通知\n2027-02-06..2027-02-12 holiday 春节 | Spring Festival\n2027-02-13 workday 春节调休上班\n")
	mustRun("已导入 2027 年的通知：放假 7 天，调休上班 1 天", "calendar", "import", notice)
	mustRun("2027-02-13  周六 Sat  调休上班 / make-up workday  春节调休上班", "calendar", "month", "2027-02")
	if page := web.get("/settings/calendar?y=2027"); !strings.Contains(page.body, "测试通知") {
		t.Errorf("the web calendar does not show the notice the command imported:\n%s", tail(page.body, 1500))
	}

	// A password reset ends the sessions and logs in at once.
	r := mustRun("one-time password", "admin", "reset-password", "admin")
	oneTime := resetPWRE.FindStringSubmatch(r.stdout)[1]
	if page := web.get("/settings/staff"); page.status != http.StatusSeeOther {
		t.Errorf("the admin's session after the reset: status %d, want 303 to the login", page.status)
	}
	if loc := newClient(t, s.base).login("admin", oneTime); loc != "/account/password" {
		t.Errorf("login with the one-time password went to %q", loc)
	}

	// A backup streams out of the running service into the command's file.
	backup := filepath.Join(tmp, "backups", "live.db")
	mustRun("backed up: "+backup, "backup", backup)
	if names := staffNosIn(t, backup); !names["1001"] || !names["0007"] || !names["1003"] {
		t.Errorf("the backup lacks the imported staff: %v", names)
	}
	if r := run("restore", backup); r.code != 3 || !strings.Contains(r.stderr, "stop the service first") {
		t.Errorf("restore while serve runs: exit %d, want 3\n%s", r.code, r.stderr)
	}

	// The reads and refusals the direct path must print the same.
	badStaff := writeFile(t, tmp, "bad-staff.csv", "staff_no,name,unit,window,position\n1001,王建国,民政办,one,staff\n")
	badPunches := writeFile(t, tmp, "bad.dat", zhaoAttlog(fmt.Sprintf("%9s\t2026-02-27 08:00:00\t1\t0\t1\t0\n", "99")))
	commands := [][]string{
		{"report", "weekly", "2026-02-04"},
		{"report", "quarterly", "2026-Q1", "--lang", "en"},
		{"report", "monthly", "2099-01"}, // not started yet: refused
		{"attendance", "month", "2026-02", "--json"},
		{"attendance", "month", "2026-02", "--preset", "county-b"},
		{"calendar", "month", "2027-02"},
		{"calendar", "add", "2027-02-05", "1"},
		{"calendar", "between", "2027-02-01", "2027-02-28"},
		{"import", "staff", badStaff},
		{"import", "punches", badPunches},
		{"audit", "verify"},
		{"admin", "reset-password", "nobody"},
	}
	through := make([]cliResult, len(commands))
	for i, args := range commands {
		through[i] = run(args...)
	}
	if r := through[8]; r.code != 1 || !strings.Contains(r.stderr, "第 2 行 / line 2") || !strings.Contains(r.stderr, "nothing was imported") {
		t.Errorf("a refused staff import through the service: exit %d\n%s", r.code, r.stderr)
	}
	if r := through[9]; r.code != 1 || !strings.Contains(r.stderr, "line 55") || !strings.Contains(r.stderr, "Clock user id 99 matches no staff number") {
		t.Errorf("a refused punch import through the service: exit %d\n%s", r.code, r.stderr)
	}
	if r := through[11]; r.code != 1 || !strings.Contains(r.stderr, `no user "nobody"`) {
		t.Errorf("reset-password of no one through the service: exit %d\n%s", r.code, r.stderr)
	}

	s.stop(5 * time.Second)
	if _, err := os.Stat(filepath.Join(dir, control.SocketName)); !os.IsNotExist(err) {
		t.Errorf("the command socket outlived serve: %v", err)
	}

	// The direct path prints the same.
	for i, args := range commands {
		direct := run(args...)
		if want, got := through[i].normalized(), direct.normalized(); got != want {
			t.Errorf("bianmin %s prints differently with serve stopped:\nthrough the service: exit %d\n%s%s\ndirect: exit %d\n%s%s",
				strings.Join(args, " "), want.code, want.stdout, want.stderr, got.code, got.stdout, got.stderr)
		}
	}

	// Every write went into the audit chain under the console's user.
	actors := auditActors(t, dir)
	for _, action := range []string{"staff.create", "calendar.import", "user.reset_password"} {
		if got, want := actors[action], actorFor(os.Getuid()); got != want {
			t.Errorf("audit entry %s by %q, want %q", action, got, want)
		}
	}
	if r := run("audit", "verify"); r.code != 0 {
		t.Errorf("audit verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// staffNosIn reads the staff numbers from a store file (a backup).
func staffNosIn(t *testing.T, file string) map[string]bool {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, store.FileName), b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dir, store.Options{ReadOnly: true, LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	people, err := staff.New(db).ListStaff(staff.Filter{IncludeInactive: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, p := range people {
		out[p.StaffNo] = true
	}
	return out
}

// auditActors maps each audited action in the stopped store to the actor
// of its last entry.
func auditActors(t *testing.T, dir string) map[string]string {
	t.Helper()
	db, err := store.Open(dir, store.Options{Migrations: schema.Migrations(), LockTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]string{}
	err = db.View(func(tx *store.Tx) error {
		return tx.ForEach("audit", func(_, v []byte) error {
			var e store.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			out[e.Action] = e.Actor
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCommandSocketRefusesOtherUsers runs a command as nobody against a
// running service: refused by the socket file's mode, and, with the mode
// loosened, by the service itself (SO_PEERCRED). Nothing is written.
func TestCommandSocketRefusesOtherUsers(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to run a command as another user; the check itself is tested in appliance/control (TestAllowed, TestRefusedPeer)")
	}
	t.Parallel()
	const nobody = 65534
	// nobody must reach the binary, the data directory and the input file.
	open, err := os.MkdirTemp("", "bianmin-peer-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(open) })
	bin := filepath.Join(open, "bianmin")
	b, err := os.ReadFile(binPath)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(open, "data")
	for _, err := range []error{os.WriteFile(bin, b, 0o755), os.Chmod(open, 0o755), os.Mkdir(dir, 0o755)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	input := writeFile(t, open, "staff.csv", staffCSV)
	s := startServer(t, dir, "serve")
	before := auditEntries(t, dir)

	asNobody := func(args ...string) cliResult {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--data", dir}, args...)...)
		cmd.Env = cleanEnv()
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return cliResult{out.String(), errb.String(), exitCode(err)}
	}
	r := asNobody("import", "staff", input)
	if r.code != 1 || !strings.Contains(r.stderr, "No permission to reach the running service") || !strings.Contains(r.stderr, "sudo") {
		t.Errorf("nobody, socket 0600: exit %d, want 1 saying to use sudo\n%s%s", r.code, r.stdout, r.stderr)
	}

	if err := os.Chmod(filepath.Join(dir, control.SocketName), 0o666); err != nil {
		t.Fatal(err)
	}
	r = asNobody("import", "staff", input)
	if r.code != 1 || !strings.Contains(r.stderr, "Only root or the service's own user") || !strings.Contains(r.stderr, fmt.Sprint(nobody)) {
		t.Errorf("nobody, socket loosened to 0666: exit %d, want 1 with the service's refusal\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(s.stderr.String(), "refused a connection") || !strings.Contains(s.stderr.String(), fmt.Sprintf("uid=%d", nobody)) {
		t.Errorf("serve did not log the refusal:\n%s", s.stderr.String())
	}
	if got := auditEntries(t, dir); got != before {
		t.Errorf("audit entries %d → %d: a refused command wrote something", before, got)
	}
}

// auditEntries counts the audit chain through `audit verify` (through the
// service when it runs).
func auditEntries(t *testing.T, dir string) int {
	t.Helper()
	out, errOut, code := cli(t, cliTimeout, "--data", dir, "audit", "verify")
	m := auditOKRE.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("audit verify: exit %d\n%s%s", code, out, errOut)
	}
	var n int
	fmt.Sscan(m[1], &n)
	return n
}

// TestStaleSocketAndHeldStore: a socket left by a killed service does not
// stop commands (they open the store), the next serve replaces it; a store
// held by a process without a socket makes a command wait briefly, then
// exit 3 saying what to do.
func TestStaleSocketAndHeldStore(t *testing.T) {
	t.Parallel()
	dir, tmp := t.TempDir(), t.TempDir()
	s := startServer(t, dir, "serve")
	s.kill()
	sock := filepath.Join(dir, control.SocketName)
	if _, err := os.Lstat(sock); err != nil {
		t.Fatalf("after kill -9 the socket should be left behind (the case under test): %v", err)
	}
	if out, errOut, code := cli(t, cliTimeout, "--data", dir, "import", "staff", writeFile(t, tmp, "staff.csv", staffCSV)); code != 0 || !strings.Contains(out, "added 3") {
		t.Fatalf("import beside a stale socket: exit %d\n%s%s", code, out, errOut)
	}
	s = startServer(t, dir, "serve")
	if out, errOut, code := cli(t, cliTimeout, "--data", dir, "attendance", "month", "2026-02"); code != 0 || !strings.Contains(out, "王建国") {
		t.Errorf("a command through the restarted serve: exit %d\n%s%s", code, out, errOut)
	}
	s.stop(5 * time.Second)

	db, err := store.Open(dir, store.Options{Migrations: schema.Migrations(), LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	started := time.Now()
	_, errOut, code := cli(t, cliTimeout, "--data", dir, "audit", "verify")
	if code != 3 || !strings.Contains(errOut, "in use by another bianmin process") || !strings.Contains(errOut, "systemctl stop bianmin") {
		t.Errorf("audit verify beside a store held without a socket: exit %d, want 3\n%s", code, errOut)
	}
	t.Logf("refused after %v", time.Since(started).Round(time.Millisecond))
}

// TestHelpSaysWhichPath: every command that works on the store says in its
// --help whether it runs through the running service or needs it stopped.
func TestHelpSaysWhichPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import"}, viaService},
		{[]string{"import", "staff"}, viaService},
		{[]string{"import", "punches"}, viaService},
		{[]string{"import", "leave"}, viaService},
		{[]string{"report"}, viaService},
		{[]string{"attendance"}, viaService},
		{[]string{"attendance", "month"}, viaService},
		{[]string{"calendar"}, viaService},
		{[]string{"calendar", "month"}, viaService},
		{[]string{"calendar", "add"}, viaService},
		{[]string{"calendar", "between"}, viaService},
		{[]string{"calendar", "import"}, viaService},
		{[]string{"audit"}, viaService},
		{[]string{"backup"}, viaService},
		{[]string{"admin"}, viaService},
		{[]string{"admin", "reset-password"}, viaService},
		{[]string{"restore"}, needsStopped},
	} {
		out, _, code := cli(t, cliTimeout, append(tc.args, "--help")...)
		if code != 0 || !strings.Contains(out, strings.TrimSpace(tc.want)) {
			t.Errorf("bianmin %s --help does not say %q:\n%s", strings.Join(tc.args, " "), strings.TrimSpace(tc.want), out)
		}
	}
}
