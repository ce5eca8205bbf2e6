// Package proctest is what the process tests of bianmin and countyd share:
// building the real binaries once in TestMain, the environment children
// run in, their output collected while tests read it, a free loopback
// port, and exit codes.
//
// It imports the standard library only.
package proctest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Binary is one program to build: its package (a directory, as go build
// takes it) and the output path.
type Binary struct {
	Package string
	Out     string
	LDFlags string // -ldflags, "" for none
}

// Build builds the binaries (CGO off, each bounded by 3 minutes), with
// the go tool of the toolchain that runs the tests.
func Build(bins ...Binary) error {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	for _, b := range bins {
		args := []string{"build", "-o", b.Out}
		if b.LDFlags != "" {
			args = append(args, "-ldflags", b.LDFlags)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		build := exec.CommandContext(ctx, goTool, append(args, b.Package)...)
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := build.CombinedOutput()
		cancel()
		if err != nil {
			return fmt.Errorf("go build %s: %w\n%s", b.Package, err, out)
		}
	}
	return nil
}

// CleanEnv is the environment for child processes: without the settings
// (variables starting with one of prefixes) of whoever runs the tests, so
// every process uses only the flags a test gives it.
func CleanEnv(prefixes ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		keep := true
		for _, p := range prefixes {
			keep = keep && !strings.HasPrefix(kv, p)
		}
		if keep {
			env = append(env, kv)
		}
	}
	return env
}

// Buffer collects a process's output while tests read it.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Tail is the last n bytes of s, marked "…" when cut.
func Tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// ExitCode is a finished command's exit code: 0 for no error, the code of
// an exec.ExitError (-1 when killed by a signal), -2 for another error.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -2
}

// FreeAddr returns a loopback address with a port that was free a moment
// ago.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
