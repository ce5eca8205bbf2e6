package calendar

import (
	"strings"
	"sync"
	"testing"
)

// TestConcurrentReadsAndWrites: the web UI reads while the office writes.
// Run with -race. Every read sees either the state before a write or the
// state after it, never a mixture.
func TestConcurrentReadsAndWrites(t *testing.T) {
	c, _ := newCal(t)
	closed := date(t, "2026-02-24") // a Tuesday the office closes and reopens
	zh := translator(t, "zh-CN")
	feb1, feb28 := date(t, "2026-02-01"), date(t, "2026-02-28")
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 8 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if n := c.WorkdaysBetween(feb1, feb28); n != 15 && n != 16 {
					t.Errorf("%s: February has %d working days, want 15 or 16", notice2026, n)
					return
				}
				if got := iso(c.AddWorkdays(date(t, "2026-02-14"), 1)); got != "2026-02-24" && got != "2026-02-25" {
					t.Errorf("AddWorkdays(2026-02-14, 1) = %s", got)
					return
				}
				_ = c.Month(2026, 2)
				_ = c.Overrides()
				_ = c.Day(closed).Label("zh-CN", zh)
				_, _ = c.MissingNextYear(feb1)
			}
		})
	}
	wg.Go(func() {
		defer close(stop)
		for i := range 20 {
			if err := c.SetDay("office", closed, false, "停电闭馆"); err != nil {
				t.Error(err)
				return
			}
			if err := c.ClearOverride("office", closed); err != nil {
				t.Error(err)
				return
			}
			if i == 10 {
				if _, err := c.ImportNotice("office", 0, strings.NewReader(notice2027)); err != nil {
					t.Error(err)
					return
				}
			}
		}
	})
	wg.Wait()
	if c.Day(closed).Override || !c.HasYear(2027) {
		t.Errorf("final state: %+v, 2027 %v", c.Day(closed), c.HasYear(2027))
	}
}
