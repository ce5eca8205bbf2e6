package ui

import (
	"runtime"
	"testing"
	"time"
)

// After a big one-off job the memory goes back to the system: the heap
// the runtime holds from the system drops, and concurrent calls share one
// release.
func TestReleaseMemoryAfterABigJob(t *testing.T) {
	var before, after runtime.MemStats
	big := make([][]byte, 0, 64)
	for range 64 {
		big = append(big, make([]byte, 512<<10)) // 32 MB, as a PDF's peak
	}
	runtime.ReadMemStats(&before)
	big = nil
	_ = big
	a := &App{}
	for range 5 {
		a.releaseMemory() // one runs; the others find it running
	}
	deadline := time.Now().Add(10 * time.Second)
	for releasing.Load() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	runtime.ReadMemStats(&after)
	held := func(m runtime.MemStats) uint64 { return m.HeapSys - m.HeapReleased }
	if held(after) > held(before)-24<<20 {
		t.Fatalf("heap held from the system: %d MB before, %d MB after the release; want ≥ 24 MB given back",
			held(before)>>20, held(after)>>20)
	}
}
