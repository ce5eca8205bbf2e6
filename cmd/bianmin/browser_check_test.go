package main

// The page checker every page runs under in Chromium (browser_pages_test.go
// walks the whole route table with it; any area's browser test may call
// b.checkPage too). It fails a page that
//   - says "即将推出" / "coming soon": areas not built are not shown at all;
//   - shows an English word on a Chinese page outside names and technical
//     detail lines — mark those lang="en" (an English detail, a user agent)
//     or lang="zxx" (identifiers: paths, usernames, file names); acronyms
//     people read as they are (PDF, XLSX, USB, …) and codes with digits
//     (QS001, R307) pass; a Go duration ("27m14s") never does;
//   - shows Chinese in the title, the heading or the menu of an English page;
//   - has a table whose rows are cut off: any box around it that hides or
//     scrolls its content vertically (an inner scroll box, overflow hidden)
//     — tables use the page's scroll;
//   - scrolls sideways as a whole (a wide table scrolls inside its wrapper);
//   - has no <title> or <h1>, or a page of a menu area whose heading does
//     not link to its 帮助 (the error page and the help pages aside).

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// pageCheckJS returns the problems of the page as a JSON array of strings.
const pageCheckJS = `(() => {
  const out = [];
  const lang = document.documentElement.lang || "";
  const zh = lang.startsWith("zh");
  const body = document.body;
  const text = body.innerText || "";
  if (/即将推出|coming soon/i.test(text)) out.push("says 即将推出 / coming soon");
  const shown = el => !!el && (el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null);
  const langOf = el => { const l = el.closest("[lang]"); return l ? l.getAttribute("lang") : ""; };
  const snippet = s => s.replace(/\s+/g, " ").trim().slice(0, 80);
  if (zh) {
    // Acronyms read as they are, and a few product names.
    const allowed = new Set(["PDF","XLSX","CSV","USB","GPIO","UTF","GBK","ID","IP","MB","KB","GB","QR","CPU","SD","RTC","NTP","AB","TTL","HTTP","HTTPS","LAN","WCAG","SSE","CH","OS","Excel","WPS","JPEG","JPG","PNG"]);
    const bad = (s, where) => {
      for (const tok of s.split(/[^A-Za-z0-9_.\-\/:@]+/)) {
        if (tok.length < 2 || !/^[A-Za-z]+$/.test(tok)) continue; // codes with digits, file names, paths
        if (allowed.has(tok)) continue;
        out.push("English word " + JSON.stringify(tok) + " in " + where + ": " + JSON.stringify(snippet(s)));
        return;
      }
      if (/\b\d+(\.\d+)?(ns|µs|ms|s)\b|\b\d+h\d+m|\b\d+m\d+(\.\d+)?s\b/.test(s)) {
        out.push("a Go duration in " + where + ": " + JSON.stringify(snippet(s)));
      }
    };
    const w = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.nodeValue.trim() || el.closest("script,style,template,noscript,option,textarea")) continue;
      if (!langOf(el).startsWith("zh") || !shown(el)) continue;
      bad(n.nodeValue, "<" + el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "") + ">");
    }
    for (const el of body.querySelectorAll("[placeholder],[title],[aria-label],img[alt],input[type=submit],input[type=button]")) {
      if (!langOf(el).startsWith("zh") || !shown(el)) continue;
      for (const a of ["placeholder", "title", "aria-label", "alt"]) {
        const v = el.getAttribute(a);
        if (v) bad(v, a + " of <" + el.tagName.toLowerCase() + ">");
      }
      if (el.tagName === "INPUT" && (el.type === "submit" || el.type === "button")) bad(el.value, "a button");
    }
    // Options are not read: an option's text cannot mark part of itself
    // (a person's name with their username), and the select's label is.
  } else {
    const cjk = /[\u3400-\u9fff]/;
    const h1 = document.querySelector("h1");
    if (h1 && cjk.test(h1.textContent)) out.push("Chinese in the English heading: " + JSON.stringify(snippet(h1.textContent)));
    const nav = document.getElementById("nav");
    if (nav && cjk.test(nav.innerText)) out.push("Chinese in the English menu: " + JSON.stringify(snippet(nav.innerText)));
  }
  // Tables use the page's scroll: nothing around a table may hide or
  // scroll its rows vertically, nor cut it sideways without a scroll.
  for (const t of body.querySelectorAll("table")) {
    if (!shown(t)) continue;
    for (let el = t.parentElement; el && el !== body && el !== document.documentElement; el = el.parentElement) {
      const cs = getComputedStyle(el);
      const name = "<" + el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "") + ">";
      if (cs.overflowY !== "visible" && el.scrollHeight > el.clientHeight + 2) {
        out.push("table rows cut off by " + name + " (overflow-y " + cs.overflowY + ", " + el.clientHeight + " of " + el.scrollHeight + " px shown)");
        break;
      }
      if ((cs.overflowX === "hidden" || cs.overflowX === "clip") && el.scrollWidth > el.clientWidth + 2) {
        out.push("table cut off sideways by " + name);
        break;
      }
    }
  }
  const se = document.scrollingElement;
  if (se.scrollWidth > se.clientWidth + 1) out.push("the page scrolls sideways: " + se.scrollWidth + " > " + se.clientWidth);
  if (!document.title.trim()) out.push("no <title>");
  const h1 = document.querySelector("h1");
  if (!h1 || !h1.textContent.trim()) out.push("no <h1>");
  else if (!document.title.startsWith(h1.textContent.trim())) out.push("the <title> " + JSON.stringify(document.title) + " does not start with the heading " + JSON.stringify(h1.textContent.trim()));
  if (document.querySelector("#nav [aria-current]") && !document.querySelector("[data-help]") && !location.pathname.startsWith("/help/") && !document.querySelector(".error-code")) {
    out.push("the heading does not link to a help page");
  }
  return JSON.stringify(out);
})()`

// checkPage runs the checker on the page shown and returns its problems,
// each prefixed with what (the page and the way it is looked at).
func (b *browser) checkPage(what string) []string {
	b.t.Helper()
	raw, err := eval[string](b, pageCheckJS)
	if err != nil {
		b.t.Fatalf("check %s: %v", what, err)
	}
	var problems []string
	if err := json.Unmarshal([]byte(raw), &problems); err != nil {
		b.t.Fatalf("check %s: %v (%s)", what, err, raw)
	}
	for i, p := range problems {
		problems[i] = fmt.Sprintf("%s: %s", what, p)
	}
	if len(problems) > 0 {
		b.shot("FAILED-check-" + strings.NewReplacer("/", "_", " ", "-", "?", "_").Replace(what))
	}
	return problems
}

// checkerPages are pages the checker must fail, and one it must pass.
var checkerPages = map[string]struct {
	html string
	want string // a problem that must be reported ("" for none)
}{
	"/ok": {`<main><div class="page-title"><h1>考勤月历</h1></div><p>刘芳 <span lang="en">serial port: device unplugged</span> <code lang="zxx">/dev/ttyUSB0</code> QS004 导出 XLSX</p>
<div style="overflow-x:auto"><table><tr><td>一</td></tr></table></div></main>`, ""},
	"/soon":     {`<h1>首页</h1><p>请假 <small>即将推出</small></p>`, "即将推出"},
	"/english":  {`<h1>设备</h1><p>fingerprint 已连接</p>`, `English word "fingerprint"`},
	"/duration": {`<h1>设备</h1><p>已运行 27m14s</p>`, "Go duration"},
	"/title":    {`<h1>设备</h1><p><a title="Open the device">设备</a></p>`, `English word "Open" in title`},
	"/inner": {`<h1>打卡记录</h1><div style="max-height:100px;overflow:auto"><table>` + strings.Repeat("<tr><td>一行</td></tr>", 40) + `</table></div>`,
		"table rows cut off"},
	"/hidden": {`<h1>打卡记录</h1><div style="height:60px;overflow:hidden"><table>` + strings.Repeat("<tr><td>一行</td></tr>", 10) + `</table></div>`,
		"table rows cut off"},
	"/wide":   {`<h1>季度考核</h1><table><tr><td style="min-width:3000px">宽</td></tr></table>`, "scrolls sideways"},
	"/en":     {`<h1>考勤</h1><p>Attendance</p>`, "Chinese in the English heading"},
	"/nohelp": {`<nav id="nav"><a href="/devices" aria-current="page">设备</a></nav><h1>设备</h1>`, "does not link to a help page"},
}

// TestBrowserPageChecker: the checker catches what it is for (a checker
// that cannot fail would pass every page).
func TestBrowserPageChecker(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := checkerPages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		lang := "zh-CN"
		if r.URL.Path == "/en" {
			lang = "en"
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		title := strings.SplitN(p.html, "</h1>", 2)[0]
		title = title[strings.LastIndex(title, ">")+1:]
		fmt.Fprintf(w, `<!doctype html><html lang="%s"><head><meta charset="utf-8"><title>%s · 中心</title></head><body>%s</body></html>`, lang, title, p.html)
	}))
	defer srv.Close()
	b := newBrowser(t, srv.URL, 1366, 768)
	for path, p := range checkerPages {
		b.open(path)
		got := strings.Join(b.checkPage(path), "\n")
		switch {
		case p.want == "" && got != "":
			t.Errorf("%s: the checker complains of a good page:\n%s", path, got)
		case p.want != "" && !strings.Contains(got, p.want):
			t.Errorf("%s: the checker missed %q; it said:\n%s", path, p.want, got)
		}
	}
}
