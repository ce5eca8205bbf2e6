package escpos

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
)

// TestLocaleKeys: every key the driver hands the UI (Errors, the ready and
// unknown keys) has a text in both languages in
// embedded/locales/printer.*.json, each {{.Arg}} a text uses is one the
// driver fills, and the files hold no escpos.* key the driver never uses.
func TestLocaleKeys(t *testing.T) {
	used := map[string]map[string]bool{StatusReadyKey: {}, StatusUnknownKey: {}}
	for _, e := range Errors() {
		used[e.Key] = map[string]bool{}
	}
	used[ErrNoGlyph.Key]["Chars"] = true
	used[ErrQRTooLong.Key]["Bytes"] = true
	for _, lang := range []string{"zh-CN", "en"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "embedded", "locales", "printer."+lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("printer.%s.json: %v", lang, err)
		}
		for key, args := range used {
			text, ok := m[key]
			if !ok || strings.TrimSpace(text) == "" {
				t.Errorf("printer.%s.json: no text for %s", lang, key)
				continue
			}
			tmpl, err := template.New(key).Option("missingkey=error").Parse(text)
			if err != nil {
				t.Errorf("printer.%s.json %s: %v", lang, key, err)
				continue
			}
			data := map[string]any{}
			for a := range args {
				data[a] = "x"
			}
			if err := tmpl.Execute(new(strings.Builder), data); err != nil {
				t.Errorf("printer.%s.json %s uses an argument the driver does not fill: %v", lang, key, err)
			}
		}
		for key := range m {
			if strings.HasPrefix(key, "escpos.") && used[key] == nil {
				t.Errorf("printer.%s.json: %s is not a key of the driver", lang, key)
			}
		}
	}
}
