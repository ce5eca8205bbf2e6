package countyui

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/account"
	"bianmin/embedded"

	"github.com/labstack/echo/v4"
)

// view is what a county page's template gets.
type view struct {
	app       *App
	Lang      string
	PageTitle string
	Lead      string
	User      *account.User
	CSRF      string
	Path      string
	Flash     string
	FlashOK   bool
	Form      map[string]string
	Errors    map[string]string
	Data      any
}

func (a *App) newView(c echo.Context, title, lead string) *view {
	lang, _ := c.Get(ctxLang).(string)
	v := &view{app: a, Lang: lang, Lead: lead, User: currentUser(c), CSRF: a.csrfToken(c),
		Path: c.Request().URL.Path, Form: map[string]string{}, Errors: map[string]string{}}
	v.PageTitle = v.T(title)
	if kind, key := a.kit.TakeFlash(c); key != "" {
		v.Flash, v.FlashOK = v.T(key), kind == "ok"
	}
	return v
}

// T translates key with name/value pairs.
func (v *view) T(key string, args ...any) string {
	m := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		m[fmt.Sprint(args[i])] = args[i+1]
	}
	return v.app.i18n.T(v.Lang, key, m)
}

// Has says whether the user has one of the roles.
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

// DateTime writes an instant in the county's time zone ("—" for none).
func (v *view) DateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(v.app.Location).Format("2006-01-02 15:04")
}

func (v *view) fieldError(field, key string, args ...any) { v.Errors[field] = v.T(key, args...) }

// render executes templates/county/<page>.html inside the county layout.
func (a *App) render(c echo.Context, status int, page string, v *view) error {
	t, err := a.page(page)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "county-layout", v); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

func (a *App) page(name string) (*template.Template, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if t, ok := a.pages[name]; ok {
		return t, nil
	}
	t, err := template.New(name).Funcs(template.FuncMap{"hasPrefix": strings.HasPrefix}).ParseFS(embedded.FS,
		"templates/county/_*.html", "templates/county/"+name+".html")
	if err != nil {
		return nil, fmt.Errorf("county page %s: %w", name, err)
	}
	a.pages[name] = t
	return t, nil
}

// Halves writes half-days as days ("1.5").
func (v *view) Halves(h int) string { return strconv.FormatFloat(float64(h)/2, 'f', -1, 64) }

// Clock writes an instant's time of day in the county's time zone.
func (v *view) Clock(t time.Time) string { return t.In(v.app.Location).Format("15:04:05") }

// TArgs translates key with a map of arguments (a domain remark's).
func (v *view) TArgs(key string, args map[string]any) string { return v.app.i18n.T(v.Lang, key, args) }
