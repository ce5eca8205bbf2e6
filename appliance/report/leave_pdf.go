package report

import (
	"fmt"
	"io"

	"github.com/jung-kurt/gofpdf"
)

// newLeavePDF starts an A4 portrait PDF in the report font (passed in: the
// caller holds the embedded font).
func newLeavePDF(font []byte, title, author string) *gofpdf.Fpdf {
	f := gofpdf.New("P", "mm", "A4", "")
	f.SetCompression(true)
	f.AddUTF8FontFromBytes("wqy", "", font)
	f.SetFont("wqy", "", bodyPt)
	f.SetTitle(title, true)
	f.SetAuthor(author, true)
	f.SetCreator("bianmin", true)
	f.SetMargins(18, 18, 18)
	f.SetAutoPageBreak(true, 16)
	return f
}

// WriteLeaveSlip writes the slip as one A4 page (more when the trail is
// long): the center and the title, the request's fields in a ruled grid,
// the approval trail as a table, where it stands, 销假, and lines to sign
// on the paper copy.
func WriteLeaveSlip(w io.Writer, s LeaveSlip, font []byte) error {
	f := newLeavePDF(font, s.Title+" "+s.Number, s.Center)
	f.AddPage()
	pw, _ := f.GetPageSize()
	body := pw - 36
	slipHead(f, s.Center, s.Title, s.Number, body)
	labelW := 32.0
	for _, fd := range s.Fields {
		gridRow(f, labelW, body-labelW, fd.Label, fd.Value)
	}
	f.Ln(4)
	f.SetFontSize(11.5)
	f.CellFormat(body, 8, s.TrailTitle+" · "+s.Status, "", 1, "L", false, 0, "")
	trailTable(f, s.TrailHead, s.Trail, body)
	if len(s.Closing) > 0 {
		f.Ln(3)
		for _, fd := range s.Closing {
			gridRow(f, labelW, body-labelW, fd.Label, fd.Value)
		}
	}
	slipFoot(f, s.Signs, s.Generated, body)
	if err := f.Error(); err != nil {
		return fmt.Errorf("write the leave slip: %w", err)
	}
	return f.Output(w)
}

// centerLine writes one centred line; bold is drawn twice a hair apart
// (the font has no bold face).
func centerLine(f *gofpdf.Fpdf, s string, pt float64, bold bool) {
	f.SetFontSize(pt)
	pw, _ := f.GetPageSize()
	x, y := (pw-f.GetStringWidth(s))/2, f.GetY()+pt*ptToMM
	f.Text(x, y, s)
	if bold {
		f.Text(x+0.2, y, s)
	}
	f.SetY(y + pt*ptToMM*0.7)
}

// gridRow is a ruled row: a shaded label cell and its wrapped value.
func gridRow(f *gofpdf.Fpdf, labelW, valueW float64, label, value string) {
	f.SetFontSize(10)
	lh := 6.0
	lines := f.SplitText(value, valueW-3)
	if len(lines) == 0 {
		lines = []string{""}
	}
	h := lh * float64(len(lines))
	if _, ph := f.GetPageSize(); f.GetY()+h > ph-18 {
		f.AddPage()
	}
	x, y := f.GetX(), f.GetY()
	f.SetFillColor(242, 242, 242)
	f.SetDrawColor(150, 150, 150)
	f.Rect(x, y, labelW, h, "FD")
	f.Rect(x+labelW, y, valueW, h, "D")
	f.SetXY(x+1.5, y)
	f.CellFormat(labelW-3, lh, label, "", 0, "L", false, 0, "")
	for i, line := range lines {
		f.SetXY(x+labelW+1.5, y+float64(i)*lh)
		f.CellFormat(valueW-3, lh, line, "", 0, "L", false, 0, "")
	}
	f.SetXY(x, y+h)
}

// trailTable writes the approval trail: numbered steps, who, when.
func trailTable(f *gofpdf.Fpdf, head []string, rows [][]string, body float64) {
	widths := []float64{8, 28, 26, 16, 24, 28, body - 130}
	f.SetFontSize(9)
	f.SetFillColor(230, 236, 245)
	for i, h := range head {
		f.CellFormat(widths[i], 7, h, "1", 0, "C", true, 0, "")
	}
	f.Ln(-1)
	lh := 5.5
	for _, r := range rows {
		n := 1
		split := make([][]string, len(r))
		for i, c := range r {
			split[i] = f.SplitText(c, widths[i]-2)
			if len(split[i]) == 0 {
				split[i] = []string{""}
			}
			n = max(n, len(split[i]))
		}
		h := lh * float64(n)
		if _, ph := f.GetPageSize(); f.GetY()+h > ph-18 {
			f.AddPage()
		}
		x, y := f.GetX(), f.GetY()
		for i := range r {
			f.Rect(x, y, widths[i], h, "D")
			for j, line := range split[i] {
				f.SetXY(x+1, y+float64(j)*lh)
				f.CellFormat(widths[i]-2, lh, line, "", 0, "L", false, 0, "")
			}
			x += widths[i]
		}
		f.SetXY(18, y+h)
	}
}

// WriteWorkCard writes the substitute's temporary work card: a card
// 90 × 126 mm with cutting marks at the top left of an A4 page.
func WriteWorkCard(w io.Writer, c WorkCard, font []byte) error {
	f := newLeavePDF(font, c.Title+" "+c.Name, c.Center)
	f.AddPage()
	const x0, y0, cw, ch = 18.0, 18.0, 90.0, 126.0
	f.SetDrawColor(40, 70, 140)
	f.SetLineWidth(0.6)
	f.Rect(x0, y0, cw, ch, "D")
	f.SetFillColor(30, 64, 140)
	f.Rect(x0, y0, cw, 22, "F")
	f.SetTextColor(255, 255, 255)
	cardLine(f, x0, cw, y0+9, c.Center, 11)
	cardLine(f, x0, cw, y0+18, c.Title, 16)
	f.SetTextColor(0, 0, 0)
	cardLine(f, x0, cw, y0+48, c.Name, 30)
	f.SetFontSize(10)
	y := y0 + 62
	for _, fd := range c.Fields {
		f.SetXY(x0+6, y)
		f.SetTextColor(90, 90, 90)
		f.CellFormat(24, 6, fd.Label, "", 0, "L", false, 0, "")
		f.SetTextColor(0, 0, 0)
		lines := f.SplitText(fd.Value, cw-34)
		for i, line := range lines {
			f.SetXY(x0+30, y+float64(i)*6)
			f.CellFormat(cw-34, 6, line, "", 0, "L", false, 0, "")
		}
		y += 6*float64(max(1, len(lines))) + 2
	}
	f.SetFontSize(8.5)
	f.SetTextColor(90, 90, 90)
	for i, line := range f.SplitText(c.Footer, cw-12) {
		f.SetXY(x0+6, y0+ch-16+float64(i)*4.5)
		f.CellFormat(cw-12, 4.5, line, "", 0, "L", false, 0, "")
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("write the work card: %w", err)
	}
	return f.Output(w)
}

// cardLine writes one line centred on the card at baseline y.
func cardLine(f *gofpdf.Fpdf, x0, cw, y float64, s string, pt float64) {
	f.SetFontSize(pt)
	x := x0 + (cw-f.GetStringWidth(s))/2
	f.Text(x, y, s)
	f.Text(x+0.2, y, s)
}
