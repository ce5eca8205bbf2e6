package rating

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/account"
	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// FUState is where a 差评's follow-up stands.
type FUState string

// States, in order.
const (
	FUOpen     FUState = "open"     // waiting for the callback or the verification
	FUChecked  FUState = "checked"  // called back or verified; rectification to record
	FUClosed   FUState = "closed"   // rectified, the result told
	FUDirector FUState = "director" // the citizen rejected the result: the director decides
	FUDecided  FUState = "decided"  // the director decided; final
)

// Step is one thing done on a follow-up: who, when, what.
type Step struct {
	By   string    `json:"by"`
	At   time.Time `json:"at"`
	Note string    `json:"note"`
}

// FollowUp is the handling of one 差评 (GB/T 39734-2020 9.3 差评处置):
// a callback (回访) where the rater left a name and contact, a
// verification (核实) otherwise, the rectification (整改) and its result,
// due Settings.FollowUpDays working days after the rating.
type FollowUp struct {
	RatingSeq uint64    `json:"rating_seq"`
	Ref       Ref       `json:"ref"`
	Level     Level     `json:"level"`
	RatedAt   time.Time `json:"rated_at"`
	OpenedAt  time.Time `json:"opened_at"`
	// Due is the last day (YYYY-MM-DD) the follow-up may close on.
	Due           string  `json:"due"`
	State         FUState `json:"state"`
	Callback      *Step   `json:"callback,omitempty"`
	Verification  *Step   `json:"verification,omitempty"`
	Rectification *Step   `json:"rectification,omitempty"`
	Result        *Step   `json:"result,omitempty"`
	Rejection     *Step   `json:"rejection,omitempty"`
	Director      *Step   `json:"director,omitempty"`
	ClosedOn      string  `json:"closed_on,omitempty"` // the day it closed (YYYY-MM-DD)
}

// Done reports whether nothing is left to do on the follow-up.
func (f FollowUp) Done() bool { return f.State == FUClosed || f.State == FUDecided }

// Overdue reports whether the follow-up is late on day (YYYY-MM-DD): not
// done and past its due day, or closed after it.
func (f FollowUp) Overdue(day string) bool {
	if f.State == FUClosed || f.State == FUDecided {
		return f.ClosedOn > f.Due
	}
	return day > f.Due
}

// NeedsCallback reports whether the rater left a name and contact, so the
// follow-up calls them back rather than verifying.
func (f FollowUp) NeedsCallback() bool { return f.Ref.Rater.Known() }

// MayReject reports whether the citizen may still reject the result: it
// is closed and was never rejected (once only).
func (f FollowUp) MayReject() bool { return f.State == FUClosed && f.Rejection == nil }

func (s *Service) openFollowUpTx(tx *store.Tx, seq uint64, r Rating, set Settings) error {
	loc := tx.Location()
	due := s.cal.AddWorkdays(r.At.In(loc), set.FollowUpDays)
	f := FollowUp{RatingSeq: seq, Ref: r.Ref, Level: r.Level, RatedAt: r.At, OpenedAt: tx.Now().UTC(),
		Due: due.Format(store.DateLayout), State: FUOpen}
	return putFollowUpTx(tx, "rating.fu_open", nil, f)
}

func putFollowUpTx(tx *store.Tx, action string, before *FollowUp, f FollowUp) error {
	if err := tx.Put(bucketFollowUps, store.IDKey(f.RatingSeq), f); err != nil {
		return err
	}
	if f.Done() {
		if err := tx.Delete(bucketOpen, store.IDKey(f.RatingSeq)); err != nil {
			return err
		}
	} else if err := tx.Put(bucketOpen, store.IDKey(f.RatingSeq), f.Due); err != nil {
		return err
	}
	var b any
	if before != nil {
		b = before
	}
	return tx.AuditAndOutbox(action, objectOf(f.RatingSeq), "rating_followup", b, f)
}

// FollowUpTx reads the follow-up of rating seq.
func FollowUpTx(tx *store.Tx, seq uint64) (FollowUp, error) {
	f, err := store.GetAs[FollowUp](tx, bucketFollowUps, store.IDKey(seq))
	if errors.Is(err, store.ErrNotFound) {
		return f, ErrNotFound
	}
	return f, err
}

// Actor is who acts on a follow-up.
type Actor struct {
	Name string
	Role account.Role
	// Console is the command line at the box: it may act as any role.
	Console bool
}

func (a Actor) office() bool   { return a.Console || a.Role == account.RoleOffice }
func (a Actor) director() bool { return a.Console || a.Role == account.RoleDirector }

// MaxNoteRunes bounds a step's note.
const MaxNoteRunes = 500

func checkNote(field, note string) error {
	switch n := utf8.RuneCountInString(strings.TrimSpace(note)); {
	case n == 0:
		return problem.New(field, "rating.err.note_empty")
	case n > MaxNoteRunes:
		return problem.New(field, "rating.err.note_long", "Max", MaxNoteRunes)
	}
	return nil
}

// followUpStep runs one step on a follow-up in one transaction.
func (s *Service) followUpStep(actor Actor, seq uint64, action string, may func(Actor) bool, fn func(tx *store.Tx, f *FollowUp, st Step) error) (FollowUp, error) {
	if !may(actor) {
		return FollowUp{}, problem.New("", "rating.err.not_allowed")
	}
	return store.Write(s.db, actor.Name, func(tx *store.Tx) (FollowUp, error) {
		f, err := FollowUpTx(tx, seq)
		if err != nil {
			return f, err
		}
		before := f
		st := Step{By: actor.Name, At: tx.Now().UTC()}
		if err := fn(tx, &f, st); err != nil {
			return FollowUp{}, err
		}
		return f, putFollowUpTx(tx, action, &before, f)
	})
}

// Check records the callback (when the rater left a name and contact —
// the rating's or a later comment's) or else the verification (核实):
// what was said or found.
func (s *Service) Check(actor Actor, seq uint64, note string) (FollowUp, error) {
	if err := checkNote("note", note); err != nil {
		return FollowUp{}, err
	}
	return s.followUpStep(actor, seq, "rating.fu_check", Actor.office, func(tx *store.Tx, f *FollowUp, st Step) error {
		if f.State != FUOpen {
			return problem.New("", "rating.err.state")
		}
		st.Note = strings.TrimSpace(note)
		if f.NeedsCallback() {
			f.Callback = &st
		} else {
			f.Verification = &st
		}
		f.State = FUChecked
		return nil
	})
}

// Rectify records the rectification and the result told to the citizen,
// and closes the follow-up.
func (s *Service) Rectify(actor Actor, seq uint64, rectification, result string) (FollowUp, error) {
	var probs problem.List
	if err := checkNote("rectification", rectification); err != nil {
		probs.Add(err.(*problem.Problem))
	}
	if err := checkNote("result", result); err != nil {
		probs.Add(err.(*problem.Problem))
	}
	if err := probs.Err(); err != nil {
		return FollowUp{}, err
	}
	return s.followUpStep(actor, seq, "rating.fu_rectify", Actor.office, func(tx *store.Tx, f *FollowUp, st Step) error {
		if f.State != FUChecked {
			return problem.New("", "rating.err.state")
		}
		r, res := st, st
		r.Note, res.Note = strings.TrimSpace(rectification), strings.TrimSpace(result)
		f.Rectification, f.Result = &r, &res
		f.State, f.ClosedOn = FUClosed, tx.Today()
		return nil
	})
}

// Reject records the citizen's rejection of the result (once; from the
// status page or by the office on their behalf): the follow-up goes to
// the director.
func (s *Service) Reject(actor Actor, seq uint64, reason string) (FollowUp, error) {
	if err := checkNote("reason", reason); err != nil {
		return FollowUp{}, err
	}
	return s.followUpStep(actor, seq, "rating.fu_reject", func(Actor) bool { return true }, func(tx *store.Tx, f *FollowUp, st Step) error {
		if !f.MayReject() {
			return problem.New("", "rating.err.reject_once")
		}
		st.Note = strings.TrimSpace(reason)
		f.Rejection, f.State = &st, FUDirector
		return nil
	})
}

// DirectorDecide records the director's decision on a rejected result:
// final.
func (s *Service) DirectorDecide(actor Actor, seq uint64, decision string) (FollowUp, error) {
	if err := checkNote("decision", decision); err != nil {
		return FollowUp{}, err
	}
	return s.followUpStep(actor, seq, "rating.fu_director", Actor.director, func(tx *store.Tx, f *FollowUp, st Step) error {
		if f.State != FUDirector {
			return problem.New("", "rating.err.state")
		}
		st.Note = strings.TrimSpace(decision)
		f.Director, f.State, f.ClosedOn = &st, FUDecided, tx.Today()
		return nil
	})
}

// raterKnownTx gives an open follow-up the rater a comment named, so it
// calls them back.
func raterKnownTx(tx *store.Tx, seq uint64, r Rater) error {
	if !r.Known() {
		return nil
	}
	f, err := FollowUpTx(tx, seq)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil || f.State != FUOpen || f.Ref.Rater.Known() {
		return err
	}
	before := f
	f.Ref.Rater = r
	return putFollowUpTx(tx, "rating.fu_rater", &before, f)
}

// OpenCounts counts the follow-ups not done and, of those, the overdue
// ones on day (YYYY-MM-DD) and those waiting for the director.
func OpenCountsTx(tx *store.Tx, day string) (open, overdue, director int, err error) {
	err = tx.ForEach(bucketOpen, func(k, v []byte) error {
		open++
		f, err := FollowUpTx(tx, store.KeyID(k))
		if err != nil {
			return err
		}
		if f.Overdue(day) {
			overdue++
		}
		if f.State == FUDirector {
			director++
		}
		return nil
	})
	return
}

// FollowUpPage is one page of follow-ups, newest first; openOnly lists
// those not done.
func FollowUpPageTx(tx *store.Tx, openOnly bool, page, size int) ([]FollowUp, store.Paged, error) {
	bucket := bucketFollowUps
	if openOnly {
		bucket = bucketOpen
	}
	p, err := tx.Page(store.Query{Bucket: bucket, Spans: []store.Span{{}}, Desc: true, Page: page, Size: size})
	if err != nil {
		return nil, p, err
	}
	out := make([]FollowUp, 0, len(p.Entries))
	for _, e := range p.Entries {
		f, err := FollowUpTx(tx, store.KeyID(e.Key))
		if err != nil {
			return nil, p, err
		}
		out = append(out, f)
	}
	return out, p, nil
}
