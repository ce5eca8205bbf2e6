package ui

// An uploaded file kept between an import's preview and its
// confirmation: the person sees what the file will create and change,
// then confirms, and the same bytes are read and checked again.

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// Limits of the stash.
const (
	stashTTL   = 30 * time.Minute // a preview left longer is uploaded again
	stashFiles = 8                // files kept at once; the oldest goes first
)

// uploadStash keeps uploads in memory by the SHA-256 of their content and
// the user who uploaded them, for stashTTL. A file is never written to
// disk, so nothing is left behind; a restart forgets the stash and the
// page asks for the file again.
type uploadStash struct {
	mu    sync.Mutex
	now   func() time.Time
	files map[string]stashedUpload
}

type stashedUpload struct {
	data    []byte
	name    string
	user    string
	expires time.Time
}

func newUploadStash(now func() time.Time) *uploadStash {
	return &uploadStash{now: now, files: map[string]stashedUpload{}}
}

// put keeps data for user and returns its key (the content's SHA-256).
func (s *uploadStash) put(user, name string, data []byte) string {
	sum := sha256.Sum256(data)
	key := hex.EncodeToString(sum[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for k, f := range s.files {
		if now.After(f.expires) {
			delete(s.files, k)
		}
	}
	for len(s.files) >= stashFiles {
		oldest := ""
		for k, f := range s.files {
			if oldest == "" || f.expires.Before(s.files[oldest].expires) {
				oldest = k
			}
		}
		delete(s.files, oldest)
	}
	s.files[key+"|"+user] = stashedUpload{data: data, name: name, user: user, expires: now.Add(stashTTL)}
	return key
}

// get returns the file user stashed under key, if it has not expired.
func (s *uploadStash) get(user, key string) (data []byte, name string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[key+"|"+user]
	if !ok || s.now().After(f.expires) {
		return nil, "", false
	}
	return f.data, f.name, true
}

// drop forgets the file once it was imported.
func (s *uploadStash) drop(user, key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.files, key+"|"+user)
}
