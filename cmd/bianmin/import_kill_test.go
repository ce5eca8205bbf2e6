package main

import (
	"bufio"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/importjob"
	"bianmin/appliance/store"
)

// TestKill9MidImportIsFinished: a punch import of two years of the demo
// hall (41,600 punches) runs through the service with progress lines on
// the command line; the service is killed (SIGKILL) part-way. Nothing is
// left half imported without a word: the journal shows the import running
// with what it wrote, and the next start writes the rest — every punch
// once, none twice. Issue 9 item 10 ("large punch imports run as one
// transaction with no progress").
func TestKill9MidImportIsFinished(t *testing.T) {
	// Not parallel: heavy on disk and CPU, it would skew the timing tests
	// that run beside the parallel ones.
	dir := t.TempDir()
	addr := freeAddr(t)
	p := startProc(t, "--data", dir, "demo", "--addr", addr, "--log-level", "warn", "--demo-punches=false")
	s := &server{proc: p, dataDir: dir, addr: addr}
	if err := s.waitReady(60 * time.Second); err != nil {
		t.Fatalf("demo not ready: %v\n%s", err, tail(p.stderr.String(), 2048))
	}
	loginAdmin(t, s, adminNewPW)
	file, rows := yearOfPunches(t)

	// The import, its progress lines read as they come; the kill lands
	// on the first progress line of an import part-way (the first chunk
	// is reported at once, later ones once a second: on a fast box the
	// second line may already say 98 %).
	cmd := exec.Command(binPath, "--data", dir, "import", "punches", file)
	cmd.Env = cleanEnv()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var progress []string
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		progress = append(progress, line)
		var done, total int
		if _, err := fmt.Sscanf(line, "导入中：%d/%d", &done, &total); err == nil && done > 0 && done < total {
			s.cmd.Process.Signal(syscall.SIGKILL)
			break
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	cmd.Wait()
	if _, ok := s.wait(5 * time.Second); !ok {
		t.Fatal("demo still running after SIGKILL")
	}
	if len(progress) == 0 || !strings.Contains(progress[len(progress)-1], "importing:") {
		t.Fatalf("no progress lines on the command line: %q", progress)
	}

	db, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := importjob.Unfinished(db)
	written := attendance.New(db, 0).Count()
	db.Close()
	if err != nil || len(jobs) != 1 || jobs[0].State != importjob.StateRunning || jobs[0].Done == 0 || jobs[0].Done >= rows {
		t.Fatalf("after the kill, the journal shows %+v (%v); want one import running part-way", jobs, err)
	}
	if written != jobs[0].Done {
		t.Fatalf("%d punches in the store, the journal says %d written", written, jobs[0].Done)
	}
	t.Logf("killed after %d of %d punches (progress: %s)", written, rows, progress[len(progress)-1])

	// The next start writes the rest; the import's page says so.
	s2 := startServer(t, dir, "serve")
	c := newClient(t, s2.base)
	if loc := c.login("admin", adminNewPW); loc != "/" {
		t.Fatalf("login after the restart went to %q", loc)
	}
	page := fmt.Sprintf("/settings/imports/%d", jobs[0].ID)
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		r := c.get(page)
		if strings.Contains(r.body, `data-import-state="done"`) {
			break
		}
		if time.Now().After(deadline) || strings.Contains(r.body, `data-import-state="stopped"`) {
			t.Fatalf("the import was not finished after the restart: %s", tail(r.body, 3000))
		}
	}
	s2.stop(10 * time.Second)

	db, err = store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	job, err := importjob.Get(db, jobs[0].ID)
	if n := attendance.New(db, 0).Count(); err != nil || n != rows || job.Counts["imported"] != rows || job.Counts["duplicates"] != 0 {
		t.Fatalf("after the restart: %d punches in the store, the import %+v (%v); want all %d once", n, job.Counts, err, rows)
	}
	if left, _ := importjob.Unfinished(db); len(left) != 0 {
		t.Fatalf("unfinished imports left: %+v", left)
	}
}
