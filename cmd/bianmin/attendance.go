package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
	"bianmin/appliance/locale"
	"bianmin/appliance/problem"
)

const attendanceUsage = `考勤 / attendance

  bianmin attendance month YYYY-MM [--preset KEY] [--json] [--tz Asia/Shanghai]
      按月汇总每位在岗人员的考勤（迟到、早退、漏签、旷工、请假）
      the month's summary for every active staff member (late, early, missed, absence, leave)` + viaService

func runAttendance(g *global, args []string) error {
	fs := newFlags(g, "attendance month YYYY-MM", attendanceUsage)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 || fs.Arg(0) != "month" {
		fs.Usage()
		return &exitError{2, errors.New("用法 / usage: bianmin attendance month YYYY-MM")}
	}
	return runAttendanceMonth(g, fs.Args()[1:])
}

// monthJSON is what `attendance month --json` prints.
type monthJSON struct {
	Month       string           `json:"month"`
	Preset      string           `json:"preset"`
	WorkingDays int              `json:"working_days"`
	Staff       []staffMonthJSON `json:"staff"`
}

// staffMonthJSON is one person's line. Leave days count working days
// only, in steps of half a day; remarks are English sentences.
type staffMonthJSON struct {
	StaffNo        string             `json:"staff_no"`
	Name           string             `json:"name"`
	Late           int                `json:"late"`
	Early          int                `json:"early"`
	Missed         int                `json:"missed"`
	AbsentHalfDays int                `json:"absent_half_days"`
	LeaveDays      map[string]float64 `json:"leave_days"`
	Remarks        []string           `json:"remarks"`
}

func runAttendanceMonth(g *global, args []string) error {
	fs := newFlags(g, "attendance month YYYY-MM", "按月汇总考勤；--json 输出机器可读结果，备注为英文 / the month's attendance summary; --json prints it machine-readable, with remarks in English"+viaService)
	presetKey := fs.String("preset", "", "用内置规则代替本中心设置（standard、county-b、nine-to-five）/ judge by a built-in preset instead of the center's settings")
	asJSON := fs.Bool("json", false, "输出 JSON / print JSON")
	loadTZ := tzFlag(fs)
	monthArg, err := parseWithFile(g, fs, args)
	if err != nil {
		return err
	}
	loc, err := loadTZ()
	if err != nil {
		return err
	}
	month, err := calendar.ParseMonth(monthArg, loc)
	if err != nil {
		return &exitError{2, refused(err)}
	}
	if _, ok := attendance.PresetByKey(*presetKey); *presetKey != "" && !ok {
		return presetError(*presetKey)
	}
	out, err := call[monthJSON](g, attendanceMonthOp, monthArgs{Month: month.Format("2006-01"), Preset: *presetKey, TZ: loc.String()})
	if _, ok := problem.As(err); ok {
		return &exitError{2, refused(err)}
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printMonthTable(g, out)
	return nil
}

// staffLine is one person's summary, remarks rendered in English.
func staffLine(c *locale.Catalog, m attendance.StaffMonth) staffMonthJSON {
	r := m.Result
	line := staffMonthJSON{StaffNo: m.Staff.StaffNo, Name: m.Staff.Name, Late: r.Late, Early: r.Early, Missed: r.Missed,
		AbsentHalfDays: int(r.Absent), LeaveDays: map[string]float64{}, Remarks: []string{}}
	for t, h := range r.Leave {
		if h > 0 {
			line.LeaveDays[t] = h.Days()
		}
	}
	for _, rm := range append(slices.Clone(r.Remarks), m.Remarks...) {
		line.Remarks = append(line.Remarks, c.T("en", rm.Key, rm.Args))
	}
	return line
}

// printMonthTable prints the month as a table with bilingual headings.
func printMonthTable(g *global, m monthJSON) {
	fmt.Fprintf(g.stdout, "%s 考勤 / attendance — 规则 / preset: %s — 工作日 / working days: %d\n\n", m.Month, m.Preset, m.WorkingDays)
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "工号 No\t姓名 Name\t迟到 Late\t早退 Early\t漏签 Missed\t旷工(天) Absent days\t请假(天) Leave days")
	for _, s := range m.Staff {
		var leave []string
		for _, t := range slices.Sorted(maps.Keys(s.LeaveDays)) {
			leave = append(leave, fmt.Sprintf("%s %g", t, s.LeaveDays[t]))
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%g\t%s\n", s.StaffNo, s.Name, s.Late, s.Early, s.Missed, float64(s.AbsentHalfDays)/2, strings.Join(leave, ", "))
	}
	tw.Flush()
	for _, s := range m.Staff {
		for _, r := range s.Remarks {
			fmt.Fprintf(g.stdout, "  %s %s: %s\n", s.StaffNo, s.Name, r)
		}
	}
}
