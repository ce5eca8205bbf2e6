// Package countyui is countyd's web pages for the county admins, in the
// appliance's style (its app.css, the same login and sessions from
// appliance/account, CSRF on every form): the townships' boxes with their
// last contact, backlog, epochs and flags. Two roles: county admin
// (registers boxes) and county viewer (reads).
//
// Adding a page (issue 16's roll-ups and drill-down): write its handler
// and templates/county/<page>.html (which fills "content" of
// "county-layout"), and add one line to routes() with its roles; the
// route×role test walks the table.
package countyui

import (
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/county"
	"bianmin/appliance/locale"
	"bianmin/appliance/problem"
	"bianmin/embedded"
	"bianmin/ui/internal/web"

	"github.com/labstack/echo/v4"
)

// Deps are what the pages need.
type Deps struct {
	County   *county.County
	Accounts *account.Service
	Logger   *slog.Logger
	// Location is the county's time zone for the pages (time.Local when nil).
	Location *time.Location
	// SecureCookies sets the Secure flag (served over HTTPS).
	SecureCookies bool
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// APILimit limits the pull API's calls per token (county.APIRate and
	// county.APIBurst when nil).
	APILimit *county.RateLimiter
}

// Roles of countyd.
var (
	admins  = []account.Role{account.RoleCountyAdmin}
	readers = []account.Role{account.RoleCountyAdmin, account.RoleCountyViewer}
)

// Route is one page or action with the roles allowed on it.
type Route struct {
	Method  string
	Path    string
	Public  bool
	Roles   []account.Role
	Handler echo.HandlerFunc
	// DuringPasswordChange: reachable before the one-time password is
	// changed.
	DuringPasswordChange bool
	// Token: a pull API route (api.go), opened by a bearer token a county
	// admin made, not by a login; it answers JSON and is in the OpenAPI
	// file.
	Token bool
}

// App is countyd's web application.
type App struct {
	Deps
	echo   *echo.Echo
	i18n   *locale.Catalog
	kit    *web.Kit
	mu     sync.Mutex
	pages  map[string]*template.Template
	routes []Route
}

func (a *App) routes0() []Route {
	get, post := http.MethodGet, http.MethodPost
	routes := []Route{
		{Method: get, Path: "/login", Public: true, Handler: a.loginForm},
		{Method: post, Path: "/login", Public: true, Handler: a.loginSubmit},
		{Method: get, Path: "/lang/:lang", Public: true, Handler: a.switchLanguage},
		{Method: post, Path: "/logout", Roles: readers, Handler: a.logout, DuringPasswordChange: true},
		{Method: get, Path: "/account/password", Roles: readers, Handler: a.passwordForm, DuringPasswordChange: true},
		{Method: post, Path: "/account/password", Roles: readers, Handler: a.passwordSubmit, DuringPasswordChange: true},
		{Method: post, Path: "/boxes", Roles: admins, Handler: a.boxAdd},
	}
	routes = append(routes, a.apiRoutes()...)
	routes = append(routes, a.accessRoutes()...)
	routes = append(routes, a.auditRoutes()...)
	return routes
}

// Routes is the route table (for the route×role test).
func (a *App) Routes() []Route { return a.routes }

// New builds the app.
func New(d Deps) (*App, error) {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Location == nil {
		d.Location = time.Local
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.APILimit == nil {
		d.APILimit = county.NewRateLimiter(county.APIRate, county.APIBurst)
	}
	cat, err := locale.Load(embedded.FS)
	if err != nil {
		return nil, err
	}
	a := &App{Deps: d, echo: echo.New(), i18n: cat, pages: map[string]*template.Template{}}
	a.echo.HideBanner, a.echo.HidePort = true, true
	a.echo.HTTPErrorHandler = a.errorPage
	// Never trust X-Forwarded-For: the login limit per address could be
	// dodged by a header.
	a.echo.IPExtractor = echo.ExtractIPDirect()
	a.kit = &web.Kit{Cookies: web.Cookies{Session: cookieSession, CSRF: cookieCSRF, Lang: cookieLang, Flash: cookieFlash},
		Accounts: d.Accounts, I18n: cat, Secure: func() bool { return a.SecureCookies }}
	a.echo.Use(web.SecurityHeaders, a.limitBody, a.kit.LoadLocale, a.kit.LoadSession)
	static, err := fs.Sub(embedded.FS, "static")
	if err != nil {
		return nil, err
	}
	a.echo.GET("/static/*", echo.WrapHandler(http.StripPrefix("/static/", http.FileServer(http.FS(static)))))
	a.echo.GET(web.FontPath, web.Font)
	a.routes = append(a.routes0(), a.rollupRoutes()...)
	for _, r := range a.routes {
		a.echo.Add(r.Method, r.Path, a.guard(r))
	}
	return a, nil
}

// ServeHTTP serves the pages.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.echo.ServeHTTP(w, r) }

// Context keys and cookies.
const (
	ctxToken = web.CtxToken
	ctxLang  = web.CtxLang

	cookieSession = "countyd_session"
	cookieCSRF    = "countyd_csrf"
	cookieLang    = "countyd_lang"
	cookieFlash   = "countyd_flash"
)

const maxBody = 1 << 20

func (a *App) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().ContentLength > maxBody {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, maxBody)
		return next(c)
	}
}

// Sessions, CSRF, cookies and the guard are ui/internal/web's, the same
// as the appliance's pages, under countyd's cookie names.

func currentUser(c echo.Context) *account.User { return web.CurrentUser(c) }

func currentSession(c echo.Context) *account.Session { return web.CurrentSession(c) }

// guard: an API route opens with a token (api.go); a page with a login,
// a changed one-time password and a role, then CSRF on every
// state-changing request.
func (a *App) guard(r Route) echo.HandlerFunc {
	if r.Token {
		return a.apiGuard(r)
	}
	return a.kit.Guard(web.Rule{Public: r.Public, Roles: r.Roles, DuringPasswordChange: r.DuringPasswordChange}, r.Handler)
}

// scope is what the logged-in user may see (county.ScopeOf): every page
// and export lists townships through it (County.BoxesIn, Scope.Visible).
func (a *App) scope(c echo.Context) (county.Scope, error) {
	u := currentUser(c)
	if u == nil {
		return county.OnlyTownships(), nil
	}
	return a.County.ScopeOf(*u)
}

func roleIn(r account.Role, roles []account.Role) bool { return web.RoleIn(r, roles) }

func (a *App) csrfToken(c echo.Context) string { return a.kit.CSRFToken(c) }

func (a *App) setCookie(c echo.Context, name, value string, maxAge int) {
	a.kit.SetCookie(c, name, value, maxAge)
}

func (a *App) flash(c echo.Context, kind, key string) { a.kit.Flash(c, kind, key) }

// errorPage answers errors with a page in the user's language (a plain
// status line for what is not a page).
func (a *App) errorPage(err error, c echo.Context) {
	code := http.StatusInternalServerError
	var he *echo.HTTPError
	if errors.As(err, &he) {
		code = he.Code
	} else {
		a.Logger.Error("county page", "path", c.Request().URL.Path, "err", err)
	}
	if c.Response().Committed {
		return
	}
	v := a.newView(c, "county.page.error", "")
	v.Data = code
	if rerr := a.render(c, code, "error", v); rerr != nil {
		_ = c.String(code, http.StatusText(code))
	}
}

// problemText words a domain refusal in the user's language.
func (v *view) problemText(err error) (string, bool) {
	p, ok := problem.As(err)
	if !ok {
		return "", false
	}
	return v.app.i18n.Problem(v.Lang, p), true
}

// trimForm is a form value without surrounding spaces.
func trimForm(c echo.Context, name string) string { return strings.TrimSpace(c.FormValue(name)) }

func problemOf(err error) (*problem.Problem, bool) { return problem.As(err) }

// showProblem puts a domain refusal next to its field (def when it names
// none, or names one of others) and says whether err was one; another
// error is the caller's to return.
func (v *view) showProblem(err error, def string, others ...string) bool {
	p, ok := problem.As(err)
	if !ok {
		return false
	}
	field := p.Field
	if field == "" || slices.Contains(others, field) {
		field = def
	}
	v.Errors[field] = v.app.i18n.Problem(v.Lang, p)
	return true
}
