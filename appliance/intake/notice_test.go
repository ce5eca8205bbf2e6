package intake

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"bianmin/appliance/locale"
	"bianmin/appliance/problem"
	"bianmin/appliance/report"
	"bianmin/embedded"
)

// zhWords renders the notices through the shipped zh-CN locale files.
func zhWords(t *testing.T) Words {
	t.Helper()
	cat, err := locale.Load(os.DirFS("../../embedded"))
	if err != nil {
		t.Fatal(err)
	}
	return func(key string, args map[string]any) string { return cat.T("zh-CN", key, args) }
}

// noticeText is everything a notice prints, in one string.
func noticeText(n Notice) string {
	t := n.Text
	parts := []string{n.DocNo, t.Title, t.To, t.Date, t.QRHint}
	for _, f := range t.Fields {
		parts = append(parts, f.Label, f.Value)
	}
	parts = append(parts, t.Paragraphs...)
	parts = append(parts, t.Head...)
	for _, r := range t.Rows {
		parts = append(parts, r...)
	}
	parts = append(parts, t.After...)
	return strings.Join(parts, "\n")
}

// TestNoticesThroughTheFlow issues each document at its step of a case's
// flow, each frozen with the words it printed, and checks what each must
// say (regulation 002 line 27; 行政许可法 art. 32, 38).
func TestNoticesThroughTheFlow(t *testing.T) {
	f := newFixture(t)
	words := zhWords(t)
	in := func(k NoticeKind) NoticeInput {
		return NoticeInput{Kind: k, Center: "青山镇便民服务中心", Prefix: "青山便民", Words: words,
			StatusURL: func(token string) string { return "http://box/s/" + token }}
	}
	c := f.register(5, "申请书") // 身份证复印件 missing
	issue := func(k NoticeKind, want ...string) Notice {
		t.Helper()
		n, err := f.svc.IssueNotice(f.receiver, c.ID, in(k))
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		text := noticeText(n)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s does not say %q:\n%s", k, w, text)
			}
		}
		if strings.Contains(text, "intakedoc.") || strings.Contains(text, validID) {
			t.Errorf("%s prints a raw key or the full ID number:\n%s", k, text)
		}
		if !strings.HasPrefix(n.QR, "http://box/s/") || len(n.QR) != len("http://box/s/")+22 {
			t.Errorf("%s: QR %q is not the status page by a 128-bit token", k, n.QR)
		}
		return n
	}
	refused := func(k NoticeKind) {
		t.Helper()
		if _, err := f.svc.IssueNotice(f.receiver, c.ID, in(k)); !problem.Is(err, keyNoticeStep) {
			t.Errorf("%s before its step: %v", k, err)
		}
	}
	// 收件清单 at registration: what was handed in and what was not.
	rec := issue(NoticeReceipt, "收件清单", "青山便民收〔2026〕1号", c.Number, "张三", "申请书", "已收", "身份证复印件", "未收到",
		"委托书（委托他人办理的）", "不表示已经受理", "2026年9月24日")
	refused(NoticeOneTime)
	refused(NoticeAcceptance)
	// 一次性告知书 (002:27 "一次性告知需要补正的全部内容"; art. 32).
	c = f.step(f.receiver, c.ID, StepInput{Action: ActNotice, Missing: []string{"户籍证明"}})
	one := issue(NoticeOneTime, "一次性告知书", "青山便民告〔2026〕1号", "第三十二条", "身份证复印件", "户籍证明", "1号窗口 民政")
	if len(one.Text.Rows) != 2 {
		t.Errorf("the one-time notice lists %d items, want every missing one (2): %v", len(one.Text.Rows), one.Text.Rows)
	}
	// 受理通知书 with the promised date: 5 working days from 2026-09-24 is
	// 2026-10-09 (the issue's deadline table).
	f.step(f.receiver, c.ID, StepInput{Action: ActMaterial, Materials: []string{"身份证复印件"}})
	c = f.step(f.receiver, c.ID, StepInput{Action: ActAccept})
	issue(NoticeAcceptance, "受理通知书", "予以受理", "5个工作日", "2026年10月9日", "专家评审")
	refused(NoticeDenial)
	// 不予行政许可决定书 (art. 38; 002:27): the reason and both rights with their limits.
	f.step(f.receiver, c.ID, StepInput{Action: ActStart})
	c = f.step(f.receiver, c.ID, StepInput{Action: ActDecide, Outcome: OutcomeRefused, Note: "家庭收入超过救助标准"})
	den := issue(NoticeDenial, "不予行政许可决定书", "第三十八条第二款", "理由：家庭收入超过救助标准",
		"60日内向县人民政府申请行政复议", "6个月内依法向县人民法院提起行政诉讼")
	c = f.step(f.receiver, c.ID, StepInput{Action: ActDeliver})
	issue(NoticeCompletion, "办结通知", "不予许可")

	// Frozen: the steps point at their documents; a reprint reads the
	// stored words; a later change of the rights' wording leaves them.
	c, _ = f.svc.Case(c.ID)
	if c.Steps[0].Doc != NoticeRef(rec.ID) || NoticeIDOf(c.Steps[0].Doc) != rec.ID {
		t.Errorf("the registration step's document is %q, want %q", c.Steps[0].Doc, NoticeRef(rec.ID))
	}
	if _, err := f.svc.SaveNoticeSettings(f.office, NoticeSettings{ReviewBody: "青山县人民政府", ReviewDays: 60, Court: "青山县人民法院", LitigationMonths: 6}); err != nil {
		t.Fatal(err)
	}
	again, err := f.svc.Notice(den.ID)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(again)
	b, _ := json.Marshal(den)
	if !bytes.Equal(a, b) {
		t.Errorf("the reprint differs from the issued document:\n%s\n%s", a, b)
	}
	list, err := f.svc.CaseNotices(c.ID)
	if err != nil || len(list) != 5 {
		t.Errorf("the case has %d documents, want 5 (%v)", len(list), err)
	}
	// Someone of another unit issues nothing for the case.
	if _, err := f.svc.IssueNotice(f.outsider, c.ID, in(NoticeReceipt)); !problem.Is(err, errNotYourUnit) {
		t.Errorf("another unit's staff: %v", err)
	}
	// Every document writes as an A4 PDF in the official layout.
	for _, n := range list {
		var buf bytes.Buffer
		if err := report.WriteNoticePDF(&buf, n.PDF("打印于 2026-09-24"), report.PDFOptions{Font: embedded.Font}); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
			t.Errorf("%s PDF: %v", n.Kind, err)
		}
	}
}

// TestRefusalNotice: a refusal to accept states the reason and the rights
// with the center's own reconsideration body and court (002:27).
func TestRefusalNotice(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.SaveNoticeSettings(f.office, NoticeSettings{ReviewBody: "青山县人民政府", ReviewDays: 30, Court: "青山县人民法院", LitigationMonths: 6}); !problem.Is(err, keyNoticeSetting) {
		t.Errorf("a reconsideration limit shorter than the law's 60 days: %v", err)
	}
	if _, err := f.svc.SaveNoticeSettings(f.office, NoticeSettings{ReviewBody: "青山县人民政府", ReviewDays: 60, Court: "青山县人民法院", LitigationMonths: 6}); err != nil {
		t.Fatal(err)
	}
	c := f.register(5, "申请书", "身份证复印件")
	f.step(f.receiver, c.ID, StepInput{Action: ActRefuse, Note: "不属于本窗口职权范围"})
	n, err := f.svc.IssueNotice(f.receiver, c.ID, NoticeInput{Kind: NoticeRefusal, Center: "青山镇便民服务中心", Prefix: "青山便民", Words: zhWords(t)})
	if err != nil {
		t.Fatal(err)
	}
	text := noticeText(n)
	for _, w := range []string{"不予受理通知书", "决定不予受理", "理由：不属于本窗口职权范围", "60日内向青山县人民政府申请行政复议", "6个月内依法向青山县人民法院提起行政诉讼"} {
		if !strings.Contains(text, w) {
			t.Errorf("the refusal does not say %q:\n%s", w, text)
		}
	}
	if n.QR != "" {
		t.Errorf("no status URL given, yet a QR code: %q", n.QR)
	}
}

// TestStatusByToken: the public status is reached by the token only, and
// shows the masked name and ID number.
func TestStatusByToken(t *testing.T) {
	f := newFixture(t)
	c := f.register(5, "申请书", "身份证复印件")
	tok, err := f.svc.StatusToken("wangfang", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := f.svc.StatusToken("wangfang", c.ID); again != tok {
		t.Errorf("a case's token changed: %s, %s", tok, again)
	}
	for _, bad := range []string{c.Number, "", tok[:21] + "A", strings.Repeat("A", 22)} {
		if bad == tok {
			continue
		}
		if _, err := f.svc.StatusByToken(bad); !problem.Is(err, keyTokenUnknown) {
			t.Errorf("token %q: %v", bad, err)
		}
	}
	p, err := f.svc.StatusByToken(tok)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "张*" || p.IDMasked == "" || strings.Contains(p.IDMasked, validID[6:14]) || p.Status != StatusReceived || p.Due.Kind != DueNotice {
		t.Errorf("public status %+v", p)
	}
}
