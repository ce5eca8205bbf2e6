package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCalendarCLI runs `bianmin calendar` against a fresh data directory:
// the read commands work from the shipped data without creating a database,
// an import writes one, and the read commands then see the imported notice.
func TestCalendarCLI(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	for _, tc := range []struct {
		rule string
		args []string
		want []string // lines or fragments of stdout
	}{
		{"国办发明电〔2025〕7号 六、七: 9月24日后第 6 个工作日", []string{"add", "2026-09-24", "6"}, []string{"2026-10-10\n"}},
		{"国办发明电〔2025〕7号 一: 往前数跨年", []string{"add", "2026-01-04", "-1"}, []string{"2025-12-31\n"}},
		{"国办发明电〔2025〕7号 二: 2026年2月 16 个工作日", []string{"between", "2026-02-01", "2026-02-28"}, []string{"16\n"}},
		{"国办发明电〔2025〕7号 七: 2026年10月", []string{"month", "2026-10"}, []string{
			"2026年10月 / October 2026",
			"2026-10-01  周四 Thu",
			"法定节假日 / public holiday  国庆节 / National Day",
			"2026-10-10  周六 Sat  调休上班 / make-up workday",
			"工作日 / working days: 18\n",
		}},
	} {
		out, errOut, code := cli(t, cliTimeout, append([]string{"--data", dir, "calendar"}, tc.args...)...)
		if code != 0 {
			t.Fatalf("%s: calendar %s: exit %d\n%s", tc.rule, strings.Join(tc.args, " "), code, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: calendar %s: output lacks %q:\n%s", tc.rule, strings.Join(tc.args, " "), w, out)
			}
		}
		if strings.HasPrefix(tc.args[0], "add") || tc.args[0] == "between" {
			if strings.Count(out, "\n") != 1 {
				t.Errorf("%s: calendar %s prints more than one line:\n%s", tc.rule, strings.Join(tc.args, " "), out)
			}
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("read-only commands created the data directory (%v)", err)
	}

	// A notice with a mistake is rejected whole, each problem with its line.
	bad := filepath.Join(t.TempDir(), "2027-bad.txt")
	writeCalendarFile(t, bad, "year 2027\n2027-02-06..2027-02-12 holiday 春节\n2027-02-15 workday 春节调休上班\n")
	out, errOut, code := cli(t, cliTimeout, "--data", dir, "calendar", "import", bad)
	if code != 1 || !strings.Contains(errOut, "第 3 行 / line 3: 2027-02-15 不是周六或周日") ||
		!strings.Contains(errOut, "nothing was imported") {
		t.Errorf("import of a bad notice: exit %d, want 1 with the problem on line 3\n%s%s", code, out, errOut)
	}
	out, _, _ = cli(t, cliTimeout, "--data", dir, "calendar", "month", "2027-02")
	if !strings.Contains(out, "工作日 / working days: 20") || !strings.Contains(out, "2027 has no holiday data") {
		t.Errorf("the rejected notice changed February 2027:\n%s", out)
	}

	good := filepath.Join(t.TempDir(), "2027.txt")
	writeCalendarFile(t, good, "year 2027\nsource 测试通知\n2027-02-06..2027-02-12 holiday 春节 | Spring Festival\n2027-02-13 workday 春节调休上班\n")
	out, errOut, code = cli(t, cliTimeout, "--data", dir, "calendar", "import", good)
	if code != 0 || !strings.Contains(out, "已导入 2027 年的通知：放假 7 天，调休上班 1 天") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"between", "2027-02-01", "2027-02-28"}, "16\n"}, // 20 − 5 weekdays of 春节 + 13 Feb
		{[]string{"add", "2027-02-05", "1"}, "2027-02-13\n"},
		{[]string{"month", "2027-02"}, "2027-02-13  周六 Sat  调休上班 / make-up workday  春节调休上班"},
	} {
		out, errOut, code := cli(t, cliTimeout, append([]string{"--data", dir, "calendar"}, tc.args...)...)
		if code != 0 || !strings.Contains(out, tc.want) {
			t.Errorf("after import, calendar %s: exit %d, want %q\n%s%s", strings.Join(tc.args, " "), code, tc.want, out, errOut)
		}
	}
}

// TestCalendarCLIServiceRunning: while serve holds the store, import and
// reads go through it; after it stops they read the store themselves.
func TestCalendarCLIServiceRunning(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := startServer(t, dir, "serve")
	notice := filepath.Join(t.TempDir(), "2027.txt")
	writeCalendarFile(t, notice, "2027-01-01 holiday 元旦\n")
	out, errOut, code := cli(t, cliTimeout, "--data", dir, "calendar", "import", notice)
	if code != 0 || !strings.Contains(out, "已导入 2027 年的通知") {
		t.Errorf("import while serve runs: exit %d, want 0\n%s%s", code, out, errOut)
	}
	for _, stopped := range []bool{false, true} {
		if stopped {
			s.stop(5 * time.Second)
		}
		out, errOut, code = cli(t, cliTimeout, "--data", dir, "calendar", "add", "2026-12-31", "1")
		if code != 0 || out != "2027-01-04\n" { // 1 Jan 2027 off by the notice just imported, then a weekend
			t.Errorf("add (serve stopped: %v): exit %d %q\n%s", stopped, code, out, errOut)
		}
	}
}

func TestCalendarCLIUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"calendar"}, "usage: bianmin calendar"},
		{[]string{"calendar", "frobnicate"}, "usage: bianmin calendar"},
		{[]string{"calendar", "add", "2026-09-24"}, "usage: bianmin calendar add"},
		{[]string{"calendar", "add", "24/09/2026", "6"}, "is not a date"},
		{[]string{"calendar", "add", "2026-09-24", "six"}, "N must be a whole number"},
		{[]string{"calendar", "month", "2026-13"}, "is not a month"},
		{[]string{"calendar", "between", "2026-02-01"}, "usage: bianmin calendar between"},
		{[]string{"calendar", "import"}, "give the notice FILE"},
		{[]string{"calendar", "import", filepath.Join(dir, "missing.txt")}, "notice file"},
	} {
		out, errOut, code := cli(t, cliTimeout, append([]string{"--data", dir}, tc.args...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("bianmin %s: exit %d, want 2 with %q\n%s%s", strings.Join(tc.args, " "), code, tc.want, out, errOut)
		}
	}
	for _, sub := range []string{"month", "add", "between", "import"} {
		out, errOut, code := cli(t, cliTimeout, "calendar", sub, "--help")
		if code != 0 || !hanRE.MatchString(out) || !englishRE.MatchString(out) || errOut != "" {
			t.Errorf("calendar %s --help: exit %d, want bilingual help on stdout\n%s%s", sub, code, out, errOut)
		}
	}
}

func writeCalendarFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
