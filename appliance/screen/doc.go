// Package screen owns the hall's registered screens: the browsers the
// office trusts to show a public page all day — the attendance kiosk
// beside the fingerprint reader, the hall's queue display, a window's own
// display. The office registers a screen (a name and a kind) and gets a
// one-time pairing code; the screen's browser opens the pairing link (or
// types the code) and receives a long-lived random token for its cookie.
// Only the tokens' and codes' SHA-256 are stored, so a copy of the database
// pairs nothing.
//
// A registered screen has event-stream places of its own that anonymous
// viewers cannot take (the web layer's stream slots); the pages ask
// Authenticate who a token belongs to.
//
// It imports appliance/store, appliance/problem and appliance/account (its
// login limiter throttles code guessing per address).
package screen
