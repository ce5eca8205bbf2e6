package button_test

import (
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"text/template"

	"bianmin/hw/button"
)

func loadLocale(t *testing.T, lang string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "embedded", "locales", "button."+lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("button.%s.json: %v", lang, err)
	}
	return m
}

// keysInSource returns every "button.err." string literal in the
// package's Go files (tests excluded).
func keysInSource(t *testing.T) map[string]bool {
	t.Helper()
	files, _ := filepath.Glob("*.go")
	keys := map[string]bool{}
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
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && strings.HasPrefix(s, "button.err.") {
					keys[s] = true
				}
			}
			return true
		})
	}
	if len(keys) < 25 {
		t.Fatalf("found only %d keys in the source; the scan is broken", len(keys))
	}
	return keys
}

// Every key the code uses is in both languages, both files have the same
// keys, and every refusal renders in both languages with the arguments
// the code really passes (a placeholder the code does not fill fails).
func TestLocale(t *testing.T) {
	zh, en := loadLocale(t, "zh-CN"), loadLocale(t, "en")
	for k := range zh {
		if en[k] == "" {
			t.Errorf("%s: in zh-CN, missing in en", k)
		}
	}
	for k := range en {
		if zh[k] == "" {
			t.Errorf("%s: in en, missing in zh-CN", k)
		}
	}
	for _, l := range button.Levels() {
		if zh[l.LocaleKey()] == "" {
			t.Errorf("level %s has no text (%s)", l, l.LocaleKey())
		}
	}
	for _, k := range []button.Kind{button.KindRating, button.KindTicket} {
		if zh["button.kind."+string(k)] == "" {
			t.Errorf("kind %s has no text", k)
		}
	}
	used := keysInSource(t)
	rendered := map[string]bool{}
	for _, tc := range refusals() {
		m := oneWindow()
		tc.change(&m)
		var errs button.ConfigErrors
		if !errors.As(m.Validate(), &errs) {
			t.Fatalf("%s: no errors", tc.rule)
		}
		for _, e := range errs {
			for lang, msgs := range map[string]map[string]string{"zh-CN": zh, "en": en} {
				msg, ok := msgs[e.Key]
				if !ok {
					t.Errorf("%s: key %s missing", lang, e.Key)
					continue
				}
				tmpl, err := template.New(e.Key).Option("missingkey=error").Parse(msg)
				if err == nil {
					err = tmpl.Execute(&strings.Builder{}, e.Args)
				}
				if err != nil {
					t.Errorf("%s %s with %v: %v", lang, e.Key, e.Args, err)
				}
			}
			rendered[e.Key] = true
		}
	}
	for k := range used {
		if zh[k] == "" || en[k] == "" {
			t.Errorf("key %s is used in code but missing from a locale file", k)
		}
		if !rendered[k] {
			t.Errorf("key %s is never produced by the refusal table; add a row", k)
		}
	}
}
