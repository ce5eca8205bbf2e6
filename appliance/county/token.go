package county

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// API tokens: the county's other systems read records through the pull
// API with a bearer token a county admin made. The store keeps only the
// token's SHA-256 (a copy of the file hands out no live token); the token
// itself is shown once, when it is made.
//
//	county.tokens        IDKey(id)   → Token
//	county.token_by_hash sha256(hex) → IDKey(id)
const (
	bucketTokens      = "county.tokens"
	bucketTokenByHash = "county.token_by_hash"
)

// tokenPrefix starts every token (so that one pasted in the wrong place is
// recognisable).
const tokenPrefix = "cty_"

// Token is an API token as the county keeps it.
type Token struct {
	ID        uint64   `json:"id"`
	Name      string   `json:"name"`
	Townships []uint64 `json:"townships,omitempty"` // the boxes it may read; none: all
	// Hint is the token's first characters, to tell tokens apart.
	Hint      string    `json:"hint"`
	Hash      string    `json:"hash"`
	Created   time.Time `json:"created"`
	CreatedBy string    `json:"created_by"`
	LastUsed  time.Time `json:"last_used,omitzero"`
	Calls     uint64    `json:"calls"`
	Revoked   time.Time `json:"revoked,omitzero"`
	RevokedBy string    `json:"revoked_by,omitempty"`
}

// Active says whether the token still opens the API.
func (t Token) Active() bool { return t.Revoked.IsZero() }

// Scope is what the token may read.
func (t Token) Scope() Scope {
	if len(t.Townships) == 0 {
		return AllTownships()
	}
	return OnlyTownships(t.Townships...)
}

// summary is what the audit log keeps of a token: never its hash.
func (t Token) summary() map[string]any {
	return map[string]any{"name": t.Name, "townships": t.Townships, "hint": t.Hint, "revoked": !t.Revoked.IsZero()}
}

// Refusals of the API's token check.
var (
	ErrTokenMissing = problem.New("token", "county.api.err.token_missing")
	ErrTokenUnknown = problem.New("token", "county.api.err.token_unknown")
	ErrTokenRevoked = problem.New("token", "county.api.err.token_revoked")
)

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes an API token named name that may read the given
// townships (none: all). It returns the token as stored and the secret,
// which is not kept and cannot be shown again.
func (c *County) CreateToken(actor, name string, townships []uint64) (Token, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 60 {
		return Token{}, "", problem.New("name", "county.tokens.err.name")
	}
	townships = slices.Clone(townships)
	slices.Sort(townships)
	townships = slices.Compact(townships)
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return Token{}, "", err
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	t, err := store.Write(c.db, actor, func(tx *store.Tx) (Token, error) {
		for _, id := range townships {
			if err := tx.Get(bucketBoxes, store.IDKey(id), &Box{}); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return Token{}, problem.New("townships", "county.err.no_township")
				}
				return Token{}, err
			}
		}
		id, err := tx.NextID(bucketTokens)
		if err != nil {
			return Token{}, err
		}
		t := Token{ID: id, Name: name, Townships: townships, Hint: secret[:len(tokenPrefix)+6], Hash: hashToken(secret),
			Created: tx.Now().UTC(), CreatedBy: actor}
		if err := tx.Put(bucketTokens, store.IDKey(id), t); err != nil {
			return Token{}, err
		}
		b, err := tx.Bucket(bucketTokenByHash)
		if err != nil {
			return Token{}, err
		}
		if err := b.Put([]byte(t.Hash), store.IDKey(id)); err != nil {
			return Token{}, err
		}
		return t, tx.Audit("county.token_create", tokenObject(id), nil, t.summary())
	})
	if err != nil {
		return Token{}, "", err
	}
	return t, secret, nil
}

func tokenObject(id uint64) string { return fmt.Sprintf("token/%d", id) }

// RevokeToken revokes a token: from the next call on it gets 401.
func (c *County) RevokeToken(actor string, id uint64) (Token, error) {
	return store.Write(c.db, actor, func(tx *store.Tx) (Token, error) {
		var t Token
		if err := tx.Get(bucketTokens, store.IDKey(id), &t); err != nil {
			return Token{}, err
		}
		if !t.Active() {
			return t, nil
		}
		before := t.summary()
		t.Revoked, t.RevokedBy = tx.Now().UTC(), actor
		if err := tx.Put(bucketTokens, store.IDKey(id), t); err != nil {
			return Token{}, err
		}
		return t, tx.Audit("county.token_revoke", tokenObject(id), before, t.summary())
	})
}

// Tokens lists the tokens, newest first.
func (c *County) Tokens() ([]Token, error) {
	ts, err := store.Read(c.db, func(tx *store.Tx) ([]Token, error) { return store.All[Token](tx, bucketTokens) })
	sort.Slice(ts, func(i, j int) bool { return ts[i].ID > ts[j].ID })
	return ts, err
}

// TokenBySecret is the token behind a bearer secret: ErrTokenMissing,
// ErrTokenUnknown or ErrTokenRevoked when it opens nothing.
func (c *County) TokenBySecret(secret string) (Token, error) {
	if secret == "" {
		return Token{}, ErrTokenMissing
	}
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 100 {
		return Token{}, ErrTokenUnknown
	}
	h := hashToken(secret)
	return store.Read(c.db, func(tx *store.Tx) (Token, error) {
		b, _ := tx.Bucket(bucketTokenByHash)
		if b == nil {
			return Token{}, ErrTokenUnknown
		}
		id := b.Get([]byte(h))
		if id == nil {
			return Token{}, ErrTokenUnknown
		}
		var t Token
		if err := tx.Get(bucketTokens, id, &t); err != nil {
			return Token{}, err
		}
		if !t.Active() {
			return t, ErrTokenRevoked
		}
		return t, nil
	})
}

// APICall is one call of the pull API as the audit log keeps it.
type APICall struct {
	Token  uint64            `json:"token"`
	Name   string            `json:"name"`
	Route  string            `json:"route"`
	Params map[string]string `json:"params,omitempty"`
	Count  int               `json:"count"`
	Status int               `json:"status"`
}

// AuditCall records one API call (the token, route, parameters and how
// many records it returned) and the token's last use, in one write.
func (c *County) AuditCall(call APICall) error {
	return c.db.Update(fmt.Sprintf("token:%d", call.Token), func(tx *store.Tx) error {
		var t Token
		if err := tx.Get(bucketTokens, store.IDKey(call.Token), &t); err != nil {
			return err
		}
		t.LastUsed = tx.Now().UTC()
		t.Calls++
		if err := tx.Put(bucketTokens, store.IDKey(t.ID), t); err != nil {
			return err
		}
		return tx.Audit("county.api_call", tokenObject(t.ID), nil, call)
	})
}

// Rate limit of the pull API, per token: a bucket of APIBurst calls
// refilled at APIRate a second.
const (
	APIRate  = 5.0
	APIBurst = 20.0
)

// RateLimiter limits the calls of each token (a token bucket per token,
// in memory: a restart refills them).
type RateLimiter struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens map[uint64]*rateBucket
}

type rateBucket struct {
	level float64
	at    time.Time
}

// NewRateLimiter returns a limiter of rate calls a second, burst at once.
func NewRateLimiter(rate, burst float64) *RateLimiter {
	return &RateLimiter{rate: rate, burst: burst, tokens: map[uint64]*rateBucket{}}
}

// Allow takes one call from the token's bucket; when it is empty it
// returns false and how long until the next call is allowed.
func (l *RateLimiter) Allow(token uint64, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.tokens[token]
	if b == nil {
		b = &rateBucket{level: l.burst, at: now}
		l.tokens[token] = b
	}
	if d := now.Sub(b.at).Seconds(); d > 0 {
		b.level = min(l.burst, b.level+d*l.rate)
		b.at = now
	}
	if b.level < 1 {
		return false, time.Duration((1 - b.level) / l.rate * float64(time.Second))
	}
	b.level--
	return true, 0
}
