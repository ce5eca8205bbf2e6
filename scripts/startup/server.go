package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is one started server process: its own process group, output to
// a log file, /proc figures of its memory.
type server struct {
	cmd     *exec.Cmd
	pid     int
	log     string
	logFile *os.File
	started time.Time
	exited  chan error
	done    bool
}

// startServer starts args (the program and its arguments) in dir with env
// added, its output in dir/server.log.
func startServer(dir string, args, env []string) (*server, error) {
	logPath := filepath.Join(dir, "server.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s := &server{cmd: cmd, log: logPath, logFile: logFile, exited: make(chan error, 1)}
	s.started = time.Now()
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	s.pid = cmd.Process.Pid
	go func() { s.exited <- cmd.Wait() }()
	return s, nil
}

// waitReady polls url every poll until it answers 200 and returns the
// milliseconds since the start.
func (s *server) waitReady(url string, poll, timeout time.Duration) (float64, error) {
	client := &http.Client{Timeout: 500 * time.Millisecond, Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	deadline := s.started.Add(timeout)
	ticker := time.NewTicker(poll)
	defer ticker.Stop()
	for {
		if ready(client, url) {
			return float64(time.Since(s.started).Microseconds()) / 1000, nil
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("not ready after %v\n%s", timeout, tail(s.log))
		}
		select {
		case err := <-s.exited:
			s.done = true
			return 0, fmt.Errorf("server exited before ready (%v)\n%s", err, tail(s.log))
		case <-ticker.C:
		}
	}
}

// wait sleeps d unless the server exits first.
func (s *server) wait(d time.Duration) error {
	select {
	case err := <-s.exited:
		s.done = true
		return fmt.Errorf("server exited (%v)\n%s", err, tail(s.log))
	case <-time.After(d):
		return nil
	}
}

// rssKB is VmRSS; hwmKB is VmHWM, the peak since start or since resetPeak.
func (s *server) rssKB() (int64, error) { return procStatus(s.pid, "VmRSS:") }
func (s *server) hwmKB() (int64, error) { return procStatus(s.pid, "VmHWM:") }

// resetPeak sets VmHWM back to the current RSS (Linux ≥ 4.0); false when
// the kernel refused.
func (s *server) resetPeak() bool {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", s.pid), []byte("5"), 0) == nil
}

// stop sends SIGTERM to the group, SIGKILL after stopTimeout, and returns
// the milliseconds it took.
func (s *server) stop(stopTimeout time.Duration) float64 {
	defer s.logFile.Close()
	if s.done {
		return 0
	}
	ts := time.Now()
	_ = syscall.Kill(-s.pid, syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(stopTimeout):
		fmt.Fprintf(os.Stderr, "  warning: no exit %v after SIGTERM; sending SIGKILL\n", stopTimeout)
		_ = syscall.Kill(-s.pid, syscall.SIGKILL)
		<-s.exited
	}
	s.done = true
	return float64(time.Since(ts).Microseconds()) / 1000
}

// kill ends the group at once (on an error path).
func (s *server) kill() {
	if !s.done {
		_ = syscall.Kill(-s.pid, syscall.SIGKILL)
		<-s.exited
		s.done = true
	}
	s.logFile.Close()
}

// output is what the server printed so far.
func (s *server) output() string {
	b, _ := os.ReadFile(s.log)
	return string(b)
}

func ready(c *http.Client, url string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// procStatus reads one kB figure ("VmRSS:", "VmHWM:") of a process from
// /proc/PID/status.
func procStatus(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			fields := strings.Fields(rest) // "12345 kB"
			if len(fields) == 0 {
				break
			}
			return strconv.ParseInt(fields[0], 10, 64)
		}
	}
	return 0, errors.New("no " + field + " line in /proc/" + strconv.Itoa(pid) + "/status")
}

func tail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return "--- last lines of server output ---\n" + strings.Join(lines, "\n")
}
