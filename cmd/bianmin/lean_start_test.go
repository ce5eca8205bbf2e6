package main

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Nothing is parsed or inflated at start-up (templates on first use, the
// report font when a PDF is made), so the first page and the first PDF of
// a freshly started process must come out whole: the login page right
// after ready, then a monthly report's PDF with names in rare characters,
// twice (the font is inflated for each PDF, not kept).
func TestFirstPageAndFirstPDFAfterStart(t *testing.T) {
	t.Parallel()
	data, tmp := t.TempDir(), t.TempDir()
	staffCSV := writeFile(t, tmp, "staff.csv", "staff_no,name,unit,window,position,start_date\n"+
		"L001,王堃,民政办,1号窗口,工作人员,2025-03-01\nL002,李玥,民政办,1号窗口,工作人员,2025-03-01\nL003,张喆,社保所,2号窗口,工作人员,2025-03-01\n")
	var punches strings.Builder
	punches.WriteString("staff_no,time\n")
	for d := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC); d.Month() == time.March; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		for _, no := range []string{"L001", "L002", "L003"} {
			for _, at := range []string{"08:51", "12:02", "14:21", "17:36"} {
				fmt.Fprintf(&punches, "%s,%s %s:00\n", no, d.Format("2006-01-02"), at)
			}
		}
	}
	punchCSV := writeFile(t, tmp, "punches.csv", punches.String())
	for _, args := range [][]string{{"import", "staff", staffCSV}, {"import", "punches", punchCSV}} {
		if out, errOut, code := cli(t, time.Minute, append([]string{"--data", data}, args...)...); code != 0 {
			t.Fatalf("bianmin %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
	}

	s := startServer(t, data, "serve")
	defer s.stop(5 * time.Second)
	c := newClient(t, s.base)
	page := c.get("/login")
	for _, want := range []string{`name="csrf_token"`, `name="username"`, "忘记密码？请联系中心办公室重置。", "</html>"} {
		if page.status != http.StatusOK || !strings.Contains(page.body, want) {
			t.Fatalf("the first page after start: status %d, lacks %q\n%s", page.status, want, tail(page.body, 2000))
		}
	}

	c = loginAdmin(t, s, "Qingshan-2026-lean")
	if r := c.get("/reports"); r.status != http.StatusOK {
		t.Fatalf("GET /reports: %d", r.status)
	}
	if r := c.post("/reports/generate", url.Values{"kind": {"monthly"}, "period": {"2025-03"}}); r.status != http.StatusSeeOther {
		t.Fatalf("generate: status %d\n%s", r.status, tail(r.body, 2000))
	}
	pdfLink := regexp.MustCompile(`href="(/reports/d-[0-9a-f]+/pdf)"`)
	var link string
	for deadline := time.Now().Add(time.Minute); link == ""; time.Sleep(50 * time.Millisecond) {
		r := c.get("/reports")
		if m := pdfLink.FindStringSubmatch(r.body); m != nil {
			link = m[1]
		} else if strings.Contains(r.body, `data-draft-state="failed"`) || time.Now().After(deadline) {
			t.Fatalf("the draft did not finish:\n%s", tail(r.body, 3000))
		}
	}
	for i := 1; i <= 2; i++ {
		r := c.get(link)
		if r.status != http.StatusOK || !strings.HasPrefix(r.body, "%PDF-") {
			t.Fatalf("PDF %d after start: status %d, %.20q", i, r.status, r.body)
		}
		path := filepath.Join(tmp, fmt.Sprintf("first-%d.pdf", i))
		if err := os.WriteFile(path, []byte(r.body), 0o600); err != nil {
			t.Fatal(err)
		}
		checkPDFText(t, path, "王堃", "李玥", "张喆")
	}
}
