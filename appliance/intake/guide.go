package intake

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/report"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// GuideInput is what the page passes to lay out a service's guide.
type GuideInput struct {
	Center string // the center's name (the masthead and signature)
	// URL is the service's public kiosk page, printed as a QR code so
	// that the paper leads to the current guide.
	URL    string
	Footer string // small print at the foot of every page
	Words  Words
}

// Guide lays out the printable guide (办事指南) of the active service
// with the code, for report.WriteNoticePDF: everything of its catalog
// entry — the unit and windows, the category, the legal and promised
// limits, the six public items (六公开: content, materials, procedure,
// fees, fee basis, time limit: regulation 003 line 325; 办事指南: 003
// line 78),
// each material with its copies, original or copy and whether it is
// required — and the QR code to its kiosk page. ErrNotFound for an
// unknown or inactive service.
func (s *Service) Guide(code string, in GuideInput) (report.Notice, error) {
	return store.Read(s.db, func(tx *store.Tx) (report.Notice, error) {
		it, err := ItemByCodeTx(tx, code)
		if err != nil || !it.Active {
			return report.Notice{}, errors.Join(ErrNotFound, err)
		}
		g := guideWords{words: in.Words}
		unit := ""
		if u, err := staff.GetUnitTx(tx, it.UnitID); err == nil {
			unit = u.Name
		}
		var windows []string
		for _, id := range it.WindowIDs {
			w, err := windowName(tx, id, in.Words)
			if err != nil {
				return report.Notice{}, err
			}
			if w != "" {
				windows = append(windows, w)
			}
		}
		return g.notice(it, unit, windows, in, tx.Location()), nil
	})
}

type guideWords struct{ words Words }

func (g guideWords) t(key string, args ...any) string {
	m := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		m[args[i].(string)] = args[i+1]
	}
	return g.words("intakedoc.guide."+key, m)
}

// or is s, or the words of "none" when s is empty.
func (g guideWords) or(s string) string {
	if strings.TrimSpace(s) == "" {
		return g.t("none")
	}
	return s
}

func (g guideWords) days(n int) string {
	if n == 0 {
		return g.t("on_the_spot")
	}
	return g.t("days", "Days", n)
}

// date is a day in the documents' style: 2026年9月24日.
func (g guideWords) date(t time.Time) string {
	return g.words("intakedoc.notice.date", map[string]any{"Y": t.Year(), "M": int(t.Month()), "D": t.Day()})
}

func (g guideWords) notice(it Item, unit string, windows []string, in GuideInput, loc *time.Location) report.Notice {
	where := strings.Join(windows, "、")
	n := report.Notice{
		Head: &report.Masthead{Issuer: in.Center, DocNo: g.t("code", "Code", it.Code, "Updated", g.date(it.UpdatedAt.In(loc))), Title: g.t("title", "Name", it.Name)},
		Fields: [][2]string{
			{g.t("f.name"), it.Name}, {g.t("f.code"), it.Code},
			{g.t("f.unit"), g.or(unit)}, {g.t("f.windows"), g.or(where)},
			{g.t("f.category"), g.words("intake.category."+string(it.Category), nil)}, {g.t("f.fee"), g.or(it.Fee)},
			{g.t("f.legal"), g.days(it.LegalDays)}, {g.t("f.promised"), g.days(it.PromisedDays)},
		},
		QR:     in.URL,
		Footer: in.Footer,
	}
	if in.URL != "" {
		n.QRHint = g.t("qr_hint")
	}
	tb := &report.Table{Columns: []report.Column{{Head: g.t("col.no"), Num: true}, {Head: g.t("col.material"), Wrap: true},
		{Head: g.t("col.copies"), Num: true}, {Head: g.t("col.form")}, {Head: g.t("col.need"), Wrap: true}}, Empty: g.t("no_materials")}
	for i, m := range it.Materials {
		form, need := g.t("copy"), g.t("required")
		if m.Original {
			form = g.t("original")
		}
		if !m.Required {
			need = g.t("conditional")
			if m.Condition != "" {
				need = g.t("when", "Condition", m.Condition)
			}
		}
		tb.Rows = append(tb.Rows, report.Row{Cells: []report.Cell{{Text: strconv.Itoa(i + 1), Value: float64(i + 1), IsNum: true},
			{Text: m.Name}, {Text: strconv.Itoa(max(m.Copies, 1)), Value: float64(max(m.Copies, 1)), IsNum: true}, {Text: form}, {Text: need}}})
	}
	limit := g.t("limit", "Legal", g.days(it.LegalDays), "Promised", g.days(it.PromisedDays))
	n.Sections = []report.Section{
		{Heading: g.t("s.content"), Paragraphs: []string{g.or(it.Content)}},
		{Heading: g.t("s.basis"), Paragraphs: []string{g.or(it.LegalBasis)}},
		{Heading: g.t("s.materials"), Paragraphs: []string{g.t("materials_lead"), g.t("after")}, Table: tb},
		{Heading: g.t("s.procedure"), Paragraphs: []string{g.or(it.Procedure)}},
		{Heading: g.t("s.fee"), Paragraphs: []string{g.t("fee", "Fee", g.or(it.Fee)), g.t("fee_basis", "Basis", g.or(it.FeeBasis))}},
		{Heading: g.t("s.limit"), Paragraphs: []string{limit}},
		{Heading: g.t("s.where"), Paragraphs: []string{g.t("where", "Center", in.Center, "Unit", g.or(unit), "Windows", g.or(where))}},
	}
	return n
}
