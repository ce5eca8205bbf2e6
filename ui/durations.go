package ui

import "time"

// durationText words a duration for a page, in its two largest units:
// "45 秒", "27 分钟", "3 小时 5 分钟", "2 天 4 小时" (never Go's "27m14s").
func durationText(v *view, d time.Duration) string {
	if d < 0 {
		d = 0
	}
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	minutes, seconds := int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case days > 0:
		return v.T("duration.days_hours", "Days", days, "Hours", hours)
	case hours > 0:
		return v.T("duration.hours_minutes", "Hours", hours, "Minutes", minutes)
	case minutes > 0:
		return v.T("duration.minutes", "Minutes", minutes)
	}
	return v.T("duration.seconds", "Seconds", seconds)
}
