package queue

import (
	"testing"
	"time"
)

func TestStats(t *testing.T) {
	f := newFixture(t)
	f.take("A", false) // 08:30
	f.take("A", false) // 08:31
	f.take("B", false) // 08:32
	f.tick(7 * time.Minute)
	f.call(1) // 08:40 A001 waited 10 min
	f.tick(5 * time.Minute)
	f.call(1) // 08:46: A001 finished after 6 min, A002 called after 15 min
	if _, err := f.q.Skip(clerk, 1); err != nil {
		t.Fatal(err)
	}
	st, err := f.q.Stats("2026-03")
	if err != nil {
		t.Fatal(err)
	}
	if st.Total.Tickets != 3 || st.Total.Finished != 1 || st.Total.Skipped != 1 || st.Total.Waiting != 1 {
		t.Fatalf("total %+v", st.Total)
	}
	a := st.Services[0]
	if a.Key != "A" || a.Label != "综合业务" || a.Called != 2 || a.AvgWait() != 12*time.Minute+30*time.Second || a.WaitMax != 15*time.Minute || a.AvgService() != 6*time.Minute {
		t.Fatalf("service A %+v (avg wait %v, avg service %v)", a, a.AvgWait(), a.AvgService())
	}
	if len(st.Windows) != 1 || st.Windows[0].Key != "1" || st.Windows[0].Tickets != 2 || len(st.Staff) != 1 || st.Staff[0].Key != "wang" {
		t.Fatalf("windows %+v staff %+v", st.Windows, st.Staff)
	}
	if len(st.Days) != 1 || st.Days[0].Day != "2026-03-02" || st.Days[0].Tickets != 3 {
		t.Fatalf("days %+v", st.Days)
	}
	if other, _ := f.q.Stats("2026-03-03"); other.Total.Tickets != 0 {
		t.Fatalf("another day counted %d", other.Total.Tickets)
	}
}
