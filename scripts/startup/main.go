// Command startup measures how fast `bianmin serve` becomes ready and how much
// memory it holds when idle. It is a helper of scripts/bench-startup.sh.
//
// For each of -n runs it makes a fresh temporary data dir, picks a free loopback
// port, starts `[prefix...] BIN --data DIR serve --addr 127.0.0.1:PORT`, polls
// GET /readyz every -poll until it answers 200, and records the milliseconds from
// exec to that answer. It then waits -settle, reads VmRSS from /proc/PID/status,
// and stops the server (SIGTERM, then SIGKILL after -stop-timeout).
//
// Per-run lines go to stderr; stdout gets one tab-separated summary line:
//
//	label  runs  ready_min_ms  ready_median_ms  ready_max_ms  rss_mb  stop_ms
//
// Standard library only; Linux only (reads /proc).
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type result struct {
	readyMS float64
	rssKB   int64
	stopMS  float64
	sawURL  bool
}

func main() {
	bin := flag.String("bin", "", "bianmin binary to start (required)")
	prefix := flag.String("prefix", "", "command to run the binary under, e.g. qemu-aarch64-static")
	label := flag.String("label", "", "name of this target in the summary (default: binary base name)")
	n := flag.Int("n", 5, "number of runs")
	poll := flag.Duration("poll", 5*time.Millisecond, "interval between /readyz polls")
	settle := flag.Duration("settle", 3*time.Second, "wait after ready before reading RSS")
	timeout := flag.Duration("timeout", 60*time.Second, "give up when not ready after this long")
	stopTimeout := flag.Duration("stop-timeout", 10*time.Second, "SIGKILL when not stopped this long after SIGTERM")
	keep := flag.Bool("keep", false, "keep the temporary data dirs and logs")
	flag.Parse()

	if *bin == "" || *n < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if *label == "" {
		*label = filepath.Base(*bin)
	}
	absBin, err := filepath.Abs(*bin)
	if err != nil {
		fatalf("%v", err)
	}
	if _, err := os.Stat(absBin); err != nil {
		fatalf("binary: %v", err)
	}

	var results []result
	for i := 1; i <= *n; i++ {
		r, err := runOnce(absBin, strings.Fields(*prefix), *poll, *settle, *timeout, *stopTimeout, *keep)
		if err != nil {
			fatalf("%s run %d/%d: %v", *label, i, *n, err)
		}
		fmt.Fprintf(os.Stderr, "  %-14s run %d/%d: ready in %7.1f ms, idle RSS %6.1f MB, stopped in %6.1f ms%s\n",
			*label, i, *n, r.readyMS, float64(r.rssKB)/1024, r.stopMS, urlNote(r.sawURL))
		results = append(results, r)
	}

	ready := make([]float64, len(results))
	rss := make([]float64, len(results))
	stop := make([]float64, len(results))
	for i, r := range results {
		ready[i] = r.readyMS
		rss[i] = float64(r.rssKB) / 1024
		stop[i] = r.stopMS
	}
	sort.Float64s(ready)
	fmt.Printf("%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\n", *label, len(results),
		ready[0], median(ready), ready[len(ready)-1], median(rss), median(stop))
}

func urlNote(saw bool) string {
	if saw {
		return ""
	}
	return " (note: no http:// line in its output)"
}

func runOnce(bin string, prefix []string, poll, settle, timeout, stopTimeout time.Duration, keep bool) (result, error) {
	var r result
	dir, err := os.MkdirTemp("", "bianmin-startup-")
	if err != nil {
		return r, err
	}
	if !keep {
		defer os.RemoveAll(dir)
	}
	dataDir := filepath.Join(dir, "data")
	if err := os.Mkdir(dataDir, 0o700); err != nil {
		return r, err
	}
	port, err := freePort()
	if err != nil {
		return r, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	logPath := filepath.Join(dir, "server.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return r, err
	}
	defer logFile.Close()

	args := append(append([]string{}, prefix...), bin, "--data", dataDir, "serve", "--addr", addr)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BIANMIN_DATA="+dataDir, "BIANMIN_ADDR="+addr)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}

	exited := make(chan error, 1)
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return r, err
	}
	go func() { exited <- cmd.Wait() }()
	pid := cmd.Process.Pid
	killGroup := func(sig syscall.Signal) { _ = syscall.Kill(-pid, sig) }
	stopped := false
	defer func() {
		if !stopped {
			killGroup(syscall.SIGKILL)
			<-exited
		}
	}()

	client := &http.Client{
		Timeout:   500 * time.Millisecond,
		Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
	}
	url := "http://" + addr + "/readyz"
	deadline := t0.Add(timeout)
	ticker := time.NewTicker(poll)
	defer ticker.Stop()
	for {
		if ready(client, url) {
			r.readyMS = float64(time.Since(t0).Microseconds()) / 1000
			break
		}
		if time.Now().After(deadline) {
			return r, fmt.Errorf("not ready after %v\n%s", timeout, tail(logPath))
		}
		select {
		case err := <-exited:
			stopped = true
			return r, fmt.Errorf("server exited before ready (%v)\n%s", err, tail(logPath))
		case <-ticker.C:
		}
	}

	select {
	case err := <-exited:
		stopped = true
		return r, fmt.Errorf("server exited %v after ready (%v)\n%s", settle, err, tail(logPath))
	case <-time.After(settle):
	}
	r.rssKB, err = vmRSS(pid)
	if err != nil {
		return r, err
	}

	ts := time.Now()
	killGroup(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(stopTimeout):
		fmt.Fprintf(os.Stderr, "  warning: no exit %v after SIGTERM; sending SIGKILL\n", stopTimeout)
		killGroup(syscall.SIGKILL)
		<-exited
	}
	stopped = true
	r.stopMS = float64(time.Since(ts).Microseconds()) / 1000

	out, _ := os.ReadFile(logPath)
	r.sawURL = bytes.Contains(out, []byte("http://"))
	return r, nil
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

// vmRSS reads the resident set size in kB of a process from /proc/PID/status.
func vmRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			fields := strings.Fields(rest) // "12345 kB"
			if len(fields) == 0 {
				break
			}
			return strconv.ParseInt(fields[0], 10, 64)
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New("no VmRSS line in /proc/" + strconv.Itoa(pid) + "/status")
}

func median(sorted []float64) float64 {
	s := append([]float64(nil), sorted...)
	sort.Float64s(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
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

func fatalf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "startup: "+format+"\n", a...)
	os.Exit(1)
}
