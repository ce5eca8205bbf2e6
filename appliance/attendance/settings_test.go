package attendance

import (
	"testing"

	"bianmin/appliance/problem"
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
	if err := save(badPreset); !problem.Is(err, "attendance.err.sessions_required") {
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
