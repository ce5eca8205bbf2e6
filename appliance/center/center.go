// Package center owns the center's own settings: its name, address and
// phone, shown on every page and printed on every report. It imports
// appliance/problem and appliance/store only.
package center

import (
	"strings"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

const (
	bucket = "center"
	key    = "settings"
)

// Settings describe the service center this box runs.
type Settings struct {
	Name    string `json:"name"`    // 中心名称, e.g. 某某镇便民服务中心
	Address string `json:"address"` // 地址
	Phone   string `json:"phone"`   // 联系电话
}

// DefaultName is shown until the office sets the center's name.
const DefaultName = "便民服务中心"

// Service reads and writes the settings.
type Service struct{ db *store.DB }

// New returns the service over db.
func New(db *store.DB) *Service { return &Service{db: db} }

// Get returns the settings, with DefaultName when none is set.
func (s *Service) Get() Settings {
	var out Settings
	_ = s.db.View(func(tx *store.Tx) error { return tx.Get(bucket, []byte(key), &out) })
	if out.Name == "" {
		out.Name = DefaultName
	}
	return out
}

// Validate trims the fields and checks them; a refusal is a problem
// (appliance/problem) on the field at fault.
func (st *Settings) Validate() error {
	st.Name, st.Address, st.Phone = strings.TrimSpace(st.Name), strings.TrimSpace(st.Address), strings.TrimSpace(st.Phone)
	switch {
	case st.Name == "":
		return problem.New("name", "center.err.name_required")
	case utf8.RuneCountInString(st.Name) > 60:
		return problem.New("name", "center.err.name_long")
	case utf8.RuneCountInString(st.Address) > 120:
		return problem.New("address", "center.err.address_long")
	case utf8.RuneCountInString(st.Phone) > 30:
		return problem.New("phone", "center.err.phone_long")
	}
	return nil
}

// Update validates and stores the settings, with audit and outbox entries.
func (s *Service) Update(actor string, st Settings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.db.Update(actor, func(tx *store.Tx) error { return UpdateTx(tx, st) })
}

// UpdateTx stores already-validated settings inside tx.
func UpdateTx(tx *store.Tx, st Settings) error {
	var before Settings
	if err := tx.Get(bucket, []byte(key), &before); err != nil && err != store.ErrNotFound {
		return err
	}
	if err := tx.Put(bucket, []byte(key), st); err != nil {
		return err
	}
	if err := tx.Audit("center.update", "center", before, st); err != nil {
		return err
	}
	return tx.Outbox("center", st)
}
