package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// sideFlags configure side mode (-side), -setup and -table.
type sideFlags struct {
	side     bool
	data     string        // bianmin's existing data dir
	login    string        // file with bianmin's bench account (written by -setup)
	period   string        // the month of the report whose PDF is made
	arm64    string        // bianmin's arm64 binary, for its size
	out      string        // bianmin's JSON result
	pb       string        // the PocketBase binary; "" measures bianmin alone
	pbData   string        // PocketBase's data dir (made by the warm-up start when empty)
	pbOut    string        // PocketBase's JSON result
	restarts int           // restarts measured (after one warm-up start)
	idleLong time.Duration // the second idle RSS reading, after ready
	loadgen  string        // scripts/loadgen binary
	loadC    int
	loadD    time.Duration
	setup    string // make bianmin's bench data dir here
	table    bool   // print the JSON files given as arguments side by side
}

func (f *sideFlags) add() {
	flag.BoolVar(&f.side, "side", false, "side mode: bianmin (-bin) and PocketBase (-pb) on existing data dirs, restarts taken in turns")
	flag.StringVar(&f.data, "data", "", "side mode: bianmin's existing data dir")
	flag.StringVar(&f.login, "login", "", "side mode: file with bianmin's bench account (-setup writes DIR/login)")
	flag.StringVar(&f.period, "period", "2025-11", "side mode: the month whose monthly report PDF is made")
	flag.StringVar(&f.arm64, "arm64", "", "side mode: bianmin's arm64 binary, for its size")
	flag.StringVar(&f.out, "json", "", "side mode: write bianmin's result here")
	flag.StringVar(&f.pb, "pb", "", "side mode: the PocketBase binary (none: bianmin alone)")
	flag.StringVar(&f.pbData, "pb-data", "", "side mode: PocketBase's data dir")
	flag.StringVar(&f.pbOut, "pb-json", "", "side mode: write PocketBase's result here")
	flag.IntVar(&f.restarts, "restarts", 7, "side mode: restarts measured after one warm-up start")
	flag.DurationVar(&f.idleLong, "idle-long", 60*time.Second, "side mode: the later idle RSS reading, after ready")
	flag.StringVar(&f.loadgen, "loadgen", "", "side mode: the scripts/loadgen binary")
	flag.IntVar(&f.loadC, "load-c", 50, "side mode: connections of the health load")
	flag.DurationVar(&f.loadD, "load-d", 10*time.Second, "side mode: duration of the health load")
	flag.StringVar(&f.setup, "setup", "", "make bianmin's bench data dir (ten years of punches, 60 staff) under `DIR` unless it is there")
	flag.BoolVar(&f.table, "table", false, "print the side-mode JSON files given as arguments side by side")
}

// sideResult is one server's figures (MB are MiB of RSS).
type sideResult struct {
	Name          string    `json:"name"`
	BinBytes      int64     `json:"bin_bytes"`
	Arm64Bytes    int64     `json:"arm64_bytes,omitempty"`
	RestartMS     []float64 `json:"restart_ms"`
	RestartMedian float64   `json:"restart_median_ms"`
	RSS3MB        float64   `json:"rss_3s_mb"`  // median over the restarts
	RSS60MB       float64   `json:"rss_60s_mb"` // the long run, IdleLong after ready
	IdleLong      string    `json:"idle_long"`
	PagePDFMB     float64   `json:"rss_page_pdf_mb,omitempty"`
	PagePDFNowMB  float64   `json:"rss_page_pdf_now_mb,omitempty"`
	PDFBytes      int       `json:"pdf_bytes,omitempty"`
	PDFMS         float64   `json:"pdf_ms,omitempty"`
	Rate          float64   `json:"health_rate"`
	P99MS         float64   `json:"health_p99_ms"`
	LoadErrors    int       `json:"health_errors"`
	PeakMB        float64   `json:"load_peak_mb"`
	Note          string    `json:"note,omitempty"`
}

// target is one server measured in side mode.
type target struct {
	name       string
	bin, data  string
	args       func(addr string) []string
	env        func(addr string) []string
	ready      string // path answering 200 when ready
	health     string // path of the health load
	out        string
	rss3       []float64
	res        sideResult
	pageAndPDF bool
}

func sideTargets(bin string, f sideFlags) ([]*target, error) {
	switch {
	case f.data == "" || f.loadgen == "" || f.out == "":
		return nil, errors.New("side mode needs -data, -loadgen and -json")
	case f.pb != "" && (f.pbData == "" || f.pbOut == ""):
		return nil, errors.New("-pb needs -pb-data and -pb-json")
	case f.restarts < 1:
		return nil, errors.New("-restarts must be at least 1")
	}
	b := &target{name: "bianmin", bin: bin, data: f.data, ready: "/readyz", health: "/healthz", out: f.out, pageAndPDF: true}
	b.args = func(addr string) []string { return []string{b.bin, "--data", b.data, "serve", "--addr", addr} }
	b.env = func(addr string) []string { return []string{"BIANMIN_DATA=" + b.data, "BIANMIN_ADDR=" + addr} }
	ts := []*target{b}
	if f.pb != "" {
		p := &target{name: "pocketbase", bin: f.pb, data: f.pbData, ready: "/api/health", health: "/api/health", out: f.pbOut}
		p.args = func(addr string) []string { return []string{p.bin, "serve", "--http", addr, "--dir", p.data} }
		p.env = func(string) []string { return nil }
		ts = append(ts, p)
	}
	for _, t := range ts {
		abs, err := filepath.Abs(t.bin)
		if err != nil {
			return nil, err
		}
		st, err := os.Stat(abs)
		if err != nil {
			return nil, err
		}
		t.bin, t.res = abs, sideResult{Name: t.name, BinBytes: st.Size()}
	}
	if st, err := os.Stat(f.arm64); f.arm64 != "" && err == nil {
		b.res.Arm64Bytes = st.Size()
	}
	return ts, nil
}

// runSide measures each target: a warm-up start each, then the restarts
// in turns (the order swapped every round, so neither always runs after
// the other), then each one's long run: idle, a page and a PDF (bianmin),
// the health load.
func runSide(bin string, f sideFlags, poll, settle, timeout, stopTimeout time.Duration) error {
	ts, err := sideTargets(bin, f)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "bianmin-side-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	for round := 0; round <= f.restarts; round++ {
		for i := range ts {
			t := ts[i]
			if round%2 == 1 {
				t = ts[len(ts)-1-i]
			}
			if err := t.restart(work, round, f, poll, settle, timeout, stopTimeout); err != nil {
				return err
			}
		}
	}
	for _, t := range ts {
		t.res.RestartMedian, t.res.RSS3MB = median(t.res.RestartMS), median(t.rss3)
		if err := t.longRun(work, f, poll, settle, timeout, stopTimeout); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		if err := writeJSON(t.out, t.res); err != nil {
			return err
		}
	}
	return nil
}

func (t *target) start(work string) (*server, string, error) {
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	s, err := startServer(work, t.args(addr), t.env(addr))
	return s, "http://" + addr, err
}

// restart is one start to ready, the RSS settle later, and the stop; round
// 0 is the warm-up (migrations, the page cache) and is not counted.
func (t *target) restart(work string, round int, f sideFlags, poll, settle, timeout, stopTimeout time.Duration) error {
	s, base, err := t.start(work)
	if err != nil {
		return err
	}
	ms, err := s.waitReady(base+t.ready, poll, timeout)
	if err == nil {
		err = s.wait(settle)
	}
	var kb int64
	if err == nil {
		kb, err = s.rssKB()
	}
	s.stop(stopTimeout)
	switch {
	case err != nil:
		return fmt.Errorf("%s start %d: %w", t.name, round, err)
	case round == 0:
		fmt.Fprintf(os.Stderr, "  %-10s warm-up start: ready in %.1f ms\n", t.name, ms)
	default:
		fmt.Fprintf(os.Stderr, "  %-10s restart %d/%d: ready in %7.1f ms, RSS %5.1f MB %v after\n", t.name, round, f.restarts, ms, mb(kb), settle)
		t.res.RestartMS = append(t.res.RestartMS, ms)
		t.rss3 = append(t.rss3, mb(kb))
	}
	return nil
}

func (t *target) longRun(work string, f sideFlags, poll, settle, timeout, stopTimeout time.Duration) error {
	s, base, err := t.start(work)
	if err != nil {
		return err
	}
	defer s.kill()
	if _, err := s.waitReady(base+t.ready, poll, timeout); err != nil {
		return err
	}
	readyAt := time.Now()
	if err := s.wait(f.idleLong); err != nil {
		return err
	}
	kb, err := s.rssKB()
	if err != nil {
		return err
	}
	t.res.RSS60MB, t.res.IdleLong = mb(kb), f.idleLong.String()
	fmt.Fprintf(os.Stderr, "  %-10s RSS %.1f MB %v after ready\n", t.name, t.res.RSS60MB, time.Since(readyAt).Round(time.Second))
	if t.pageAndPDF {
		if err := pageAndPDF(s, base, f, settle, &t.res); err != nil {
			return fmt.Errorf("page and PDF: %w", err)
		}
	}
	if err := healthLoad(s, base+t.health, f, &t.res); err != nil {
		return err
	}
	s.stop(stopTimeout)
	return nil
}

// pageAndPDF logs in, opens the reports page, generates the period's
// monthly report and downloads its PDF, then reads the RSS at once and
// after settle.
func pageAndPDF(s *server, base string, f sideFlags, settle time.Duration, res *sideResult) error {
	user, pass, err := readLogin(f.login)
	if err != nil {
		return err
	}
	c, err := newSession(base)
	if err != nil {
		return err
	}
	if err := c.login(user, pass, ""); err != nil {
		return err
	}
	t0 := time.Now()
	pdf, err := c.monthlyPDF(f.period)
	if err != nil {
		return err
	}
	res.PDFMS = float64(time.Since(t0).Milliseconds())
	res.PDFBytes = len(pdf)
	kb, err := s.rssKB()
	if err != nil {
		return err
	}
	res.PagePDFNowMB = mb(kb)
	if err := s.wait(settle); err != nil {
		return err
	}
	if kb, err = s.rssKB(); err != nil {
		return err
	}
	res.PagePDFMB = mb(kb)
	fmt.Fprintf(os.Stderr, "  %-10s page + PDF (%d bytes, %.0f ms with the report's judgement): RSS %.1f MB at once, %.1f MB %v later\n",
		res.Name, res.PDFBytes, res.PDFMS, res.PagePDFNowMB, res.PagePDFMB, settle)
	return nil
}

// healthLoad runs scripts/loadgen against url and records its rate, p99
// and the server's peak RSS meanwhile (VmHWM after resetting it; the
// highest of 50 ms samples where the kernel cannot reset it).
func healthLoad(s *server, url string, f sideFlags, res *sideResult) error {
	reset := s.resetPeak()
	var sampled int64
	stop := make(chan struct{})
	sampler := make(chan struct{})
	go func() {
		defer close(sampler)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if kb, err := s.rssKB(); err == nil && kb > sampled {
				sampled = kb
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	out, err := exec.Command(f.loadgen, "-url", url, "-c", fmt.Sprint(f.loadC), "-n", "0", "-d", f.loadD.String(),
		"-allow-errors", "-json").Output()
	close(stop)
	<-sampler
	if err != nil {
		return fmt.Errorf("loadgen: %v", err)
	}
	var sum struct {
		Rate   float64 `json:"rate"`
		P99MS  float64 `json:"p99_ms"`
		Errors int     `json:"errors"`
	}
	if err := json.Unmarshal(out, &sum); err != nil {
		return fmt.Errorf("loadgen output %q: %v", out, err)
	}
	res.Rate, res.P99MS, res.LoadErrors = sum.Rate, sum.P99MS, sum.Errors
	peak := sampled
	if hwm, err := s.hwmKB(); reset && err == nil {
		peak = hwm
	} else {
		res.Note = "peak RSS sampled every 50 ms (the kernel refused to reset VmHWM)"
	}
	res.PeakMB = mb(peak)
	fmt.Fprintf(os.Stderr, "  %-10s health: %.0f req/s, p99 %.2f ms, %d errors, peak RSS %.1f MB\n", res.Name, res.Rate, res.P99MS, res.LoadErrors, res.PeakMB)
	return nil
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
