package screen

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/account"
	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Kind is what a screen shows.
type Kind string

// The kinds of screens a hall has.
const (
	AttendanceKiosk Kind = "attendance_kiosk" // 考勤屏 beside the fingerprint reader
	HallDisplay     Kind = "hall_display"     // 大厅叫号屏
	WindowDisplay   Kind = "window_display"   // 窗口屏 above one window
	QueueKiosk      Kind = "queue_kiosk"      // 取号机: the touch screen citizens take a number at
)

// Kinds lists the kinds in the order the office's form offers them.
func Kinds() []Kind { return []Kind{AttendanceKiosk, HallDisplay, WindowDisplay, QueueKiosk} }

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return slices.Contains(Kinds(), k) }

// Screen is one registered screen.
type Screen struct {
	ID        uint64    `json:"id"`
	Name      string    `json:"name"`
	Kind      Kind      `json:"screen_kind"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	// TokenHash is the SHA-256 of the paired browser's token ("" until
	// paired); CodeHash that of a pairing code not yet used, which
	// expires at CodeExpires.
	TokenHash   string    `json:"token_hash,omitempty"`
	PairedAt    time.Time `json:"paired_at,omitzero"`
	CodeHash    string    `json:"code_hash,omitempty"`
	CodeExpires time.Time `json:"code_expires,omitzero"`
	Revoked     bool      `json:"revoked,omitempty"`
}

// Paired reports whether a browser holds the screen's token.
func (s Screen) Paired() bool { return s.TokenHash != "" }

// CodePending reports whether a pairing code is waiting to be used at now.
func (s Screen) CodePending(now time.Time) bool { return s.CodeHash != "" && now.Before(s.CodeExpires) }

// summary is what the audit log keeps of a screen: never a hash.
func (s Screen) summary() map[string]any {
	return map[string]any{"name": s.Name, "screen_kind": s.Kind, "paired": s.Paired()}
}

// Limits.
const (
	// MaxScreens bounds the registered screens (a hall has a handful; each
	// has stream places of its own, so they must not be unbounded).
	MaxScreens = 32
	// CodeTTL is how long a pairing code can be used.
	CodeTTL  = 24 * time.Hour
	maxName  = 30
	codeLen  = 10
	tokenLen = 32 // bytes
)

const (
	bucketScreens = "screens"
	bucketByToken = "screens.by_token"
	bucketByCode  = "screens.by_code"
)

// Refusals.
var (
	ErrNameRequired = problem.New("name", "screen.err.name_required", "Max", maxName)
	ErrKind         = problem.New("kind", "screen.err.kind")
	ErrTooMany      = problem.New("name", "screen.err.too_many", "Max", MaxScreens)
	ErrNameTaken    = problem.New("name", "screen.err.name_taken")
	ErrBadCode      = problem.New("code", "screen.err.bad_code")
	ErrNotFound     = errors.New("no such screen")
)

// Service keeps the registered screens.
type Service struct {
	db      *store.DB
	limiter *account.Limiter // wrong pairing codes, per address
}

// New returns the service over db.
func New(db *store.DB) *Service {
	return &Service{db: db, limiter: account.NewLimiter(account.LimitConfig{PairMax: 10, AddrMax: 10}, db.Now)}
}

func object(id uint64) string { return "screen/" + strconv.FormatUint(id, 10) }

func hashOf(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// codeAlphabet leaves out look-alikes: a code is read off the office's
// screen and may be typed with a TV remote.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func newCode() string {
	b := make([]byte, codeLen)
	rand.Read(b)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)] // 256 % 32 == 0: no bias
	}
	return string(b)
}

// NormalizeCode reads a code as typed: case, spaces and dashes do not
// matter ("abcde-fghjk").
func NormalizeCode(s string) string {
	s = strings.ToUpper(s)
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
}

// FormatCode shows a code in two groups of five: "ABCDE-FGHJK".
func FormatCode(code string) string {
	if len(code) != codeLen {
		return code
	}
	return code[:5] + "-" + code[5:]
}

// Register adds a screen and returns it with its first pairing code (shown
// once: only its hash is kept).
func (s *Service) Register(actor, name string, kind Kind) (Screen, string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "" || utf8.RuneCountInString(name) > maxName:
		return Screen{}, "", ErrNameRequired
	case !kind.Valid():
		return Screen{}, "", ErrKind
	}
	code := newCode()
	sc, err := store.Write(s.db, actor, func(tx *store.Tx) (Screen, error) {
		all, err := store.All[Screen](tx, bucketScreens)
		if err != nil {
			return Screen{}, err
		}
		active := 0
		for _, x := range all {
			if !x.Revoked {
				active++
				if strings.EqualFold(x.Name, name) {
					return Screen{}, ErrNameTaken
				}
			}
		}
		if active >= MaxScreens {
			return Screen{}, ErrTooMany
		}
		id, err := tx.NextID(bucketScreens)
		if err != nil {
			return Screen{}, err
		}
		now := tx.Now().UTC()
		sc := Screen{ID: id, Name: name, Kind: kind, CreatedAt: now, CreatedBy: actor}
		if err := setCode(tx, &sc, code, now); err != nil {
			return Screen{}, err
		}
		return sc, tx.Audit("screen.register", object(id), nil, sc.summary())
	})
	return sc, code, err
}

// setCode gives sc a new pairing code (replacing one not yet used) and
// stores it.
func setCode(tx *store.Tx, sc *Screen, code string, now time.Time) error {
	if sc.CodeHash != "" {
		if err := tx.Delete(bucketByCode, []byte(sc.CodeHash)); err != nil {
			return err
		}
	}
	sc.CodeHash, sc.CodeExpires = hashOf(code), now.Add(CodeTTL)
	if err := tx.Put(bucketByCode, []byte(sc.CodeHash), sc.ID); err != nil {
		return err
	}
	return tx.Put(bucketScreens, store.IDKey(sc.ID), sc)
}

// NewCode gives a screen a new pairing code (to pair a new browser with
// it: the one paired now keeps working until the new one pairs).
func (s *Service) NewCode(actor string, id uint64) (Screen, string, error) {
	code := newCode()
	sc, err := store.Write(s.db, actor, func(tx *store.Tx) (Screen, error) {
		sc, err := get(tx, id)
		if err != nil {
			return Screen{}, err
		}
		if sc.Revoked {
			return Screen{}, ErrNotFound
		}
		if err := setCode(tx, &sc, code, tx.Now().UTC()); err != nil {
			return Screen{}, err
		}
		return sc, tx.Audit("screen.new_code", object(id), nil, sc.summary())
	})
	return sc, code, err
}

// Revoke retires a screen: its browser's token and any pairing code stop
// working at once.
func (s *Service) Revoke(actor string, id uint64) (Screen, error) {
	return store.Write(s.db, actor, func(tx *store.Tx) (Screen, error) {
		sc, err := get(tx, id)
		if err != nil {
			return Screen{}, err
		}
		if sc.Revoked {
			return sc, nil
		}
		before := sc.summary()
		if err := forgetSecrets(tx, sc); err != nil {
			return Screen{}, err
		}
		sc.Revoked, sc.TokenHash, sc.CodeHash = true, "", ""
		if err := tx.Put(bucketScreens, store.IDKey(id), sc); err != nil {
			return Screen{}, err
		}
		after := sc.summary()
		after["revoked"] = true
		return sc, tx.Audit("screen.revoke", object(id), before, after)
	})
}

// Pair uses a pairing code from the browser at ip: the screen's new token
// (for the browser's cookie) replaces any browser paired before. Wrong
// codes are throttled per address like passwords.
func (s *Service) Pair(ip, code string) (Screen, string, error) {
	const name = "screen-pairing"
	if v := s.limiter.Check(ip, name); v.Refused {
		return Screen{}, "", problem.New("code", "screen.err.too_many_tries", "Minutes", int(v.RetryIn.Minutes()+0.999))
	}
	code = NormalizeCode(problem.BoundTo(code, 40))
	token := randomToken()
	sc, err := store.Write(s.db, "anonymous", func(tx *store.Tx) (Screen, error) {
		var id uint64
		if len(code) != codeLen || tx.Get(bucketByCode, []byte(hashOf(code)), &id) != nil {
			return Screen{}, ErrBadCode
		}
		sc, err := get(tx, id)
		now := tx.Now().UTC()
		if err != nil || sc.Revoked || !sc.CodePending(now) {
			return Screen{}, ErrBadCode
		}
		if err := forgetSecrets(tx, sc); err != nil {
			return Screen{}, err
		}
		sc.TokenHash, sc.PairedAt, sc.CodeHash, sc.CodeExpires = hashOf(token), now, "", time.Time{}
		if err := tx.Put(bucketByToken, []byte(sc.TokenHash), sc.ID); err != nil {
			return Screen{}, err
		}
		if err := tx.Put(bucketScreens, store.IDKey(id), sc); err != nil {
			return Screen{}, err
		}
		return sc, tx.Audit("screen.pair", object(id), nil, map[string]any{"name": sc.Name, "ip": ip})
	})
	if errors.Is(err, ErrBadCode) {
		s.limiter.Fail(ip, name)
	}
	if err != nil {
		return Screen{}, "", err
	}
	return sc, token, nil
}

// forgetSecrets removes the lookups of a screen's token and pairing code.
func forgetSecrets(tx *store.Tx, sc Screen) error {
	for b, k := range map[string]string{bucketByToken: sc.TokenHash, bucketByCode: sc.CodeHash} {
		if k == "" {
			continue
		}
		if err := tx.Delete(b, []byte(k)); err != nil {
			return err
		}
	}
	return nil
}

func randomToken() string {
	b := make([]byte, tokenLen)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Authenticate returns the screen a browser's token belongs to.
func (s *Service) Authenticate(token string) (Screen, error) {
	if len(token) != 2*tokenLen {
		return Screen{}, ErrNotFound
	}
	return store.Read(s.db, func(tx *store.Tx) (Screen, error) {
		var id uint64
		if tx.Get(bucketByToken, []byte(hashOf(token)), &id) != nil {
			return Screen{}, ErrNotFound
		}
		sc, err := get(tx, id)
		if err != nil || sc.Revoked {
			return Screen{}, ErrNotFound
		}
		return sc, nil
	})
}

// List returns the registered screens by id, the retired ones too (at
// most a few dozen: MaxScreens active).
func (s *Service) List() ([]Screen, error) {
	return store.Read(s.db, func(tx *store.Tx) ([]Screen, error) { return store.All[Screen](tx, bucketScreens) })
}

func get(tx *store.Tx, id uint64) (Screen, error) {
	sc, err := store.GetAs[Screen](tx, bucketScreens, store.IDKey(id))
	if errors.Is(err, store.ErrNotFound) {
		return Screen{}, ErrNotFound
	}
	if err != nil {
		return Screen{}, fmt.Errorf("screen %d: %w", id, err)
	}
	return sc, nil
}
