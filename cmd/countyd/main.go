// Command countyd is the county center's receiver of the township boxes'
// uploads (appliance/uplink): it registers boxes, receives their signed
// batches over HTTPS or from a USB stick, keeps every record once, and
// shows the county admins which townships are up to date. Same conventions
// as bianmin: its own bbolt file in --data, commands that run beside the
// running service over its command socket, flags in plain language.
// This package parses flags and wires the pieces; the work happens in
// appliance/county, appliance/uplink and ui/countyui.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"bianmin/internal/cmdline"
)

// Stamped by the build (see Makefile).
var (
	version = "0.1.0-dev"
	commit  = "unknown"
)

type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

// ExitCode is the code the process ends with (cmdline.Exit and
// control.FailureOf read it).
func (e *exitError) ExitCode() int { return e.code }

type global struct {
	dataDir string
	// tz is the townships' time zone: days and attendance are judged in
	// it (as on the boxes, bianmin --tz).
	tz     string
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(g *global, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "运行县级接收服务 / run the receiver and the county pages", runServe},
		{"box", "一体机登记：box add、box list / register boxes: box add, box list", runBox},
		{"import", "导入U盘上的批次并写回执 / import a stick's batches and write the receipt", runImport},
		{"admin", "县级账号：admin add、admin reset-password / county accounts: admin add, admin reset-password", runAdmin},
		{"records", "记录数：records count / count records: records count", runRecords},
		{"version", "显示版本 / print the version", runVersion},
	}
}

// tool describes countyd's command line for internal/cmdline.
func tool(tz *string) cmdline.Tool {
	t := cmdline.Tool{Name: "countyd", Title: "县政务服务中心接收乡镇一体机上报 / the county center's receiver of township uploads",
		DataEnv: "COUNTYD_DATA", DataDefault: "/var/lib/countyd",
		Footer: "每个命令都有 --help。/ Every command takes --help. COUNTYD_DATA sets --data.\n"}
	for _, c := range commands() {
		t.Commands = append(t.Commands, cmdline.Command{Name: c.name, Summary: c.summary})
	}
	t.Globals = func(fs *flag.FlagSet) {
		fs.StringVar(tz, "tz", envOr("COUNTYD_TZ", "Asia/Shanghai"), "乡镇所在时区（考勤按此判定）/ the townships' time zone (attendance is judged in it)")
	}
	return t
}

func main() { os.Exit(cmdline.Exit("countyd", run(os.Args[1:], os.Stdout, os.Stderr), os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) error {
	var tz string
	gl, err := tool(&tz).Parse(args, stdout, stderr)
	if err != nil {
		return err
	}
	g := &global{dataDir: gl.DataDir, tz: tz, stdout: stdout, stderr: stderr}
	for _, c := range commands() {
		if c.name == gl.Command {
			return c.run(g, gl.Args)
		}
	}
	return nil
}

func envOr(name, def string) string { return cmdline.EnvOr(name, def) }

func newFlags(g *global, name, summary string) *flag.FlagSet {
	return cmdline.NewFlags("countyd", name, summary, g.stderr)
}

// parse parses a subcommand's flags (also after its positional
// arguments), printing help to stdout on --help; it returns the
// positional arguments.
func parse(g *global, fs *flag.FlagSet, args []string) ([]string, error) {
	return cmdline.ParseInterleaved(fs, args, g.stdout)
}

func runVersion(g *global, args []string) error {
	if _, err := parse(g, newFlags(g, "version", "显示版本 / print the version"), args); err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "countyd %s (%s)\n", version, commit)
	return nil
}
