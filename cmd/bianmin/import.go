package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Shanghai on a bare box without /usr/share/zoneinfo

	"bianmin/appliance/attendance"
	"bianmin/appliance/leave"
	"bianmin/appliance/staff"
)

// defaultTZ is the center's time zone unless --tz says otherwise.
const defaultTZ = "Asia/Shanghai"

const importUsage = `从表格或考勤机导入 / import from spreadsheets and clocks

  bianmin import staff FILE.csv
      人员名单（列 staff_no,name,unit,window,position；可选 start_date,end_date）/ the staff list (columns staff_no,name,unit,window,position; start_date, end_date optional)
  bianmin import punches FILE [--map FILE] [--tz Asia/Shanghai]
      打卡记录：CSV（staff_no,time）或中控考勤机 U 盘导出的 attlog.dat
      punches: a CSV (staff_no,time) or a ZKTeco clock's attlog.dat from its USB export
  bianmin import leave FILE.csv [--tz Asia/Shanghai]
      请假记录（列 staff_no,type,start,end,certificate）/ leave (columns staff_no,type,start,end,certificate)

文件有任何错误时什么都不导入，并逐行列出错误。
When the file has any problem nothing is imported and every problem is listed by line.` + viaService

func runImport(g *global, args []string) error {
	fs := newFlags(g, "import staff|punches|leave FILE", importUsage)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return &exitError{2, errors.New("用法 / usage: bianmin import staff|punches|leave FILE")}
	}
	switch what, rest := fs.Arg(0), fs.Args()[1:]; what {
	case "staff":
		return runImportStaff(g, rest)
	case "punches":
		return runImportPunches(g, rest)
	case "leave":
		return runImportLeave(g, rest)
	default:
		fs.Usage()
		return &exitError{2, fmt.Errorf("不能导入 %q / cannot import %q: use staff, punches or leave", what, what)}
	}
}

// parseWithFile parses a subcommand's flags, which may come before or after
// its one FILE argument, and returns FILE.
func parseWithFile(g *global, fs *flag.FlagSet, args []string) (string, error) {
	if err := parse(g, fs, args); err != nil {
		return "", err
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fs.Usage()
		return "", &exitError{2, errors.New("请给出文件 / give the FILE")}
	}
	file := rest[0]
	if err := parse(g, fs, rest[1:]); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return "", &exitError{2, fmt.Errorf("多余的参数 / unexpected argument %q", fs.Arg(0))}
	}
	return file, nil
}

// tzFlag adds --tz and returns a function that loads it.
func tzFlag(fs *flag.FlagSet) func() (*time.Location, error) {
	tz := fs.String("tz", defaultTZ, "中心所在时区 / the center's time zone")
	return func() (*time.Location, error) {
		loc, err := time.LoadLocation(*tz)
		if err != nil {
			return nil, &exitError{2, fmt.Errorf("未知时区 / unknown time zone %q: %w", *tz, err)}
		}
		return loc, nil
	}
}

// cliActor names the person at the console in audit entries.
func cliActor() string { return "cli:" + os.Getenv("USER") }

// importFile is what the three imports share: FILE after the
// subcommand's flags; prepare reads the flags into the request and names
// any further file to send with FILE (punches' --map). The files are read
// here (the service's sandbox cannot read the technician's files) and sent
// with the request to op, run where the store is; its summary is printed,
// or every problem of the files (exit 1).
func importFile[Resp any](g *global, fs *flag.FlagSet, args []string, op *operation,
	prepare func(req *importArgs) (more []string, err error), summary func(Resp) string) error {
	file, err := parseWithFile(g, fs, args)
	if err != nil {
		return err
	}
	req := importArgs{Name: filepath.Base(file)}
	more, err := prepare(&req)
	if err != nil {
		return err
	}
	inputs := make([][]byte, 0, 1+len(more))
	for _, name := range append([]string{file}, more...) {
		data, err := readInputFile(name)
		if err != nil {
			return err
		}
		inputs = append(inputs, data)
	}
	res, err := call[Resp](g, op, req, inputs...)
	if err != nil {
		return refusedFile(g, err)
	}
	fmt.Fprintln(g.stdout, summary(res))
	return nil
}

// readInputFile reads a file to send with a request.
func readInputFile(name string) ([]byte, error) {
	f, err := openFile(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readInput(f)
}

func openFile(name string) (*os.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("打开文件 / open %s: %w", name, err)
	}
	return f, nil
}

func runImportStaff(g *global, args []string) error {
	fs := newFlags(g, "import staff FILE.csv", "导入人员名单 / import the staff list (columns staff_no,name,unit,window,position; post, phone, start_date, end_date optional; a new person without start_date starts today)"+viaService)
	return importFile(g, fs, args, importStaffOp, func(*importArgs) ([]string, error) { return nil, nil }, staffImportSummary)
}

// staffImportSummary says what a staff import did: the counts, then each
// unit, window and person it created and each person it changed, so that
// an import run unattended leaves a record of what it made.
func staffImportSummary(res staff.ImportResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "已导入人员 / staff imported: 新增 / added %d, 更新 / updated %d, 未变 / unchanged %d; 新建单位 / units created %d, 新建窗口 / windows created %d",
		res.Created, res.Updated, res.Unchanged, res.UnitsCreated, res.WindowsCreated)
	for _, u := range res.NewUnits {
		fmt.Fprintf(&b, "\n  新建单位 / unit created: %s", u)
	}
	for _, w := range res.NewWindows {
		fmt.Fprintf(&b, "\n  新建窗口 / window created: %d (%s)", w.Number, w.Unit)
	}
	for _, s := range res.NewStaff {
		fmt.Fprintf(&b, "\n  新增 / added: %s %s, %s, 进驻 / joined %s", s.StaffNo, s.Name, s.Unit, s.StartDate)
		if s.StartDefaulted {
			b.WriteString(" (文件未写，按导入当天 / not in the file: the day of the import)")
		}
		if s.EndDate != "" {
			fmt.Fprintf(&b, ", 离开 / left %s", s.EndDate)
		}
	}
	for _, c := range res.Changed {
		fmt.Fprintf(&b, "\n  更新 / updated: %s %s:", c.StaffNo, c.Name)
		for i, f := range c.Fields {
			sep := ";"
			if i == 0 {
				sep = ""
			}
			fmt.Fprintf(&b, "%s %s %q → %q", sep, f.Field, f.Before, f.After)
		}
	}
	return b.String()
}

func runImportPunches(g *global, args []string) error {
	fs := newFlags(g, "import punches FILE", "导入打卡记录：CSV（staff_no,time）或 attlog.dat；按去重窗口合并重复打卡 / import punches from a CSV (staff_no,time) or a ZKTeco attlog.dat; repeated punches within the dedupe window count once"+viaService)
	mapFile := fs.String("map", "", "考勤机用户号与工号对照文件 clock_id,staff_no（默认用户号即工号）/ mapping file clock_id,staff_no (default: the clock's user id is the staff number)")
	return importFile(g, fs, args, importPunchesOp, tzArg(fs, func(req *importArgs) []string {
		if *mapFile == "" {
			return nil
		}
		req.Map = true
		return []string{*mapFile}
	}), func(res attendance.PunchImportResult) string {
		return fmt.Sprintf("已导入打卡 / punches imported (%s): 读取 / read %d, 导入 / imported %d, 重复 / duplicates %d",
			res.Format, res.Rows, res.Imported, res.Duplicates)
	})
}

func runImportLeave(g *global, args []string) error {
	fs := newFlags(g, "import leave FILE.csv", "导入已批准的请假（列 staff_no,type,start,end,certificate；时间 YYYY-MM-DD HH:MM）/ import approved leave (columns staff_no,type,start,end,certificate; times YYYY-MM-DD HH:MM)"+viaService)
	return importFile(g, fs, args, importLeaveOp, tzArg(fs, nil), func(res leave.ImportResult) string {
		return fmt.Sprintf("已导入请假 / leave imported: %d", res.Imported)
	})
}

// tzArg adds --tz to an import, the zone of the file's times, as its
// prepare: the zone goes into the request, then more (when not nil) reads
// the import's other flags and names any further file to send.
func tzArg(fs *flag.FlagSet, more func(req *importArgs) []string) func(req *importArgs) ([]string, error) {
	loadTZ := tzFlag(fs)
	return func(req *importArgs) ([]string, error) {
		loc, err := loadTZ()
		if err != nil {
			return nil, err
		}
		req.TZ = loc.String()
		if more == nil {
			return nil, nil
		}
		return more(req), nil
	}
}
