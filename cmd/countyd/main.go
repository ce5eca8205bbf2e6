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
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
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

// ExitCode is the code the process ends with.
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
	if errors.Is(err, flag.ErrHelp) {
		code = 0
	} else {
		fmt.Fprintln(os.Stderr, "countyd:", err)
	}
	os.Exit(code)
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, `countyd — 县政务服务中心接收乡镇一体机上报 / the county center's receiver of township uploads

用法 / usage:
  countyd [--data DIR] COMMAND [options]

命令 / commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\n全局选项 / global options:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprint(w, "\n每个命令都有 --help。/ Every command takes --help. COUNTYD_DATA sets --data.\n")
}

func run(args []string, stdout, stderr io.Writer) error {
	g := &global{stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("countyd", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.dataDir, "data", envOr("COUNTYD_DATA", "/var/lib/countyd"), "数据目录 / data directory")
	fs.StringVar(&g.tz, "tz", envOr("COUNTYD_TZ", "Asia/Shanghai"), "乡镇所在时区（考勤按此判定）/ the townships' time zone (attendance is judged in it)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, fs)
			return flag.ErrHelp
		}
		usage(stderr, fs)
		return &exitError{2, err}
	}
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

func envOr(name, def string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return def
}

func newFlags(g *global, name, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet("countyd "+name, flag.ContinueOnError)
	fs.SetOutput(g.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "countyd [--data DIR] %s — %s\n\n选项 / options:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses a subcommand's flags (also after its positional
// arguments), printing help to stdout on --help; it returns the
// positional arguments.
func parse(g *global, fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		usage := fs.Usage
		fs.Usage = func() {}
		err := fs.Parse(args)
		fs.Usage = usage
		switch {
		case errors.Is(err, flag.ErrHelp):
			fs.SetOutput(g.stdout)
			fs.Usage()
			return nil, flag.ErrHelp
		case err != nil:
			fs.Usage()
			return nil, &exitError{2, err}
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func runVersion(g *global, args []string) error {
	if _, err := parse(g, newFlags(g, "version", "显示版本 / print the version"), args); err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "countyd %s (%s)\n", version, commit)
	return nil
}
