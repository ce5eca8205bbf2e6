package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReportCLI: the February 2026 punches of 王建国 (late 3, 4, 5 Feb,
// early 6 Feb) as weekly notice, monthly summary and quarterly result:
// as text, as PDF and XLSX, in Chinese and English; the store is only read.
func TestReportCLI(t *testing.T) {
	t.Parallel()
	dir, tmp := t.TempDir(), t.TempDir()
	run := func(args ...string) (string, string, int) {
		return cli(t, cliTimeout, append([]string{"--data", dir}, args...)...)
	}
	if _, errOut, code := run("import", "staff", writeFile(t, tmp, "staff.csv", staffCSV)); code != 0 {
		t.Fatalf("import staff: %s", errOut)
	}
	if _, errOut, code := run("import", "punches", writeFile(t, tmp, "wang.csv", wangCSV())); code != 0 {
		t.Fatalf("import punches: %s", errOut)
	}

	out, errOut, code := run("report", "weekly", "2026-02-04")
	if code != 0 || !strings.Contains(out, "考勤周通报") || !strings.Contains(out, "2026年2月2日 至 2026年2月8日") ||
		!strings.Contains(out, "本周迟到 3 人次、早退 1 人次") || !strings.Contains(out, "2026年2月4日（周三，工作日）") {
		t.Errorf("weekly as text: exit %d\n%s%s", code, out, errOut)
	}
	pdf, xlsx := filepath.Join(tmp, "周通报.pdf"), filepath.Join(tmp, "month.xlsx")
	out, errOut, code = run("report", "monthly", "2026-02", "--pdf", pdf, "--xlsx", xlsx, "--lang", "en")
	if code != 0 || !strings.Contains(out, pdf) || !strings.Contains(out, "Monthly attendance summary") {
		t.Fatalf("monthly files: exit %d\n%s%s", code, out, errOut)
	}
	data, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("pdf: %v %.10q", err, data)
	}
	if x, err := os.ReadFile(xlsx); err != nil || !bytes.HasPrefix(x, []byte("PK")) {
		t.Errorf("xlsx: %v", err)
	}
	checkPDFText(t, pdf, "王建国", "To 民政办:")
	out, errOut, code = run("report", "quarterly", "2026-Q1", "--lang", "en")
	if code != 0 || !strings.Contains(out, "Q1 2026") || !strings.Contains(out, "Flagged staff") {
		t.Errorf("quarterly as text: exit %d\n%s%s", code, out, errOut)
	}
	// Drafts are never published: the audit chain has no report entry.
	if out, _, _ := run("audit", "verify"); strings.Contains(out, "report.publish") {
		t.Errorf("the CLI published something:\n%s", out)
	}
}

// checkPDFText checks that the PDF's text (by pdftotext, when installed)
// has each of want.
func checkPDFText(t *testing.T, pdf string, want ...string) {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return
	}
	text, err := exec.Command(bin, "-enc", "UTF-8", pdf, "-").Output()
	for _, w := range want {
		if err != nil || !strings.Contains(string(text), w) {
			t.Errorf("%s: text lacks %q (%v)\n%s", pdf, w, err, text)
		}
	}
}

// TestReportCLIRefusals: usage errors exit 2; a period that has not
// started is refused (exit 1), the same through a running service.
func TestReportCLIRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"report"}, "usage: bianmin report weekly|monthly|quarterly PERIOD"},
		{[]string{"report", "yearly", "2026"}, `no report of kind`},
		{[]string{"report", "monthly", "2026-13"}, "not a valid period"},
		{[]string{"report", "quarterly", "2026-Q1", "--lang", "fr"}, "--lang must be zh-CN or en"},
		{[]string{"report", "weekly", "2026-03-02", "--tz", "Mars/Olympus"}, "unknown time zone"},
	} {
		out, errOut, code := cli(t, cliTimeout, append([]string{"--data", dir}, tc.args...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("bianmin %s: exit %d, want 2 with %q\n%s%s", strings.Join(tc.args, " "), code, tc.want, out, errOut)
		}
	}
	s := startServer(t, dir, "serve")
	_, errOut, code := cli(t, cliTimeout, "--data", dir, "report", "monthly", "2099-01")
	if code != 1 || !strings.Contains(errOut, "2099-01 还没有开始，不能生成报表 — 2099-01 has not started yet") {
		t.Errorf("report of a month to come while serve runs: exit %d, want 1\n%s", code, errOut)
	}
	s.stop(5 * time.Second)
}
