package main

import (
	"bianmin/appliance/attendance"
	"bianmin/hw/systime"
)

// punchTime gives the punch clock and the web app the time quality a punch
// taken now gets, read from hw/systime. Hardware never imports the domain,
// so the mapping between the two lives here.
type punchTime struct{ m *systime.Monitor }

func (t punchTime) Quality() attendance.TimeQuality { return punchQuality(t.m.Quality()) }

// punchQuality maps the clock's quality to the punch's flag; anything it
// does not know is unsure, so a punch is flagged rather than trusted.
func punchQuality(q systime.Quality) attendance.TimeQuality {
	switch q {
	case systime.Synced:
		return attendance.TimeSynced
	case systime.RTC:
		return attendance.TimeRTC
	}
	return attendance.TimeUnsure
}
