package account

// Failed and refused logins in the audit log: one entry per client address
// per window, not one per attempt. The first failure of an address is
// written at once (a single typo is on record as before); what follows
// within the window is counted in memory and written as one entry
// ("login.failures") when the window closes (FlushLoginAudit, run every
// minute by the service, and at shutdown). A hammering client therefore
// costs a few entries an hour however fast it posts.

import (
	"slices"
	"sync"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Audit actions and the actor of login attempts nobody is signed in for.
const (
	actionLoginFailed   = "login.failed"   // the first failure of an address in a window
	actionLoginFailures = "login.failures" // the rest of that window, counted
	actorAnonymous      = "anonymous"
)

// Bounds of the aggregation.
const (
	// maxLoggedName bounds a username as the audit log keeps it.
	maxLoggedName = 40
	// maxNamesPerWindow is how many distinct usernames one window lists.
	maxNamesPerWindow = 5
	// maxWindows is how many addresses are counted apart; beyond that,
	// failures go to one window for "other addresses" (otherAddresses).
	maxWindows     = 4096
	otherAddresses = "*"
)

// loggedName is a username as logs and the audit log keep it: bounded,
// without control or direction characters.
func loggedName(username string) string { return problem.BoundTo(username, maxLoggedName) }

// failWindow is what one address did in one window.
type failWindow struct {
	Start, Last time.Time
	Failed      int      // wrong passwords (and unknown users) after the first
	Refused     int      // attempts refused by the throttle
	Names       []string // distinct usernames tried, at most maxNamesPerWindow
	MoreNames   int      // distinct usernames beyond those
}

func (w *failWindow) pending() bool { return w.Failed+w.Refused > 0 }

func (w *failWindow) addName(name string) {
	if slices.Contains(w.Names, name) {
		return
	}
	if len(w.Names) < maxNamesPerWindow {
		w.Names = append(w.Names, name)
	} else {
		w.MoreNames++
	}
}

// loginAudit aggregates failed and refused logins per address.
type loginAudit struct {
	db     *store.DB
	window time.Duration
	mu     sync.Mutex
	open   map[string]*failWindow // address → its current window
}

func newLoginAudit(db *store.DB, window time.Duration) *loginAudit {
	return &loginAudit{db: db, window: window, open: map[string]*failWindow{}}
}

// note records one failed (refused=false) or refused attempt. The first
// failure of a window is written at once; everything else waits for the
// window to close.
func (a *loginAudit) note(ip, username string, refused bool) {
	now := a.db.Now().UTC()
	name := loggedName(username)
	a.mu.Lock()
	key := ip
	if _, ok := a.open[key]; !ok && len(a.open) >= maxWindows {
		key = otherAddresses
	}
	w := a.open[key]
	var closed *failWindow
	if w != nil && now.Sub(w.Start) >= a.window {
		closed, w = w, nil
	}
	first := w == nil
	if first {
		w = &failWindow{Start: now}
		a.open[key] = w
	}
	w.Last = now
	w.addName(name)
	switch {
	case first && !refused:
		// written below, at once
	case refused:
		w.Refused++
	default:
		w.Failed++
	}
	a.mu.Unlock()
	if closed != nil && closed.pending() {
		a.write(key, closed)
	}
	if first && !refused {
		a.writeFirst(ip, name)
	}
}

func (a *loginAudit) writeFirst(ip, name string) {
	_ = a.db.Update(actorAnonymous, func(tx *store.Tx) error {
		return tx.Audit(actionLoginFailed, "login/"+name, nil, map[string]any{"ip": ip, "username": name})
	})
}

func (a *loginAudit) write(key string, w *failWindow) {
	after := map[string]any{"ip": key, "failed": w.Failed, "refused": w.Refused, "usernames": w.Names,
		"from": w.Start.Format(time.RFC3339), "to": w.Last.Format(time.RFC3339)}
	if key == otherAddresses {
		after["ip"] = "other addresses"
	}
	if w.MoreNames > 0 {
		after["more_usernames"] = w.MoreNames
	}
	_ = a.db.Update(actorAnonymous, func(tx *store.Tx) error {
		return tx.Audit(actionLoginFailures, "login/"+key, nil, after)
	})
}

// flush writes and forgets the windows that have closed (all of them when
// all is set, at shutdown).
func (a *loginAudit) flush(all bool) {
	now := a.db.Now().UTC()
	a.mu.Lock()
	var due []string
	var wins []*failWindow
	for k, w := range a.open {
		if all || now.Sub(w.Start) >= a.window {
			delete(a.open, k)
			if w.pending() {
				due, wins = append(due, k), append(wins, w)
			}
		}
	}
	a.mu.Unlock()
	for i, k := range due {
		a.write(k, wins[i])
	}
}
