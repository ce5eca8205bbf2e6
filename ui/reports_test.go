package ui

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/report"

	"github.com/xuri/excelize/v2"
)

var draftLinkRE = regexp.MustCompile(`href="/reports/(d-[0-9a-f]+)"`)

// generateDraft asks for a draft as c and waits (bounded) until the list
// shows it built; it returns the draft's id.
func generateDraft(t *testing.T, c *client, kind, period string) string {
	t.Helper()
	r := c.post("/reports/generate", url.Values{"kind": {kind}, "period": {period}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/reports#d-") {
		t.Fatalf("generate %s %s: %d %q %.300s", kind, period, r.Status, r.Location, r.Body)
	}
	id := strings.TrimPrefix(r.Location, "/reports#")
	deadline := time.Now().Add(20 * time.Second)
	for {
		list := c.get("/reports")
		i := strings.Index(list.Body, `id="`+id+`"`)
		if i < 0 {
			t.Fatalf("draft %s not on the list", id)
		}
		row, _, _ := strings.Cut(list.Body[i:], "</tr>")
		switch {
		case strings.Contains(row, `data-draft-state="done"`):
			return id
		case strings.Contains(row, `data-draft-state="failed"`):
			t.Fatalf("draft %s failed: %.600s", id, row)
		case time.Now().After(deadline):
			t.Fatalf("draft %s not built in time", id)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestReportFlow: the office generates last week's notice, views it, gets
// the PDF and the spreadsheet, publishes it twice; staff then read the
// published revisions but never a draft or a quarterly result.
func TestReportFlow(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	staffC := env.loginAs(account.RoleStaff)
	lastWeek := weekStart(time.Now()).AddDate(0, 0, -7).Format(dateLayout)

	id := generateDraft(t, office, "weekly", lastWeek)
	page := office.get("/reports/" + id)
	for _, want := range []string{"青山镇便民服务中心", "考勤周通报", "王建国", "草稿", `action="/reports/publish"`, "report-table"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("draft page lacks %q", want)
		}
	}
	pdf := office.get("/reports/" + id + "/pdf")
	if pdf.Status != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF-") {
		t.Errorf("pdf: %d %q %.10q", pdf.Status, pdf.Header.Get("Content-Type"), pdf.Body)
	}
	if cd := pdf.Header.Get("Content-Disposition"); !strings.Contains(cd, "bianmin-weekly-"+lastWeek+"-draft.pdf") {
		t.Errorf("pdf file name: %q", cd)
	}
	xl := office.get("/reports/" + id + "/xlsx")
	x, err := excelize.OpenReader(bytes.NewReader([]byte(xl.Body)))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	if v, _ := x.GetCellValue(x.GetSheetList()[0], "A1"); v != "青山镇便民服务中心" {
		t.Errorf("xlsx A1: %q", v)
	}
	x.Close()
	if r := staffC.get("/reports/" + id); r.Status != http.StatusNotFound {
		t.Errorf("staff sees a draft: %d", r.Status)
	}

	pub := office.post("/reports/publish", url.Values{"draft": {id}})
	if pub.Status != http.StatusSeeOther || !regexp.MustCompile(`^/reports/\d+$`).MatchString(pub.Location) {
		t.Fatalf("publish: %d %q %.300s", pub.Status, pub.Location, pub.Body)
	}
	rev1 := pub.Location
	id2 := generateDraft(t, office, "weekly", lastWeek)
	pub2 := office.post("/reports/publish", url.Values{"draft": {id2}, "note": {"更正"}})
	if pub2.Status != http.StatusSeeOther || pub2.Location == rev1 || !strings.HasPrefix(pub2.Location, "/reports/") {
		t.Fatalf("publish again: %d %q", pub2.Status, pub2.Location)
	}
	list := staffC.get("/reports")
	if !strings.Contains(list.Body, `href="`+rev1+`"`) || !strings.Contains(list.Body, `href="`+pub2.Location+`"`) || strings.Contains(list.Body, "/reports/generate") {
		t.Errorf("staff list: revisions or generate form wrong: %.2000s", list.Body)
	}
	view := staffC.get(pub2.Location)
	if view.Status != http.StatusOK || !strings.Contains(view.Body, "第 2 版") || !strings.Contains(view.Body, `href="`+rev1+`"`) {
		t.Errorf("staff view of revision 2: %d", view.Status)
	}
	if r := staffC.get(rev1 + "/pdf"); r.Status != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF-") {
		t.Errorf("staff pdf of revision 1: %d", r.Status)
	}

	// Quarterly results are for the office and the directors only.
	q := report.QuarterOf(time.Now().Year(), (int(time.Now().Month())-1)/3+1, time.Local)
	prev := q.Start.AddDate(0, -3, 0)
	qid := generateDraft(t, office, "quarterly", report.QuarterOf(prev.Year(), (int(prev.Month())-1)/3+1, time.Local).Key)
	qpub := office.post("/reports/publish", url.Values{"draft": {qid}})
	if qpub.Status != http.StatusSeeOther || !regexp.MustCompile(`^/reports/\d+$`).MatchString(qpub.Location) {
		t.Fatalf("publish quarter: %d %.300s", qpub.Status, qpub.Body)
	}
	if r := staffC.get(qpub.Location); r.Status != http.StatusNotFound {
		t.Errorf("staff sees a quarterly result: %d", r.Status)
	}
	if r := env.loginAs(account.RoleDirector).get(qpub.Location); r.Status != http.StatusOK || !strings.Contains(r.Body, "考勤考核结果") {
		t.Errorf("director's quarterly result: %d", r.Status)
	}
}

// TestReportRefusals: a bad period, a period to come, an unknown draft.
func TestReportRefusals(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	next := time.Now().AddDate(0, 2, 0).Format("2006-01")
	for _, c := range []struct {
		kind, period, want string
		status             int
	}{
		{"monthly", "2026-13", "不是有效的期间", http.StatusUnprocessableEntity},
		{"yearly", "2026", "没有“yearly”这种报表", http.StatusUnprocessableEntity},
		{"monthly", next, "还没有开始", http.StatusUnprocessableEntity},
	} {
		r := office.post("/reports/generate", url.Values{"kind": {c.kind}, "period": {c.period}})
		if r.Status != c.status || !strings.Contains(r.Body, c.want) {
			t.Errorf("%s %s: %d, want %d with %q", c.kind, c.period, r.Status, c.status, c.want)
		}
	}
	if r := office.post("/reports/publish", url.Values{"draft": {"d-0000"}}); r.Status != http.StatusSeeOther || r.Location != "/reports" {
		t.Errorf("publish an unknown draft: %d %q", r.Status, r.Location)
	}
	for _, p := range []string{"/reports/d-0000", "/reports/999", "/reports/abc/pdf", "/reports/0/xlsx"} {
		if r := office.get(p); r.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, r.Status)
		}
	}
	// This week's notice has not ended: the draft shows until yesterday
	// and publishing it is refused with the reason.
	if time.Now().Weekday() != time.Monday {
		id := generateDraft(t, office, "weekly", time.Now().Format(dateLayout))
		r := office.post("/reports/publish", url.Values{"draft": {id}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "还没有结束") {
			t.Errorf("publish an unfinished week: %d", r.Status)
		}
	}
}

// TestReportDraftSurvivesRestart: a built draft is kept in the store, so
// the app started again on the same data lists it and opens it; before,
// drafts lived in memory and a restart lost them.
func TestReportDraftSurvivesRestart(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	lastWeek := weekStart(time.Now()).AddDate(0, 0, -7).Format(dateLayout)
	id := generateDraft(t, office, "weekly", lastWeek)

	restarted, err := New(env.app.Deps) // a new process over the same store
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(restarted)
	defer srv.Close()
	env.srv = srv
	list := office.get("/reports")
	if !strings.Contains(list.Body, `id="`+id+`"`) || !strings.Contains(list.Body, `data-draft-state="done"`) {
		t.Fatalf("the draft is not on the list after a restart: %.2000s", list.Body)
	}
	if page := office.get("/reports/" + id); page.Status != http.StatusOK || !strings.Contains(page.Body, "考勤周通报") {
		t.Fatalf("open the draft after a restart: %d", page.Status)
	}
}
