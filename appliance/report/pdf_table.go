package report

import "slices"

// Table type sizes and spacing, in points and millimetres.
const (
	tablePt    = 9.0 // preferred
	minTablePt = 6.0 // the smallest a table shrinks to before it must wrap tighter
	cellPadX   = 1.2
	cellPadY   = 0.9
	lineFactor = 1.3 // line height per font size
)

// colWidths are a table's column widths at one font size: natural
// (nothing wraps), least (wrapped as far as allowed: numbers never,
// remarks to ten characters, other text to five, never inside a word) and
// typical (wide enough for nine cells in ten of a text column).
type colWidths struct{ nat, least, typical []float64 }

// measure returns the columns' widths at the current font size.
func (p *pdfDoc) measure(tb *Table) colWidths {
	f := p.f
	em := f.GetStringWidth("中")
	n := len(tb.Columns)
	cw := colWidths{make([]float64, n), make([]float64, n), make([]float64, n)}
	cells := make([][]float64, n)
	for i, c := range tb.Columns {
		cw.nat[i] = f.GetStringWidth(c.Head)
		cw.least[i] = min(cw.nat[i], max(longestToken(f, c.Head), 2*em))
	}
	for _, r := range tb.Rows {
		if r.Kind == RowGroup {
			continue
		}
		for i, c := range r.Cells[:min(n, len(r.Cells))] {
			w := f.GetStringWidth(c.Text)
			cw.nat[i] = max(cw.nat[i], w)
			cells[i] = append(cells[i], w)
			least := w
			switch {
			case tb.Columns[i].Num:
			case tb.Columns[i].Wrap:
				least = min(w, max(longestToken(f, c.Text), 10*em))
			default:
				least = min(w, max(longestToken(f, c.Text), 5*em))
			}
			cw.least[i] = max(cw.least[i], least)
		}
	}
	for i := range cw.nat { // a hair more, so that rounding never wraps what fits
		slices.Sort(cells[i])
		cw.typical[i] = cw.nat[i]
		if k := len(cells[i]); k > 0 {
			cw.typical[i] = max(cw.least[i], cells[i][(k*9)/10-min(1, (k*9)/10)])
		}
		cw.nat[i] += 2*cellPadX + 0.2
		cw.least[i] += 2*cellPadX + 0.2
		cw.typical[i] += 2*cellPadX + 0.2
	}
	return cw
}

// fit chooses the columns' widths, adding up to avail, and the font size:
// the preferred size when the columns fit at their natural widths or can
// wrap to fit, else smaller sizes down to minTablePt.
func (p *pdfDoc) fit(tb *Table, avail float64) ([]float64, float64) {
	for pt := tablePt; ; pt -= 0.5 {
		p.f.SetFontSize(pt)
		cw := p.measure(tb)
		switch {
		case sum(cw.nat) <= avail:
			return spread(cw.nat, avail), pt
		case sum(cw.least) <= avail || pt <= minTablePt:
			return shrink(tb.Columns, cw, avail), pt
		}
	}
}

// spread widens the columns in proportion to fill avail.
func spread(nat []float64, avail float64) []float64 {
	k := avail / sum(nat)
	out := make([]float64, len(nat))
	for i, w := range nat {
		out[i] = w * k
	}
	return out
}

// shrink narrows the columns to avail in steps, each as far as needed:
// numbers to their least width (only their heads wrap, one line once);
// other text to its typical width (an outlier such as one long name wraps,
// not the whole column); remarks to their least width; then all text to
// its least width. If that is not enough, every column in proportion.
func shrink(cols []Column, cw colWidths, avail float64) []float64 {
	out := slices.Clone(cw.nat)
	need := sum(out) - avail
	steps := []func(i int) float64{ // each column's floor in the step
		func(i int) float64 { return pick(cols[i].Num, cw.least[i], out[i]) },
		func(i int) float64 { return pick(!cols[i].Num && !cols[i].Wrap, cw.typical[i], out[i]) },
		func(i int) float64 { return pick(cols[i].Wrap, cw.least[i], out[i]) },
		func(i int) float64 { return cw.least[i] },
	}
	for _, floor := range steps {
		slack := 0.0
		for i := range out {
			slack += max(0, out[i]-floor(i))
		}
		if need <= 0.01 || slack <= 0 {
			continue
		}
		take := min(need, slack)
		for i := range out {
			if give := max(0, out[i]-floor(i)); give > 0 {
				out[i] -= take * give / slack
			}
		}
		need -= take
	}
	if need > 0.01 {
		return spread(out, avail)
	}
	return out
}

func pick(cond bool, a, b float64) float64 {
	if cond {
		return a
	}
	return b
}

// table draws a table across the body, its heading repeated at the top of
// every page it runs onto.
func (p *pdfDoc) table(tb *Table) {
	if len(tb.Rows) == 0 {
		p.paragraph(tb.Empty, bodyPt, 0)
		return
	}
	f := p.f
	widths, pt := p.fit(tb, p.width())
	f.SetFontSize(pt)
	lh := pt * ptToMM * lineFactor
	lines := make([][][]string, len(tb.Rows))
	heights := make([]float64, len(tb.Rows))
	for i, r := range tb.Rows {
		lines[i], heights[i] = p.rowLines(r, widths, lh)
	}
	head := p.headHeight(tb, widths, lh)
	if f.GetY()+head+heights[0] > p.bottom() {
		p.newPage(p.orient)
		f.SetFontSize(pt)
	}
	p.drawHead(tb, widths, lh)
	for i, r := range tb.Rows {
		need := heights[i]
		if r.Kind == RowGroup && i+1 < len(tb.Rows) {
			need += heights[i+1] // a unit's name stays with its first row
		}
		if f.GetY()+need > p.bottom() {
			p.newPage(p.orient)
			f.SetFontSize(pt)
			p.drawHead(tb, widths, lh)
		}
		p.drawRow(tb, r, lines[i], widths, heights[i], lh)
	}
	f.SetFontSize(bodyPt)
}

// rowLines wraps each cell of a row to its column and returns the row's
// height.
func (p *pdfDoc) rowLines(r Row, widths []float64, lh float64) ([][]string, float64) {
	if r.Kind == RowGroup {
		l := wrap(p.f, r.Cells[0].Text, sum(widths)-2*cellPadX)
		return [][]string{l}, float64(len(l))*lh + 2*cellPadY
	}
	out := make([][]string, len(r.Cells))
	n := 1
	for i, c := range r.Cells {
		if i >= len(widths) {
			break
		}
		out[i] = wrap(p.f, c.Text, widths[i]-2*cellPadX)
		n = max(n, len(out[i]))
	}
	return out, float64(n)*lh + 2*cellPadY
}

// headHeight is the heading's height: the group line, if any, and the
// wrapped column heads.
func (p *pdfDoc) headHeight(tb *Table, widths []float64, lh float64) float64 {
	n := 1
	grouped := false
	for i, c := range tb.Columns {
		n = max(n, len(wrap(p.f, c.Head, widths[i]-2*cellPadX)))
		grouped = grouped || c.Group != ""
	}
	h := float64(n)*lh + 2*cellPadY
	if grouped {
		h += lh + 2*cellPadY
	}
	return h
}

func (p *pdfDoc) drawHead(tb *Table, widths []float64, lh float64) {
	f := p.f
	y0 := f.GetY()
	total := p.headHeight(tb, widths, lh)
	groupH := 0.0
	for _, c := range tb.Columns {
		if c.Group != "" {
			groupH = lh + 2*cellPadY
		}
	}
	f.SetFillColor(228, 233, 241)
	f.SetDrawColor(110, 110, 110)
	f.SetLineWidth(0.25)
	x := pageMargin
	for i := 0; i < len(tb.Columns); {
		c := tb.Columns[i]
		if c.Group == "" {
			p.box(x, y0, widths[i], total, wrap(f, c.Head, widths[i]-2*cellPadX), 'C', lh, true)
			x += widths[i]
			i++
			continue
		}
		j, w := i, 0.0
		for ; j < len(tb.Columns) && tb.Columns[j].Group == c.Group; j++ {
			w += widths[j]
		}
		p.box(x, y0, w, groupH, []string{c.Group}, 'C', lh, true)
		for ; i < j; i++ {
			p.box(x, y0+groupH, widths[i], total-groupH, wrap(f, tb.Columns[i].Head, widths[i]-2*cellPadX), 'C', lh, true)
			x += widths[i]
		}
	}
	f.SetY(y0 + total)
}

func (p *pdfDoc) drawRow(tb *Table, r Row, lines [][]string, widths []float64, h, lh float64) {
	f := p.f
	y := f.GetY()
	f.SetDrawColor(150, 150, 150)
	f.SetLineWidth(0.15)
	switch r.Kind {
	case RowGroup:
		f.SetFillColor(241, 243, 246)
		p.box(pageMargin, y, sum(widths), h, lines[0], 'L', lh, true)
		y0 := y + cellPadY + p.ascent()
		f.Text(pageMargin+cellPadX+0.15, y0, lines[0][0]) // a second stroke: the group's name in bold
	case RowTotal:
		f.SetFillColor(247, 247, 247)
	}
	if r.Kind != RowGroup {
		x := pageMargin
		for i := range widths {
			align := byte('L')
			if tb.Columns[i].Num {
				align = 'R'
			}
			var cell []string
			if i < len(lines) {
				cell = lines[i]
			}
			p.box(x, y, widths[i], h, cell, align, lh, r.Kind == RowTotal)
			x += widths[i]
		}
	}
	f.SetY(y + h)
}

// ascent is the distance from a line's top to its baseline.
func (p *pdfDoc) ascent() float64 { pt, _ := p.f.GetFontSize(); return pt * ptToMM * 0.95 }

// box draws a cell's border (filled when fill) and its lines.
func (p *pdfDoc) box(x, y, w, h float64, lines []string, align byte, lh float64, fill bool) {
	f := p.f
	style := "D"
	if fill {
		style = "FD"
	}
	f.Rect(x, y, w, h, style)
	for k, line := range lines {
		tx := x + cellPadX
		switch align {
		case 'R':
			tx = x + w - cellPadX - f.GetStringWidth(line)
		case 'C':
			tx = x + (w-f.GetStringWidth(line))/2
		}
		f.Text(tx, y+cellPadY+p.ascent()+float64(k)*lh, line)
	}
}
