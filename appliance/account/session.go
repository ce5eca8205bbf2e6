package account

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sort"
	"time"

	"bianmin/appliance/store"
)

const bucketSessions = "sessions"

// SessionTTL is how long an idle session lasts; SessionMaxAge caps a
// session's whole life.
const (
	SessionTTL    = 12 * time.Hour
	SessionMaxAge = 7 * 24 * time.Hour
	touchEvery    = time.Minute // LastSeen is written at most this often
)

// ErrNoSession means the cookie names no live session.
var ErrNoSession = errors.New("no such session")

// Session is a logged-in browser. The store key is the SHA-256 of the
// cookie token, so a copy of the database does not hand out live sessions.
type Session struct {
	Key       string    `json:"key"` // hex SHA-256 of the token
	UserID    uint64    `json:"user_id"`
	CSRF      string    `json:"csrf"`
	CreatedAt time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen"`
	IP        string    `json:"ip"`
	UserAgent string    `json:"user_agent"`
}

func tokenKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// RandomToken returns 32 random bytes in hex.
func RandomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Authenticate returns the session and user behind a cookie token,
// refreshing LastSeen at most once a minute.
func (s *Service) Authenticate(token string) (Session, User, error) {
	if token == "" {
		return Session{}, User{}, ErrNoSession
	}
	key := tokenKey(token)
	var sess Session
	var u User
	err := s.db.View(func(tx *store.Tx) error {
		if err := tx.Get(bucketSessions, []byte(key), &sess); err != nil {
			return ErrNoSession
		}
		var err error
		u, err = getUser(tx, sess.UserID)
		return err
	})
	if err != nil {
		return Session{}, User{}, ErrNoSession
	}
	now := s.now().UTC()
	if u.Disabled || now.Sub(sess.LastSeen) > SessionTTL || now.Sub(sess.CreatedAt) > SessionMaxAge {
		_ = s.Logout(token)
		return Session{}, User{}, ErrNoSession
	}
	if now.Sub(sess.LastSeen) > touchEvery {
		// The session was read in another transaction: a logout, password
		// change or "log out everywhere" may have deleted it since. Touch
		// it only if it is still there, so a revoked session is never
		// written back to life.
		gone := false
		err := s.db.Update(u.Username, func(tx *store.Tx) error {
			var cur Session
			if err := tx.Get(bucketSessions, []byte(key), &cur); err != nil {
				gone = errors.Is(err, store.ErrNotFound)
				return err
			}
			cur.LastSeen = now
			sess = cur
			return tx.Put(bucketSessions, []byte(key), cur)
		})
		if gone {
			return Session{}, User{}, ErrNoSession
		}
		_ = err // a failed touch only delays the idle timeout
	}
	return sess, u, nil
}

// CheckCSRF compares a submitted token with the session's in constant time.
func (sess Session) CheckCSRF(submitted string) bool {
	return submitted != "" && subtle.ConstantTimeCompare([]byte(submitted), []byte(sess.CSRF)) == 1
}

// Logout ends the session behind token.
func (s *Service) Logout(token string) error {
	key := tokenKey(token)
	return s.db.UpdateEssential("system", func(tx *store.Tx) error {
		return tx.Delete(bucketSessions, []byte(key))
	})
}

// Sessions lists a user's sessions, newest first.
func (s *Service) Sessions(userID uint64) ([]Session, error) {
	var out []Session
	err := s.db.View(func(tx *store.Tx) error {
		all, err := store.All[Session](tx, bucketSessions)
		for _, x := range all {
			if x.UserID == userID {
				out = append(out, x)
			}
		}
		return err
	})
	sort.Slice(out, func(i, j int) bool { return out[i].LastSeen.After(out[j].LastSeen) })
	return out, err
}

// LogoutEverywhere ends every session of the user except keepKey (the
// caller's own session key; empty ends all of them).
func (s *Service) LogoutEverywhere(actor string, userID uint64, keepKey string) error {
	return s.db.Update(actor, func(tx *store.Tx) error {
		if err := revokeAll(tx, userID, keepKey); err != nil {
			return err
		}
		return tx.Audit("logout.everywhere", objectName(userID), nil, nil)
	})
}

func revokeAll(tx *store.Tx, userID uint64, keepKey string) error {
	var keys [][]byte
	err := tx.ForEach(bucketSessions, func(k, v []byte) error {
		var x Session
		if err := json.Unmarshal(v, &x); err != nil {
			return err
		}
		if x.UserID == userID && x.Key != keepKey {
			keys = append(keys, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := tx.Delete(bucketSessions, k); err != nil {
			return err
		}
	}
	return nil
}

// SessionKeyOf returns the store key of a cookie token (to keep the current
// session when logging out everywhere else).
func SessionKeyOf(token string) string { return tokenKey(token) }

// ConstantTimeEqual compares two secrets.
func ConstantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// expired reports whether a session is past its life at now.
func (sess Session) expired(now time.Time) bool {
	return now.Sub(sess.LastSeen) > SessionTTL || now.Sub(sess.CreatedAt) > SessionMaxAge
}

// PurgeExpired deletes sessions past their life; run it now and then.
func (s *Service) PurgeExpired() (int, error) {
	now := s.now().UTC()
	n := 0
	err := s.db.Update("system", func(tx *store.Tx) error {
		var keys [][]byte
		err := tx.ForEach(bucketSessions, func(k, v []byte) error {
			var x Session
			if err := json.Unmarshal(v, &x); err == nil && x.expired(now) {
				keys = append(keys, append([]byte(nil), k...))
			}
			return nil
		})
		for _, k := range keys {
			if err := tx.Delete(bucketSessions, k); err != nil {
				return err
			}
		}
		n = len(keys)
		return err
	})
	return n, err
}
