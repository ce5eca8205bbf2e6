package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheckURLLoopbackOnly(t *testing.T) {
	for _, ok := range []string{
		"http://127.0.0.1:8080/healthz",
		"http://127.1.2.3/",
		"http://[::1]:8080/login",
		"http://localhost:8080/",
	} {
		if _, err := checkURL(ok); err != nil {
			t.Errorf("checkURL(%q) = %v, want accepted", ok, err)
		}
	}
	for _, bad := range []string{
		"",
		"http://10.0.0.1/",
		"http://192.168.1.20:8080/",
		"http://[2001:db8::1]/",
		"http://0.0.0.0:8080/",
		"ftp://127.0.0.1/",
		"http:///nohost",
	} {
		if _, err := checkURL(bad); err == nil {
			t.Errorf("checkURL(%q) accepted, want refused", bad)
		}
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[int]time.Duration{50: 50 * time.Millisecond, 90: 90 * time.Millisecond, 99: 99 * time.Millisecond} {
		if got := pct(d, p); got != want {
			t.Errorf("pct(%d) = %v, want %v", p, got, want)
		}
	}
	if got := pct(d[:1], 99); got != time.Millisecond {
		t.Errorf("pct of one = %v", got)
	}
}

func TestRunBoundedByCount(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1)%10 == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()

	failed, err := run(srv.URL, 4, 100, time.Minute, 5*time.Second, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := hits.Load(); got != 100 {
		t.Errorf("server saw %d requests, want exactly 100", got)
	}
	if failed != 10 {
		t.Errorf("failed = %d, want 10 (the 503s)", failed)
	}
}

func TestRunBoundedByDuration(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	start := time.Now()
	failed, err := run(srv.URL, 2, 0, 200*time.Millisecond, time.Second, false)
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("took %v with a 200ms cap", el)
	}
	if failed != 0 {
		t.Errorf("failed = %d, want 0", failed)
	}
}

func TestRunRefusesUnbounded(t *testing.T) {
	if _, err := run("http://127.0.0.1:1/", 1, 0, 0, time.Second, false); err == nil {
		t.Error("run with -n 0 -d 0 accepted")
	}
}

// -json prints one Summary object with the run's figures.
func TestRunJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	_, err = run(srv.URL, 2, 20, time.Minute, time.Second, true)
	os.Stdout = stdout
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	var s Summary
	if err := json.NewDecoder(r).Decode(&s); err != nil {
		t.Fatal(err)
	}
	if s.Requests != 20 || s.Errors != 0 || s.Rate <= 0 || s.P99MS < s.P50MS || s.Workers != 2 {
		t.Errorf("summary %+v", s)
	}
}
