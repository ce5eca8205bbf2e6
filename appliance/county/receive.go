package county

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"bianmin/appliance/boxkey"
	"bianmin/appliance/store"
	"bianmin/appliance/uplink"
)

// actorReceive is the actor of the county's writes of received batches.
const actorReceive = "system:receive"

// Receive checks one sealed batch and stores it (uplink.Receiver): box +
// epoch + sequence are stored once; a batch after a gap is held until the
// gap fills; the acknowledgement is the highest S such that 1..S of the
// epoch are stored. A forged batch, one from an unregistered key and one
// that reuses a stored sequence number with other content are refused
// (*uplink.Refused), logged and flagged.
func (c *County) Receive(data []byte, via string) (uplink.Ack, error) {
	o, err := uplink.Open(data)
	if err != nil {
		return uplink.Ack{}, c.refuseUnopened(data, via, err)
	}
	var ack uplink.Ack
	var refusal *uplink.Refused
	err = c.db.Update(actorReceive, func(tx *store.Tx) error {
		ack, refusal = uplink.Ack{}, nil
		box, ok, err := boxByFingerprint(tx, o.Box)
		if err != nil {
			return err
		}
		if !ok || box.Key != boxkey.EncodePublic(o.Key) {
			refusal = &uplink.Refused{Code: uplink.CodeUnknownBox, Detail: "no box is registered with key " + o.Box}
			return c.flag(tx, Flag{Kind: FlagUnknown, Epoch: o.Epoch, Seq: o.Seq, Via: via, Detail: o.Box})
		}
		now := tx.Now().UTC()
		box.LastContact, box.LastVia = now, via
		ep, err := epochOf(tx, &box, o.Epoch, now)
		if err != nil {
			return err
		}
		var prev batchRec
		err = tx.Get(bucketBatches, batchKey(box.ID, o.Epoch, o.Seq), &prev)
		switch {
		case err == nil && prev.Hash == o.Hash:
			ack.Outcome = uplink.OutcomeAgain
		case err == nil:
			refusal = &uplink.Refused{Code: uplink.CodeConflict, Detail: fmt.Sprintf("batch %d of epoch %s was stored with other content", o.Seq, o.Epoch)}
			box.Flags++
			if err := c.flag(tx, Flag{Box: box.ID, Kind: FlagConflict, Epoch: o.Epoch, Seq: o.Seq, Via: via,
				Detail: fmt.Sprintf("stored %s, received %s", prev.Hash[:16], o.Hash[:16])}); err != nil {
				return err
			}
		case !errors.Is(err, store.ErrNotFound):
			return err
		case o.Seq == ep.Acked+1:
			ack.Outcome = uplink.OutcomeStored
			if err := c.apply(tx, &box, &ep, o, via, now); err != nil {
				return err
			}
			if err := c.drainHeld(tx, &box, &ep); err != nil {
				return err
			}
		default: // after a gap: held until the batches before it come
			ack.Outcome = uplink.OutcomeHeld
			ep.Held++
			box.Held++
			if err := tx.Put(bucketBatches, batchKey(box.ID, o.Epoch, o.Seq), batchRec{
				Seq: o.Seq, Hash: o.Hash, Received: now, Via: via, Records: len(o.Records), Held: true, Data: data,
			}); err != nil {
				return err
			}
		}
		if err := tx.Put(bucketEpochs, epochKey(box.ID, ep.ID), ep); err != nil {
			return err
		}
		if err := tx.Put(bucketBoxes, store.IDKey(box.ID), box); err != nil {
			return err
		}
		ack.Box, ack.Epoch, ack.Seq, ack.HeadSeq = box.Fingerprint, ep.ID, ep.Acked, box.HeadSeq
		return nil
	})
	if err != nil {
		c.logger.Error("store a batch", "box", o.Box, "epoch", o.Epoch, "seq", o.Seq, "via", via, "err", err)
		return uplink.Ack{}, err
	}
	if refusal != nil {
		c.logger.Warn("batch refused", "code", refusal.Code, "box", o.Box, "epoch", o.Epoch, "seq", o.Seq, "via", via, "detail", refusal.Detail)
		return uplink.Ack{}, refusal
	}
	return ack, nil
}

// refuseUnopened refuses, logs and flags a batch that did not open: a
// changed byte or a wrong key (the signature), or no batch at all.
func (c *County) refuseUnopened(data []byte, via string, cause error) error {
	ref := &uplink.Refused{Code: uplink.CodeMalformed, Detail: cause.Error()}
	kind := FlagMalformd
	if errors.Is(cause, uplink.ErrSignature) {
		ref.Code, kind = uplink.CodeSignature, FlagForged
	}
	// Whose key the envelope names, when it names a registered box.
	var env uplink.Envelope
	_ = json.Unmarshal(data, &env)
	claimed := ""
	if pub, err := boxkey.ParsePublic(env.Key); err == nil {
		claimed = boxkey.Fingerprint(pub)
	}
	c.logger.Warn("batch refused", "code", ref.Code, "key", claimed, "via", via, "err", cause)
	if err := c.db.Update(actorReceive, func(tx *store.Tx) error {
		f := Flag{Kind: kind, Via: via, Detail: trim(cause.Error(), 300)}
		if claimed != "" {
			box, ok, err := boxByFingerprint(tx, claimed)
			if err != nil {
				return err
			}
			if ok {
				f.Box = box.ID
				box.Flags++
				if err := tx.Put(bucketBoxes, store.IDKey(box.ID), box); err != nil {
					return err
				}
			} else {
				f.Detail = claimed + ": " + f.Detail
			}
		}
		return c.flag(tx, f)
	}); err != nil {
		c.logger.Error("flag a refused batch", "err", err)
	}
	return ref
}

func trim(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func boxByFingerprint(tx *store.Tx, fp string) (Box, bool, error) {
	bk, _ := tx.Bucket(bucketBoxByKey)
	if bk == nil {
		return Box{}, false, nil
	}
	id := bk.Get([]byte(fp))
	if id == nil {
		return Box{}, false, nil
	}
	var b Box
	err := tx.Get(bucketBoxes, id, &b)
	return b, err == nil, err
}

// epochOf returns the box's epoch id, starting it when it is new.
func epochOf(tx *store.Tx, box *Box, id string, now time.Time) (Epoch, error) {
	var ep Epoch
	err := tx.Get(bucketEpochs, epochKey(box.ID, id), &ep)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return ep, err
	}
	ep = Epoch{ID: id, First: now}
	box.Epoch = id
	box.Epochs++
	return ep, nil
}

// flag appends a flag.
func (c *County) flag(tx *store.Tx, f Flag) error {
	n, err := tx.NextID(bucketFlags)
	if err != nil {
		return err
	}
	f.N, f.Time = n, tx.Now().UTC()
	if err := tx.Put(bucketFlags, store.IDKey(n), f); err != nil {
		return err
	}
	if f.Box == 0 {
		return nil
	}
	b, err := tx.Bucket(bucketFlagsBox)
	if err != nil {
		return err
	}
	return b.Put(append(boxPrefix(f.Box), store.IDKey(n)...), nil)
}

// apply stores the batch that follows the epoch's acknowledged ones: its
// records (each once, by content), its audit head (checked against the
// earlier ones), and the batch itself.
func (c *County) apply(tx *store.Tx, box *Box, ep *Epoch, o uplink.Opened, via string, now time.Time) error {
	recs, err := tx.Bucket(bucketRecords)
	if err != nil {
		return err
	}
	ids, err := tx.Bucket(bucketRecordIDs)
	if err != nil {
		return err
	}
	byKind, err := tx.Bucket(bucketByKind)
	if err != nil {
		return err
	}
	fresh := 0
	var rolled []Record
	for _, r := range o.Records {
		sum, _ := hex.DecodeString(r.ID())
		idKey := append(boxPrefix(box.ID), sum...)
		if ids.Get(idKey) != nil {
			continue // sent before, under an earlier epoch
		}
		box.Records++
		n := box.Records
		rec := Record{N: n, Kind: r.Kind, Time: r.Time, Payload: r.Payload, Epoch: o.Epoch, Batch: o.Seq, Outbox: r.Seq}
		rolled = append(rolled, rec)
		data, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		nk := store.IDKey(n)
		if err := recs.Put(append(boxPrefix(box.ID), nk...), data); err != nil {
			return err
		}
		if err := ids.Put(idKey, nk); err != nil {
			return err
		}
		kk := append(append(append(boxPrefix(box.ID), r.Kind...), 0), nk...)
		if err := byKind.Put(kk, nil); err != nil {
			return err
		}
		if box.Counts == nil {
			box.Counts = map[string]int{}
		}
		box.Counts[r.Kind]++
		fresh++
	}
	if err := c.checkHead(tx, box, o, via, now); err != nil {
		return err
	}
	// The roll-ups change in the transaction that stores the records
	// (issue 16): only by the records stored for the first time.
	if err := c.rollup(tx, box.ID, o.Created, strings.HasPrefix(via, "http"), rolled); err != nil {
		return err
	}
	ep.Acked = o.Seq
	ep.Batches++
	box.Backlog, box.LastBatch = o.Backlog, o.Created
	return tx.Put(bucketBatches, batchKey(box.ID, o.Epoch, o.Seq), batchRec{
		Seq: o.Seq, Hash: o.Hash, Received: now, Via: via, Records: len(o.Records), New: fresh,
	})
}

// drainHeld applies the held batches that now follow the acknowledged
// ones.
func (c *County) drainHeld(tx *store.Tx, box *Box, ep *Epoch) error {
	for {
		var held batchRec
		err := tx.Get(bucketBatches, batchKey(box.ID, ep.ID, ep.Acked+1), &held)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if !held.Held {
			return fmt.Errorf("batch %d of epoch %s is stored but the epoch is acknowledged only to %d", held.Seq, ep.ID, ep.Acked)
		}
		o, err := uplink.Open(held.Data)
		if err != nil {
			return fmt.Errorf("open held batch %d: %w", held.Seq, err)
		}
		ep.Held--
		box.Held--
		if err := c.apply(tx, box, ep, o, held.Via, held.Received); err != nil {
			return err
		}
	}
}

// checkHead keeps the batch's audit head and flags a box whose chain does
// not extend its earlier heads: the anchor (the entry at the seq of the
// head the county had acknowledged) must match the head kept at that seq,
// a head at a seq already kept must have its hash, and a head older than
// the latest is a rewound history (a restore, or worse).
func (c *County) checkHead(tx *store.Tx, box *Box, o uplink.Opened, via string, now time.Time) error {
	h := o.Head
	if !h.Signed() {
		return nil
	}
	heads, err := tx.Bucket(bucketHeads)
	if err != nil {
		return err
	}
	atSeq := func(seq uint64) []string {
		var hashes []string
		p := append(boxPrefix(box.ID), store.IDKey(seq)...)
		cur := heads.Cursor()
		for k, v := cur.Seek(p); k != nil && len(k) >= 16 && string(k[:16]) == string(p); k, v = cur.Next() {
			var x Head
			if json.Unmarshal(v, &x) == nil {
				hashes = append(hashes, x.Hash)
			}
		}
		return hashes
	}
	flag := func(kind, detail string) error {
		box.Flags++
		return c.flag(tx, Flag{Box: box.ID, Kind: kind, Epoch: o.Epoch, Seq: o.Seq, Via: via, Detail: detail})
	}
	if a := o.Anchor; a.Seq > 0 {
		if known := atSeq(a.Seq); len(known) > 0 && !contains(known, a.Hash) {
			if err := flag(FlagChain, fmt.Sprintf("the chain's entry %d is %s, the head received before was %s", a.Seq, short(a.Hash), short(known[0]))); err != nil {
				return err
			}
		}
	}
	known := atSeq(h.Seq)
	if len(known) > 0 && !contains(known, h.Hash) {
		if err := flag(FlagChain, fmt.Sprintf("head %d is %s, received before as %s", h.Seq, short(h.Hash), short(known[0]))); err != nil {
			return err
		}
	}
	if h.Seq < box.HeadSeq {
		if err := flag(FlagRewound, fmt.Sprintf("head %d after head %d", h.Seq, box.HeadSeq)); err != nil {
			return err
		}
	}
	box.HeadSeq, box.HeadHash = h.Seq, h.Hash
	if contains(known, h.Hash) {
		return nil
	}
	hb, _ := hex.DecodeString(h.Hash)
	key := append(append(boxPrefix(box.ID), store.IDKey(h.Seq)...), hb[:min(8, len(hb))]...)
	data, err := json.Marshal(Head{Head: h, Epoch: o.Epoch, Batch: o.Seq, Received: now})
	if err != nil {
		return err
	}
	return heads.Put(key, data)
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func short(h string) string { return trim(h, 16) }
