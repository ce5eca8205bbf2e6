// Package cmdline is what bianmin and countyd share of their command lines: a
// global --data flag with its environment variable, subcommands with a
// one-line summary each in both languages, --help on stdout, flag errors
// with exit code 2, and the exit code a failed command carries.
//
// It imports the standard library only.
package cmdline

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// ExitError carries the process exit code for a failed command.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }

// ExitCode is the code the process ends with (also across a command
// socket: control.FailureOf reads it).
func (e *ExitError) ExitCode() int { return e.Code }

// Unwrap keeps the error's problems reachable (problem.All).
func (e *ExitError) Unwrap() error { return e.Err }

// Command is one subcommand as the help lists it.
type Command struct {
	Name    string
	Summary string
}

// Tool is a program of subcommands that share a data directory.
type Tool struct {
	Name        string // "bianmin"
	Title       string // the help's first line after the name
	DataEnv     string // the environment variable that sets --data
	DataDefault string
	Footer      string // the help's last lines
	Commands    []Command
	// Globals adds the tool's other global flags (countyd's --tz) to fs;
	// they are read into the caller's variables.
	Globals func(fs *flag.FlagSet)
}

// Usage writes the tool's help.
func (t Tool) Usage(w io.Writer, fs *flag.FlagSet) {
	width := 0
	for _, c := range t.Commands {
		width = max(width, len(c.Name))
	}
	fmt.Fprintf(w, "%s — %s\n\n用法 / usage:\n  %s [--data DIR] COMMAND [options]\n\n命令 / commands:\n", t.Name, t.Title, t.Name)
	for _, c := range t.Commands {
		fmt.Fprintf(w, "  %-*s %s\n", width+1, c.Name, c.Summary)
	}
	fmt.Fprint(w, "\n全局选项 / global options:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprint(w, "\n"+t.Footer)
}

// Global is what Parse read before the command.
type Global struct {
	DataDir   string
	DataGiven bool // --data or the environment variable was given
	Command   string
	Args      []string // the command's arguments
}

// Parse reads the global flags and the command's name. --help prints the
// help on stdout and returns flag.ErrHelp; a bad flag, no command or an
// unknown one print it on stderr and return an ExitError with code 2.
func (t Tool) Parse(args []string, stdout, stderr io.Writer) (Global, error) {
	var g Global
	fs := flag.NewFlagSet(t.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.DataDir, "data", EnvOr(t.DataEnv, t.DataDefault), "数据目录 / data directory")
	if t.Globals != nil {
		t.Globals(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			t.Usage(stdout, fs)
			return g, flag.ErrHelp
		}
		t.Usage(stderr, fs)
		return g, &ExitError{2, err}
	}
	g.DataGiven = os.Getenv(t.DataEnv) != ""
	fs.Visit(func(f *flag.Flag) { g.DataGiven = g.DataGiven || f.Name == "data" })
	rest := fs.Args()
	if len(rest) == 0 {
		t.Usage(stderr, fs)
		return g, &ExitError{2, errors.New("缺少命令 / no command given")}
	}
	for _, c := range t.Commands {
		if c.Name == rest[0] {
			g.Command, g.Args = rest[0], rest[1:]
			return g, nil
		}
	}
	t.Usage(stderr, fs)
	return g, &ExitError{2, fmt.Errorf("未知命令 %q / unknown command %q", rest[0], rest[0])}
}

// Exit is the process exit code of a command's result (an error's
// ExitCode, else 1), after printing a failure on stderr as "name: error"
// (--help is no failure).
func Exit(name string, err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	code := 1
	var ec interface{ ExitCode() int }
	if errors.As(err, &ec) {
		code = ec.ExitCode()
	}
	fmt.Fprintln(stderr, name+":", err)
	return code
}

// EnvOr returns the environment variable's value or def.
func EnvOr(name, def string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return def
}

// NewFlags makes a subcommand's flag set whose --help prints its summary
// and the flags in plain language.
func NewFlags(tool, name, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(tool+" "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s [--data DIR] %s — %s\n\n选项 / options:\n", tool, name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// ParseFlags parses a subcommand's flags, printing its help to stdout on
// --help (and returning flag.ErrHelp) and to stderr after a bad flag
// (returning an ExitError with code 2).
func ParseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	usage := fs.Usage
	fs.Usage = func() {} // Parse would print the help to stderr too; print it once, below
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return flag.ErrHelp
	case err != nil:
		fs.Usage() // on stderr, after Parse's "flag provided but not defined" line
		return &ExitError{2, err}
	}
	return nil
}

// ParseInterleaved is ParseFlags that also takes flags after positional
// arguments ("box add NAME --area 420102"); it returns the positional
// arguments.
func ParseInterleaved(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
	var pos []string
	for {
		if err := ParseFlags(fs, args, stdout); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
