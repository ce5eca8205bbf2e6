package countyui

// The pull API for the county's other systems: read-only JSON opened by a
// bearer token (county.TokenBySecret), limited per token
// (county.RateLimiter), paged by an opaque cursor (county.Pull) and
// audited call by call (county.AuditCall). Refusals are JSON problems
// (RFC 9457) worded from the locale files. The routes are in the route
// table with Token set; embedded/static/county-openapi.json documents
// them (a test holds the two together).

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/county"
	"bianmin/appliance/problem"
	"bianmin/embedded"

	"github.com/labstack/echo/v4"
)

// OpenAPIFile is the API's description in embedded.FS.
const OpenAPIFile = "static/county-openapi.json"

const ctxAPIToken = "api_token"

func (a *App) apiRoutes() []Route {
	get := http.MethodGet
	return []Route{
		{Method: get, Path: "/api/openapi.json", Public: true, Handler: a.apiDescription},
		{Method: get, Path: "/api/v1/townships", Token: true, Handler: a.apiTownships},
		{Method: get, Path: "/api/v1/records", Token: true, Handler: a.apiRecords},
	}
}

// apiProblem is a refusal as JSON (application/problem+json).
type apiProblem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	Code   string `json:"code,omitempty"`  // the locale key: stable, for programs
	Field  string `json:"field,omitempty"` // the parameter at fault
}

// apiLang is the language of the API's refusals: English when the client
// prefers it, Chinese otherwise.
func apiLang(c echo.Context) string {
	al := strings.ToLower(c.Request().Header.Get("Accept-Language"))
	if strings.HasPrefix(al, "en") {
		return "en"
	}
	return "zh-CN"
}

func (a *App) writeProblem(c echo.Context, status int, p *problem.Problem) error {
	body := apiProblem{Type: "about:blank", Title: http.StatusText(status), Status: status}
	if p != nil {
		body.Detail, body.Code, body.Field = a.i18n.Problem(apiLang(c), p), p.Key, p.Field
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	if status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="countyd", error="invalid_token"`)
	}
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	return c.Blob(status, "application/problem+json", data)
}

func bearer(c echo.Context) string {
	h := c.Request().Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// apiGuard opens a Token route: the bearer token (401 when missing,
// unknown or revoked), then the token's rate limit (429).
func (a *App) apiGuard(r Route) echo.HandlerFunc {
	return func(c echo.Context) error {
		tok, err := a.County.TokenBySecret(bearer(c))
		if err != nil {
			p, ok := problem.As(err)
			if !ok {
				return err
			}
			if errors.Is(err, county.ErrTokenRevoked) {
				a.auditCall(c, tok, r, 0, http.StatusUnauthorized)
			}
			return a.writeProblem(c, http.StatusUnauthorized, p)
		}
		if ok, wait := a.APILimit.Allow(tok.ID, a.Now()); !ok {
			a.Logger.Warn("pull API rate limit", "token", tok.ID, "path", c.Request().URL.Path)
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds()+0.999)))
			return a.writeProblem(c, http.StatusTooManyRequests, problem.New("", "county.api.err.rate", "Rate", county.APIRate))
		}
		c.Set(ctxAPIToken, tok)
		return r.Handler(c)
	}
}

// auditCall records the call: token, route, parameters, how many records.
func (a *App) auditCall(c echo.Context, tok county.Token, r Route, count, status int) {
	params := map[string]string{}
	for k, vs := range c.QueryParams() {
		params[problem.BoundTo(k, 40)] = problem.BoundTo(strings.Join(vs, ","), 200)
	}
	if err := a.County.AuditCall(county.APICall{Token: tok.ID, Name: tok.Name, Route: r.Path, Params: params, Count: count, Status: status}); err != nil {
		a.Logger.Error("audit an API call", "token", tok.ID, "err", err)
	}
}

func apiToken(c echo.Context) county.Token {
	t, _ := c.Get(ctxAPIToken).(county.Token)
	return t
}

func (a *App) apiJSON(c echo.Context, r Route, count int, v any) error {
	a.auditCall(c, apiToken(c), r, count, http.StatusOK)
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, v)
}

func (a *App) apiRefuse(c echo.Context, r Route, err error) error {
	p, ok := problem.As(err)
	if !ok {
		return err
	}
	a.auditCall(c, apiToken(c), r, 0, http.StatusBadRequest)
	return a.writeProblem(c, http.StatusBadRequest, p)
}

func (a *App) route(path string) Route {
	for _, r := range a.routes {
		if r.Path == path {
			return r
		}
	}
	return Route{Path: path}
}

func (a *App) apiDescription(c echo.Context) error {
	data, err := embedded.FS.ReadFile(OpenAPIFile)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/json", data)
}

// apiTownship is one township as the API lists it.
type apiTownship struct {
	ID          uint64         `json:"id"`
	Name        string         `json:"name"`
	Area        string         `json:"area"`
	Fingerprint string         `json:"fingerprint"`
	LastContact *time.Time     `json:"last_contact"`
	Records     uint64         `json:"records"`
	Counts      map[string]int `json:"counts"`
}

func (a *App) apiTownships(c echo.Context) error {
	r := a.route("/api/v1/townships")
	boxes, err := a.County.BoxesIn(apiToken(c).Scope())
	if err != nil {
		return err
	}
	out := struct {
		Townships []apiTownship `json:"townships"`
	}{Townships: []apiTownship{}}
	for _, b := range boxes {
		t := apiTownship{ID: b.ID, Name: b.Name, Area: b.Area, Fingerprint: b.Fingerprint, Records: b.Records, Counts: b.Counts}
		if !b.LastContact.IsZero() {
			lc := b.LastContact
			t.LastContact = &lc
		}
		if t.Counts == nil {
			t.Counts = map[string]int{}
		}
		out.Townships = append(out.Townships, t)
	}
	return a.apiJSON(c, r, len(out.Townships), out)
}

// listParam reads a parameter given repeated or comma-separated.
func listParam(c echo.Context, name string) []string {
	var out []string
	for _, v := range c.QueryParams()[name] {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

// timeParam reads an instant (RFC 3339) or a day (YYYY-MM-DD, its
// midnight in the county's time zone).
func (a *App) timeParam(c echo.Context, name string) (time.Time, error) {
	v := strings.TrimSpace(c.QueryParam(name))
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, v, a.Location); err == nil {
		return t, nil
	}
	return time.Time{}, problem.New(name, "county.api.err.time", "Value", problem.Bound(v))
}

func (a *App) apiRecords(c echo.Context) error {
	r := a.route("/api/v1/records")
	q := county.PullQuery{Townships: listParam(c, "township"), Kinds: listParam(c, "kind"), Cursor: c.QueryParam("cursor")}
	var err error
	if q.From, err = a.timeParam(c, "from"); err != nil {
		return a.apiRefuse(c, r, err)
	}
	if q.To, err = a.timeParam(c, "to"); err != nil {
		return a.apiRefuse(c, r, err)
	}
	if v := c.QueryParam("limit"); v != "" {
		if q.Limit, err = strconv.Atoi(v); err != nil || q.Limit < 1 {
			return a.apiRefuse(c, r, problem.New("limit", "county.api.err.limit", "Max", county.PullMaxLimit))
		}
	}
	page, err := a.County.Pull(apiToken(c).Scope(), q)
	if err != nil {
		return a.apiRefuse(c, r, err)
	}
	return a.apiJSON(c, r, len(page.Records), page)
}
