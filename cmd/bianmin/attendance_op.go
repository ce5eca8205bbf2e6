package main

import (
	"fmt"
	"strings"

	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
)

// monthArgs is the request of `attendance month`.
type monthArgs struct {
	Month  string `json:"month"` // 2026-02
	Preset string `json:"preset,omitempty"`
	TZ     string `json:"tz"`
}

// attendanceMonthOp judges the month for every active staff member.
var attendanceMonthOp = newOp("attendance month", readsStore, func(x *opCall, a monthArgs) (monthJSON, error) {
	var none monthJSON
	loc, err := centerLocation(a.TZ)
	if err != nil {
		return none, err
	}
	month, err := calendar.ParseMonth(a.Month, loc)
	if err != nil {
		return none, err
	}
	set, err := attendance.LoadSettingsDB(x.svc.db)
	if err != nil {
		return none, err
	}
	if a.Preset != "" {
		if set, err = set.WithPreset(a.Preset); err != nil {
			return none, presetError(a.Preset)
		}
	}
	cal, err := x.svc.calendarIn(loc)
	if err != nil {
		return none, err
	}
	months, err := attendance.BuildMonthDB(x.svc.db, attendance.MonthOptions{
		Year: month.Year(), Month: month.Month(), Preset: set.Preset, Location: loc, Calendar: cal,
	})
	if err != nil {
		return none, err
	}
	out := monthJSON{Month: month.Format("2006-01"), Preset: set.Preset.Key, Staff: []staffMonthJSON{}}
	for _, d := range cal.Month(month.Year(), month.Month()) {
		if d.Working {
			out.WorkingDays++
		}
	}
	c := catalog()
	for _, m := range months {
		out.Staff = append(out.Staff, staffLine(c, m))
	}
	return out, nil
})

// presetError refuses a preset key that names no built-in preset.
func presetError(key string) error {
	var keys []string
	for _, p := range attendance.Presets() {
		keys = append(keys, p.Key)
	}
	return &exitError{2, fmt.Errorf("没有内置规则 %q / no built-in preset %q: use one of %s", key, key, strings.Join(keys, ", "))}
}
