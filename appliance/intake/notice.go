package intake

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// The intake documents (办件文书), each issued for a case at a point of its
// flow and frozen as issued: the words and figures printed are stored
// with the notice and every reprint renders that record, never the case
// as it is now (ARCHITECTURE.md "Records that the rules make
// authoritative … notices issued … are never edited").
//
//   - 收件清单 (receipt): what was handed in, at registration;
//   - 一次性告知书 (one-time notice): every missing item at once (regulation
//     002 line 27 "一次性告知需要补正的全部内容"), after the notice step;
//   - 受理通知书 (acceptance): after 受理, with the promised date (DueOf);
//   - 不予受理通知书 (refusal to accept): the reason (002 line 27 "一次性告知
//     不予受理的原因") and the rights to reconsideration and litigation;
//   - 不予行政许可决定书 (denial, 行政许可法 art. 38): the reason and the
//     rights (002 line 27 "一次性告知理由以及申请人享有依法申请行政复议或者提起
//     行政诉讼的权利");
//   - 办结通知 (completion): the result and where to collect it.
//
// The words come from the locale files (intakedoc.notice.*) through the
// Words the caller passes, in the center's language of record (zh-CN).

// NoticeKind is a kind of intake document.
type NoticeKind string

// The kinds of document.
const (
	NoticeReceipt    NoticeKind = "receipt"    // 收件清单
	NoticeOneTime    NoticeKind = "one_time"   // 一次性告知书
	NoticeAcceptance NoticeKind = "acceptance" // 受理通知书
	NoticeRefusal    NoticeKind = "refusal"    // 不予受理通知书
	NoticeDenial     NoticeKind = "denial"     // 不予行政许可决定书
	NoticeCompletion NoticeKind = "completion" // 办结通知
)

// NoticeKinds lists the kinds in flow order.
func NoticeKinds() []NoticeKind {
	return []NoticeKind{NoticeReceipt, NoticeOneTime, NoticeAcceptance, NoticeRefusal, NoticeDenial, NoticeCompletion}
}

// noticeStep is the flow step each document belongs to: it may be issued
// once the case has taken that step, and the step's document reference
// points at it.
var noticeStep = map[NoticeKind]Action{
	NoticeReceipt: ActRegister, NoticeOneTime: ActNotice, NoticeAcceptance: ActAccept,
	NoticeRefusal: ActRefuse, NoticeDenial: ActDecide, NoticeCompletion: ActDeliver,
}

// docCode is the kind's character in the document number (发文字号):
// 青山便民受〔2026〕3号.
var docCode = map[NoticeKind]string{
	NoticeReceipt: "收", NoticeOneTime: "告", NoticeAcceptance: "受",
	NoticeRefusal: "不受", NoticeDenial: "不许", NoticeCompletion: "结",
}

// Words renders a locale key with its arguments in the language of record
// (the web app's catalog bound to zh-CN).
type Words func(key string, args map[string]any) string

// Notice is one issued document, frozen.
type Notice struct {
	ID       uint64     `json:"id"`
	Kind     NoticeKind `json:"kind"`
	CaseID   uint64     `json:"case_id"`
	CaseNo   string     `json:"case_no"`
	DocNo    string     `json:"doc_no"` // 青山便民受〔2026〕3号
	Center   string     `json:"center"`
	IssuedAt time.Time  `json:"issued_at"`
	IssuedBy string     `json:"issued_by"`
	// QR is the status page's address printed as a QR code ("" when the
	// center prints none).
	QR   string     `json:"qr,omitempty"`
	Text NoticeText `json:"text"`
}

// NoticeText is what the document says, exactly as printed.
type NoticeText struct {
	Title string `json:"title"`
	To    string `json:"to"` // 张三：
	// Fields are the case's particulars (办件编号, 申请人, 证件号码 masked,
	// 事项, …), printed as a grid on A4 and as lines on the ticket printer.
	Fields     []NoticeField `json:"fields"`
	Paragraphs []string      `json:"paragraphs"`
	// Head and Rows are a table (the materials); none when Head is empty.
	Head   []string   `json:"head,omitempty"`
	Rows   [][]string `json:"rows,omitempty"`
	After  []string   `json:"after,omitempty"` // paragraphs after the table
	Date   string     `json:"date"`            // 2026年9月24日
	QRHint string     `json:"qr_hint,omitempty"`
}

// NoticeField is one particular: a label and its value.
type NoticeField struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// NoticeInput is what the issuing page passes beside the case.
type NoticeInput struct {
	Kind   NoticeKind
	Center string // the center's name (the masthead and signature)
	Prefix string // the center's document prefix (center.DocPrefixOf)
	// StatusURL makes the status page's address from the case's token;
	// nil: no QR code.
	StatusURL func(token string) string
	Words     Words
}

// Locale keys of the documents' refusals.
const (
	keyNoticeKind    = "intakedoc.err.notice_kind"
	keyNoticeStep    = "intakedoc.err.notice_step"
	keyNoticeUnknown = "intakedoc.err.notice_unknown"
)

// Buckets of the documents.
const (
	bucketNotices       = "intake.notices"         // IDKey(id) → Notice
	bucketNoticesByCase = "intake.notices_by_case" // caseID|id → kind
	bucketNoticeSerials = "intake.notice_serials"  // kind|year → last serial (8 bytes)
)

// IssueNotice issues the document of kind for case id, now, by the
// actor: it is frozen with the words and figures it prints, numbered per
// kind and year, and referenced from the case's step; all in one
// transaction with the audit entry and the outbox record.
func (s *Service) IssueNotice(a Actor, id uint64, in NoticeInput) (Notice, error) {
	return store.Write(s.db, a.Name, func(tx *store.Tx) (Notice, error) { return s.IssueNoticeTx(tx, a, id, in) })
}

// IssueNoticeTx is IssueNotice in tx.
func (s *Service) IssueNoticeTx(tx *store.Tx, a Actor, id uint64, in NoticeInput) (Notice, error) {
	act, ok := noticeStep[in.Kind]
	if !ok || in.Words == nil {
		return Notice{}, problem.New("kind", keyNoticeKind)
	}
	c, err := GetTx(tx, id)
	if err != nil {
		return Notice{}, err
	}
	if !mayAct(tx, a, c) {
		return Notice{}, problem.New("", errNotYourUnit)
	}
	step := LastStep(c, act)
	if step < 0 || in.Kind == NoticeDenial && c.Outcome != OutcomeRefused {
		return Notice{}, problem.New("kind", keyNoticeStep, "Kind", string(in.Kind), "Status", string(c.Status))
	}
	now := tx.Now().UTC()
	n := Notice{Kind: in.Kind, CaseID: c.ID, CaseNo: c.Number, Center: in.Center, IssuedAt: now, IssuedBy: a.Name}
	if n.ID, err = tx.NextID(bucketNotices); err != nil {
		return Notice{}, err
	}
	serial, err := nextNoticeSerial(tx, in.Kind, now.In(tx.Location()).Year())
	if err != nil {
		return Notice{}, err
	}
	n.DocNo = fmt.Sprintf("%s%s〔%d〕%d号", in.Prefix, docCode[in.Kind], now.In(tx.Location()).Year(), serial)
	if in.StatusURL != nil {
		token, err := statusTokenTx(tx, c.ID)
		if err != nil {
			return Notice{}, err
		}
		n.QR = in.StatusURL(token)
	}
	set, err := noticeSettingsTx(tx)
	if err != nil {
		return Notice{}, err
	}
	win, err := windowName(tx, c.WindowID, in.Words)
	if err != nil {
		return Notice{}, err
	}
	w := noticeWords{words: in.Words, loc: tx.Location(), c: c, step: c.Steps[step], set: set, window: win,
		due: DueOf(s.cal, c, tx.Now())}
	n.Text = w.text(in.Kind, now)
	if n.QR != "" {
		n.Text.QRHint = in.Words("intakedoc.notice.qr_hint", nil)
	}
	if err := tx.Put(bucketNotices, store.IDKey(n.ID), n); err != nil {
		return Notice{}, err
	}
	if err := putKeyValue(tx, bucketNoticesByCase, append(store.IDKey(c.ID), store.IDKey(n.ID)...), []byte(n.Kind)); err != nil {
		return Notice{}, err
	}
	if c.Steps[step].Doc == "" { // the first of its kind; a reissue is listed with the case's notices
		if c, err = s.AttachDocTx(tx, a, c.ID, step, NoticeRef(n.ID)); err != nil {
			return Notice{}, err
		}
	}
	summary := map[string]any{"case": c.Number, "kind": string(n.Kind), "doc_no": n.DocNo, "issued_at": now.Format(time.RFC3339)}
	return n, tx.AuditAndOutbox("intake.notice", NoticeRef(n.ID), "intake.notice", nil, summary)
}

// NoticeRef is a notice's reference on the case's step: intake/notice/12.
func NoticeRef(id uint64) string { return "intake/notice/" + strconv.FormatUint(id, 10) }

// NoticeIDOf reads the notice id out of a step's document reference (0:
// not a notice).
func NoticeIDOf(ref string) uint64 {
	const p = "intake/notice/"
	if len(ref) <= len(p) || ref[:len(p)] != p {
		return 0
	}
	id, _ := strconv.ParseUint(ref[len(p):], 10, 64)
	return id
}

// NoticeTx reads one issued notice.
func NoticeTx(tx *store.Tx, id uint64) (Notice, error) {
	n, err := store.GetAs[Notice](tx, bucketNotices, store.IDKey(id))
	if errors.Is(err, store.ErrNotFound) {
		return n, problem.New("", keyNoticeUnknown, "ID", id)
	}
	return n, err
}

// Notice reads one issued notice.
func (s *Service) Notice(id uint64) (Notice, error) {
	return store.Read(s.db, func(tx *store.Tx) (Notice, error) { return NoticeTx(tx, id) })
}

// CaseNoticesTx lists the notices issued for a case, in issue order.
func CaseNoticesTx(tx *store.Tx, caseID uint64) ([]Notice, error) {
	pg, err := tx.Page(store.Query{Bucket: bucketNoticesByCase, Spans: []store.Span{{Prefix: store.IDKey(caseID)}}})
	if err != nil {
		return nil, err
	}
	out := make([]Notice, 0, len(pg.Entries))
	for _, e := range pg.Entries {
		n, err := NoticeTx(tx, store.KeyID(e.Key[8:]))
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// CaseNotices lists the notices issued for a case.
func (s *Service) CaseNotices(caseID uint64) ([]Notice, error) {
	return store.Read(s.db, func(tx *store.Tx) ([]Notice, error) { return CaseNoticesTx(tx, caseID) })
}

// IssuableNotices lists the kinds of document the case's flow allows now.
func IssuableNotices(c Case) []NoticeKind {
	var out []NoticeKind
	for _, k := range NoticeKinds() {
		if LastStep(c, noticeStep[k]) >= 0 && (k != NoticeDenial || c.Outcome == OutcomeRefused) {
			out = append(out, k)
		}
	}
	return out
}

func nextNoticeSerial(tx *store.Tx, kind NoticeKind, year int) (uint64, error) {
	b, err := tx.Bucket(bucketNoticeSerials)
	if err != nil {
		return 0, err
	}
	key := []byte(string(kind) + "|" + strconv.Itoa(year))
	n := store.KeyID(b.Get(key)) + 1
	return n, b.Put(key, store.IDKey(n))
}
