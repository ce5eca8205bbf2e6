// Command bianmin is the township service-hall appliance: the web UI, the
// store and the device drivers in one binary. This package parses flags and
// wires the pieces together; the work happens in appliance/, ui/ and hw/.
package main

import (
	"flag"
	"io"
	"os"

	"bianmin/internal/cmdline"
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
// socket: control.FailureOf reads it; cmdline.Exit too).
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

// tool describes bianmin's command line for internal/cmdline.
func tool() cmdline.Tool {
	t := cmdline.Tool{Name: "bianmin", Title: "乡镇便民服务中心一体机 / township service-hall appliance",
		DataEnv: "BIANMIN_DATA", DataDefault: "/var/lib/bianmin",
		Footer: "每个命令都有 --help。设置也可以来自环境变量 BIANMIN_DATA、BIANMIN_ADDR。\nEvery command takes --help. Settings may also come from BIANMIN_DATA and BIANMIN_ADDR.\n"}
	for _, c := range commands() {
		t.Commands = append(t.Commands, cmdline.Command{Name: c.name, Summary: c.summary})
	}
	return t
}

func main() { os.Exit(cmdline.Exit("bianmin", run(os.Args[1:], os.Stdout, os.Stderr), os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) error {
	gl, err := tool().Parse(args, stdout, stderr)
	if err != nil {
		return err
	}
	g := &global{dataDir: gl.DataDir, dataGiven: gl.DataGiven, stdout: stdout, stderr: stderr}
	for _, c := range commands() {
		if c.name == gl.Command {
			return c.run(g, gl.Args)
		}
	}
	return nil
}

// envOr returns the environment variable's value or def.
func envOr(name, def string) string { return cmdline.EnvOr(name, def) }

// newFlags makes a subcommand's flag set whose --help prints summary and
// the flags in plain language.
func newFlags(g *global, name, summary string) *flag.FlagSet {
	return cmdline.NewFlags("bianmin", name, summary, g.stderr)
}

// parse parses a subcommand's flags, printing help to stdout on --help.
func parse(g *global, fs *flag.FlagSet, args []string) error {
	return cmdline.ParseFlags(fs, args, g.stdout)
}
