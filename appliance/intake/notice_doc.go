package intake

import "bianmin/appliance/report"

// PDF is the notice laid out for report.WriteNoticePDF: the stored words,
// nothing read again from the case.
func (n Notice) PDF(footer string) report.Notice {
	t := n.Text
	out := report.Notice{
		Head:   &report.Masthead{Issuer: n.Center, DocNo: n.DocNo, Title: t.Title, To: t.To},
		Body:   t.Paragraphs,
		After:  t.After,
		Sign:   &report.Signature{Issuer: n.Center, Date: t.Date},
		QR:     n.QR,
		QRHint: t.QRHint,
		Footer: footer,
	}
	for _, fd := range t.Fields {
		out.Fields = append(out.Fields, [2]string{fd.Label, fd.Value})
	}
	if len(t.Head) > 0 {
		tb := &report.Table{}
		for i, h := range t.Head {
			tb.Columns = append(tb.Columns, report.Column{Head: h, Wrap: i == 1 || i == len(t.Head)-1 && len(t.Head) == 3})
		}
		for _, r := range t.Rows {
			row := report.Row{}
			for _, c := range r {
				row.Cells = append(row.Cells, report.Cell{Text: c})
			}
			tb.Rows = append(tb.Rows, row)
		}
		out.Table = tb
	}
	return out
}
