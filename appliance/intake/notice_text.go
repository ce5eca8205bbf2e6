package intake

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// NoticeSettings are the words of the rights a refusal states
// (regulation 002 line 27 "申请人享有依法申请行政复议或者提起行政诉讼的权利"):
// where to apply for reconsideration and in how many days (行政复议法
// art. 20: 六十日), which court and in how many months (行政诉讼法 art. 46:
// 六个月).
type NoticeSettings struct {
	ReviewBody       string `json:"review_body"`       // 青山县人民政府
	ReviewDays       int    `json:"review_days"`       // 60
	Court            string `json:"court"`             // 青山县人民法院
	LitigationMonths int    `json:"litigation_months"` // 6
}

// The statutory limits, the defaults of NoticeSettings.
const (
	DefaultReviewDays       = 60 // 行政复议法 (2023) art. 20
	DefaultLitigationMonths = 6  // 行政诉讼法 art. 46
)

const (
	bucketNoticeSettings = "intake.notice_settings"
	keyNoticeSettings    = "settings"
	keyNoticeSetting     = "intakedoc.err.setting"
)

func noticeSettingsTx(tx *store.Tx) (NoticeSettings, error) {
	set, err := store.GetAs[NoticeSettings](tx, bucketNoticeSettings, []byte(keyNoticeSettings))
	if errors.Is(err, store.ErrNotFound) {
		err = nil
	}
	if set.ReviewDays <= 0 {
		set.ReviewDays = DefaultReviewDays
	}
	if set.LitigationMonths <= 0 {
		set.LitigationMonths = DefaultLitigationMonths
	}
	return set, err
}

// NoticeSettings reads the settings (the statutory limits when never saved).
func (s *Service) NoticeSettings() (NoticeSettings, error) {
	return store.Read(s.db, noticeSettingsTx)
}

// SaveNoticeSettings stores the settings (office only). The limits may
// not be shorter than the law's.
func (s *Service) SaveNoticeSettings(a Actor, set NoticeSettings) (NoticeSettings, error) {
	if !a.Office() {
		return set, problem.New("", errNotOffice)
	}
	var ps problem.List
	ps = append(ps, text("review_body", &set.ReviewBody, true, MaxShortRunes)...)
	ps = append(ps, text("court", &set.Court, true, MaxShortRunes)...)
	if set.ReviewDays < DefaultReviewDays || set.ReviewDays > 365 {
		ps.Add(problem.New("review_days", keyNoticeSetting, "Min", DefaultReviewDays, "Max", 365))
	}
	if set.LitigationMonths < DefaultLitigationMonths || set.LitigationMonths > 24 {
		ps.Add(problem.New("litigation_months", keyNoticeSetting, "Min", DefaultLitigationMonths, "Max", 24))
	}
	if err := ps.Err(); err != nil {
		return set, err
	}
	return store.Write(s.db, a.Name, func(tx *store.Tx) (NoticeSettings, error) {
		before, err := noticeSettingsTx(tx)
		if err != nil {
			return set, err
		}
		if err := tx.Put(bucketNoticeSettings, []byte(keyNoticeSettings), set); err != nil {
			return set, err
		}
		return set, tx.AuditAndOutbox("intake.notice_settings", "intake/notice_settings", "intake.notice_settings", before, set)
	})
}

// noticeWords words one document of one case.
type noticeWords struct {
	words  Words
	loc    *time.Location
	c      Case
	step   Step
	set    NoticeSettings
	window string
	due    Due
}

func (w noticeWords) t(key string, args ...any) string {
	m := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		m[args[i].(string)] = args[i+1]
	}
	return w.words("intakedoc.notice."+key, m)
}

// day is a date in the documents' style: 2026年9月24日.
func (w noticeWords) day(t time.Time) string {
	t = t.In(w.loc)
	return w.t("date", "Y", t.Year(), "M", int(t.Month()), "D", t.Day())
}

func (w noticeWords) clock(t time.Time) string {
	return w.day(t) + " " + t.In(w.loc).Format("15:04")
}

// text words the document of kind issued at now.
func (w noticeWords) text(kind NoticeKind, now time.Time) NoticeText {
	c := w.c
	k := string(kind)
	args := []any{"Name", c.Applicant.Name, "Item", c.ItemName, "Received", w.clock(c.ReceivedAt), "Number", c.Number, "Window", w.window}
	nt := NoticeText{Title: w.t(k + ".title"), To: w.t("to", "Name", c.Applicant.Name), Date: w.day(now)}
	nt.Fields = []NoticeField{
		{w.t("f.number"), c.Number},
		{w.t("f.applicant"), c.Applicant.Name},
		{w.t("f.id"), c.Applicant.IDMasked},
		{w.t("f.item"), c.ItemName},
		{w.t("f.received"), w.clock(c.ReceivedAt)},
	}
	if c.Agent != nil && c.Agent.Name != "" {
		nt.Fields = append(nt.Fields, NoticeField{w.t("f.agent"), w.t("agent", "Name", c.Agent.Name, "Village", c.Agent.Village)})
	}
	if w.window != "" {
		nt.Fields = append(nt.Fields, NoticeField{w.t("f.window"), w.window})
	}
	nt.Paragraphs = []string{w.t(k+".body", args...)}
	switch kind {
	case NoticeReceipt:
		nt.Head = []string{w.t("col.no"), w.t("col.material"), w.t("col.copies"), w.t("col.form"), w.t("col.received")}
		for i, m := range c.Materials {
			got := w.t("not_received")
			if m.Received {
				got = w.t("received")
			}
			nt.Rows = append(nt.Rows, []string{strconv.Itoa(i + 1), w.materialName(m.Material), strconv.Itoa(max(m.Copies, 1)), w.form(m.Material), got})
		}
		nt.After = []string{w.t("receipt.after")}
	case NoticeOneTime:
		nt.Head = []string{w.t("col.no"), w.t("col.missing"), w.t("col.requirement")}
		for i, name := range c.Missing {
			req := w.t("requirement_other")
			for _, m := range c.Materials {
				if m.Name == name {
					req = w.t("requirement", "Copies", max(m.Copies, 1), "Form", w.form(m.Material))
				}
			}
			nt.Rows = append(nt.Rows, []string{strconv.Itoa(i + 1), name, req})
		}
		nt.After = []string{w.t("one_time.after", args...)}
		if w.step.Note != "" && w.step.Note != strings.Join(c.Missing, "、") {
			nt.After = append(nt.After, w.t("remark", "Note", w.step.Note))
		}
	case NoticeAcceptance:
		if w.due.Kind == DueDecision {
			nt.Paragraphs = append(nt.Paragraphs, w.t("acceptance.due", "Days", c.PromisedDays, "Due", w.day(w.due.Date)))
		}
		nt.Paragraphs = append(nt.Paragraphs, w.t("acceptance.after", args...))
		nt.Fields = append(nt.Fields, NoticeField{w.t("f.accepted"), w.clock(c.AcceptedAt)})
		if w.due.Kind == DueDecision {
			nt.Fields = append(nt.Fields, NoticeField{w.t("f.due"), w.day(w.due.Date)})
		}
	case NoticeRefusal, NoticeDenial:
		body, court := w.set.ReviewBody, w.set.Court
		if body == "" { // never set: the words of the locale file
			body = w.t("default_review_body")
		}
		if court == "" {
			court = w.t("default_court")
		}
		nt.Paragraphs = append(nt.Paragraphs, w.t("reason", "Reason", w.step.Note),
			w.t("rights", "ReviewBody", body, "ReviewDays", w.set.ReviewDays, "Court", court, "Months", w.set.LitigationMonths))
	case NoticeCompletion:
		outcome := w.t("outcome." + string(c.Outcome))
		nt.Paragraphs = []string{w.t("completion.body", append(args, "Outcome", outcome, "Decided", w.day(c.DecidedAt), "Closed", w.clock(c.ClosedAt))...)}
		if w.step.Note != "" {
			nt.Paragraphs = append(nt.Paragraphs, w.t("remark", "Note", w.step.Note))
		}
		nt.Paragraphs = append(nt.Paragraphs, w.t("completion.after"))
		nt.Fields = append(nt.Fields, NoticeField{w.t("f.outcome"), outcome})
	}
	return nt
}

// materialName is the material with its condition, when conditional.
func (w noticeWords) materialName(m Material) string {
	if m.Condition != "" {
		return w.t("conditional", "Name", m.Name, "Condition", m.Condition)
	}
	return m.Name
}

// form says whether the original is shown or a copy handed in.
func (w noticeWords) form(m Material) string {
	if m.Original {
		return w.t("original")
	}
	return w.t("copy")
}

// windowName is the case's window in words ("" for none).
func windowName(tx *store.Tx, id uint64, words Words) (string, error) {
	if id == 0 {
		return "", nil
	}
	win, err := staff.GetWindowTx(tx, id)
	if errors.Is(err, staff.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return words("intakedoc.window", map[string]any{"Number": win.Number, "Name": win.Name}), nil
}
