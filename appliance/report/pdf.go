package report

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jung-kurt/gofpdf"
)

// Page geometry of the PDFs, in millimetres and points.
const (
	a4Short, a4Long = 210.0, 297.0
	pageMargin      = 12.0 // left, right and bottom margins
	headerTop       = 8.0  // the running header's first line
	bodyTop         = 19.0 // where the body starts under the header
	footerFromEnd   = 8.0  // the running footer's baseline above the page end
	auditHeadAbove  = 3.2  // the audit head's line above the footer's (below the body; a printer's margin would clip a line under it)
	bodyBottom      = 14.0 // the body ends this far above the page end
	ptToMM          = 25.4 / 72
	bodyPt          = 9.5 // paragraphs
	headingPt       = 11.5
	titlePt         = 17
	letterPt        = 11
)

// pdfDoc writes one Document.
type pdfDoc struct {
	f      *gofpdf.Fpdf
	doc    *Document
	orient string // "P" or "L": the current page's
	// bare: the page being added opens with a masthead and has no
	// running header.
	bare bool
}

// PDFOptions are what WritePDF needs beside the document.
type PDFOptions struct {
	// Font returns a TrueType font with CJK and Latin glyphs in one face
	// (cmd and ui pass embedded.Font: WenQuanYi Micro Hei, inflated on
	// each call). It is called once per PDF and the bytes are not kept.
	Font func() ([]byte, error)
}

// WritePDF writes the document as an A4 PDF: a running header (the
// center, the title and period, the revision) and footer (when generated,
// 第 N 页 / 共 M 页) on every page, tables that fit the page width with
// their heading repeated on each page, wide tables on landscape pages, and
// each letter on a page of its own. A document (or letter) with a
// Masthead opens in the official layout — the red masthead, its number,
// the red rule, the title — in place of the running header on that page,
// and a document with a Signature closes with it.
func WritePDF(w io.Writer, doc *Document, opts PDFOptions) error {
	f, err := opts.start(doc.Title+" "+doc.Period, doc.Center, bodyPt)
	if err != nil {
		return err
	}
	f.SetMargins(pageMargin, bodyTop, pageMargin)
	f.SetAutoPageBreak(false, bodyBottom)
	p := &pdfDoc{f: f, doc: doc}
	f.SetHeaderFunc(p.header)
	f.SetFooterFunc(p.footer)
	p.write()
	if err := f.Error(); err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	return f.Output(w)
}

// start makes an A4 PDF in the font of opts at pt, with its title and
// author set and pages counted ({nb}).
func (opts PDFOptions) start(title, author string, pt float64) (*gofpdf.Fpdf, error) {
	if opts.Font == nil {
		return nil, errors.New("write PDF: no font given (PDFOptions.Font)")
	}
	font, err := opts.Font()
	if err != nil {
		return nil, fmt.Errorf("report font: %w", err)
	}
	f := gofpdf.New("P", "mm", "A4", "")
	f.SetCompression(true)
	f.AliasNbPages("{nb}")
	f.AddUTF8FontFromBytes("wqy", "", font)
	f.SetFont("wqy", "", pt)
	f.SetTitle(title, true)
	f.SetAuthor(author, true)
	f.SetCreator("bianmin", true)
	return f, nil
}

func (p *pdfDoc) write() {
	first := true
	signed := p.doc.Sign == nil
	for _, s := range p.doc.Sections {
		orient := p.orientation(s)
		if s.Letter != nil && !signed { // the document's own part ends before its letters
			p.signature(p.doc.Sign)
			signed = true
		}
		switch {
		case first:
			p.bare = p.doc.Head != nil
			p.newPage(orient)
			p.title()
		case s.Letter != nil && s.Letter.Head != nil:
			p.bare = true
			p.newPage("P")
		case s.NewPage || orient != p.orient:
			p.newPage(orient)
		default:
			p.space(6)
		}
		first = false
		if s.Letter != nil {
			p.letter(s.Letter)
			continue
		}
		p.section(s)
	}
	if first { // no sections at all: still a page with the title
		p.bare = p.doc.Head != nil
		p.newPage("P")
		p.title()
	}
	if !signed {
		p.signature(p.doc.Sign)
	}
}

// orientation is landscape for a table too wide for a portrait page.
func (p *pdfDoc) orientation(s Section) string {
	if s.Table == nil || s.Letter != nil {
		return "P"
	}
	p.f.SetFontSize(tablePt)
	if sum(p.measure(s.Table).least) > a4Short-2*pageMargin {
		return "L"
	}
	return "P"
}

func (p *pdfDoc) newPage(orient string) {
	p.orient = orient
	p.f.AddPageFormat(orient, gofpdf.SizeType{Wd: a4Short, Ht: a4Long})
	p.f.SetY(bodyTop)
}

// width is the body's width on the current page.
func (p *pdfDoc) width() float64 { w, _ := p.f.GetPageSize(); return w - 2*pageMargin }

// bottom is the lowest y the body may reach on the current page.
func (p *pdfDoc) bottom() float64 { _, h := p.f.GetPageSize(); return h - bodyBottom }

// space moves down by h, or to a new page when less than h is left.
func (p *pdfDoc) space(h float64) {
	if p.f.GetY()+h > p.bottom() {
		p.newPage(p.orient)
		return
	}
	p.f.SetY(p.f.GetY() + h)
}

func (p *pdfDoc) header() {
	if p.bare {
		p.bare = false
		return
	}
	f := p.f
	w, _ := f.GetPageSize()
	f.SetFont("wqy", "", 8)
	f.SetTextColor(60, 60, 60)
	base := headerTop + 8*ptToMM
	f.Text(pageMargin, base, p.doc.Center)
	mid := p.doc.Title + "  " + p.doc.Period
	f.Text((w-f.GetStringWidth(mid))/2, base+4, mid)
	f.Text(w-pageMargin-f.GetStringWidth(p.doc.Status), base, p.doc.Status)
	f.SetDrawColor(120, 120, 120)
	f.SetLineWidth(0.3)
	f.Line(pageMargin, bodyTop-3, w-pageMargin, bodyTop-3)
	f.SetTextColor(0, 0, 0)
	f.SetFont("wqy", "", bodyPt)
}

func (p *pdfDoc) footer() {
	f := p.f
	w, h := f.GetPageSize()
	f.SetFont("wqy", "", 8)
	f.SetTextColor(60, 60, 60)
	y := h - footerFromEnd
	left := p.doc.Generated
	if p.doc.Head != nil { // the revision is said here, not under the masthead
		left = p.doc.Status + "  ·  " + p.doc.Generated
	}
	f.Text(pageMargin, y, left)
	page := strings.ReplaceAll(p.doc.PageFormat, "{n}", strconv.Itoa(f.PageNo()))
	f.Text(w-pageMargin-f.GetStringWidth(page), y, page)
	if s := p.doc.AuditHead; s != "" {
		f.SetFontSize(6.5)
		f.Text((w-f.GetStringWidth(s))/2, y-auditHeadAbove, s)
	}
	f.SetTextColor(0, 0, 0)
	f.SetFont("wqy", "", bodyPt)
}

// title is the first page's heading: the official masthead when the
// document has one (the revision is then said in the footer), else the
// title, the center and period, and the revision.
func (p *pdfDoc) title() {
	d := p.doc
	if d.Head != nil {
		p.masthead(d.Head)
		p.space(2)
		return
	}
	p.centered(d.Title, titlePt, true)
	p.centered(d.Center+"  ·  "+d.Period, 10.5, false)
	p.centered(d.Status, 9, false)
	p.space(3)
}

// centered writes one line centred on the page; bold is drawn twice, a
// hair apart (the font has no bold face).
func (p *pdfDoc) centered(s string, pt float64, bold bool) {
	f := p.f
	f.SetFontSize(pt)
	w, _ := f.GetPageSize()
	x, y := (w-f.GetStringWidth(s))/2, f.GetY()+pt*ptToMM
	f.Text(x, y, s)
	if bold {
		f.Text(x+0.18, y, s)
	}
	f.SetY(y + pt*ptToMM*0.6)
	f.SetFontSize(bodyPt)
}

// paragraph writes wrapped text across the body, its first line indented
// by indent (two characters in a letter, as Chinese letters are set).
func (p *pdfDoc) paragraph(s string, pt, indent float64) {
	f := p.f
	f.SetFontSize(pt)
	lh := pt * ptToMM * 1.5
	first := wrap(f, s, p.width()-indent)
	lines := first
	if indent > 0 && len(first) > 1 { // the rest runs the full width
		rest := strings.TrimPrefix(s, first[0])
		lines = append([]string{first[0]}, wrap(f, strings.TrimLeft(rest, " "), p.width())...)
	}
	for i, line := range lines {
		if f.GetY()+lh > p.bottom() {
			p.newPage(p.orient)
		}
		x := pageMargin
		if i == 0 {
			x += indent
		}
		f.Text(x, f.GetY()+pt*ptToMM*1.1, line)
		f.SetY(f.GetY() + lh)
	}
	f.SetFontSize(bodyPt)
}

func (p *pdfDoc) heading(s string) {
	if p.f.GetY()+20 > p.bottom() { // keep a heading with what follows
		p.newPage(p.orient)
	}
	f := p.f
	f.SetFontSize(headingPt)
	y := f.GetY() + headingPt*ptToMM
	f.Text(pageMargin, y, s)
	f.Text(pageMargin+0.15, y, s)
	f.SetY(y + 2.5)
	f.SetFontSize(bodyPt)
}

func (p *pdfDoc) section(s Section) {
	if s.Heading != "" {
		p.heading(s.Heading)
	}
	for _, para := range s.Paragraphs {
		p.paragraph(para, bodyPt, 0)
	}
	if s.Table != nil {
		p.space(1.5)
		p.table(s.Table)
	}
}

// letter writes a letter to a home unit: the addressee, the body, the
// table, the closing, and the center's signature with the date.
func (p *pdfDoc) letter(l *Letter) {
	f := p.f
	if l.Head != nil {
		p.masthead(l.Head)
	}
	p.centered(l.Title, titlePt-2, true)
	p.space(4)
	p.paragraph(l.To, letterPt+1, 0)
	for _, s := range l.Body {
		p.paragraph(s, letterPt, 2*letterPt*ptToMM)
	}
	p.space(2)
	if l.Table != nil {
		p.table(l.Table)
	}
	p.space(3)
	for _, s := range l.Closing {
		p.paragraph(s, letterPt, 2*letterPt*ptToMM)
	}
	p.signature(&Signature{Issuer: l.Signer, Date: l.Date})
	f.SetFontSize(bodyPt)
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}
