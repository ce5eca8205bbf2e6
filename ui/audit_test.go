package ui

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// auditActionsInSources finds the audit actions the domain writes: the
// action argument of tx.Audit, tx.AuditAndOutbox and the packages' own
// helpers around them (record, auditRecord, updateStaff, update), and
// literals assigned to a variable named action.
func auditActionsInSources(t *testing.T) map[string]string {
	t.Helper()
	actionRE := regexp.MustCompile(`^[a-z_]+(\.[a-z_]+)*$`)
	callers := map[string]bool{"Audit": true, "AuditAndOutbox": true, "record": true, "auditRecord": true, "updateStaff": true, "update": true}
	out := map[string]string{}
	err := filepath.WalkDir("../appliance", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		lit := func(e ast.Expr) {
			if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
				if s, err := strconv.Unquote(b.Value); err == nil && actionRE.MatchString(s) && strings.Contains(s, ".") {
					out[s] = p
				} else if err == nil && s == "login" {
					out[s] = p
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				if !callers[name] {
					return true
				}
				for _, a := range n.Args {
					if b, ok := a.(*ast.BasicLit); ok && b.Kind == token.STRING {
						lit(b)
						break // the first string is the action
					}
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == "action" && i < len(n.Rhs) {
						lit(n.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if strings.HasPrefix(id.Name, "action") && i < len(n.Values) {
						lit(n.Values[i])
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Made at run time: punches by their source.
	for _, s := range []attendance.Source{attendance.SourceFingerprint, attendance.SourceManual, attendance.SourceImport} {
		out["punch."+string(s)] = "appliance/attendance/punch.go"
	}
	return out
}

// TestAuditActionsHaveWords: every action the domain writes to the audit
// log has its words (audit.action.<action>), so the log reads in Chinese.
func TestAuditActionsHaveWords(t *testing.T) {
	env := newTestEnv(t)
	actions := auditActionsInSources(t)
	if len(actions) < 30 {
		t.Fatalf("found only %d actions in the sources; the scan is broken: %v", len(actions), actions)
	}
	for a, file := range actions {
		if strings.HasPrefix(a, "item.") || strings.Contains(a, "_by") {
			continue // the store's own tests and bucket names
		}
		if !env.app.i18n.HasKey("audit.action." + a) {
			t.Errorf("%s writes audit action %q, which has no words (audit.action.%s in embedded/locales/audit.*.json)", file, a, a)
		}
	}
}

// TestAuditPageReadsAsWords: the log shows people by name, actions in words
// and changes field by field; it pages newest first without ever showing
// more than a page, and finds by person, action and date.
func TestAuditPageReadsAsWords(t *testing.T) {
	env := newTestEnv(t)
	// Days after the setup's entries (made at the real time), so that the
	// test's entries are the newest.
	y, m, dd := time.Now().In(env.app.loc()).AddDate(0, 0, 1).Date()
	day := time.Date(y, m, dd, 9, 0, 0, 0, env.app.loc())
	first, second := day.Format("2006-01-02"), day.AddDate(0, 0, 1).Format("2006-01-02")
	env.clock.set(day)
	reg := env.app.Staff
	u, err := reg.CreateUnit("t-office", staff.Unit{Name: "审计测试局"})
	if err != nil {
		t.Fatal(err)
	}
	u.Name = "审计测试中心"
	if _, err := reg.UpdateUnit("t-office", u); err != nil {
		t.Fatal(err)
	}
	env.clock.set(day.AddDate(0, 0, 1))
	for i := 0; i < 60; i++ {
		if _, err := reg.CreateUnit("t-lead", staff.Unit{Name: fmt.Sprintf("翻页单位%02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	office := env.loginAs(account.RoleOffice)

	r := office.get("/audit")
	if r.Status != http.StatusOK {
		t.Fatalf("GET /audit: %d", r.Status)
	}
	if n := strings.Count(r.Body, "<tr data-seq="); n != auditPageSize {
		t.Fatalf("first page shows %d entries, want %d", n, auditPageSize)
	}
	for _, want := range []string{"新增窗口单位", "测试 lead（t-lead）", "翻页单位59", "较早", "本次开机后还没有检查过日志链", "当前链头"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("first page lacks %q", want)
		}
	}
	if strings.Contains(r.Body, "翻页单位09") {
		t.Error("the first page shows an entry from the second page")
	}
	older := regexp.MustCompile(`href="(/audit\?[^"]*older=[^"]*)"`).FindStringSubmatch(r.Body)
	if older == nil {
		t.Fatal("no link to older entries")
	}
	r2 := office.get(strings.ReplaceAll(older[1], "&amp;", "&"))
	if !strings.Contains(r2.Body, "翻页单位09") || strings.Contains(r2.Body, "翻页单位59") || !strings.Contains(r2.Body, "较新") {
		t.Fatalf("second page: wrong entries or no link back")
	}

	// By person and action: the office's rename, as a field change.
	r = office.get("/audit?" + url.Values{"person": {"t-office"}, "action": {"unit.update"}}.Encode())
	if n := strings.Count(r.Body, "<tr data-seq="); n != 1 || !strings.Contains(r.Body, "修改窗口单位") ||
		!strings.Contains(r.Body, `<span class="before">审计测试局</span> → <span class="after">审计测试中心</span>`) {
		t.Fatalf("search by person and action: %d rows\n%.3000s", n, r.Body[max(0, len(r.Body)-3000):])
	}
	// By date: only the first day's entries (the office's two).
	r = office.get("/audit?" + url.Values{"from": {first}, "to": {first}, "person": {"t-office"}}.Encode())
	if n := strings.Count(r.Body, "<tr data-seq="); n != 2 {
		t.Fatalf("search by date: %d rows, want 2", n)
	}
	r = office.get("/audit?" + url.Values{"from": {second}, "person": {"t-office"}}.Encode())
	if n := strings.Count(r.Body, "<tr data-seq="); n != 1 || !strings.Contains(r.Body, "<td>登录<br>") {
		t.Fatalf("search from the second day: %d rows, want the office's login only", n)
	}
	r = office.get("/audit?" + url.Values{"from": {second}, "person": {"t-office"}, "action": {"unit.create"}}.Encode())
	if n := strings.Count(r.Body, "<tr data-seq="); n != 0 || !strings.Contains(r.Body, "没有符合条件的记录") {
		t.Fatalf("nothing found: %d rows", n)
	}
	r = office.get("/audit?from=2026-02-30&to=" + url.QueryEscape(strings.Repeat("x", 5000)))
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "没有 2026-02-30 这一天") || !strings.Contains(r.Body, "日期请写成") ||
		strings.Contains(r.Body, strings.Repeat("x", 100)) {
		t.Fatalf("bad dates: %d, or the input was echoed in full", r.Status)
	}
	// The check runs in the background and its result shows.
	if r := office.post("/audit/verify", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("POST /audit/verify: %d", r.Status)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(office.get("/audit").Body, "日志链完整") {
		if time.Now().After(deadline) {
			t.Fatal("the chain check never reported")
		}
		time.Sleep(20 * time.Millisecond)
	}
	h := office.get("/audit/head")
	if h.Status != http.StatusOK || !strings.Contains(h.Body, "bianmin-audit-head/1") || !strings.Contains(h.Header.Get("Content-Disposition"), "bianmin-audit-head-") {
		t.Fatalf("head file: %d %q", h.Status, h.Body)
	}
}

// TestAuditPageBoundedEntry: an entry made from a huge username shows
// shortened, with a note, and the page stays small.
func TestAuditPageBoundedEntry(t *testing.T) {
	env := newTestEnv(t)
	huge := strings.Repeat("x", 900_000)
	env.client().post("/login", url.Values{"username": {huge}, "password": {"nope"}})
	err := env.db.Update("t-office", func(tx *store.Tx) error {
		return tx.Audit("center.update", "center", nil, map[string]any{"name": huge, "note": []string{huge}})
	})
	if err != nil {
		t.Fatal(err)
	}
	r := env.loginAs(account.RoleOffice).get("/audit")
	if r.Status != http.StatusOK || len(r.Body) > 200<<10 {
		t.Fatalf("audit page: %d, %d bytes", r.Status, len(r.Body))
	}
	for _, want := range []string{"登录失败", "未登录的访客", "内容过长，已截断保存"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
}
