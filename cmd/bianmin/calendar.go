package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"bianmin/appliance/calendar"
)

const calendarHelp = `工作日日历：法定节假日与调休按国务院通知 / the working-day calendar: public holidays and make-up workdays by the State Council's notices

  bianmin calendar month 2026-10                 打印一个月 / print the month
  bianmin calendar add 2026-09-24 6              之后第 6 个工作日（不含当天）/ the 6th working day after the date
  bianmin calendar between 2026-02-01 2026-02-28 之间的工作日数（含两端）/ working days from one date to the other, both included
  bianmin calendar import FILE                   导入一年的通知 / import a year's notice` + viaService

// maxAddWorkdays bounds N of "calendar add" (about forty years).
const maxAddWorkdays = 10000

func runCalendar(g *global, args []string) error {
	fs := newFlags(g, "calendar", calendarHelp)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) > 0 {
		switch rest[0] {
		case "month":
			return runCalendarMonth(g, rest[1:])
		case "add":
			return runCalendarAdd(g, rest[1:])
		case "between":
			return runCalendarBetween(g, rest[1:])
		case "import":
			return runCalendarImport(g, rest[1:])
		}
	}
	fs.Usage()
	return &exitError{2, errors.New("用法 / usage: bianmin calendar month|add|between|import …")}
}

// calendarArgs parses a calendar subcommand's flags and requires n
// arguments.
func calendarArgs(g *global, name, summary string, n int, args []string) ([]string, error) {
	fs := newFlags(g, "calendar "+name, summary+viaService)
	if err := parse(g, fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() != n {
		fs.Usage()
		return nil, &exitError{2, fmt.Errorf("用法 / usage: bianmin calendar %s", name)}
	}
	return fs.Args(), nil
}

func runCalendarMonth(g *global, args []string) error {
	rest, err := calendarArgs(g, "month YYYY-MM", "打印一个月的每一天和工作日数 / print every day of the month and its number of working days", 1, args)
	if err != nil {
		return err
	}
	m, err := calendar.ParseMonth(rest[0], time.UTC)
	if err != nil {
		return notAMonth(err)
	}
	month, err := call[calendarMonth](g, calendarMonthOp, rest[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "%d年%d月 / %s %d\n", m.Year(), int(m.Month()), m.Month(), m.Year())
	cat := catalog()
	zh := func(key string, args map[string]any) string { return cat.T("zh-CN", key, args) }
	en := func(key string, args map[string]any) string { return cat.T("en", key, args) }
	var table bytes.Buffer
	w := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "日期 date\t星期 day\t类型 kind\t名称 name")
	working, overrides := 0, false
	for _, d := range month.Days {
		name := d.Name
		if d.NameEn != "" {
			name += " / " + d.NameEn
		}
		if d.Override {
			name, overrides = "* "+name, true
		}
		if d.Working {
			working++
		}
		fmt.Fprintf(w, "%s\t%s %s\t%s / %s\t%s\n", d.Date.Format(time.DateOnly),
			calendar.WeekdayLabel(d.Date.Weekday(), zh), calendar.WeekdayLabel(d.Date.Weekday(), en),
			d.Kind.Label(zh), d.Kind.Label(en), name)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	for line := range strings.Lines(table.String()) {
		fmt.Fprintln(g.stdout, strings.TrimRight(line, " \n"))
	}
	if overrides {
		fmt.Fprintln(g.stdout, "* 本地调整 / local change")
	}
	if !month.HasYear {
		fmt.Fprintf(g.stdout, "注意：%d 年没有节假日数据，只按周一至周五计算 / note: %d has no holiday data; Monday to Friday only\n", m.Year(), m.Year())
	}
	fmt.Fprintf(g.stdout, "工作日 / working days: %d\n", working)
	return nil
}

func runCalendarAdd(g *global, args []string) error {
	rest, err := calendarArgs(g, "add DATE N", "打印 DATE 之后第 N 个工作日（不含 DATE；N 为负数时往前数）/ print the N-th working day after DATE (DATE not counted; a negative N counts back)", 2, args)
	if err != nil {
		return err
	}
	if _, err := parseCalendarDate(rest[0], time.UTC); err != nil {
		return err
	}
	n, err := strconv.Atoi(rest[1])
	if err != nil || n < -maxAddWorkdays || n > maxAddWorkdays {
		return &exitError{2, fmt.Errorf("N 须为 -%d 至 %d 的整数 / N must be a whole number from -%d to %d", maxAddWorkdays, maxAddWorkdays, maxAddWorkdays, maxAddWorkdays)}
	}
	date, err := call[string](g, calendarAddOp, calendarDates{From: rest[0], N: n})
	if err != nil {
		return err
	}
	fmt.Fprintln(g.stdout, date)
	return nil
}

func runCalendarBetween(g *global, args []string) error {
	rest, err := calendarArgs(g, "between FROM TO", "打印 FROM 至 TO 的工作日数（含两端）/ print the number of working days from FROM to TO, both included", 2, args)
	if err != nil {
		return err
	}
	for _, d := range rest {
		if _, err := parseCalendarDate(d, time.UTC); err != nil {
			return err
		}
	}
	days, err := call[int](g, calendarBetweenOp, calendarDates{From: rest[0], To: rest[1]})
	if err != nil {
		return err
	}
	fmt.Fprintln(g.stdout, days)
	return nil
}

func runCalendarImport(g *global, args []string) error {
	fs := newFlags(g, "calendar import FILE", "导入一年的国务院节假日通知（格式见 embedded/holidays/README.md）/ import a year's State Council holiday notice (format: embedded/holidays/README.md)"+viaService)
	year := fs.Int("year", 0, "通知的年份；0 表示按文件 / the notice's year; 0 takes it from the file")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{2, errors.New("请给出通知文件 / give the notice FILE")}
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return &exitError{2, fmt.Errorf("通知文件 / notice file: %w", err)}
	}
	defer f.Close()
	data, err := readInput(f)
	if err != nil {
		return err
	}
	res, err := call[calendar.ImportResult](g, calendarImportOp, *year, data)
	if err != nil {
		return refusedFile(g, err)
	}
	cat := catalog()
	fmt.Fprintf(g.stdout, "%s / %s\n", cat.T("zh-CN", "calendar.import.result", res), cat.T("en", "calendar.import.result", res))
	if res.Replaced {
		fmt.Fprintf(g.stdout, "%s / %s\n", cat.T("zh-CN", "calendar.import.replaced", res), cat.T("en", "calendar.import.replaced", res))
	}
	return nil
}
