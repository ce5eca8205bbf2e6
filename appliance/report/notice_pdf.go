package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/jung-kurt/gofpdf"
	"rsc.io/qr"
)

// Notice is a short official document to one person (an intake notice:
// 受理通知书, 一次性告知书, 不予受理通知书 …) in the official layout: the red
// masthead with its number and title, the addressee, the particulars as a
// ruled grid, the body set as a letter is (two characters' indent), a
// table when there is one, the paragraphs after it, the issuing body and
// date with room for the seal, and optionally a QR code with a line under
// it at the foot. A guide to a service (办事指南) has headed sections
// after the body instead of a letter's table, and no signature (Sign nil).
type Notice struct {
	Head     *Masthead
	Fields   [][2]string // label, value
	Body     []string
	Sections []Section // headed sections (a heading, paragraphs, a table)
	Table    *Table
	After    []string
	Sign     *Signature
	QR       string // the QR code's text (a URL); "" for none
	QRHint   string
	Footer   string // small print at the foot of every page
}

// noticePt is the body's type size: larger than a report's, as a letter's.
const (
	noticePt   = 12.0
	noticeQRmm = 28.0
)

// WriteNoticePDF writes the notice as an A4 PDF.
func WriteNoticePDF(w io.Writer, n Notice, opts PDFOptions) error {
	if n.Head == nil {
		return errors.New("write notice PDF: a notice needs its masthead")
	}
	f, err := opts.start(n.Head.Title+" "+n.Head.DocNo, n.Head.Issuer, noticePt)
	if err != nil {
		return err
	}
	f.SetMargins(pageMargin, bodyTop, pageMargin)
	f.SetAutoPageBreak(false, bodyBottom)
	doc := &Document{Center: n.Head.Issuer, Title: n.Head.Title, Generated: n.Footer}
	p := &pdfDoc{f: f, doc: doc, bare: true}
	f.SetHeaderFunc(p.header)
	f.SetFooterFunc(p.footer)
	p.newPage("P")
	p.masthead(n.Head)
	p.space(2)
	p.fieldGrid(n.Fields)
	p.space(4)
	indent := 2 * noticePt * ptToMM
	for _, s := range n.Body {
		p.paragraph(s, noticePt, indent)
		p.space(1)
	}
	for _, s := range n.Sections {
		p.space(2)
		p.section(s)
		f.SetFontSize(noticePt)
	}
	if n.Table != nil {
		p.space(1.5)
		p.table(n.Table)
		p.space(3)
	}
	for _, s := range n.After {
		p.paragraph(s, noticePt, indent)
		p.space(1)
	}
	page, top := f.PageNo(), f.GetY()
	if n.Sign != nil {
		p.signature(n.Sign)
	}
	if f.PageNo() != page { // the signature went over to a new page: the QR code goes with it
		top = bodyTop
	}
	if n.QR != "" {
		if err := p.qrCode(n.QR, n.QRHint, top); err != nil {
			return err
		}
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("write notice PDF: %w", err)
	}
	return f.Output(w)
}

// fieldGrid writes the particulars two to a row in ruled cells: a shaded
// label and its value.
func (p *pdfDoc) fieldGrid(fields [][2]string) {
	f := p.f
	f.SetFontSize(10.5)
	const lh, labelW = 7.5, 24.0
	half := p.width() / 2
	f.SetDrawColor(150, 150, 150)
	f.SetFillColor(242, 242, 242)
	for i := 0; i < len(fields); i += 2 {
		if f.GetY()+lh > p.bottom() {
			p.newPage(p.orient)
		}
		y := f.GetY()
		for j := 0; j < 2; j++ {
			x := pageMargin + float64(j)*half
			label, value := "", ""
			if i+j < len(fields) {
				label, value = fields[i+j][0], fields[i+j][1]
			}
			f.Rect(x, y, labelW, lh, "FD")
			f.Rect(x+labelW, y, half-labelW, lh, "D")
			f.SetXY(x+1.2, y)
			f.CellFormat(labelW-2.4, lh, label, "", 0, "L", false, 0, "")
			f.SetXY(x+labelW+1.2, y)
			value = fitText(f, value, half-labelW-2.4)
			f.CellFormat(half-labelW-2.4, lh, value, "", 0, "L", false, 0, "")
		}
		f.SetXY(pageMargin, y+lh)
	}
	f.SetDrawColor(0, 0, 0)
	f.SetFontSize(noticePt)
}

// fitText shortens s with an ellipsis to fit w.
func fitText(f *gofpdf.Fpdf, s string, w float64) string {
	if f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// qrCode draws the QR code at the left of the signature block (which
// starts at top), its hint under it.
func (p *pdfDoc) qrCode(text, hint string, top float64) error {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return fmt.Errorf("QR code of %q: %w", text, err)
	}
	f := p.f
	name := "qr-status"
	f.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(code.PNG()))
	y := top + 4
	if y+noticeQRmm+8 > p.bottom() {
		p.newPage(p.orient)
		y = f.GetY()
	}
	f.ImageOptions(name, pageMargin, y, noticeQRmm, noticeQRmm, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	if hint != "" {
		f.SetFontSize(8.5)
		f.SetTextColor(70, 70, 70)
		for i, line := range wrap(f, hint, noticeQRmm+30) {
			f.Text(pageMargin, y+noticeQRmm+4+float64(i)*4, line)
		}
		f.SetTextColor(0, 0, 0)
	}
	f.SetFontSize(noticePt)
	return nil
}
