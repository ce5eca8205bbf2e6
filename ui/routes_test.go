package ui

import (
	"net/http"
	"strings"
	"testing"

	"bianmin/appliance/account"
)

// examplePath fills a route's parameters with values that exist in the
// demo data.
func examplePath(p string) string {
	r := strings.NewReplacer(":id", "1", ":lang", "en", ":name", "demo-serial", ":action", "replug", ":job", "no-such-job", ":area", "attendance", ":code", "MZ-001")
	return r.Replace(p)
}

// TestRoleWalk requests every route in the table as every role and as an
// anonymous visitor, and checks that exactly the listed roles get through.
func TestRoleWalk(t *testing.T) {
	env := newTestEnv(t)
	for _, rt := range env.app.Routes() {
		path := examplePath(rt.Path)
		// Anonymous.
		anon := env.client()
		var r response
		if rt.Method == http.MethodGet {
			r = anon.get(path)
		} else {
			r = anon.post(path, nil)
		}
		switch {
		case rt.Public && (r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden):
			t.Errorf("%s %s public: anonymous got %d", rt.Method, path, r.Status)
		case !rt.Public && rt.Method == http.MethodGet && (r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login")):
			t.Errorf("%s %s: anonymous got %d %q, want redirect to /login", rt.Method, path, r.Status, r.Location)
		case !rt.Public && rt.Method != http.MethodGet && r.Status != http.StatusUnauthorized:
			t.Errorf("%s %s: anonymous got %d, want 401", rt.Method, path, r.Status)
		}
		if rt.Public {
			continue
		}
		// Every role, each on a fresh session (some actions end sessions).
		for _, role := range account.AllRoles {
			c := env.loginAs(role)
			if rt.Method == http.MethodGet {
				r = c.get(path)
			} else {
				r = c.post(path, nil)
			}
			allowed := roleAllowed(role, rt.Roles)
			denied := r.Status == http.StatusForbidden || r.Status == http.StatusUnauthorized ||
				strings.HasPrefix(r.Location, "/login?")
			if allowed && denied {
				t.Errorf("%s %s as %s: got %d %q, want allowed", rt.Method, path, role, r.Status, r.Location)
			}
			if !allowed && r.Status != http.StatusForbidden {
				t.Errorf("%s %s as %s: got %d, want 403", rt.Method, path, role, r.Status)
			}
			if r.Status >= 500 {
				t.Errorf("%s %s as %s: server error %d: %.300s", rt.Method, path, role, r.Status, r.Body)
			}
		}
	}
}

// TestRouteTableIsComplete fails when echo serves a route the table does
// not list (so nothing escapes the role walk).
func TestRouteTableIsComplete(t *testing.T) {
	env := newTestEnv(t)
	listed := map[string]bool{}
	for _, r := range env.app.Routes() {
		listed[r.Method+" "+r.Path] = true
		if !r.Public && len(r.Roles) == 0 {
			t.Errorf("%s %s: not public and no roles", r.Method, r.Path)
		}
	}
	for _, r := range env.app.echo.Routes() {
		if strings.HasPrefix(r.Path, "/static") {
			continue
		}
		if !listed[r.Method+" "+r.Path] {
			t.Errorf("echo serves %s %s, which is not in the route table", r.Method, r.Path)
		}
	}
}
