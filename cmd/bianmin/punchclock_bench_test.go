package main

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"bianmin/appliance/device"
	"bianmin/appliance/punchclock"
	"bianmin/appliance/staff"
)

// BenchmarkPunchLatency presses enrolled fingers on the simulated sensor,
// one person after another, through the real driver over a pty, and
// reports the latency from the match (the clock's HandleMatch start, the
// event's At) to the acknowledged commit (the event reaching the kiosk),
// p50 and p99, and punches per second including the sensor round trips.
func BenchmarkPunchLatency(b *testing.B) {
	r := newClockRig(b)
	// One person per press: distinct people, so no press is a duplicate.
	unit, _ := r.svc.staff.CreateUnit("bench", staff.Unit{Name: "基准测试", Active: true})
	var people []staff.Staff
	for i := 0; i < 200; i++ {
		p, err := r.svc.staff.CreateStaff("bench", staff.Staff{StaffNo: fmt.Sprintf("B%04d", i), Name: "测试人员",
			UnitID: unit.ID, Post: staff.PostA, Position: staff.PositionStaff})
		if err != nil {
			b.Fatal(err)
		}
		people = append(people, p)
	}
	if err := r.sim.enrolMore(r.svc.staff, r.svc.enrols); err != nil {
		b.Fatal(err)
	}
	r.waitState(b, device.StateConnected)
	events, stop := r.clock.Hub().Subscribe()
	defer stop()
	var lat []time.Duration
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		p := people[i%len(people)]
		r.sim.PlaceFinger(p.ID, 1)
		e := nextEvent(b, events)
		if e.Kind != punchclock.EventPunch && e.Kind != punchclock.EventDuplicate {
			b.Fatalf("press %d: %+v", i, e)
		}
		lat = append(lat, time.Since(e.At))
		liftPause()
	}
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))] }
	b.ReportMetric(float64(p(0.50).Microseconds())/1000, "ms-p50")
	b.ReportMetric(float64(p(0.99).Microseconds())/1000, "ms-p99")
	b.ReportMetric(float64(b.N)/(elapsed-time.Duration(b.N)*liftGap).Seconds(), "punches/s")
}
