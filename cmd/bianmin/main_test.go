package main

// External process tests: TestMain builds the real binary once, and the
// tests run it with os/exec against fresh temporary data directories on
// free loopback ports. The helpers here start and stop processes, talk to
// the web UI like a browser would (cookies, CSRF tokens, redirects) and run
// the command-line tools.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"bianmin/internal/proctest"
)

// binPath is the bianmin binary TestMain built.
var binPath string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "bianmin-test-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "temp dir:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	binPath = filepath.Join(dir, "bianmin")
	if err := proctest.Build(proctest.Binary{Package: ".", Out: binPath, LDFlags: "-X main.commit=testcommit -X main.buildDate=2024-01-01"}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// cleanEnv is the environment for child processes: without the BIANMIN_
// settings of whoever runs the tests, so every process uses only the
// flags a test gives it.
func cleanEnv() []string { return proctest.CleanEnv("BIANMIN_") }

// syncBuffer collects a process's output while tests read it.
type syncBuffer = proctest.Buffer

// proc is one running bianmin process.
type proc struct {
	t       testing.TB
	cmd     *exec.Cmd
	stdout  *syncBuffer
	stderr  *syncBuffer
	done    chan struct{} // closed when the process has exited
	waitErr error         // Wait's result; read after done
}

// startProc starts `bianmin ARGS...`. The process is killed (SIGKILL) in
// t.Cleanup if it is still running, and its output is logged when the
// test failed.
func startProc(t testing.TB, args ...string) *proc {
	t.Helper()
	return startProcStdin(t, nil, args...)
}

// startProcStdin is startProc with stdin read from in (nil: no input).
func startProcStdin(t testing.TB, in io.Reader, args ...string) *proc {
	t.Helper()
	return startProcOf(t, in, nil, binPath, args...)
}

// startProcOf is startProcStdin of another program (argv[0] of a wrapper
// such as qemu, then the binary's path and arguments), with env added.
func startProcOf(t testing.TB, in io.Reader, env []string, program string, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(program, args...)
	p.cmd.Env = append(cleanEnv(), env...)
	p.cmd.Stdin = in
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	// A test binary killed by a timeout must not leave its appliance
	// running (holding ports, files and any lock its caller held).
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start bianmin %s: %v", strings.Join(args, " "), err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			t.Logf("bianmin %s (pid %d)\n--- stdout:\n%s\n--- stderr (last 4 KiB):\n%s",
				strings.Join(args, " "), p.cmd.Process.Pid, p.stdout.String(), tail(p.stderr.String(), 4096))
		}
	})
	return p
}

func tail(s string, n int) string { return proctest.Tail(s, n) }

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// wait waits up to d for the process to exit and returns its exit code
// (-1 when killed by a signal); ok is false on timeout.
func (p *proc) wait(d time.Duration) (code int, ok bool) {
	select {
	case <-p.done:
		return exitCode(p.waitErr), true
	case <-time.After(d):
		return 0, false
	}
}

// kill sends SIGKILL (when still running) and waits for the process.
func (p *proc) kill() {
	if p.exited() {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		p.t.Errorf("pid %d did not die after SIGKILL", p.cmd.Process.Pid)
	}
}

// stop sends SIGTERM and requires a clean exit (code 0) within d.
func (p *proc) stop(d time.Duration) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !p.exited() {
		p.t.Fatalf("SIGTERM: %v", err)
	}
	code, ok := p.wait(d)
	if !ok {
		p.t.Fatalf("bianmin did not exit within %v of SIGTERM", d)
	}
	if code != 0 {
		p.t.Fatalf("bianmin exited with code %d after SIGTERM; stderr:\n%s", code, tail(p.stderr.String(), 2048))
	}
}

func exitCode(err error) int { return proctest.ExitCode(err) }

// freeAddr returns a loopback address with a port that was free a moment
// ago.
func freeAddr(t testing.TB) string { return proctest.FreeAddr(t) }

// server is a running `serve` or `demo`.
type server struct {
	*proc
	dataDir string
	addr    string
	base    string // http://127.0.0.1:PORT
	adminPW string // the printed one-time admin password, "" when none
	demo    map[string]string
}

var (
	urlRE      = regexp.MustCompile(`http://[^\s]+`)
	adminPWRE  = regexp.MustCompile(`one-time admin password:\s*(\S+)`)
	demoUserRE = regexp.MustCompile(`(?m)^ {4}(\S+) +(\S+) +(\S+)$`)
	csrfRE     = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
)

// startServer runs `bianmin --data dataDir MODE --addr 127.0.0.1:PORT`
// (MODE is serve or demo) and waits until /readyz answers 200.
func startServer(t testing.TB, dataDir, mode string) *server {
	t.Helper()
	for try := 0; ; try++ {
		addr := freeAddr(t)
		args := append(append([]string{"--data", dataDir}, strings.Fields(mode)...), "--addr", addr, "--log-level", "warn")
		p := startProc(t, args...)
		s := &server{proc: p, dataDir: dataDir, addr: addr}
		err := s.waitReady(90 * time.Second) // a demo seeds a month of records; a loaded CI box takes a while
		if err == nil {
			return s
		}
		// Another test may have taken the port in the meantime.
		if p.exited() && strings.Contains(p.stderr.String(), "listen on") && try < 3 {
			continue
		}
		t.Fatalf("bianmin %s did not become ready: %v\nstdout:\n%s\nstderr:\n%s", mode, err, p.stdout.String(), tail(p.stderr.String(), 4096))
	}
}

func (s *server) waitReady(d time.Duration) error {
	deadline := time.Now().Add(d)
	for s.base == "" {
		if s.exited() {
			return fmt.Errorf("exited with code %d before printing its URL", exitCode(s.waitErr))
		}
		if time.Now().After(deadline) {
			return errors.New("no URL printed")
		}
		if m := urlRE.FindString(s.stdout.String()); m != "" {
			s.base = m
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if want := "http://" + s.addr; s.base != want {
		return fmt.Errorf("printed URL %q, want %q", s.base, want)
	}
	c := &http.Client{Timeout: 2 * time.Second}
	for {
		if s.exited() {
			return fmt.Errorf("exited with code %d", exitCode(s.waitErr))
		}
		resp, err := c.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("/readyz not 200: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	out := s.stdout.String()
	if m := adminPWRE.FindStringSubmatch(out); m != nil {
		s.adminPW = m[1]
	}
	if i := strings.Index(out, "demo accounts"); i >= 0 {
		s.demo = map[string]string{}
		for _, m := range demoUserRE.FindAllStringSubmatch(out[i:], -1) {
			s.demo[m[1]] = m[3]
		}
	}
	return nil
}

// client is a browser-like HTTP client: a cookie jar, no automatic
// redirects (tests look at each 303), bounded timeouts.
type client struct {
	t    testing.TB
	base string
	hc   *http.Client
	csrf string // the session's CSRF token once logged in
}

func newClient(t testing.TB, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, hc: &http.Client{
		Jar:           jar,
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// response is what a request returned.
type response struct {
	status   int
	location string
	body     string
}

// do sends a request; it does not fail the test, so that it can be used
// from goroutines and across a kill.
func (c *client) do(method, path string, form url.Values) (response, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return response{}, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return response{}, err
	}
	return response{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(data)}, nil
}

func (c *client) get(path string) response {
	c.t.Helper()
	r, err := c.do(http.MethodGet, path, nil)
	if err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
	return r
}

// post sends a form with the CSRF token added (the session's, or the one
// the last page carried when not logged in).
func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf_token") == "" {
		form.Set("csrf_token", c.csrf)
	}
	r, err := c.do(http.MethodPost, path, form)
	if err != nil {
		c.t.Fatalf("POST %s: %v", path, err)
	}
	return r
}

// csrfIn returns the csrf_token hidden input's value in page.
func csrfIn(page string) string {
	if m := csrfRE.FindStringSubmatch(page); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// tryLogin posts the login form and returns the response (303 on success).
func (c *client) tryLogin(username, password string) response {
	c.t.Helper()
	page := c.get("/login")
	if page.status != http.StatusOK {
		c.t.Fatalf("GET /login: status %d", page.status)
	}
	tok := csrfIn(page.body)
	if tok == "" {
		c.t.Fatalf("GET /login: no csrf_token in the form")
	}
	return c.post("/login", url.Values{"username": {username}, "password": {password}, "csrf_token": {tok}})
}

// login logs in and picks up the session's CSRF token. It returns where
// the login redirected to ("/account/password" while a one-time password
// must be changed).
func (c *client) login(username, password string) string {
	c.t.Helper()
	r := c.tryLogin(username, password)
	if r.status != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d, want 303", username, r.status)
	}
	c.refreshCSRF()
	return r.location
}

// refreshCSRF reads the session's CSRF token from a logged-in page.
func (c *client) refreshCSRF() {
	c.t.Helper()
	page := c.get("/account/password")
	if page.status != http.StatusOK {
		c.t.Fatalf("GET /account/password: status %d", page.status)
	}
	if c.csrf = csrfIn(page.body); c.csrf == "" {
		c.t.Fatalf("no csrf_token on /account/password")
	}
}

// changePassword changes the logged-in user's password and requires the
// redirect to the dashboard.
func (c *client) changePassword(oldPW, newPW string) {
	c.t.Helper()
	r := c.post("/account/password", url.Values{"old_password": {oldPW}, "new_password": {newPW}, "confirm_password": {newPW}})
	if r.status != http.StatusSeeOther || r.location != "/" {
		c.t.Fatalf("change password: status %d location %q, want 303 to /\n%s", r.status, r.location, tail(r.body, 2000))
	}
}

// loginAdmin logs in as admin with the printed one-time password and sets
// newPW. It returns the logged-in client.
func loginAdmin(t testing.TB, s *server, newPW string) *client {
	t.Helper()
	if s.adminPW == "" {
		t.Fatalf("no one-time admin password printed:\n%s", s.stdout.String())
	}
	c := newClient(t, s.base)
	if loc := c.login("admin", s.adminPW); loc != "/account/password" {
		t.Fatalf("first admin login went to %q, want /account/password", loc)
	}
	c.changePassword(s.adminPW, newPW)
	return c
}

// cli runs `bianmin ARGS...` to completion (bounded by timeout) and
// returns its output and exit code.
func cli(t testing.TB, timeout time.Duration, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...)
	cmd.Env = cleanEnv()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("bianmin %s did not finish within %v", strings.Join(args, " "), timeout)
	}
	if err != nil && exitCode(err) == -2 {
		t.Fatalf("bianmin %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), errb.String(), exitCode(err)
}

// adminNewPW is the password tests give the admin account.
const adminNewPW = "Qingshan-2024-test"
