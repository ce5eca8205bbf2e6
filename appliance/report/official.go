package report

// The official layout (公文格式, GB/T 9704-2012, where it fits an A4
// report): a document opens with the issuing body's name in red (发文机关
// 标志), the document number (发文字号) and a red rule across the page
// (版头中的分隔线), then its title and whom it is addressed to (主送机关);
// it closes with the issuing body and the date (发文机关署名, 成文日期) and
// room above them for the seal (印章). A Document or a Letter with a
// Masthead is written this way by WritePDF; any area's document (a leave
// slip, an intake notice) is laid out with the same two pieces.

// Masthead is the head of a document in the official layout.
type Masthead struct {
	Issuer string // 发文机关标志, printed in red: 青山镇便民服务中心
	DocNo  string // 发文字号: 青山便民〔2026〕12号; empty on a draft
	Draft  string // printed in the number's place when DocNo is empty: 草稿（发布时编号）
	Title  string // 标题; a letter's title is its own
	To     string // 主送机关: 各窗口单位、全体窗口工作人员：; may be empty
}

// Signature is the foot of a document in the official layout: the
// issuing body over the date, right-aligned, with room for the seal.
type Signature struct {
	Issuer string // 发文机关署名
	Date   string // 成文日期: 2026年12月7日
}

// masthead is a report's head: the center in red, the revision's number
// (or the draft mark), the official title and addressee.
func (m Meta) masthead(r *Report, title, to string) *Masthead {
	h := &Masthead{Issuer: r.Center, Title: title, To: to}
	if m.Revision != nil && m.Revision.DocNo != "" {
		h.DocNo = m.Revision.DocNo
	} else if m.Revision == nil {
		h.Draft = m.t("report.official.draft_no")
	}
	return h
}

// signature is a report's foot: the center and the day it was published
// (or the draft made).
func (m Meta) signature(r *Report) *Signature {
	return &Signature{Issuer: r.Center, Date: m.date(m.signedAt(r).In(m.Location))}
}
