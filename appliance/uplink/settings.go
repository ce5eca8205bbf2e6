package uplink

import (
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"net"
	"net/url"
	"strings"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Settings are the box's uplink settings, set at registration with the
// county.
type Settings struct {
	// URL is countyd's address, "https://county.example:8443" (the sender
	// posts to URL + Path).
	URL string `json:"url,omitempty"`
	// CACert is the county's CA certificate (PEM); with none, the system's
	// roots are used.
	CACert string `json:"ca_cert,omitempty"`
	// PinSHA256 pins the county's certificate: the hex SHA-256 of its DER
	// bytes (the CA check is then replaced by the pin).
	PinSHA256 string `json:"pin_sha256,omitempty"`
	// AllowHTTP: the county allows plain HTTP on the government extranet
	// (batches are signed either way). Loopback addresses always may.
	AllowHTTP bool `json:"allow_http,omitempty"`
	// FullIDs: the county allows citizens' ID numbers in full; by default
	// they travel masked (MaskID).
	FullIDs bool `json:"full_ids,omitempty"`
	// WarnDays is how many days without an upload the dashboard allows
	// before it warns; 0: DefaultWarnDays.
	WarnDays int `json:"warn_days,omitempty"`
}

// DefaultWarnDays is the dashboard's warning threshold when none is set.
const DefaultWarnDays = 3

func (s Settings) warnDays() int {
	if s.WarnDays <= 0 {
		return DefaultWarnDays
	}
	return s.WarnDays
}

// Settings reads the box's uplink settings.
func (b *Box) Settings() (Settings, error) {
	var s Settings
	err := b.db.View(func(tx *store.Tx) error {
		err := tx.Get(bucketState, []byte(keySettings), &s)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	})
	return s, err
}

// SaveSettings checks and stores the settings.
func (b *Box) SaveSettings(actor string, s Settings) error {
	if err := s.Check(); err != nil {
		return err
	}
	return b.db.Update(actor, func(tx *store.Tx) error {
		var before Settings
		if err := tx.Get(bucketState, []byte(keySettings), &before); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := tx.Audit("uplink.settings", "settings/uplink", before.summary(), s.summary()); err != nil {
			return err
		}
		return tx.Put(bucketState, []byte(keySettings), s)
	})
}

// summary is what the audit entry records (the certificate by its size).
func (s Settings) summary() map[string]any {
	return map[string]any{"url": s.URL, "ca_cert": len(s.CACert) > 0, "pin_sha256": s.PinSHA256,
		"allow_http": s.AllowHTTP, "full_ids": s.FullIDs, "warn_days": s.WarnDays}
}

// Check refuses settings the sender could not use.
func (s Settings) Check() error {
	s.URL = strings.TrimSpace(s.URL)
	if s.URL != "" {
		if err := CheckURL(s.URL, s.AllowHTTP); err != nil {
			return err
		}
	}
	if s.CACert != "" {
		if _, err := certPool(s.CACert); err != nil {
			return problem.New("ca_cert", "uplink.err.ca_cert")
		}
	}
	if s.PinSHA256 != "" {
		if b, err := hex.DecodeString(normalPin(s.PinSHA256)); err != nil || len(b) != 32 {
			return problem.New("pin_sha256", "uplink.err.pin")
		}
	}
	if s.WarnDays < 0 || s.WarnDays > 365 {
		return problem.New("warn_days", "uplink.err.warn_days")
	}
	return nil
}

// normalPin accepts a pin as hex with or without colons, any case.
func normalPin(p string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(p), ":", ""))
}

// CheckURL refuses a county address the sender may not post to: not
// http(s), or plain HTTP to a host that is not a loopback address unless
// the county allows it (allowHTTP).
func CheckURL(raw string, allowHTTP bool) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return problem.New("url", "uplink.err.url", "URL", raw)
	}
	if u.Scheme == "http" && !allowHTTP && !loopback(u.Hostname()) {
		return problem.New("url", "uplink.err.plain_http", "URL", raw)
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func certPool(pemText string) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	rest := []byte(pemText)
	n := 0
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		pool.AddCert(c)
		n++
	}
	if n == 0 {
		return nil, errors.New("no certificate in the PEM text")
	}
	return pool, nil
}
