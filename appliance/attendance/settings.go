package attendance

import (
	"encoding/json"
	"errors"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Settings are a center's attendance settings: the rules it judges by (one
// of the built-in presets, chosen by key, with the center's own numbers)
// and the limits of remedies, objections and duplicate punches. The zero
// value is not usable; DefaultSettings is, and LoadSettings returns it
// until the office saves its own.
type Settings struct {
	// Preset is the center's rules; Preset.Key names the built-in preset it
	// started from (or the center's own key). It must pass Validate.
	Preset Preset `json:"preset"`
	// RemedyQuota is how many remedies (补签) one person may ask for with
	// dates in one month; more are refused when asked for.
	RemedyQuota int `json:"remedy_quota"`
	// RemedyDays: a remedy for a day may be asked for on that day and the
	// next RemedyDays working days, no later.
	RemedyDays int `json:"remedy_days"`
	// ObjectionDays: an objection to a published weekly result must be
	// raised within this many days (of 24 hours) of its publication.
	ObjectionDays int `json:"objection_days"`
	// DedupeSeconds: punches by one person this close together are
	// recorded once.
	DedupeSeconds int       `json:"dedupe_seconds"`
	UpdatedBy     string    `json:"updated_by,omitempty"`
	UpdatedAt     time.Time `json:"updated_at,omitzero"`
}

// Defaults, in one place.
const (
	// DefaultRemedyQuota: three remedies a month (issue #5: the texts ask
	// for a remedy when the clock fails, regulation 003 "如指纹机不能识别
	// 指纹或不能正常工作,请第一时间向中心反映并采取补救措施", but set no
	// number; three is the center's usual allowance).
	DefaultRemedyQuota = 3
	// DefaultRemedyDays: regulation 003 (一) asks for the failure to be
	// reported "第一时间" (at once); three working days leave room for a
	// weekend or a day away without letting a month-old point be remedied.
	DefaultRemedyDays = 3
	// DefaultObjectionDays: regulation 004 五、8 "对公示的考勤结果有异议的,
	// 应在2日内提出,逾期视为无效异议".
	DefaultObjectionDays = 2
)

// Bounds Save enforces.
const (
	MaxRemedyQuota   = 31
	MaxRemedyDays    = 30
	MaxObjectionDays = 14
	MaxDedupeSeconds = 600
)

// DefaultSettings are the settings of a center that has saved none: the
// default preset, DefaultRemedyQuota, DefaultObjectionDays and
// DefaultDedupeWindow.
func DefaultSettings() Settings {
	p, _ := PresetByKey(DefaultPresetKey)
	return Settings{
		Preset:        p,
		RemedyQuota:   DefaultRemedyQuota,
		RemedyDays:    DefaultRemedyDays,
		ObjectionDays: DefaultObjectionDays,
		DedupeSeconds: int(DefaultDedupeWindow / time.Second),
	}
}

// DedupeWindow is DedupeSeconds as a duration.
func (s Settings) DedupeWindow() time.Duration { return time.Duration(s.DedupeSeconds) * time.Second }

// ObjectionWindow is ObjectionDays as a duration.
func (s Settings) ObjectionWindow() time.Duration {
	return time.Duration(s.ObjectionDays) * 24 * time.Hour
}

// WithPreset returns s with the built-in preset key's rules in place of its
// own, or a problem for an unknown key.
func (s Settings) WithPreset(key string) (Settings, error) {
	p, ok := PresetByKey(key)
	if !ok {
		return s, refuse("preset", keyPresetUnknown, map[string]any{"Key": key})
	}
	s.Preset = p
	return s, nil
}

// Validate reports every problem with s as a problem.List: a limit out of
// its range on its own field, and a bad preset as a problem on "preset"
// (records.settings.err.preset) followed by the preset's own problems,
// whose fields are the preset's ("sessions[1].end").
func (s Settings) Validate() error {
	var l problem.List
	for _, r := range []struct {
		field         string
		v, min, limit int
	}{
		{"remedy_quota", s.RemedyQuota, 1, MaxRemedyQuota},
		{"remedy_days", s.RemedyDays, 0, MaxRemedyDays},
		{"objection_days", s.ObjectionDays, 1, MaxObjectionDays},
		{"dedupe_seconds", s.DedupeSeconds, 1, MaxDedupeSeconds},
	} {
		if r.v < r.min || r.v > r.limit {
			l.Add(problem.New(r.field, keySettingsRange, "Field", r.field, "Min", r.min, "Max", r.limit))
		}
	}
	if preset := problem.All(s.Preset.Validate()); len(preset) > 0 {
		l.Add(problem.New("preset", keySettingsPreset))
		l = append(l, preset...)
	}
	return l.Err()
}

const (
	bucketSettings = "attendance.settings"
	settingsKey    = "current"
)

// LoadSettings returns the saved settings, or DefaultSettings when none
// were saved. A limit added after the settings were saved (RemedyDays)
// takes its default.
func LoadSettings(tx *store.Tx) (Settings, error) {
	var s struct {
		Settings
		RemedyDays *int `json:"remedy_days"`
	}
	err := tx.Get(bucketSettings, []byte(settingsKey), &s)
	if errors.Is(err, store.ErrNotFound) {
		return DefaultSettings(), nil
	}
	s.Settings.RemedyDays = DefaultRemedyDays
	if s.RemedyDays != nil {
		s.Settings.RemedyDays = *s.RemedyDays
	}
	return s.Settings, err
}

// LoadSettingsDB is LoadSettings in a read transaction of its own.
func LoadSettingsDB(db *store.DB) (Settings, error) { return store.Read(db, LoadSettings) }

// SaveSettingsDB is SaveSettings in a write transaction of its own, for
// actor.
func SaveSettingsDB(db *store.DB, actor string, s Settings) (Settings, error) {
	return store.Write(db, actor, func(tx *store.Tx) (Settings, error) { return SaveSettings(tx, s) })
}

// SaveSettings validates s and stores it, with an audit entry
// ("attendance.settings" on "settings/attendance", before and after) and an
// outbox record, in tx. Saving what is stored writes nothing.
func SaveSettings(tx *store.Tx, s Settings) (Settings, error) {
	if err := s.Validate(); err != nil {
		return Settings{}, err
	}
	before, err := LoadSettings(tx)
	if err != nil {
		return Settings{}, err
	}
	s.UpdatedBy, s.UpdatedAt = before.UpdatedBy, before.UpdatedAt
	if sameSettings(before, s) {
		return before, nil
	}
	s.UpdatedBy, s.UpdatedAt = tx.Actor(), tx.Now().UTC()
	if err := tx.Put(bucketSettings, []byte(settingsKey), s); err != nil {
		return Settings{}, err
	}
	return s, tx.AuditAndOutbox("attendance.settings", "settings/attendance", "attendance_settings", before, s)
}

// sameSettings compares by JSON form: Preset holds slices.
func sameSettings(a, b Settings) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
