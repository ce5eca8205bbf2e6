package ui

// The store's condition on every page: a damaged database or a nearly full
// SD card shows as a banner to everyone signed in, and a write the store
// refused for either shows its plain message ("存储空间不足，请联系技术员")
// with a status that says so, never a bare 500.

import (
	"errors"
	"net/http"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// storeBanners warns on every page when the store is damaged or the
// storage is nearly full; technicians and the office are told where to
// look.
func (a *App) storeBanners(v *view) []string {
	var out []string
	if a.DB.Health().State == store.StateDamaged {
		key := "store.banner.damaged"
		if v.Has("technician", "office") {
			key = "store.banner.damaged_tech"
		}
		out = append(out, v.T(key))
	}
	if s := a.DB.Space(); s.Low && v.User != nil {
		out = append(out, v.T("store.banner.disk_full", "FreeMB", s.Free>>20))
	}
	return out
}

// storeRefusal is the status and message of an error the store refused a
// request with (damaged, out of space, a backup already being copied);
// ok is false for any other error.
func storeRefusal(err error) (status int, key string, ok bool) {
	switch {
	case errors.Is(err, store.ErrDamaged):
		return http.StatusServiceUnavailable, store.KeyDamaged, true
	case errors.Is(err, store.ErrDiskFull):
		return http.StatusInsufficientStorage, store.KeyDiskFull, true
	case problem.Is(err, store.KeyBusy):
		return http.StatusTooManyRequests, store.KeyBusy, true
	}
	return 0, "", false
}
