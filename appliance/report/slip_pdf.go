package report

import (
	"fmt"
	"io"
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
	centerLine(f, s.Center, 13, false)
	centerLine(f, s.Title, 20, true)
	f.SetFontSize(9.5)
	f.SetTextColor(70, 70, 70)
	f.CellFormat(body, 6, s.Number, "", 1, "R", false, 0, "")
	f.SetTextColor(0, 0, 0)
	for _, fd := range s.Fields {
		gridRow(f, 36, body-36, fd.Label, fd.Value)
	}
	f.Ln(10)
	f.SetFontSize(10.5)
	for _, sign := range s.Signs {
		f.CellFormat(body, 9, sign, "", 1, "L", false, 0, "")
	}
	f.Ln(4)
	f.SetFontSize(8)
	f.SetTextColor(90, 90, 90)
	f.CellFormat(body, 5, s.Generated, "", 1, "R", false, 0, "")
	if err := f.Error(); err != nil {
		return fmt.Errorf("write the slip: %w", err)
	}
	return f.Output(w)
}
