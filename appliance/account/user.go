package account

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"

	"golang.org/x/crypto/bcrypt"
)

const (
	bucketUsers      = "users"
	bucketUsernames  = "users_by_name"
	minPasswordRunes = 8
)

// User is a login account.
type User struct {
	ID                uint64    `json:"id"`
	Username          string    `json:"username"`
	DisplayName       string    `json:"display_name"`
	Role              Role      `json:"role"`
	StaffID           uint64    `json:"staff_id,omitempty"`
	PasswordHash      string    `json:"password_hash"`
	MustChange        bool      `json:"must_change"`
	Disabled          bool      `json:"disabled"`
	CreatedAt         time.Time `json:"created_at"`
	PasswordChangedAt time.Time `json:"password_changed_at"`
}

// summary is what the audit log keeps of a user: never the hash.
func (u User) summary() map[string]any {
	return map[string]any{"username": u.Username, "display_name": u.DisplayName, "role": u.Role,
		"staff_id": u.StaffID, "disabled": u.Disabled, "must_change": u.MustChange}
}

// Refusals are problems (appliance/problem) on the form field at fault;
// callers tell them apart with errors.Is.
var (
	ErrBadLogin        = problem.New("password", "account.err.bad_login")
	ErrRateLimited     = problem.New("password", "account.err.rate_limited")
	ErrUsernameTaken   = problem.New("username", "account.err.username_taken")
	ErrUsernameInvalid = problem.New("username", "account.err.username_invalid")
	ErrNameRequired    = problem.New("display_name", "account.err.name_required")
	ErrRoleInvalid     = problem.New("role", "account.err.role_invalid")
	ErrPasswordShort   = problem.New("new_password", "account.err.password_short")
	ErrPasswordWeak    = problem.New("new_password", "account.err.password_weak")
	ErrPasswordSame    = problem.New("new_password", "account.err.password_same")
	ErrPasswordWrong   = problem.New("old_password", "account.err.password_wrong")
	ErrUserNotFound    = errors.New("user not found")
)

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// Service manages accounts and sessions.
type Service struct {
	db      *store.DB
	cost    int
	limiter *Limiter
	logins  *loginAudit
	dummy   dummy
	slots   chan struct{} // password checks running at once
	slowed  atomic.Int64  // logins waiting out an account's slow-down
	now     func() time.Time
	roles   []Role
	admin   Role
}

// Options configure a Service.
type Options struct {
	BcryptCost int // default bcrypt.DefaultCost (10); tests use bcrypt.MinCost
	Limit      LimitConfig
	// Checks is how many password checks may run at once (default the
	// number of CPUs).
	Checks int
	// Roles are the roles accounts may have (default AllRoles; countyd:
	// CountyRoles); AdminRole is the role of the first account
	// EnsureAdmin makes (default RoleOffice).
	Roles     []Role
	AdminRole Role
}

// New returns a Service over db.
func New(db *store.DB, opts Options) *Service {
	if opts.BcryptCost == 0 {
		opts.BcryptCost = bcrypt.DefaultCost
	}
	if opts.Checks <= 0 {
		opts.Checks = runtime.NumCPU()
	}
	if len(opts.Roles) == 0 {
		opts.Roles = AllRoles
	}
	if opts.AdminRole == "" {
		opts.AdminRole = RoleOffice
	}
	lim := NewLimiter(opts.Limit, db.Now)
	return &Service{db: db, cost: opts.BcryptCost, limiter: lim, logins: newLoginAudit(db, lim.cfg.Window),
		slots: newCheckSlots(opts.Checks), now: db.Now, roles: opts.Roles, admin: opts.AdminRole}
}

// NewUser is what CreateUser needs.
type NewUser struct {
	Username    string
	DisplayName string
	Role        Role
	StaffID     uint64
}

// CreateUser creates an account with a random one-time password that must be
// changed at first login, and returns that password.
func (s *Service) CreateUser(actor string, nu NewUser) (User, string, error) {
	var u User
	pw := RandomPassword()
	err := s.db.Update(actor, func(tx *store.Tx) error {
		var err error
		u, err = s.CreateUserTx(tx, nu, pw)
		return err
	})
	return u, pw, err
}

// CreateUserTx creates an account inside tx with the given one-time password.
func (s *Service) CreateUserTx(tx *store.Tx, nu NewUser, password string) (User, error) {
	nu.Username = strings.ToLower(strings.TrimSpace(nu.Username))
	nu.DisplayName = strings.TrimSpace(nu.DisplayName)
	switch {
	case !usernameRE.MatchString(nu.Username):
		return User{}, ErrUsernameInvalid
	case nu.DisplayName == "" || utf8.RuneCountInString(nu.DisplayName) > 40:
		return User{}, ErrNameRequired
	case !s.validRole(nu.Role):
		return User{}, ErrRoleInvalid
	}
	var existing uint64
	if err := tx.Get(bucketUsernames, []byte(nu.Username), &existing); err == nil {
		return User{}, ErrUsernameTaken
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.cost)
	if err != nil {
		return User{}, err
	}
	id, err := tx.NextID(bucketUsers)
	if err != nil {
		return User{}, err
	}
	now := tx.Now().UTC()
	u := User{ID: id, Username: nu.Username, DisplayName: nu.DisplayName, Role: nu.Role, StaffID: nu.StaffID,
		PasswordHash: string(hash), MustChange: true, CreatedAt: now, PasswordChangedAt: now}
	if err := tx.Put(bucketUsers, store.IDKey(id), u); err != nil {
		return User{}, err
	}
	if err := tx.Put(bucketUsernames, []byte(u.Username), id); err != nil {
		return User{}, err
	}
	return u, tx.Audit("user.create", objectName(id), nil, u.summary())
}

func objectName(id uint64) string { return fmt.Sprintf("user/%d", id) }

// Users lists every account by id.
func (s *Service) Users() ([]User, error) {
	var out []User
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		out, err = store.All[User](tx, bucketUsers)
		return err
	})
	return out, err
}

// Count is the number of accounts.
func (s *Service) Count() int {
	n := 0
	_ = s.db.View(func(tx *store.Tx) error { n = tx.Count(bucketUsers); return nil })
	return n
}

// User returns the account with id.
func (s *Service) User(id uint64) (User, error) {
	var u User
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		u, err = getUser(tx, id)
		return err
	})
	return u, err
}

func getUser(tx *store.Tx, id uint64) (User, error) {
	u, err := store.GetAs[User](tx, bucketUsers, store.IDKey(id))
	if err == store.ErrNotFound {
		return User{}, ErrUserNotFound
	}
	return u, err
}

func userByName(tx *store.Tx, username string) (User, error) {
	var id uint64
	if err := tx.Get(bucketUsernames, []byte(strings.ToLower(strings.TrimSpace(username))), &id); err != nil {
		if err == store.ErrNotFound {
			return User{}, ErrUserNotFound
		}
		return User{}, err
	}
	return getUser(tx, id)
}

// UserByName returns the account with username.
func (s *Service) UserByName(username string) (User, error) {
	var u User
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		u, err = userByName(tx, username)
		return err
	})
	return u, err
}

// update loads the user, applies fn and stores it with an audit entry.
func (s *Service) update(actor string, id uint64, action string, fn func(tx *store.Tx, u *User) error) (User, error) {
	var u User
	err := s.db.Update(actor, func(tx *store.Tx) error {
		var err error
		if u, err = getUser(tx, id); err != nil {
			return err
		}
		before := u.summary()
		if err := fn(tx, &u); err != nil {
			return err
		}
		if err := tx.Put(bucketUsers, store.IDKey(id), u); err != nil {
			return err
		}
		return tx.Audit(action, objectName(id), before, u.summary())
	})
	return u, err
}

// UpdateUser changes an account's display name, role, linked staff member and
// disabled flag. Disabling revokes every session.
func (s *Service) UpdateUser(actor string, id uint64, displayName string, role Role, staffID uint64, disabled bool) (User, error) {
	displayName = strings.TrimSpace(displayName)
	if displayName == "" || utf8.RuneCountInString(displayName) > 40 {
		return User{}, ErrNameRequired
	}
	if !s.validRole(role) {
		return User{}, ErrRoleInvalid
	}
	return s.update(actor, id, "user.update", func(tx *store.Tx, u *User) error {
		u.DisplayName, u.Role, u.StaffID, u.Disabled = displayName, role, staffID, disabled
		if disabled {
			return revokeAll(tx, id, "")
		}
		return nil
	})
}

// ResetPassword gives the account a new random one-time password, forces a
// change at next login and revokes its sessions.
func (s *Service) ResetPassword(actor string, id uint64) (string, error) {
	pw := RandomPassword()
	hash, err := bcrypt.GenerateFromPassword([]byte(pw), s.cost)
	if err != nil {
		return "", err
	}
	_, err = s.update(actor, id, "user.reset_password", func(tx *store.Tx, u *User) error {
		u.PasswordHash, u.MustChange, u.PasswordChangedAt = string(hash), true, tx.Now().UTC()
		return revokeAll(tx, id, "")
	})
	return pw, err
}

// CheckNewPassword applies the password policy.
func CheckNewPassword(username, pw string) error {
	if utf8.RuneCountInString(pw) < minPasswordRunes {
		return ErrPasswordShort
	}
	lower := strings.ToLower(pw)
	first, _ := utf8.DecodeRuneInString(pw)
	if lower == strings.ToLower(username) || strings.Count(pw, string(first)) == utf8.RuneCountInString(pw) ||
		lower == "12345678" || lower == "password" || lower == "88888888" {
		return ErrPasswordWeak
	}
	return nil
}

// ChangePassword is ChangePasswordFrom with no client address (commands,
// tests).
func (s *Service) ChangePassword(actor string, id uint64, oldPW, newPW, keepSession string) error {
	return s.ChangePasswordFrom(context.Background(), "", actor, id, oldPW, newPW, keepSession)
}

// ChangePasswordFrom replaces the password after checking the old one under
// the login's throttle for this address and account (a signed-in session
// cannot guess its user's password faster than the login page allows),
// clears the forced-change flag and revokes every other session of the
// user.
func (s *Service) ChangePasswordFrom(ctx context.Context, ip, actor string, id uint64, oldPW, newPW, keepSession string) error {
	u, err := s.User(id)
	if err != nil {
		return err
	}
	if err := s.throttle(ctx, ip, u.Username, "old_password"); err != nil {
		return err
	}
	ok, err := s.compare(ctx, []byte(u.PasswordHash), oldPW)
	if err != nil {
		return err
	}
	if !ok {
		s.limiter.Fail(ip, u.Username)
		return ErrPasswordWrong
	}
	if err := CheckNewPassword(u.Username, newPW); err != nil {
		return err
	}
	if oldPW == newPW {
		return ErrPasswordSame
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(newPW), s.cost)
	if err != nil {
		return err
	}
	checked := u.PasswordHash
	_, err = s.update(actor, id, "user.change_password", func(tx *store.Tx, u *User) error {
		if u.PasswordHash != checked {
			// Reset or changed since the old password was checked (in
			// another transaction): that check no longer holds.
			return ErrPasswordWrong
		}
		u.PasswordHash, u.MustChange, u.PasswordChangedAt = string(hash), false, tx.Now().UTC()
		return revokeAll(tx, id, keepSession)
	})
	return err
}

// EnsureAdmin creates the first office-admin account "admin" with a random
// one-time password when there are no accounts at all. created is false
// (and password empty) when accounts already exist.
//
// With accounts it only reads: a write transaction would commit (two
// fsyncs) at every start of the service.
func (s *Service) EnsureAdmin() (password string, created bool, err error) {
	users := 0
	if err := s.db.View(func(tx *store.Tx) error { users = tx.Count(bucketUsers); return nil }); err != nil || users > 0 {
		return "", false, err
	}
	err = s.db.Update("system", func(tx *store.Tx) error {
		if tx.Count(bucketUsers) > 0 {
			return nil
		}
		password = RandomPassword()
		_, err := s.CreateUserTx(tx, NewUser{Username: "admin", DisplayName: "系统管理员", Role: s.admin}, password)
		created = err == nil
		return err
	})
	return password, created, err
}

// passwordAlphabet leaves out look-alikes (0/O, 1/l/I) since one-time
// passwords are read off a console or a printed slip.
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// RandomPassword returns a 12-character password from crypto/rand.
func RandomPassword() string {
	const limit = 256 - 256%len(passwordAlphabet) // reject bytes that would bias the choice
	out := make([]byte, 0, 12)
	buf := make([]byte, 32)
	for len(out) < cap(out) {
		rand.Read(buf) // crypto/rand.Read never fails (Go ≥ 1.24)
		for _, c := range buf {
			if int(c) < limit && len(out) < cap(out) {
				out = append(out, passwordAlphabet[int(c)%len(passwordAlphabet)])
			}
		}
	}
	return string(out)
}

// validRole says whether accounts of this service may have role r.
func (s *Service) validRole(r Role) bool {
	for _, x := range s.roles {
		if x == r {
			return true
		}
	}
	return false
}
