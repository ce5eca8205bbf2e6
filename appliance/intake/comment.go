package intake

import (
	"fmt"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Comment is what a citizen wrote about the handling of their case,
// through the comment link printed on their documents (by the case's
// status token, no login). The satisfaction ratings (appliance/rating)
// may read them by case.
type Comment struct {
	ID     uint64    `json:"id"`
	CaseID uint64    `json:"case_id"`
	At     time.Time `json:"at"`
	Text   string    `json:"text"`
}

// Bounds of the comments.
const (
	CommentMaxRunes = 500
	CommentsPerCase = 5 // a link left in a public place cannot fill the store
)

const (
	bucketComments  = "intake.comments" // caseID|instant|id → Comment
	keyCommentsFull = "intakedoc.err.comments_full"
	keyCommentActor = "citizen"
)

// CommentByToken stores a comment on the case the token names.
func (s *Service) CommentByToken(token, text string) (Comment, error) {
	return store.Write(s.db, keyCommentActor, func(tx *store.Tx) (Comment, error) {
		id, err := caseOfToken(tx, token)
		if err != nil {
			return Comment{}, err
		}
		if text, err = trimBounded("text", text, true, CommentMaxRunes); err != nil {
			return Comment{}, err
		}
		pg, err := tx.Page(store.Query{Bucket: bucketComments, Spans: []store.Span{{Prefix: store.IDKey(id)}}})
		if err != nil {
			return Comment{}, err
		}
		if pg.Total >= CommentsPerCase {
			return Comment{}, problem.New("text", keyCommentsFull, "Max", CommentsPerCase)
		}
		cm := Comment{CaseID: id, At: tx.Now().UTC(), Text: text}
		if cm.ID, err = tx.NextID(bucketComments); err != nil {
			return Comment{}, err
		}
		if err := tx.Put(bucketComments, append(append(store.IDKey(id), nanoKey(cm.At)...), store.IDKey(cm.ID)...), cm); err != nil {
			return Comment{}, err
		}
		return cm, tx.AuditAndOutbox("intake.comment", fmt.Sprintf("intake/case/%d", id), "intake.comment", nil, cm)
	})
}

// CaseComments lists the comments on a case, oldest first.
func (s *Service) CaseComments(caseID uint64) ([]Comment, error) {
	return store.Read(s.db, func(tx *store.Tx) ([]Comment, error) {
		pg, err := tx.Page(store.Query{Bucket: bucketComments, Spans: []store.Span{{Prefix: store.IDKey(caseID)}}})
		if err != nil {
			return nil, err
		}
		out := make([]Comment, 0, len(pg.Entries))
		for _, e := range pg.Entries {
			cm, err := store.Decode[Comment](bucketComments, e.Key, e.Value)
			if err != nil {
				return nil, err
			}
			out = append(out, cm)
		}
		return out, nil
	})
}
