package attendance

import "time"

// PointKeys lists the punch points of the preset in day order:
// "morning_in", "morning_out", ….
func PointKeys(p Preset) []string {
	var out []string
	for _, s := range p.Sessions {
		out = append(out, pointKey(s.Key, true), pointKey(s.Key, false))
	}
	return out
}

// PointDue is the due time of punch point key ("morning_in") on date under
// the preset: the session's start for an in-point, its end for an out-point.
func PointDue(p Preset, key string, date time.Time) (time.Time, bool) {
	for _, s := range p.Sessions {
		start, end := s.HoursOn(MonthDayOf(date))
		switch key {
		case pointKey(s.Key, true):
			return start.On(date), true
		case pointKey(s.Key, false):
			return end.On(date), true
		}
	}
	return time.Time{}, false
}
