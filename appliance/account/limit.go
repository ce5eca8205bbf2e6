package account

// The login throttle. Three counts of failed password checks, each over a
// sliding window (15 minutes by default), kept in memory:
//
//   - per client address and account: after 5 failures that address may
//     not try that account again until the oldest failure leaves the
//     window. Another address — the admin at her own desk — is not
//     affected: one address cannot lock an account for everyone.
//   - per client address, whatever the account: after 20 failures the
//     address is refused for every account (guessing across usernames).
//   - per account, from every address: after 10 failures each further
//     check of that account waits first, 250 ms doubling per further 10
//     failures up to 3 s. The account is slowed, never refused: its owner
//     still gets in, a few seconds later.
//
// A restart clears the counts (an attacker on the LAN cannot restart the
// box). The maps are bounded: keys whose failures have all left the window
// are dropped once the limiter holds many, and each key keeps no more
// timestamps than its rule needs.

import (
	"strings"
	"sync"
	"time"

	"bianmin/appliance/problem"
)

// LimitConfig sets the throttle. The zero value gives the defaults.
type LimitConfig struct {
	// Window is how long a failure counts. Default 15 minutes.
	Window time.Duration
	// PairMax is the failures one address may make on one account within
	// the window. Default 5.
	PairMax int
	// AddrMax is the failures one address may make on all accounts within
	// the window. Default 20.
	AddrMax int
	// SlowAfter is the failures on one account, from anywhere, after
	// which its checks are slowed. Default 10.
	SlowAfter int
	// SlowStep is the first delay; it doubles per further SlowAfter
	// failures up to SlowMax. Defaults 250 ms and 3 s.
	SlowStep, SlowMax time.Duration
}

func (c *LimitConfig) applyDefaults() {
	if c.Window <= 0 {
		c.Window = 15 * time.Minute
	}
	if c.PairMax <= 0 {
		c.PairMax = 5
	}
	if c.AddrMax <= 0 {
		c.AddrMax = 20
	}
	if c.SlowAfter <= 0 {
		c.SlowAfter = 10
	}
	if c.SlowStep <= 0 {
		c.SlowStep = 250 * time.Millisecond
	}
	if c.SlowMax <= 0 {
		c.SlowMax = 3 * time.Second
	}
}

// Limiter counts recent failed password checks in memory.
type Limiter struct {
	cfg       LimitConfig
	now       func() time.Time
	mu        sync.Mutex
	fail      map[string][]time.Time // key → failures in time order
	pruneNext int                    // prune when fail holds more keys than this
	lastPrune time.Time              // or when it holds many and a window has passed
}

// NewLimiter returns a limiter with defaults applied.
func NewLimiter(cfg LimitConfig, now func() time.Time) *Limiter {
	cfg.applyDefaults()
	return &Limiter{cfg: cfg, now: now, fail: map[string][]time.Time{}, pruneNext: pruneAbove}
}

// maxAccountKeyRunes bounds the account part of a key: no account name is
// longer (usernameRE), and a 900 kB "username" must not become a 900 kB key.
const maxAccountKeyRunes = 40

// accountKey is the account a login names, as the limiter counts it.
func accountKey(username string) string {
	if len(username) > 4*maxAccountKeyRunes {
		username = username[:4*maxAccountKeyRunes] // a cut rune becomes U+FFFD below
	}
	return strings.ToLower(strings.TrimSpace(problem.BoundTo(username, maxAccountKeyRunes)))
}

func pairKey(ip, username string) string { return "pair:" + ip + "|" + accountKey(username) }
func addrKey(ip string) string           { return "addr:" + ip }
func acctKey(username string) string     { return "acct:" + accountKey(username) }

// recent drops failures older than the window and returns what is left.
func (l *Limiter) recent(key string, now time.Time) []time.Time {
	ts := l.fail[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.cfg.Window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.fail, key)
	} else {
		l.fail[key] = ts
	}
	return ts
}

// Verdict is what the limiter says about one more password check.
type Verdict struct {
	// Refused: not checked at all; RetryIn is when this address may try
	// this account again.
	Refused bool
	RetryIn time.Duration
	// Delay is how long to wait before checking (the account is being
	// guessed at from several addresses).
	Delay time.Duration
}

// Check says whether ip may have username's password checked now, and
// after what delay.
func (l *Limiter) Check(ip, username string) Verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var v Verdict
	for _, r := range []struct {
		key string
		max int
	}{{pairKey(ip, username), l.cfg.PairMax}, {addrKey(ip), l.cfg.AddrMax}} {
		if ts := l.recent(r.key, now); len(ts) >= r.max {
			// Free again when the failure that made the count reach max
			// leaves the window.
			wait := l.cfg.Window - now.Sub(ts[len(ts)-r.max])
			v.Refused, v.RetryIn = true, max(v.RetryIn, wait)
		}
	}
	if v.Refused {
		return v
	}
	v.Delay = l.slowFor(len(l.recent(acctKey(username), now)))
	return v
}

// slowFor is the delay for an account with n recent failures.
func (l *Limiter) slowFor(n int) time.Duration {
	if n < l.cfg.SlowAfter {
		return 0
	}
	d := l.cfg.SlowStep
	for steps := (n - l.cfg.SlowAfter) / l.cfg.SlowAfter; steps > 0 && d < l.cfg.SlowMax; steps-- {
		d *= 2
	}
	return min(d, l.cfg.SlowMax)
}

// pruneAbove is how many keys the limiter holds before it drops every key
// whose failures are all older than the window: guessing across many
// usernames must not grow memory without bound. After a prune the next one
// waits until the map has doubled or a window has passed, so a flood does
// not make every failure walk the whole map. maxKeys is the last resort: a flood from so many
// addresses that even recent keys exceed it starts the counts afresh
// (about 100 bytes a key: 20 MB at most).
const (
	pruneAbove = 10000
	maxKeys    = 200000
)

// Fail records a failed password check of username from ip.
func (l *Limiter) Fail(ip, username string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	// Each key keeps what its rule looks at, and no more.
	keep := map[string]int{pairKey(ip, username): l.cfg.PairMax, addrKey(ip): l.cfg.AddrMax,
		acctKey(username): l.cfg.SlowAfter * 6}
	for k, n := range keep {
		ts := append(l.recent(k, now), now)
		if len(ts) > n {
			ts = ts[len(ts)-n:]
		}
		l.fail[k] = ts
	}
	if len(l.fail) > l.pruneNext || len(l.fail) > pruneAbove && now.Sub(l.lastPrune) >= l.cfg.Window {
		for k := range l.fail {
			l.recent(k, now) // deletes the key when nothing recent is left
		}
		if len(l.fail) > maxKeys {
			clear(l.fail)
		}
		l.pruneNext, l.lastPrune = max(pruneAbove, 2*len(l.fail)), now
	}
}

// Succeeded forgets the failures of this address on this account after a
// right password (the address's count over all accounts stays, so one
// good account cannot unlock guessing at others; the account's count
// stays, so an attack from elsewhere still slows it).
func (l *Limiter) Succeeded(ip, username string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fail, pairKey(ip, username))
}
