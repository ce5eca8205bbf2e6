package auditlog

import (
	"errors"
	"runtime/debug"
	"strings"
	"time"

	"bianmin/appliance/store"
)

// Check is one full walk of the chain, as the pages show it.
type Check struct {
	Started, Finished time.Time
	Running           bool
	Checked, Total    uint64 // entries checked so far, of the head's count
	Result            store.AuditVerifyResult
	Err               string // a failure to read the store, not a broken chain
}

// LastCheck is the last full check (finished or under way); ok is false
// when none was run since the service started.
func (l *Log) LastCheck() (c Check, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.check != nil:
		return *l.check, true
	case l.last != nil:
		return *l.last, true
	}
	return Check{}, false
}

// StartCheck walks the whole chain in the background (the audit page's
// "检查日志链" and the check after start); it does nothing when a check is
// already under way. A chain of ten years takes a while on a small box, so
// the pages never wait for it.
func (l *Log) StartCheck() {
	l.mu.Lock()
	if l.check != nil {
		l.mu.Unlock()
		return
	}
	seq, _, _ := l.db.AuditHead()
	c := &Check{Started: l.db.Now(), Running: true, Total: seq}
	l.check = c
	l.mu.Unlock()
	go l.runCheck(c)
}

// CheckNow walks the whole chain and returns the result (tests, commands).
func (l *Log) CheckNow() Check {
	l.StartCheck()
	for {
		if c, _ := l.LastCheck(); !c.Running {
			return c
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (l *Log) runCheck(c *Check) {
	res, err := l.db.VerifyAuditVisit(func(e *store.AuditEntry) error {
		if e.Seq%1000 == 0 {
			l.mu.Lock()
			c.Checked = e.Seq
			l.mu.Unlock()
		}
		return nil
	})
	l.mu.Lock()
	c.Running, c.Finished, c.Result, c.Checked = false, l.db.Now(), res, res.Entries
	if err != nil {
		c.Err = err.Error()
	}
	l.last, l.check = c, nil
	l.mu.Unlock()
	took := c.Finished.Sub(c.Started).Round(time.Millisecond)
	switch {
	case err != nil:
		l.logger.Error("audit chain check could not read the store", "err", err)
	case !res.OK:
		l.logger.Error("audit chain BROKEN — records may have been changed; keep the box as it is", "entry", res.BrokenAt, "reason", res.Reason, "took", took)
	default:
		l.logger.Info("audit chain checked", "entries", res.Entries, "took", took)
	}
	// Decoding every entry made hundreds of MB of garbage over the walk
	// (ten years: 626,000 entries): hand the heap it grew back to the
	// system now rather than holding it until the runtime's next
	// collection and scavenging, minutes later on an idle box.
	debug.FreeOSMemory()
}

// Broken is the entry at which the last finished check found the chain
// broken (0 when it was intact or none has finished).
func (l *Log) Broken() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.last != nil && !l.last.Result.OK && l.last.Err == "" {
		return max(l.last.Result.BrokenAt, 1)
	}
	return 0
}

// Outcome is what a check against a head found.
type Outcome string

// Outcomes of VerifyAgainst.
const (
	// Extends: the chain is intact and its entry at the head's number has
	// the head's hash: nothing written up to the head was changed since.
	Extends Outcome = "extends"
	// Rewritten: the entry at the head's number has another hash.
	Rewritten Outcome = "rewritten"
	// Cut: the chain is shorter than the head: entries were removed.
	Cut Outcome = "cut"
	// NotFound: no entry has the head's hash (a head given by hash only).
	NotFound Outcome = "not_found"
	// Broken: the chain itself is broken (before or after the head).
	Broken Outcome = "broken"
)

// HeadCheck is what VerifyAgainst found.
type HeadCheck struct {
	Outcome Outcome
	Head    Head                    // the head checked against
	Chain   store.AuditVerifyResult // the walk of the whole chain
	// Seq is the chain's entry that matched the head (the head's own
	// number, or the one found by hash); Hash is that entry's hash in
	// today's chain (for Rewritten: what it is now).
	Seq  uint64
	Hash string
	// Since is how many entries were written after the head.
	Since uint64
	// Signed: the head carries a valid signature; ThisBox: by this box's
	// key (as the log knows it).
	Signed, ThisBox bool
}

// OK reports whether the chain extends the head and is intact throughout.
func (c HeadCheck) OK() bool { return c.Outcome == Extends && c.Chain.OK }

var errFound = errors.New("found")

// VerifyAgainst walks the chain and checks that it extends h, a head taken
// before (from a slip, a notice, a backup or the county). A head with a
// signature that does not verify should have been refused by ParseHead.
func (l *Log) VerifyAgainst(h Head) (HeadCheck, error) {
	out := HeadCheck{Head: h}
	if h.Signed() {
		out.Signed = h.SignatureValid()
		out.ThisBox = out.Signed && l.key != nil && h.PublicKey == l.key.PublicText()
	}
	matched := false
	res, err := l.db.VerifyAuditVisit(func(e *store.AuditEntry) error {
		switch {
		case h.Seq != 0 && e.Seq == h.Seq:
			out.Seq, out.Hash = e.Seq, e.Hash
			matched = strings.HasPrefix(e.Hash, h.Hash)
		case h.Seq == 0 && !matched && strings.HasPrefix(e.Hash, h.Hash):
			out.Seq, out.Hash, matched = e.Seq, e.Hash, true
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	out.Chain = res
	switch {
	case h.Seq == 0 && h.Hash == store.GenesisHash:
		// The head of an empty chain: every chain extends it.
		out.Outcome, matched = Extends, true
	case matched:
		out.Outcome = Extends
	case h.Seq != 0 && out.Seq == 0 && res.OK:
		out.Outcome = Cut
	case h.Seq != 0 && out.Seq != 0:
		out.Outcome = Rewritten
	case !res.OK:
		out.Outcome = Broken
	default:
		out.Outcome = NotFound
	}
	if matched && res.Entries > out.Seq {
		out.Since = res.Entries - out.Seq
	}
	if out.Outcome == Extends && !res.OK && res.BrokenAt <= out.Seq {
		out.Outcome = Broken
	}
	return out, nil
}
