package report

// Drawing the official layout (official.go) with gofpdf, after GB/T
// 9704-2012 scaled to an A4 report: the masthead in red, centred, as large
// as fits the body's width (7.2.3); the number centred under it (7.2.4);
// 4 mm below, a red rule as wide as the body (7.2.6); the title centred
// (7.3.1) and the addressee flush left (7.3.2). At the foot the issuing
// body is centred over the date, the date four characters in from the
// right edge (7.3.5.1), with room above them where the seal goes.

// Official colours and sizes.
var officialRed = [3]int{204, 0, 0} // 红色 of the masthead and the rule

const (
	mastheadTop   = 16.0 // mm from the page's top to the masthead's baseline area
	mastheadMaxPt = 30.0 // the masthead's largest type
	mastheadMinPt = 16.0
	docNoPt       = 12.0
	ruleWidth     = 0.6 // mm
	officialTitle = 16.0
	addresseePt   = 12.0
	signPt        = 12.0
	sealRoom      = 22.0 // mm kept free above the signature for the seal
	signNeed      = 48.0 // mm a signature needs below the body, or a new page
)

// masthead draws h at the top of the current page: the issuer in red, the
// number (or the draft mark), the red rule, then the title and addressee.
func (p *pdfDoc) masthead(h *Masthead) {
	f := p.f
	w, _ := f.GetPageSize()
	pt := mastheadMaxPt
	for ; pt > mastheadMinPt; pt-- {
		f.SetFontSize(pt)
		if f.GetStringWidth(h.Issuer)+0.4 <= p.width() {
			break
		}
	}
	f.SetFontSize(pt)
	f.SetTextColor(officialRed[0], officialRed[1], officialRed[2])
	y := mastheadTop + pt*ptToMM
	x := (w - f.GetStringWidth(h.Issuer)) / 2
	for _, dx := range []float64{0, 0.15, 0.3} { // the font has no bold face: strike it thrice
		f.Text(x+dx, y, h.Issuer)
	}
	y += 5
	no := h.DocNo
	if no == "" {
		no = h.Draft // drafts keep the red of a mark that is not a number
	} else {
		f.SetTextColor(0, 0, 0)
	}
	f.SetFontSize(docNoPt)
	y += docNoPt * ptToMM
	f.Text((w-f.GetStringWidth(no))/2, y, no)
	y += 4
	f.SetDrawColor(officialRed[0], officialRed[1], officialRed[2])
	f.SetLineWidth(ruleWidth)
	f.Line(pageMargin, y, w-pageMargin, y)
	f.SetTextColor(0, 0, 0)
	f.SetDrawColor(0, 0, 0)
	f.SetY(y + 6)
	if h.Title != "" {
		for _, line := range wrap(f, h.Title, p.width()-20) {
			p.centered(line, officialTitle, true)
		}
		p.space(2)
	}
	if h.To != "" {
		p.paragraph(h.To, addresseePt, 0)
	}
	f.SetFontSize(bodyPt)
}

// signature draws s after what is written: room for the seal, the issuer
// centred over the date, the date four characters in from the right.
func (p *pdfDoc) signature(s *Signature) {
	f := p.f
	if f.GetY()+signNeed > p.bottom() {
		p.newPage(p.orient)
	}
	f.SetFontSize(signPt)
	char := f.GetStringWidth("中")
	right := pageMargin + p.width() - 4*char
	dateW := f.GetStringWidth(s.Date)
	center := right - dateW/2
	y := f.GetY() + sealRoom
	issuerW := f.GetStringWidth(s.Issuer)
	x := center - issuerW/2
	if x+issuerW > pageMargin+p.width() {
		x = pageMargin + p.width() - issuerW
	}
	f.Text(x, y, s.Issuer)
	y += signPt * ptToMM * 1.6
	f.Text(right-dateW, y, s.Date)
	f.SetY(y + 4)
	f.SetFontSize(bodyPt)
}
