package leave

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestLocale: every problem key has its message in both records locale
// files, and Error() says what records.en.json says.
func TestLocale(t *testing.T) {
	files := map[string]map[string]string{}
	for _, lang := range []string{"zh-CN", "en"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "embedded", "locales", "records."+lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		files[lang] = m
	}
	for key, msg := range englishMessages {
		if files["zh-CN"][key] == "" {
			t.Errorf("%s missing from records.zh-CN.json", key)
		}
		if files["en"][key] != msg {
			t.Errorf("Error() text of %s differs from records.en.json:\n code %q\n json %q", key, msg, files["en"][key])
		}
	}
}
