package main

import (
	"testing"

	"bianmin/appliance/attendance"
	"bianmin/hw/systime"
)

// Every quality systime can report reaches the punch as the flag the
// attendance rules expect (issue #4: unsure punches are recorded and
// flagged).
func TestPunchQuality(t *testing.T) {
	tests := []struct {
		name string
		in   systime.Quality
		want attendance.TimeQuality
	}{
		{"NTP synced", systime.Synced, attendance.TimeSynced},
		{"set from the RTC", systime.RTC, attendance.TimeRTC},
		{"unsure (no sync, no RTC, or a jump)", systime.Unsure, attendance.TimeUnsure},
		{"an unknown value is flagged, not trusted", systime.Quality(99), attendance.TimeUnsure},
	}
	for _, tt := range tests {
		if got := punchQuality(tt.in); got != tt.want {
			t.Errorf("%s: punchQuality(%v) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
	m := systime.New(systime.Options{Synced: func() bool { return false }, HasRTC: func() bool { return true }})
	if got := (punchTime{m}).Quality(); got != attendance.TimeRTC {
		t.Errorf("punchTime over an RTC-only monitor = %q, want rtc", got)
	}
}
