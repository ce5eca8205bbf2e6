// Command bianmin is the township service-hall appliance: the web UI, the
// store and the device drivers in one binary. This package parses flags and
// wires the pieces together; the work happens in appliance/, ui/ and hw/.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Stamped by the build (see Makefile).
var (
	version   = "0.1.0-dev"
	commit    = "unknown"
	buildDate = "unknown"
)

// exitError carries the process exit code for a failed command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

// ExitCode is the code the process ends with (also across the command
// socket: control.FailureOf reads it).
func (e *exitError) ExitCode() int { return e.code }

// global holds the flags that every command shares.
type global struct {
	dataDir   string
	dataGiven bool // --data or BIANMIN_DATA was given
	stdout    io.Writer
	stderr    io.Writer
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(g *global, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "运行便民服务中心一体机 / run the appliance", runServe},
		{"demo", "演示模式：模拟设备和演示数据 / demo with simulated devices and demo data", runDemo},
		{"version", "显示版本 / print the version", runVersion},
		{"admin", "管理员工具：重置密码 / admin tools: reset-password", runAdmin},
		{"backup", "备份数据到文件 / back up the data to a file", runBackup},
		{"restore", "从备份恢复（需先停止服务）/ restore from a backup (stop the service first)", runRestore},
		{"audit", "检查操作日志链 / verify the audit chain", runAudit},
		{"check", "检查数据库文件结构 / check the database file's structure", runCheck},
		{"import", "导入人员、打卡、请假 / import staff, punches, leave", runImport},
		{"attendance", "月度考勤汇总 / the month's attendance summary", runAttendance},
		{"leave", "请假：申请、审批、撤回、销假 / leave: request, approve, reject, withdraw, close (销假)", runLeave},
		{"report", "考勤报表草稿：周通报、月汇总、季考核（PDF、XLSX）/ attendance report drafts: weekly, monthly, quarterly (PDF, XLSX)", runReport},
		{"sim", "设备模拟器：sim fingerprint、sim printer / device simulators: sim fingerprint, sim printer", runSim},
		{"fingerprint", "指纹模块工具：fingerprint info / fingerprint sensor tools: fingerprint info", runFingerprint},
		{"printer", "小票打印机工具：printer test、printer profiles / ticket printer tools: printer test, printer profiles", runPrinter},
		{"uplink", "县级上报：公钥、发送、U盘导出、回执 / county uplink: key, send, export to a stick, receipt", runUplink},
		{"bundle", "更新包：生成密钥、签发、检查 / update bundles: keygen, sign, verify", runBundle},
		{"update", "安装更新包（服务运行时经由服务执行）、查看更新状态 / install an update bundle (through the running service), show the update state", runUpdate},
		{"launch", "启动器：systemd 用它启动当前版本，失败 3 次退回上一版本 / launcher: systemd starts the current version through it; 3 failed starts boot the previous one", runLaunch},
		{"calendar", "工作日日历：月历、加减工作日、导入节假日通知 / working-day calendar: month, add, between, import", runCalendar},
	}
}

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	if err == nil {
		return
	}
	code := 1
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "bianmin:", err)
	} else {
		code = 0
	}
	os.Exit(code)
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, `bianmin — 乡镇便民服务中心一体机 / township service-hall appliance

用法 / usage:
  bianmin [--data DIR] COMMAND [options]

命令 / commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
全局选项 / global options:
`)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprint(w, `
每个命令都有 --help。设置也可以来自环境变量 BIANMIN_DATA、BIANMIN_ADDR。
Every command takes --help. Settings may also come from BIANMIN_DATA and BIANMIN_ADDR.
`)
}

func run(args []string, stdout, stderr io.Writer) error {
	g := &global{stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("bianmin", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.dataDir, "data", envOr("BIANMIN_DATA", "/var/lib/bianmin"), "数据目录 / data directory")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, fs)
			return flag.ErrHelp
		}
		usage(stderr, fs)
		return &exitError{2, err}
	}
	g.dataGiven = os.Getenv("BIANMIN_DATA") != ""
	fs.Visit(func(f *flag.Flag) { g.dataGiven = g.dataGiven || f.Name == "data" })
	rest := fs.Args()
	if len(rest) == 0 {
		usage(stderr, fs)
		return &exitError{2, errors.New("缺少命令 / no command given")}
	}
	for _, c := range commands() {
		if c.name == rest[0] {
			return c.run(g, rest[1:])
		}
	}
	usage(stderr, fs)
	return &exitError{2, fmt.Errorf("未知命令 %q / unknown command %q", rest[0], rest[0])}
}

// envOr returns the environment variable's value or def.
func envOr(name, def string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return def
}

// newFlags makes a subcommand's flag set whose --help prints summary and
// the flags in plain language.
func newFlags(g *global, name, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet("bianmin "+name, flag.ContinueOnError)
	fs.SetOutput(g.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "bianmin [--data DIR] %s — %s\n\n选项 / options:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses a subcommand's flags, printing help to stdout on --help.
func parse(g *global, fs *flag.FlagSet, args []string) error {
	usage := fs.Usage
	fs.Usage = func() {} // Parse would print the help to stderr too; print it once, below
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(g.stdout)
		fs.Usage()
		return flag.ErrHelp
	case err != nil:
		fs.Usage() // on stderr, after Parse's "flag provided but not defined" line
		return &exitError{2, err}
	}
	return nil
}
