package uplink_test

import (
	"context"
	"testing"
	"time"

	"bianmin/appliance/uplink"
)

// counting counts the bytes posted.
type counting struct {
	p     uplink.Poster
	bytes int
}

func (c *counting) Post(ctx context.Context, data []byte) (uplink.Ack, error) {
	c.bytes += len(data)
	return c.p.Post(ctx, data)
}

// timed adds up the time spent posting (the county's share).
type timed struct {
	p uplink.Poster
	d time.Duration
}

func (c *timed) Post(ctx context.Context, data []byte) (uplink.Ack, error) {
	s := time.Now()
	defer func() { c.d += time.Since(s) }()
	return c.p.Post(ctx, data)
}

// BenchmarkLoopbackUpload uploads punches (as attendance writes them)
// from a box to a county over loopback HTTP, both stores on disk: batches
// per second and bytes per record on the wire (make bench).
func BenchmarkLoopbackUpload(b *testing.B) {
	r := newRig(b)
	const perRound = 5000
	c := &counting{p: &timed{p: r.client()}}
	at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	records, batches := 0, 0
	var took time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		r.write("punch", perRound, func(j int) any {
			return map[string]any{"id": i*perRound + j + 1, "staff_id": j%60 + 1, "time": at.Add(time.Duration(i*perRound+j) * time.Minute),
				"source": "fingerprint", "quality": "synced", "score": 180, "ref": "fp0", "recorded_by": "device:fingerprint", "recorded_at": at}
		})
		b.StartTimer()
		start := time.Now()
		res, err := r.box.Send(context.Background(), c)
		took += time.Since(start)
		if err != nil || res.Pending != 0 {
			b.Fatalf("send %+v %v", res, err)
		}
		records += res.Acknowledged
		batches += res.Batches
	}
	b.ReportMetric(float64(batches)/took.Seconds(), "batches/s")
	b.ReportMetric(c.p.(*timed).d.Seconds()/took.Seconds(), "county-share")
	b.ReportMetric(float64(records)/took.Seconds(), "records/s")
	b.ReportMetric(float64(c.bytes)/float64(records), "bytes/record")
}
