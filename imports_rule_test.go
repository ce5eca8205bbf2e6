package bianmin

import (
	"slices"
	"strings"
	"testing"
)

// The checker itself, on made-up graphs: each break of the rule is found
// and named, and what the rule allows passes.
func TestCheckImports(t *testing.T) {
	std := func(paths ...string) map[string]pkgInfo {
		g := map[string]pkgInfo{}
		for _, p := range paths {
			g[p] = pkgInfo{standard: true}
		}
		return g
	}
	type edges map[string][]string
	tests := []struct {
		name  string
		edges edges // module and library packages and their imports; fmt, embed and time are standard
		allow map[[2]string]string
		want  []string // "from imports to" (and " through …" for indirect ones), one per break
	}{
		{"the layering the rule wants passes", edges{
			"bianmin/cmd/bianmin":          {"bianmin/ui", "bianmin/hw/systime", "bianmin/appliance/attendance", "bianmin/embedded"},
			"bianmin/ui":                   {"bianmin/appliance/attendance", "bianmin/embedded", "github.com/labstack/echo/v4"},
			"bianmin/appliance/attendance": {"bianmin/appliance/store", "bianmin/appliance/problem", "bianmin/internal/backoff"},
			"bianmin/appliance/store":      {"bianmin/appliance/problem", "go.etcd.io/bbolt"},
			"bianmin/appliance/problem":    {"fmt"},
			"bianmin/hw/systime":           {"bianmin/internal/backoff", "time"},
			"bianmin/internal/backoff":     {"time"},
			"bianmin/embedded":             {"embed"},
			"github.com/labstack/echo/v4":  {"fmt"},
			"go.etcd.io/bbolt":             {"fmt"},
		}, nil, nil},
		{"hw imports the domain", edges{
			"bianmin/hw/systime":           {"bianmin/appliance/attendance"},
			"bianmin/appliance/attendance": {"time"},
		}, nil, []string{"bianmin/hw/systime imports bianmin/appliance/attendance"}},
		{"hw imports ui and cmd", edges{
			"bianmin/hw/fingerprint": {"bianmin/ui", "bianmin/cmd/bianmin/x"},
			"bianmin/ui":             {}, "bianmin/cmd/bianmin/x": {},
		}, nil, []string{"bianmin/hw/fingerprint imports bianmin/ui", "bianmin/hw/fingerprint imports bianmin/cmd/bianmin/x"}},
		{"the domain imports echo, hw, ui, cmd and embedded", edges{
			"bianmin/appliance/report":    {"github.com/labstack/echo/v4", "bianmin/hw/serialport", "bianmin/ui", "bianmin/cmd/bianmin", "bianmin/embedded"},
			"github.com/labstack/echo/v4": {}, "bianmin/hw/serialport": {}, "bianmin/ui": {}, "bianmin/cmd/bianmin": {}, "bianmin/embedded": {"embed"},
		}, nil, []string{
			"bianmin/appliance/report imports github.com/labstack/echo/v4",
			"bianmin/appliance/report imports bianmin/hw/serialport",
			"bianmin/appliance/report imports bianmin/ui",
			"bianmin/appliance/report imports bianmin/cmd/bianmin",
			"bianmin/appliance/report imports bianmin/embedded",
		}},
		{"echo pulled in through a library is found, with the path", edges{
			"bianmin/appliance/queue":        {"github.com/some/httpkit"},
			"github.com/some/httpkit":        {"github.com/labstack/echo/v4/mw"},
			"github.com/labstack/echo/v4/mw": {"fmt"},
		}, nil, []string{"bianmin/appliance/queue imports github.com/labstack/echo/v4/mw through bianmin/appliance/queue → github.com/some/httpkit → github.com/labstack/echo/v4/mw"}},
		{"a break is reported where it is, not again in every package above it", edges{
			"bianmin/appliance/punchclock": {"bianmin/appliance/attendance"},
			"bianmin/appliance/attendance": {"bianmin/hw/systime"},
			"bianmin/hw/systime":           {"time"},
		}, nil, []string{"bianmin/appliance/attendance imports bianmin/hw/systime"}},
		{"ui imports hw", edges{
			"bianmin/ui":            {"bianmin/hw/serialport"},
			"bianmin/hw/serialport": {},
		}, nil, []string{"bianmin/ui imports bianmin/hw/serialport"}},
		{"the store imports a domain package", edges{
			"bianmin/appliance/store":   {"bianmin/appliance/staff", "bianmin/appliance/problem"},
			"bianmin/appliance/staff":   {"bianmin/appliance/problem"},
			"bianmin/appliance/problem": {"fmt"},
		}, nil, []string{"bianmin/appliance/store imports bianmin/appliance/staff"}},
		{"internal and embedded import only the standard library", edges{
			"bianmin/internal/backoff":  {"time", "bianmin/appliance/problem", "github.com/x/y"},
			"bianmin/embedded":          {"embed", "bianmin/internal/backoff"},
			"bianmin/appliance/problem": {"fmt"},
			"github.com/x/y":            {},
		}, nil, []string{
			"bianmin/internal/backoff imports bianmin/appliance/problem",
			"bianmin/internal/backoff imports github.com/x/y",
			"bianmin/embedded imports bianmin/internal/backoff",
		}},
		{"an allowed pair passes, the others do not", edges{
			"bianmin/appliance/report": {"bianmin/embedded", "bianmin/ui"},
			"bianmin/embedded":         {"embed"},
			"bianmin/ui":               {},
		}, map[[2]string]string{{"bianmin/appliance/report", "bianmin/embedded"}: "test"},
			[]string{"bianmin/appliance/report imports bianmin/ui"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := std("fmt", "embed", "time")
			for p, imps := range tt.edges {
				g[p] = pkgInfo{imports: imps}
			}
			got := checkImports(g, importRules, tt.allow)
			var heads []string
			for _, msg := range got {
				head, rule, ok := strings.Cut(msg, "\n\trule: ")
				if !ok || rule == "" {
					t.Errorf("message %q does not name the rule", msg)
				}
				heads = append(heads, head)
			}
			slices.Sort(heads)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(heads, want) {
				t.Errorf("breaks:\n got %q\nwant %q", heads, want)
			}
		})
	}
}
