package staff

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template"
)

var localeFiles = []string{"staff.zh-CN.json", "staff.en.json"}

func loadLocale(t *testing.T, name string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "embedded", "locales", name))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// keysInSource returns every string literal in the package's non-test Go
// files that looks like one of its locale keys.
func keysInSource(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && (strings.HasPrefix(s, "staff.err.") || strings.HasPrefix(s, "staff.import.err.")) {
				seen[s] = true
			}
			return true
		})
	}
	if len(seen) < 30 {
		t.Fatalf("found only %d keys in the source; the scan is broken", len(seen))
	}
	return slices.Sorted(maps.Keys(seen))
}

func TestLocaleKeys(t *testing.T) {
	zh, en := loadLocale(t, localeFiles[0]), loadLocale(t, localeFiles[1])
	for _, key := range keysInSource(t) {
		if zh[key] == "" || en[key] == "" {
			t.Errorf("key %s used in code is missing from a locale file (zh %q, en %q)", key, zh[key], en[key])
		}
		if _, ok := englishMessages[key]; !ok {
			t.Errorf("key %s used in code has no English message for Error()", key)
		}
	}
	for key := range zh {
		if _, ok := en[key]; !ok {
			t.Errorf("%s is in zh-CN but not en", key)
		}
	}
	for key := range en {
		if _, ok := zh[key]; !ok {
			t.Errorf("%s is in en but not zh-CN", key)
		}
	}
	for key, msg := range englishMessages {
		if en[key] != msg {
			t.Errorf("Error() text of %s differs from staff.en.json:\n code %q\n json %q", key, msg, en[key])
		}
	}
	var labels []string
	for _, f := range []string{"staff_no", "name", "unit", "window", "post", "position", "phone", "active"} {
		labels = append(labels, "staff.field."+f)
	}
	for _, p := range Positions() {
		labels = append(labels, "staff.position."+string(p))
	}
	for _, p := range Posts() {
		labels = append(labels, "staff.post."+string(p))
	}
	labels = append(labels, "staff.import.result", "staff.import.rejected", "staff.import.line")
	for _, key := range labels {
		if zh[key] == "" || en[key] == "" {
			t.Errorf("label %s missing", key)
		}
	}
}

// Every message is a valid text/template that renders with the arguments
// the code passes.
func TestLocaleTemplates(t *testing.T) {
	args := map[string]any{"Max": 20, "MaxMB": 16, "Number": 3, "Unit": "县公安局", "Name": "张伟", "StaffNo": "1001",
		"Staff": 2, "Windows": 1, "Column": "phone", "First": 2, "Line": 4, "Value": "x", "Count": 3,
		"Created": 1, "Updated": 1, "Unchanged": 0, "UnitsCreated": 0, "WindowsCreated": 0}
	for _, name := range localeFiles {
		for key, msg := range loadLocale(t, name) {
			tmpl, err := template.New(key).Option("missingkey=error").Parse(msg)
			if err != nil {
				t.Errorf("%s %s: %v", name, key, err)
				continue
			}
			var b strings.Builder
			if err := tmpl.Execute(&b, args); err != nil {
				t.Errorf("%s %s: %v", name, key, err)
			}
		}
	}
}
