package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bianmin/hw/serialport"
)

// firstLine waits for the process's first stdout line.
func firstLine(t *testing.T, p *proc, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		if line, _, ok := strings.Cut(p.stdout.String(), "\n"); ok {
			return line
		}
		if p.exited() || time.Now().After(deadline) {
			t.Fatalf("no first line from bianmin (exited %v); stderr:\n%s", p.exited(), p.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestFingerprintSimAndInfo: `sim fingerprint --enroll 3` prints its
// device alone on the first line; `fingerprint info` on that device reads
// the R307 parameters and 3 templates; SIGTERM ends the simulator cleanly.
func TestFingerprintSimAndInfo(t *testing.T) {
	t.Parallel()
	link := filepath.Join(t.TempDir(), "bianmin-fingerprint")
	for _, tc := range []struct {
		name string
		args []string
		want func(path string) bool
	}{
		{"pty", nil, func(path string) bool { return strings.HasPrefix(path, "/dev/pts/") }},
		{"link", []string{"--link", link}, func(path string) bool { return path == link }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := startProc(t, append([]string{"sim", "fingerprint", "--enroll", "3"}, tc.args...)...)
			path := firstLine(t, p, 10*time.Second)
			if !tc.want(path) {
				t.Fatalf("first line %q is not the device path", path)
			}
			out, errOut, code := cli(t, cliTimeout, "fingerprint", "info", "--device", path)
			if code != 0 {
				t.Fatalf("fingerprint info: exit %d\n%s%s", code, out, errOut)
			}
			for _, want := range []string{
				"templates stored: 3", "library size: 1000", "security level: 3",
				"device address: 0xFFFFFFFF", "packet size: 128", "baud rate: 57600", "已存指纹",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("fingerprint info lacks %q:\n%s", want, out)
				}
			}
			p.stop(5 * time.Second)
		})
	}
}

// TestFingerprintInfoFailures: a missing device and a device that never
// answers both end in exit 1 with a message that says so, in both
// languages; wrong arguments in exit 2 with the usage.
func TestFingerprintInfoFailures(t *testing.T) {
	t.Parallel()
	checkDeviceTool(t, []string{"fingerprint", "info"}, 5*time.Second,
		[]string{"无法打开指纹模块", "no such device"},
		[]string{"没有正常应答", "does not answer"},
		[]toolMisuse{
			{[]string{"sim"}, "usage: bianmin sim fingerprint|printer"},
			{[]string{"sim", "scanner"}, "usage: bianmin sim fingerprint|printer"},
			{[]string{"sim", "fingerprint", "--enroll", "2000"}, "capacity"},
			{[]string{"fingerprint"}, "usage: bianmin fingerprint info"},
			{[]string{"fingerprint", "info"}, "give --device PATH"},
		})
}

// toolMisuse is a command line a technician's tool refuses (exit 2) and
// what its message says.
type toolMisuse struct {
	args []string
	want string
}

// checkDeviceTool runs a technician's device tool (tool, then --device)
// on a missing device and on one that never answers: each ends in exit 1
// within giveUp, its message says what missing and silent say; each of
// misuses ends in exit 2 with its words.
func checkDeviceTool(t *testing.T, tool []string, giveUp time.Duration, missing, silentWant []string, misuses []toolMisuse) {
	t.Helper()
	silent, err := serialport.OpenPair() // nothing answers on its master
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	for _, tc := range []struct {
		device string
		want   []string
	}{
		{filepath.Join(t.TempDir(), "ttyUSB9"), missing},
		{silent.SlavePath, silentWant},
	} {
		start := time.Now()
		out, errOut, code := cli(t, cliTimeout, append(slices.Clone(tool), "--device", tc.device)...)
		if code != 1 {
			t.Errorf("%s on %s: exit %d, want 1\n%s%s", strings.Join(tool, " "), tc.device, code, out, errOut)
		}
		for _, want := range tc.want {
			if !strings.Contains(errOut, want) {
				t.Errorf("%s on %s: stderr lacks %q:\n%s", strings.Join(tool, " "), tc.device, want, errOut)
			}
		}
		if d := time.Since(start); d > giveUp {
			t.Errorf("%s on %s took %v to give up", strings.Join(tool, " "), tc.device, d)
		}
	}
	for _, tc := range misuses {
		if _, errOut, code := cli(t, cliTimeout, tc.args...); code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("bianmin %s: exit %d, want 2 and %q\n%s", strings.Join(tc.args, " "), code, tc.want, errOut)
		}
	}
}
