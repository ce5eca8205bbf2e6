// Package account owns user accounts, roles, password hashing (bcrypt),
// login sessions and the login throttle (limit.go: per client address and
// account, per address, and a slow-down — never a lockout — per account)
// with its audit entries counted per address and window (loginaudit.go).
// Users may be linked to a staff member. It has no HTTP in it: the web
// layer turns cookies into session tokens and asks this package who is
// behind them.
//
// account imports the standard library, golang.org/x/crypto/bcrypt,
// appliance/problem and appliance/store.
package account
