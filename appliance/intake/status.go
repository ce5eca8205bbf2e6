package intake

import (
	"crypto/rand"
	"encoding/base64"
	"errors"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// The public status page of a case (办件进度查询) and the citizen's comment
// link are reached by a random token of 128 bits printed on the documents
// (as a QR code) — never by the case number, which counts up and could be
// guessed. The page shows the masked applicant, the item, the step and
// the due date; nothing else of the case.

// StatusTokenBytes is the token's length: 128 random bits.
const StatusTokenBytes = 16

const (
	bucketStatusTokens = "intake.status_tokens" // token → IDKey(case id)
	bucketCaseTokens   = "intake.case_tokens"   // IDKey(case id) → token
	keyTokenUnknown    = "intakedoc.err.token_unknown"
)

// statusTokenTx returns the case's token, made on first use.
func statusTokenTx(tx *store.Tx, caseID uint64) (string, error) {
	b, err := tx.Bucket(bucketCaseTokens)
	if err != nil {
		return "", err
	}
	if t := b.Get(store.IDKey(caseID)); t != nil {
		return string(t), nil
	}
	raw := make([]byte, StatusTokenBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	if err := b.Put(store.IDKey(caseID), []byte(token)); err != nil {
		return "", err
	}
	return token, putKeyValue(tx, bucketStatusTokens, []byte(token), store.IDKey(caseID))
}

// StatusToken returns the case's token, made on first use (staff reading
// the status by phone, a document's QR code).
func (s *Service) StatusToken(actor string, caseID uint64) (string, error) {
	return store.Write(s.db, actor, func(tx *store.Tx) (string, error) {
		if _, err := GetTx(tx, caseID); err != nil {
			return "", err
		}
		return statusTokenTx(tx, caseID)
	})
}

// PublicStatus is what the public status page shows of a case: masked.
type PublicStatus struct {
	Number    string // the case number is printed on the citizen's own documents
	Name      string // masked: 张*
	IDMasked  string
	ItemName  string
	Status    Status
	Outcome   Outcome
	Received  string // YYYY-MM-DD
	Due       Due
	LastStep  Step
	Collected bool
}

// StatusByToken reads the public status of the case the token names.
func (s *Service) StatusByToken(token string) (PublicStatus, error) {
	return store.Read(s.db, func(tx *store.Tx) (PublicStatus, error) {
		var p PublicStatus
		id, err := caseOfToken(tx, token)
		if err != nil {
			return p, err
		}
		c, err := GetTx(tx, id)
		if errors.Is(err, store.ErrNotFound) {
			return p, problem.New("", keyTokenUnknown)
		}
		if err != nil {
			return p, err
		}
		return s.publicStatus(tx, c), nil
	})
}

// caseOfToken is the id of the case the token names.
func caseOfToken(tx *store.Tx, token string) (uint64, error) {
	if len(token) != base64.RawURLEncoding.EncodedLen(StatusTokenBytes) {
		return 0, problem.New("", keyTokenUnknown)
	}
	b, err := tx.Bucket(bucketStatusTokens)
	if err != nil {
		return 0, err
	}
	var id []byte
	if b != nil {
		id = b.Get([]byte(token))
	}
	if id == nil {
		return 0, problem.New("", keyTokenUnknown)
	}
	return store.KeyID(id), nil
}

// PublicStatusOf is the public status of case id (the staff's phone
// script reads it aloud: the same masked facts).
func (s *Service) PublicStatusOf(id uint64) (PublicStatus, error) {
	return store.Read(s.db, func(tx *store.Tx) (PublicStatus, error) {
		c, err := GetTx(tx, id)
		if err != nil {
			return PublicStatus{}, err
		}
		return s.publicStatus(tx, c), nil
	})
}

func (s *Service) publicStatus(tx *store.Tx, c Case) PublicStatus {
	p := PublicStatus{Number: c.Number, Name: MaskName(c.Applicant.Name), IDMasked: c.Applicant.IDMasked, ItemName: c.ItemName,
		Status: c.Status, Outcome: c.Outcome, Received: c.ReceivedAt.In(tx.Location()).Format(store.DateLayout),
		Due: DueOf(s.cal, c, tx.Now()), Collected: c.Status == StatusDelivered}
	if n := len(c.Steps); n > 0 {
		p.LastStep = c.Steps[n-1]
		p.LastStep.By, p.LastStep.Note, p.LastStep.Doc = "", "", "" // who and why stay inside
	}
	return p
}

// MaskName keeps a name's first character: 张三 → 张*, 欧阳娜娜 → 欧***.
func MaskName(name string) string {
	r := []rune(name)
	if len(r) <= 1 {
		return name
	}
	out := []rune{r[0]}
	for range r[1:] {
		out = append(out, '*')
	}
	return string(out)
}
