package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"bianmin/appliance/locale"
	"bianmin/embedded"
)

// TestLocalesComplete fails when a key exists in one language and not the
// other.
func TestLocalesComplete(t *testing.T) {
	cat, err := locale.Load(embedded.FS)
	if err != nil {
		t.Fatal(err)
	}
	for lang, keys := range cat.Missing() {
		for _, k := range keys {
			t.Errorf("locale %s lacks key %q", lang, k)
		}
	}
}

// keyUse matches literal locale keys in templates ({{.T "a.b"}},
// {{$.T "a.b"}}, "Label" "a.b") and in Go code (fieldError, flash,
// newView, NewHTTPError messages).
var (
	tmplKeyRE = regexp.MustCompile(`\.T "([a-z_]+(?:\.[a-zA-Z0-9_]+)+)"|"(?:Label|Hint)" "([a-z_]+(?:\.[a-zA-Z0-9_]+)+)"`)
	goKeyRE   = regexp.MustCompile(`"((?:err|login|password|sessions|dashboard|settings|center|devices|sim|audit|account|staff|nav|layout|role)\.[a-z0-9_.]+)"`)
)

// TestUsedKeysExist fails when a template or handler names a key that no
// locale file defines (it would show as the bare key).
func TestUsedKeysExist(t *testing.T) {
	cat, err := locale.Load(embedded.FS)
	if err != nil {
		t.Fatal(err)
	}
	check := func(where, key string) {
		if strings.HasSuffix(key, ".") {
			return // a prefix completed at run time, e.g. "devices.state."+state
		}
		if !cat.HasKey(key) {
			t.Errorf("%s uses locale key %q, which no locale file defines", where, key)
		}
	}
	err = fs.WalkDir(embedded.FS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(embedded.FS, p)
		for _, m := range tmplKeyRE.FindAllStringSubmatch(string(b), -1) {
			check(p, m[1]+m[2])
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goKeyRE.FindAllStringSubmatch(string(b), -1) {
			check(f, m[1])
		}
	}
}

func TestCatalogFillsArguments(t *testing.T) {
	cat, err := locale.Load(embedded.FS)
	if err != nil {
		t.Fatal(err)
	}
	if got := cat.T("zh-CN", "err.code", map[string]any{"Code": 404}); got != "错误代码 404" {
		t.Errorf("zh-CN err.code = %q", got)
	}
	if got := cat.T("en", "err.code", map[string]any{"Code": 404}); got != "Error code 404" {
		t.Errorf("en err.code = %q", got)
	}
	if got := cat.T("en", "no.such.key", nil); got != "no.such.key" {
		t.Errorf("missing key shows %q, want the key itself", got)
	}
}
