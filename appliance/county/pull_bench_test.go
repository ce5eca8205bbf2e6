package county_test

import (
	"testing"
	"time"

	"bianmin/appliance/county"
)

// BenchmarkPullPage: one page of 500 punches of the pull API from a
// county holding 100,000 (3 townships), half-way through with a cursor.
func BenchmarkPullPage(b *testing.B) {
	c := newPullCounty(b)
	boxes := registerBoxes(b, c, "城关镇", "青山镇", "柳林乡")
	start := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	for i, bx := range boxes {
		n := 33334
		if i == 2 {
			n = 33332
		}
		if err := bx.SendPunches(0, n, 5000, start); err != nil {
			b.Fatal(err)
		}
	}
	all := county.AllTownships()
	q := county.PullQuery{Kinds: []string{"punch"}, Limit: 500}
	for range 100 { // half-way: 50,000 records in
		p, err := c.Pull(all, q)
		if err != nil {
			b.Fatal(err)
		}
		q.Cursor = p.Next
	}
	b.ResetTimer()
	for b.Loop() {
		p, err := c.Pull(all, q)
		if err != nil || len(p.Records) != 500 {
			b.Fatalf("%d records, %v", len(p.Records), err)
		}
	}
}
