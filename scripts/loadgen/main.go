// Command loadgen is a small, bounded HTTP load generator for benchmarking a
// Bianmin server on this machine. It only ever talks to loopback addresses: a URL
// whose host is not loopback is refused, and every connection it dials (redirects
// included) is checked again after name resolution.
//
//	go run ./scripts/loadgen -url http://127.0.0.1:8080/healthz -c 16 -n 20000 -d 30s
//
// It stops at -n requests or after -d, whichever comes first (at least one of them
// must be set, and both are capped), then prints the request rate, p50/p90/p99
// latency, the status codes seen and the error count (with -json, one JSON
// object with the same figures instead, for scripts/startup). Transport errors
// and responses with a status of 400 or more count as errors. The exit status
// is 1 when any request failed and -allow-errors is not set.
//
// Standard library only.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const (
	maxConcurrency = 512
	maxRequests    = 5_000_000
	maxDuration    = 10 * time.Minute
)

func main() {
	target := flag.String("url", "", "URL to GET (loopback only), e.g. http://127.0.0.1:8080/healthz")
	conc := flag.Int("c", 8, fmt.Sprintf("concurrent workers (1..%d)", maxConcurrency))
	total := flag.Int("n", 10000, fmt.Sprintf("total requests, 0 = until -d (at most %d)", maxRequests))
	dur := flag.Duration("d", 30*time.Second, fmt.Sprintf("duration cap, 0 = until -n (at most %v)", maxDuration))
	reqTimeout := flag.Duration("timeout", 10*time.Second, "per-request timeout")
	allowErrors := flag.Bool("allow-errors", false, "exit 0 even when some requests failed")
	asJSON := flag.Bool("json", false, "print one JSON object (Summary) instead of the text report")
	flag.Parse()

	failed, err := run(*target, *conc, *total, *dur, *reqTimeout, *asJSON)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
	if failed > 0 && !*allowErrors {
		os.Exit(1)
	}
}

// Summary is what -json prints: the run's figures, latencies in milliseconds.
type Summary struct {
	URL      string  `json:"url"`
	Workers  int     `json:"workers"`
	Requests int     `json:"requests"`
	Seconds  float64 `json:"seconds"`
	Rate     float64 `json:"rate"`
	P50MS    float64 `json:"p50_ms"`
	P90MS    float64 `json:"p90_ms"`
	P99MS    float64 `json:"p99_ms"`
	MaxMS    float64 `json:"max_ms"`
	Errors   int     `json:"errors"`
}

// run does the load and prints the report; it returns the number of failed requests.
func run(target string, conc, total int, dur, reqTimeout time.Duration, asJSON bool) (int, error) {
	u, err := checkURL(target)
	if err != nil {
		return 0, err
	}
	switch {
	case conc < 1 || conc > maxConcurrency:
		return 0, fmt.Errorf("-c must be 1..%d", maxConcurrency)
	case total < 0 || total > maxRequests:
		return 0, fmt.Errorf("-n must be 0..%d", maxRequests)
	case dur < 0 || dur > maxDuration:
		return 0, fmt.Errorf("-d must be 0..%v", maxDuration)
	case total == 0 && dur == 0:
		return 0, errors.New("set -n or -d (or both): the run must be bounded")
	}
	if total > 0 && conc > total {
		conc = total
	}

	dialer := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{
		Proxy: nil, // never go through a proxy from the environment
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
			if err != nil {
				return nil, err
			}
			for _, ip := range ips {
				if !ip.IP.IsLoopback() {
					return nil, fmt.Errorf("refusing to dial %s: %s is not a loopback address", addr, ip.IP)
				}
			}
			if len(ips) == 0 {
				return nil, fmt.Errorf("no address for %s", host)
			}
			return dialer.DialContext(ctx, network, net.JoinHostPort(ips[0].IP.String(), port))
		},
		MaxIdleConns:        conc,
		MaxIdleConnsPerHost: conc,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
	}
	client := &http.Client{
		Transport: tr,
		Timeout:   reqTimeout,
		// Do not follow redirects: a redirect is an answer, and measuring the
		// redirected page would mix two endpoints.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}

	ctx := context.Background()
	var cancel context.CancelFunc
	if dur > 0 {
		ctx, cancel = context.WithTimeout(ctx, dur)
		defer cancel()
	}

	var (
		issued   atomic.Int64
		mu       sync.Mutex
		lats     []time.Duration
		statuses = map[int]int{}
		errCount int
		errKinds = map[string]int{}
		wg       sync.WaitGroup
	)
	start := time.Now()
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 1024)
			localStatus := map[int]int{}
			localErr := 0
			localKinds := map[string]int{}
			for ctx.Err() == nil {
				if total > 0 && issued.Add(1) > int64(total) {
					break
				}
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
				req.Header.Set("User-Agent", "bianmin-loadgen")
				t := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				el := time.Since(t)
				if err != nil {
					if ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded) {
						break // the duration cap cut this request short: not an error
					}
					localErr++
					localKinds[shortErr(err)]++
					continue
				}
				local = append(local, el)
				localStatus[resp.StatusCode]++
				if resp.StatusCode >= 400 {
					localErr++
				}
			}
			mu.Lock()
			lats = append(lats, local...)
			for k, v := range localStatus {
				statuses[k] += v
			}
			errCount += localErr
			for k, v := range localKinds {
				errKinds[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	tr.CloseIdleConnections()

	done := len(lats) + sumMap(errKinds)
	sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
	if asJSON {
		sum := Summary{URL: u.String(), Workers: conc, Requests: done, Seconds: elapsed.Seconds(),
			Rate: float64(done) / elapsed.Seconds(), Errors: errCount}
		if len(lats) > 0 {
			sum.P50MS, sum.P90MS, sum.P99MS = msf(pct(lats, 50)), msf(pct(lats, 90)), msf(pct(lats, 99))
			sum.MaxMS = msf(lats[len(lats)-1])
		}
		return errCount, json.NewEncoder(os.Stdout).Encode(sum)
	}
	fmt.Printf("target      %s\n", u)
	fmt.Printf("workers     %d\n", conc)
	fmt.Printf("requests    %d in %.2f s\n", done, elapsed.Seconds())
	fmt.Printf("rate        %.0f req/s\n", float64(done)/elapsed.Seconds())
	if len(lats) > 0 {
		fmt.Printf("latency     p50 %s   p90 %s   p99 %s   max %s\n",
			ms(pct(lats, 50)), ms(pct(lats, 90)), ms(pct(lats, 99)), ms(lats[len(lats)-1]))
	} else {
		fmt.Printf("latency     (no responses)\n")
	}
	fmt.Printf("status      %s\n", fmtStatuses(statuses))
	fmt.Printf("errors      %d\n", errCount)
	for k, v := range errKinds {
		fmt.Printf("            %d × %s\n", v, k)
	}
	return errCount, nil
}

// checkURL accepts only http(s) URLs whose host is a loopback IP literal or a
// name that resolves to loopback addresses only.
func checkURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("-url is required")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("only http and https URLs, not %q", u.Scheme)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("no host in %q", raw)
	}
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsLoopback() {
			return nil, fmt.Errorf("refusing %s: not a loopback address (this tool only loads the local machine)", host)
		}
		return u, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", host, err)
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("no address for %s", host)
	}
	for _, ip := range ips {
		if !ip.IP.IsLoopback() {
			return nil, fmt.Errorf("refusing %s: resolves to %s, not loopback (this tool only loads the local machine)", host, ip.IP)
		}
	}
	return u, nil
}

func pct(sorted []time.Duration, p int) time.Duration {
	// nearest-rank percentile
	i := (len(sorted)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	return sorted[i-1]
}

func msf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000)
}

func fmtStatuses(m map[int]int) string {
	if len(m) == 0 {
		return "-"
	}
	codes := make([]int, 0, len(m))
	for c := range m {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%d×%d", c, m[c])
	}
	return strings.Join(parts, "  ")
}

func sumMap(m map[string]int) int {
	s := 0
	for _, v := range m {
		s += v
	}
	return s
}

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}
