package report

import (
	"fmt"
	"io"

	"github.com/jung-kurt/gofpdf"
)

// FieldSlip is a one-page slip of labelled fields with lines to sign: the
// update slip a technician leaves at the center (old and new version,
// time, technician, result).
type FieldSlip struct {
	Center    string
	Title     string
	Number    string // "" for none
	Fields    []Field
	Signs     []string // signature lines for the paper copy
	Generated string
}

// WriteFieldSlip writes the slip as an A4 page in the report font.
func WriteFieldSlip(w io.Writer, s FieldSlip, font []byte) error {
	f := newLeavePDF(font, s.Title, s.Center)
	f.AddPage()
	pw, _ := f.GetPageSize()
	body := pw - 36
	slipHead(f, s.Center, s.Title, s.Number, body)
	for _, fd := range s.Fields {
		gridRow(f, 36, body-36, fd.Label, fd.Value)
	}
	slipFoot(f, s.Signs, s.Generated, body)
	if err := f.Error(); err != nil {
		return fmt.Errorf("write the slip: %w", err)
	}
	return f.Output(w)
}

// slipHead is a slip's top: the center, the title, the number on the right.
func slipHead(f *gofpdf.Fpdf, center, title, number string, body float64) {
	centerLine(f, center, 13, false)
	centerLine(f, title, 20, true)
	f.SetFontSize(9.5)
	f.SetTextColor(70, 70, 70)
	f.CellFormat(body, 6, number, "", 1, "R", false, 0, "")
	f.SetTextColor(0, 0, 0)
}

// slipFoot is a slip's bottom: the lines to sign and when it was made.
func slipFoot(f *gofpdf.Fpdf, signs []string, generated string, body float64) {
	f.Ln(10)
	f.SetFontSize(10.5)
	for _, sign := range signs {
		f.CellFormat(body, 9, sign, "", 1, "L", false, 0, "")
	}
	f.Ln(4)
	f.SetFontSize(8)
	f.SetTextColor(90, 90, 90)
	f.CellFormat(body, 5, generated, "", 1, "R", false, 0, "")
}
