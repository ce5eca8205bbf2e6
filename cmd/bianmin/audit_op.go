package main

import (
	"errors"
	"time"

	"bianmin/appliance/auditlog"
	"bianmin/appliance/store"
)

// auditVerifyArgs is the request of `audit verify`: the head to check the
// chain against, if any.
type auditVerifyArgs struct {
	Head *auditlog.Head `json:"head,omitempty"`
}

// auditVerifyResp is what `audit verify` prints from: the walk of the
// chain, the check against the head when one was given, and this box's key
// fingerprint ("" when it has none yet).
type auditVerifyResp struct {
	Chain       store.AuditVerifyResult `json:"chain"`
	Head        *auditlog.HeadCheck     `json:"head,omitempty"`
	Fingerprint string                  `json:"fingerprint,omitempty"`
}

// auditVerifyOp walks the audit chain of the open store, and checks it
// against a head taken before when the request carries one. It checks the
// file's structure first (an intact chain in a file with zeroed pages
// elsewhere proves nothing): the service's store when its last full check
// is older than a day, a store the command opened always.
var auditVerifyOp = newOp("audit verify", readsStore, func(x *opCall, a auditVerifyArgs) (auditVerifyResp, error) {
	if h := x.svc.db.Health(); h.State != store.StateOK || time.Since(h.Checked) > 24*time.Hour {
		if err := x.svc.db.FullCheck(); err != nil {
			return auditVerifyResp{}, err
		}
	}
	log := x.svc.auditLog()
	var out auditVerifyResp
	if k := log.Key(); k != nil {
		out.Fingerprint = k.Fingerprint()
	}
	if a.Head == nil {
		var err error
		out.Chain, err = x.svc.db.VerifyAudit()
		return out, err
	}
	c, err := log.VerifyAgainst(*a.Head)
	out.Chain, out.Head = c.Chain, &c
	return out, err
})

// auditHeadOp signs the chain's current head with the box's key.
var auditHeadOp = newOp("audit head", readsStore, func(x *opCall, _ struct{}) (auditlog.Head, error) {
	h, err := x.svc.auditLog().SignedHead()
	if errors.Is(err, auditlog.ErrNoKey) {
		return h, &exitError{1, errors.New(catalog().Both("audit.cli.no_key", nil))}
	}
	return h, err
})

// auditSignArgs names a head of the chain to sign: a backup's.
type auditSignArgs struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

// auditSignOp signs a head the live chain holds (the head of a backup just
// written, for its slip): the entry at Seq must have exactly Hash, so the
// box never signs a head that is not its own history.
var auditSignOp = newOp("audit sign-head", readsStore, func(x *opCall, a auditSignArgs) (auditlog.Head, error) {
	h, err := x.svc.auditLog().SignHeadAt(a.Seq, a.Hash)
	if errors.Is(err, auditlog.ErrNoKey) {
		return h, &exitError{1, errors.New(catalog().Both("audit.cli.no_key", nil))}
	}
	return h, err
})
