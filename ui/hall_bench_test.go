package ui

import (
	"bufio"
	"context"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkHallSSE50: fifty hall screens listen on /hall/events (25
// registered screens with both their stream places: the anonymous pool
// holds 8); each iteration calls a ticket and waits until all fifty have
// it. Reported: the latency of a call reaching every screen (p50, p99),
// and the heap and goroutines one open stream costs.
func BenchmarkHallSSE50(b *testing.B) {
	const screens, perScreen = 25, streamsPerScreen
	env := newTestEnv(b)
	fake := newFakeHall()
	env.app.Hall = fake

	tokens := make([]string, screens)
	for i := range tokens {
		_, code, err := env.app.Screens.Register("bench", "screen "+string(rune('A'+i)), "hall_display")
		if err != nil {
			b.Fatal(err)
		}
		if _, tokens[i], err = env.app.Screens.Pair("10.0.0.1", code); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	g0 := runtime.NumGoroutine()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan string, screens*perScreen*4)
	var ready sync.WaitGroup
	tr := &http.Transport{MaxIdleConnsPerHost: screens * perScreen}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	for i := range screens * perScreen {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, env.srv.URL+"/hall/events", nil)
		req.Header.Set("Accept", "text/event-stream")
		req.AddCookie(&http.Cookie{Name: cookieScreen, Value: tokens[i/perScreen]})
		resp, err := hc.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("stream %d: %v %v", i, err, resp.Status)
		}
		ready.Add(1)
		go func() {
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			sc.Buffer(make([]byte, 4<<10), 1<<20) // a message is about 1 KB
			first := true
			for sc.Scan() {
				line := sc.Text()
				if !strings.HasPrefix(line, "data: ") {
					continue
				}
				if first {
					first = false
					ready.Done()
					continue
				}
				if i := strings.Index(line, `"call":{"ticket":"`); i >= 0 {
					t := line[i+len(`"call":{"ticket":"`):]
					got <- t[:strings.IndexByte(t, '"')]
				}
			}
		}()
	}
	ready.Wait()
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	streams := float64(screens * perScreen)
	// Server and client sides of the streams both live in this process
	// (the client's half: a connection, its buffers and three goroutines):
	// the figures are an upper bound of the box's own cost per stream.
	heapPer := (float64(after.HeapInuse) - float64(before.HeapInuse)) / streams / 1024
	goPer := float64(runtime.NumGoroutine()-g0) / streams

	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for n := range b.N {
		ticket := "A" + string(rune('0'+n/100%10)) + string(rune('0'+n/10%10)) + string(rune('0'+n%10))
		t0 := time.Now()
		fake.call(ticket, "综合业务", 1+n%3)
		for k := 0; k < screens*perScreen; {
			select {
			case t := <-got:
				if t == ticket {
					k++
				}
			case <-time.After(10 * time.Second):
				b.Fatalf("call %s reached %d of %d screens", ticket, k, screens*perScreen)
			}
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(heapPer, "heap-KB/stream")
	b.ReportMetric(goPer, "goroutines/stream")
	b.ReportMetric(streams, "streams")
}
