// Package center owns the center's own settings: its name, address and
// phone, shown on every page and printed on every report; the short name
// its documents are numbered with (发文机关代字, "青山便民" in 青山便民〔2026〕
// 12号); and the day attendance went live (启用日期), before which nobody
// is judged. It imports appliance/problem, appliance/civil and
// appliance/store only.
package center

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"bianmin/appliance/civil"
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
	// DocPrefix is the short name that numbers the center's documents
	// (发文机关代字): 青山便民 in 青山便民〔2026〕12号. Empty: derived from
	// the name (DocPrefixOf).
	DocPrefix string `json:"doc_prefix,omitempty"`
	// GoLive is the day attendance went live here (考勤启用日期),
	// YYYY-MM-DD: nobody is judged before it. Empty: the day of the
	// earliest punch stored (attendance.GoLiveTx), which a migration wrote
	// here for a box already in use.
	GoLive string `json:"go_live,omitempty"`
}

// DefaultName is shown until the office sets the center's name.
const DefaultName = "便民服务中心"

// Limits of the fields.
const (
	maxNameRunes      = 60
	maxAddressRunes   = 120
	maxPhoneRunes     = 30
	maxDocPrefixRunes = 12
)

// Service reads and writes the settings.
type Service struct{ db *store.DB }

// New returns the service over db.
func New(db *store.DB) *Service { return &Service{db: db} }

// Get returns the settings, with DefaultName when none is set.
func (s *Service) Get() Settings {
	var out Settings
	_ = s.db.View(func(tx *store.Tx) error { out, _ = GetTx(tx); return nil })
	return out
}

// GetTx returns the settings inside tx, with DefaultName when none is set.
func GetTx(tx *store.Tx) (Settings, error) {
	var out Settings
	err := tx.Get(bucket, []byte(key), &out)
	if errors.Is(err, store.ErrNotFound) {
		err = nil
	}
	if out.Name == "" {
		out.Name = DefaultName
	}
	return out, err
}

// DocumentPrefix is the prefix the center's documents are numbered with:
// DocPrefix, or one made from the name.
func (st Settings) DocumentPrefix() string {
	if st.DocPrefix != "" {
		return st.DocPrefix
	}
	return DocPrefixOf(st.Name)
}

// DocPrefixOf makes a document prefix from a center's name the way
// township offices abbreviate: the place name without 镇/乡/街道, then
// 便民 — 青山镇便民服务中心 → 青山便民. A name it cannot shorten is used
// up to the prefix's length.
func DocPrefixOf(name string) string {
	place, ok := strings.CutSuffix(strings.TrimSpace(name), "便民服务中心")
	if ok && place != "" {
		for _, suffix := range []string{"街道办事处", "街道", "镇", "乡"} {
			if p, cut := strings.CutSuffix(place, suffix); cut && p != "" {
				place = p
				break
			}
		}
		return truncate(place+"便民", maxDocPrefixRunes)
	}
	return truncate(strings.TrimSpace(name), maxDocPrefixRunes)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// Validate trims the fields and checks them; a refusal is a problem
// (appliance/problem) on the field at fault.
func (st *Settings) Validate() error {
	st.Name, st.Address, st.Phone = strings.TrimSpace(st.Name), strings.TrimSpace(st.Address), strings.TrimSpace(st.Phone)
	st.DocPrefix = strings.TrimSpace(st.DocPrefix)
	var l problem.List
	switch {
	case st.Name == "":
		l.Add(problem.New("name", "center.err.name_required"))
	case utf8.RuneCountInString(st.Name) > maxNameRunes:
		l.Add(problem.New("name", "center.err.name_long"))
	}
	if utf8.RuneCountInString(st.Address) > maxAddressRunes {
		l.Add(problem.New("address", "center.err.address_long"))
	}
	if utf8.RuneCountInString(st.Phone) > maxPhoneRunes {
		l.Add(problem.New("phone", "center.err.phone_long"))
	}
	switch {
	case utf8.RuneCountInString(st.DocPrefix) > maxDocPrefixRunes:
		l.Add(problem.New("doc_prefix", "center.err.doc_prefix_long", "Max", maxDocPrefixRunes))
	case strings.ContainsFunc(st.DocPrefix, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("〔〕[]", r)
	}):
		l.Add(problem.New("doc_prefix", "center.err.doc_prefix_chars"))
	}
	var p *problem.Problem
	if st.GoLive, p = civil.Optional("go_live", st.GoLive); p != nil {
		l.Add(p)
	}
	return l.Err()
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
