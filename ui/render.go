package ui

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/center"

	"github.com/labstack/echo/v4"
)

// pages holds one parsed template set per page: the layout and partials,
// then the page. Nothing is parsed at start-up (it was most of the
// start-up's CPU): the partials are parsed when the first page is rendered,
// and each page when it is first rendered, then kept.
type pages struct {
	fsys fs.FS
	mu   sync.Mutex
	base *template.Template // the partials (templates/_*.html); nil until first needed
	sets map[string]*template.Template
}

func newPages(fsys fs.FS) *pages {
	return &pages{fsys: fsys, sets: map[string]*template.Template{}}
}

var funcs = template.FuncMap{
	"add":       func(a, b int) int { return a + b },
	"sub":       func(a, b int) int { return a - b },
	"join":      strings.Join,
	"lower":     strings.ToLower,
	"list":      func(xs ...string) []string { return xs },
	"hasPrefix": strings.HasPrefix,
	"zxx":       func(s string) zxx { return zxx(s) },
	// mb is a byte count in whole mebibytes (as the 设备 page shows sizes).
	"mb": func(n int64) string { return fmt.Sprintf("%.1f", float64(n)/(1<<20)) },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
}

// get returns the page's template set, parsing it on first use.
func (p *pages) get(page string) (*template.Template, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t, ok := p.sets[page]; ok {
		return t, nil
	}
	if p.base == nil {
		partials, err := fs.Glob(p.fsys, "templates/_*.html")
		if err != nil {
			return nil, err
		}
		base, err := template.New("_partials").Funcs(funcs).ParseFS(p.fsys, partials...)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		p.base = base
	}
	file := "templates/" + page + ".html"
	if strings.HasPrefix(page, "_") || !fs.ValidPath(file) {
		return nil, fmt.Errorf("no template %q", page)
	}
	if _, err := fs.Stat(p.fsys, file); err != nil {
		return nil, fmt.Errorf("no template %q: %w", page, err)
	}
	// The base is never executed, so each page gets its own copy of the
	// partials to be escaped in its context (html/template copies the trees).
	t, err := p.base.Clone()
	if err != nil {
		return nil, err
	}
	if t, err = t.ParseFS(p.fsys, file); err != nil {
		return nil, fmt.Errorf("template %s: %w", file, err)
	}
	p.sets[page] = t
	return t, nil
}

// names lists every page (templates/*.html but the partials).
func (p *pages) names() ([]string, error) {
	files, err := fs.Glob(p.fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range files {
		if name := strings.TrimSuffix(path.Base(f), ".html"); !strings.HasPrefix(name, "_") {
			names = append(names, name)
		}
	}
	return names, nil
}

// view is what every template receives.
type view struct {
	app   *App
	Lang  string
	Title string // locale key of the page title
	// TitleText, when set, is the page's title in words instead (a report
	// named by its kind and period, an area's help page).
	TitleText string
	Lead      string // locale key of the one-line description under it
	Nav       string // active menu item
	User      *account.User
	CSRF      string
	Center    center.Settings
	Flash     string // translated one-time message
	FlashOK   bool
	Errors    map[string]string // field → translated message
	Form      map[string]string // submitted values to show again
	Data      any
	Banners   []string // device problems etc., translated
	Alerts    []string // the store damaged or out of space: red, above the banners
	Demo      bool
	Path      string
	Menu      []menuItem // the signed-in user's menu (areas.go)
	// PrintLandscape prints the whole page on landscape A4 (a wide grid).
	PrintLandscape bool
	Help           string // the 帮助 page of this page's area, "" for none
}

// T translates key; args are name/value pairs filling {{.Name}} parts.
func (v *view) T(key string, args ...any) string {
	m := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		m[fmt.Sprint(args[i])] = args[i+1]
	}
	return v.app.i18n.T(v.Lang, key, m)
}

// Waiting is everything waiting for the user, all areas together (the
// phone menu button's badge).
func (v *view) Waiting() int {
	n := 0
	for _, m := range v.Menu {
		n += m.Badge
	}
	return n
}

// zxx marks an argument of THTML as an identifier — a command, a
// username, a file name: shown as it is, in an element marked
// lang="zxx" translate="no" (no language: nobody translates it, and the
// page checker does not read it as English on a Chinese page).
type zxx string

// THTML is T for a message with identifiers in it: the arguments of type
// zxx are set in <span lang="zxx" translate="no">, the rest is escaped.
func (v *view) THTML(key string, args ...any) template.HTML {
	var marks []string
	pairs := append([]any(nil), args...)
	for i := 1; i < len(pairs); i += 2 {
		if z, ok := pairs[i].(zxx); ok {
			pairs[i] = fmt.Sprintf("\ue000%d\ue001", len(marks))
			marks = append(marks, string(z))
		}
	}
	s := template.HTMLEscapeString(v.T(key, pairs...))
	for i, m := range marks {
		s = strings.ReplaceAll(s, fmt.Sprintf("\ue000%d\ue001", i), `<span lang="zxx" translate="no">`+template.HTMLEscapeString(m)+`</span>`)
	}
	return template.HTML(s)
}

// PageTitle is the page's title in the user's language.
func (v *view) PageTitle() string {
	if v.TitleText != "" {
		return v.TitleText
	}
	return v.T(v.Title)
}

// Date formats a day the way pages show it: 2026年2月14日（周六） / Sat 14 Feb 2026.
func (v *view) Date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.In(v.app.loc())
	wd := v.T(fmt.Sprintf("weekday.%d", int(t.Weekday())))
	if v.Lang == "en" {
		return fmt.Sprintf("%s %d %s %d", wd, t.Day(), t.Month().String()[:3], t.Year())
	}
	return fmt.Sprintf("%d年%d月%d日（%s）", t.Year(), int(t.Month()), t.Day(), wd)
}

// DateTime formats a moment as 2026-02-14 08:30 (24-hour clock).
func (v *view) DateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(v.app.loc()).Format("2006-01-02 15:04")
}

// Has reports whether the user's role is one of roles (for showing links).
func (v *view) Has(roles ...string) bool {
	if v.User == nil {
		return false
	}
	for _, r := range roles {
		if string(v.User.Role) == r {
			return true
		}
	}
	return false
}

func (a *App) newView(c echo.Context, title, lead, nav string) *view {
	v := &view{app: a, Lang: langOf(c), Title: title, Lead: lead, Nav: nav, User: currentUser(c),
		Center: a.Center.Get(), Errors: map[string]string{}, Form: map[string]string{},
		Demo: a.Sim != nil, Path: c.Request().URL.Path}
	v.CSRF = a.csrfToken(c)
	if kind, key := a.takeFlash(c); key != "" {
		v.Flash, v.FlashOK = v.T(key), kind == "ok"
	}
	v.Alerts = a.storeBanners(v) // a damaged store shows on the login page too
	if v.User != nil {
		v.Banners = a.deviceBanners(v)
		if !v.User.MustChange {
			v.Menu = a.menu(c, v)
			v.Help = a.helpFor(nav)
		}
	}
	return v
}

// render writes the named page with status.
func (a *App) render(c echo.Context, status int, page string, v *view) error {
	t, err := a.pages.get(page)
	if err != nil {
		return err
	}
	boundForm(v.Form)
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, page+".html", v); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, b.Bytes())
}

// maxFormEcho bounds a value a page shows back in its form: no field of
// the appliance takes more (the longest, a pasted holiday notice, is a
// few thousand characters), and a 900 kB field must not come back whole.
const maxFormEcho = 20000

// boundForm cuts the form values a page shows back to maxFormEcho runes
// (line breaks kept: a text box may hold several lines).
func boundForm(form map[string]string) {
	for k, s := range form {
		if len(s) > maxFormEcho { // bytes ≥ runes: most values skip the count
			if r := []rune(s); len(r) > maxFormEcho {
				form[k] = string(r[:maxFormEcho-1]) + "…"
			}
		}
	}
}

// fieldError records a translated error next to a form field.
func (v *view) fieldError(field, key string, args ...any) {
	v.Errors[field] = v.T(key, args...)
}

// errorHandler shows friendly error pages in the user's language.
func (a *App) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	code, key := http.StatusInternalServerError, ""
	if status, k, ok := storeRefusal(err); ok {
		code, key = status, k
		a.Logger.Warn("request refused by the store", "path", c.Request().URL.Path, "err", err)
	} else if he, ok := err.(*echo.HTTPError); ok {
		code = he.Code
		if s, ok := he.Message.(string); ok && strings.HasPrefix(s, "err.") {
			key = s
		}
	} else {
		a.Logger.Error("request failed", "path", c.Request().URL.Path, "err", err)
	}
	if key == "" {
		key = fmt.Sprintf("err.%d", code)
		if !a.i18n.HasKey(key) {
			key = "err.500"
		}
	}
	if strings.HasPrefix(c.Request().URL.Path, "/static/") || c.Request().Method == http.MethodHead {
		_ = c.NoContent(code)
		return
	}
	v := a.newView(c, "err.title", key, "")
	v.Data = map[string]any{"Code": code, "Key": key}
	if rerr := a.render(c, code, "error", v); rerr != nil {
		a.Logger.Error("render error page", "err", rerr)
		_ = c.String(code, http.StatusText(code))
	}
}
