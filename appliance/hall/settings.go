package hall

import (
	"errors"
	"strings"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// VoiceMode is how the hall display speaks a call.
type VoiceMode string

// The voice modes.
const (
	// VoiceAuto uses the browser's speech synthesis when it has a zh-CN
	// voice (Windows PCs do, offline), the shipped clips otherwise.
	VoiceAuto VoiceMode = "auto"
	// VoiceClips always plays the shipped clips (one voice on every screen).
	VoiceClips VoiceMode = "clips"
	// VoiceOff is silent: the chime and the call are not played.
	VoiceOff VoiceMode = "off"
)

// VoiceModes lists the modes in the order the settings form offers them.
func VoiceModes() []VoiceMode { return []VoiceMode{VoiceAuto, VoiceClips, VoiceOff} }

// Valid reports whether m is one of VoiceModes.
func (m VoiceMode) Valid() bool { return m == VoiceAuto || m == VoiceClips || m == VoiceOff }

// Settings are the hall display's, edited by the office (设置 › 大厅屏).
// How many past calls it lists is the queue's setting (appliance/queue).
type Settings struct {
	Voice  VoiceMode `json:"voice"`
	Volume int       `json:"volume"` // percent, 0..100
	Repeat int       `json:"repeat"` // each call is said 1..MaxRepeat times
	// Notices are the center's notices (中心公告), one short line each,
	// shown in turn at the foot of the display.
	Notices []string `json:"notices,omitempty"`
}

// Limits and defaults.
const (
	MaxNotices     = 5
	MaxNoticeRunes = 80
	defaultVolume  = 80
	defaultRepeat  = 2
	bucketSettings = "hall"
	keySettings    = "settings"
	auditObject    = "hall/settings"
	outboxSettings = "hall_settings"
)

// DefaultSettings are the settings until the office saves its own.
func DefaultSettings() Settings {
	return Settings{Voice: VoiceAuto, Volume: defaultVolume, Repeat: defaultRepeat}
}

// Validate trims the notices (dropping empty lines) and checks every
// field; a refusal is a problem on the field at fault.
func (st *Settings) Validate() error {
	var l problem.List
	if !st.Voice.Valid() {
		l.Add(problem.New("voice", "hall.err.voice"))
	}
	if st.Volume < 0 || st.Volume > 100 {
		l.Add(problem.New("volume", "hall.err.volume"))
	}
	if st.Repeat < 1 || st.Repeat > MaxRepeat {
		l.Add(problem.New("repeat", "hall.err.repeat", "Max", MaxRepeat))
	}
	var notices []string
	for _, n := range st.Notices {
		if n = strings.Join(strings.Fields(n), " "); n != "" {
			notices = append(notices, n)
		}
	}
	st.Notices = notices
	switch {
	case len(notices) > MaxNotices:
		l.Add(problem.New("notices", "hall.err.notices_many", "Max", MaxNotices))
	default:
		for _, n := range notices {
			if utf8.RuneCountInString(n) > MaxNoticeRunes {
				l.Add(problem.New("notices", "hall.err.notice_long", "Max", MaxNoticeRunes))
				break
			}
		}
	}
	return l.Err()
}

// Service reads and writes the hall display's settings.
type Service struct{ db *store.DB }

// New returns the service over db.
func New(db *store.DB) *Service { return &Service{db: db} }

// Get returns the settings, DefaultSettings until some are saved.
func (s *Service) Get() (Settings, error) {
	return store.Read(s.db, GetTx)
}

// GetTx returns the settings inside tx.
func GetTx(tx *store.Tx) (Settings, error) {
	st := DefaultSettings()
	err := tx.Get(bucketSettings, []byte(keySettings), &st)
	if errors.Is(err, store.ErrNotFound) {
		return DefaultSettings(), nil
	}
	return st, err
}

// Update validates and stores the settings, with audit and outbox entries.
func (s *Service) Update(actor string, st Settings) (Settings, error) {
	if err := st.Validate(); err != nil {
		return Settings{}, err
	}
	return store.Write(s.db, actor, func(tx *store.Tx) (Settings, error) {
		before, err := GetTx(tx)
		if err != nil {
			return Settings{}, err
		}
		if err := tx.Put(bucketSettings, []byte(keySettings), st); err != nil {
			return Settings{}, err
		}
		if err := tx.Audit("hall.settings", auditObject, before, st); err != nil {
			return Settings{}, err
		}
		return st, tx.Outbox(outboxSettings, st)
	})
}
