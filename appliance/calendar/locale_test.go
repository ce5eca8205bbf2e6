package calendar

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"
)

var localeLangs = []string{"zh-CN", "en"}

func loadLocale(t *testing.T, lang string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "embedded", "locales", "calendar."+lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("calendar.%s.json: %v", lang, err)
	}
	return m
}

// keysInSource returns the string literals in the package's non-test files
// that look like its locale keys.
func keysInSource(t *testing.T) map[string]bool {
	t.Helper()
	files, _ := filepath.Glob("*.go")
	keys := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && strings.HasPrefix(s, "calendar.") && strings.Contains(s, ".err.") {
					keys[s] = true
				}
			}
			return true
		})
	}
	if len(keys) < 20 {
		t.Fatalf("found only %d keys in the source; the scan is broken", len(keys))
	}
	return keys
}

func TestLocaleKeys(t *testing.T) {
	zh, en := loadLocale(t, "zh-CN"), loadLocale(t, "en")
	for key := range zh {
		if _, ok := en[key]; !ok {
			t.Errorf("%s is in zh-CN but not en", key)
		}
		if !strings.HasPrefix(key, "calendar.") {
			t.Errorf("%s: calendar keys start with calendar.", key)
		}
	}
	for key := range en {
		if _, ok := zh[key]; !ok {
			t.Errorf("%s is in en but not zh-CN", key)
		}
	}
	for key := range keysInSource(t) {
		if zh[key] == "" || en[key] == "" {
			t.Errorf("key %s used in code is missing from a locale file", key)
		}
		if _, ok := englishMessages[key]; !ok {
			t.Errorf("key %s used in code has no English message for Error()", key)
		}
	}
	for key, msg := range englishMessages {
		if en[key] != msg {
			t.Errorf("Error() text of %s differs from calendar.en.json:\n code %q\n json %q", key, msg, en[key])
		}
	}
	files := map[string]map[string]string{"zh-CN": zh, "en": en}
	for _, lang := range localeLangs {
		for _, k := range []Kind{KindWorkday, KindWeekend, KindHoliday, KindMakeup} {
			if got, want := k.Label(lang), files[lang]["calendar.kind."+string(k)]; got != want || got == "" {
				t.Errorf("%s kind %s: code %q, locale %q", lang, k, got, want)
			}
		}
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			key := "calendar.weekday." + strings.ToLower(wd.String()[:3])
			if got, want := WeekdayLabel(wd, lang), files[lang][key]; got != want || got == "" {
				t.Errorf("%s %s: code %q, locale %q", lang, key, got, want)
			}
		}
	}
	if want := "2027 年的节假日安排尚未导入，请在 设置 → 日历 中导入国务院通知"; render(t, zh["calendar.missing_year"], map[string]any{"Year": 2027}) != want {
		t.Errorf("calendar.missing_year renders %q, want %q", render(t, zh["calendar.missing_year"], map[string]any{"Year": 2027}), want)
	}
}

// Every message is a valid template that renders with the arguments the
// code passes.
func TestLocaleTemplates(t *testing.T) {
	args := map[string]any{"Year": 2027, "N": 16, "Date": "2027-02-06", "Max": 40, "MaxKB": 64, "Min": 2000,
		"Value": "x", "First": 3, "Got": 2026, "Other": 2026, "Line": 4, "Count": 2, "Holidays": 15, "Workdays": 2,
		"Label": "2026年2月14日（周六，调休上班）"}
	for _, lang := range localeLangs {
		for _, msg := range loadLocale(t, lang) {
			render(t, msg, args)
		}
	}
}

func render(t *testing.T, msg string, args map[string]any) string {
	t.Helper()
	tmpl, err := template.New("").Option("missingkey=error").Parse(msg)
	if err != nil {
		t.Errorf("%q: %v", msg, err)
		return ""
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, args); err != nil {
		t.Errorf("%q: %v", msg, err)
	}
	return b.String()
}
