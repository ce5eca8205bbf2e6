// Command startup measures how fast a server becomes ready and how much
// memory it holds. It is the helper of scripts/bench-startup.sh and
// scripts/bench-side.sh.
//
// Fresh mode (the default): for each of -n runs it makes a fresh temporary
// data dir, picks a free loopback port, starts `[prefix...] BIN --data DIR
// serve --addr 127.0.0.1:PORT`, polls GET /readyz every -poll until it
// answers 200, and records the milliseconds from exec to that answer. It
// then waits -settle, reads VmRSS from /proc/PID/status, and stops the
// server (SIGTERM, then SIGKILL after -stop-timeout). Per-run lines go to
// stderr; stdout gets one tab-separated summary line:
//
//	label  runs  ready_min_ms  ready_median_ms  ready_max_ms  rss_mb  stop_ms
//
// Side mode (-side, side.go): the same harness for bianmin and a
// PocketBase build, each on an existing data dir: restart time (in turns),
// idle RSS at 3 s and 60 s, RSS after a page and a PDF (bianmin), health
// requests/s and p99 under scripts/loadgen and the peak RSS of that load,
// written as JSON; -table prints the two files side by side. -setup DIR
// makes bianmin's data dir for it (setup.go).
//
// Standard library only; Linux only (reads /proc).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
	var sf sideFlags
	sf.add()
	flag.Parse()

	switch {
	case sf.table:
		if err := printTable(os.Stdout, flag.Args()); err != nil {
			fatalf("%v", err)
		}
		return
	case sf.setup != "":
		if *bin == "" {
			fatalf("-setup needs -bin")
		}
		if err := setupBianmin(*bin, sf.setup); err != nil {
			fatalf("setup %s: %v", sf.setup, err)
		}
		return
	case sf.side:
		if *bin == "" {
			fatalf("-side needs -bin")
		}
		if err := runSide(*bin, sf, *poll, *settle, *timeout, *stopTimeout); err != nil {
			fatalf("side by side: %v", err)
		}
		return
	}
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
	args := append(append([]string{}, prefix...), bin, "--data", dataDir, "serve", "--addr", addr)
	s, err := startServer(dir, args, []string{"BIANMIN_DATA=" + dataDir, "BIANMIN_ADDR=" + addr})
	if err != nil {
		return r, err
	}
	defer s.kill()
	if r.readyMS, err = s.waitReady("http://"+addr+"/readyz", poll, timeout); err != nil {
		return r, err
	}
	if err := s.wait(settle); err != nil {
		return r, fmt.Errorf("%v after ready: %w", settle, err)
	}
	if r.rssKB, err = s.rssKB(); err != nil {
		return r, err
	}
	r.stopMS = s.stop(stopTimeout)
	r.sawURL = bytes.Contains([]byte(s.output()), []byte("http://"))
	return r, nil
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

func fatalf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "startup: "+format+"\n", a...)
	os.Exit(1)
}
