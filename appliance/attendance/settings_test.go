package attendance

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

	"bianmin/appliance/store"
)

// TestSettingsDefaults: one place for every default — the standard preset
// (regulation 000), 3 remedies a month (issue #5), objections within 2 days
// (regulation 004 五、8), 60 s dedupe.
func TestSettingsDefaults(t *testing.T) {
	f := newFixture(t)
	s, err := LoadSettingsDB(f.db)
	if err != nil {
		t.Fatal(err)
	}
	if s.Preset.Key != "standard" || s.RemedyQuota != 3 || s.ObjectionDays != 2 || s.DedupeWindow() != DefaultDedupeWindow {
		t.Fatalf("defaults = %+v", s)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
}

func TestSaveSettings(t *testing.T) {
	f := newFixture(t)
	save := func(s Settings) error {
		return f.db.Update("office", func(tx *store.Tx) error { _, err := SaveSettings(tx, s); return err })
	}
	cb, _ := DefaultSettings().WithPreset("county-b")
	if _, err := DefaultSettings().WithPreset("lenient"); problemKey(err) != keyPresetUnknown {
		t.Errorf("unknown preset: %v", err)
	}
	badPreset := DefaultSettings()
	badPreset.Preset.Sessions = nil
	cases := []struct {
		name string
		edit func(*Settings)
		want string
	}{
		{"quota 0 would forbid every remedy", func(s *Settings) { s.RemedyQuota = 0 }, keySettingsRange},
		{"objection window of 15 days", func(s *Settings) { s.ObjectionDays = 15 }, keySettingsRange},
		{"no dedupe window", func(s *Settings) { s.DedupeSeconds = 0 }, keySettingsRange},
		{"preset without sessions", func(s *Settings) { *s = badPreset }, keySettingsPreset},
		{"county-b with a 30-minute grace", func(s *Settings) { *s = cb; s.Preset.LateGraceMinutes = 30 }, ""},
	}
	for _, tc := range cases {
		s := DefaultSettings()
		tc.edit(&s)
		if err := save(s); problemKey(err) != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	var pe *PresetError
	if err := save(badPreset); !errors.As(err, &pe) || !pe.Has("attendance.err.sessions_required") {
		t.Errorf("bad preset: %v, want the preset's own problems too", err)
	}
	got, _ := LoadSettingsDB(f.db)
	if got.Preset.Key != "county-b" || got.Preset.LateGraceMinutes != 30 || got.UpdatedBy != "office" {
		t.Fatalf("stored = %+v", got)
	}
	n := len(mustValue(f.db.AuditEntries("settings/", 100)))
	if err := save(got); err != nil || len(mustValue(f.db.AuditEntries("settings/", 100))) != n {
		t.Errorf("saving the same settings again wrote an audit entry (%v)", err)
	}
	checkTrail(t, f.db, "attendance.settings")
}

func mustValue[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func loadRecordsLocale(t *testing.T, lang string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "embedded", "locales", "records."+lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestRecordsLocale: every records.* key the package uses is in both
// locale files, Error() says what records.en.json says, and every message
// renders (STYLE.md "a test fails when a key is missing in any language").
func TestRecordsLocale(t *testing.T) {
	zh, en := loadRecordsLocale(t, "zh-CN"), loadRecordsLocale(t, "en")
	fset := token.NewFileSet()
	files, _ := filepath.Glob("*.go")
	used := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if s, _ := strconv.Unquote(lit.Value); strings.HasPrefix(s, "records.") {
				used++
				if zh[s] == "" || en[s] == "" {
					t.Errorf("key %s is missing from a records locale file", s)
				}
			}
			return true
		})
	}
	if used < 40 {
		t.Fatalf("found %d keys in the source; the scan is broken", used)
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("%s is in zh-CN but not en", k)
		}
	}
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("%s is in en but not zh-CN", k)
		}
	}
	for k, msg := range recordMessages {
		if en[k] != msg {
			t.Errorf("Error() text of %s differs from records.en.json:\n code %q\n json %q", k, msg, en[k])
		}
	}
	args := map[string]any{"Name": "王建国", "StaffNo": "QS001", "Max": 3, "Used": 3, "Month": "2026-03", "Date": "2026-03-02",
		"Point": "morning_in", "Points": "morning_in", "Status": "approved", "Start": "09:00", "End": "10:00", "MaxHours": 12,
		"Days": 2, "Published": "2026-03-02 09:00", "WeekStart": "2026-02-23", "WeekEnd": "2026-03-01", "ID": 7, "Field": "f",
		"Min": 1, "Key": "x", "Time": "08:00", "Line": 2, "First": 1, "MaxMB": 4, "Column": "c", "Want": 5, "Got": 4, "Count": 2, "Value": "v"}
	for lang, m := range map[string]map[string]string{"zh-CN": zh, "en": en} {
		for k, msg := range m {
			tmpl, err := template.New(k).Option("missingkey=error").Parse(msg)
			if err == nil {
				err = tmpl.Execute(&strings.Builder{}, args)
			}
			if err != nil {
				t.Errorf("%s %s: %v", lang, k, err)
			}
		}
	}
}
