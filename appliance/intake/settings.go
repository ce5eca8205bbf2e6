package intake

import (
	"errors"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Settings are the intake's settings.
type Settings struct {
	// FullIDAllowed: the county allows full ID numbers in the uploads and
	// in exports for other units. Off by default: they carry the masked
	// number. Lists, logs and status pages are always masked.
	FullIDAllowed bool `json:"full_id_allowed"`
	// DueSoonDays: a case due within so many working days is "due soon"
	// (amber on the dashboard).
	DueSoonDays int `json:"due_soon_days"`
}

// DefaultDueSoonDays is the default of Settings.DueSoonDays.
const DefaultDueSoonDays = 2

const (
	bucketSettings = "intake.settings"
	keySettings    = "settings"
)

func settingsTx(tx *store.Tx) (Settings, error) {
	set, err := store.GetAs[Settings](tx, bucketSettings, []byte(keySettings))
	if errors.Is(err, store.ErrNotFound) {
		err = nil
	}
	if set.DueSoonDays <= 0 {
		set.DueSoonDays = DefaultDueSoonDays
	}
	return set, err
}

// Settings reads the settings (defaults when never saved).
func (s *Service) Settings() (Settings, error) {
	return store.Read(s.db, settingsTx)
}

// SaveSettings stores the settings, office only.
func (s *Service) SaveSettings(a Actor, set Settings) (Settings, error) {
	if !a.Office() {
		return Settings{}, problem.New("", errNotOffice)
	}
	if set.DueSoonDays < 1 || set.DueSoonDays > 30 {
		return Settings{}, problem.New("due_soon_days", errDays, "Max", 30)
	}
	return store.Write(s.db, a.Name, func(tx *store.Tx) (Settings, error) {
		before, err := settingsTx(tx)
		if err != nil {
			return Settings{}, err
		}
		if err := tx.Put(bucketSettings, []byte(keySettings), set); err != nil {
			return Settings{}, err
		}
		return set, tx.AuditAndOutbox("intake.settings", "intake/settings", "intake.settings", before, set)
	})
}
