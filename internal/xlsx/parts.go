package xlsx

import (
	"bufio"
	"strconv"
)

// The package parts other than the sheets (ECMA-376 Part 1, SpreadsheetML).

const (
	xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain  = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgR  = "http://schemas.openxmlformats.org/package/2006/relationships"
	relBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

	rootRels = `<Relationships xmlns="` + nsPkgR + `">` +
		`<Relationship Id="rId1" Type="` + relBase + `officeDocument" Target="xl/workbook.xml"/></Relationships>`
)

func (b *Workbook) workbookXML(w *bufio.Writer) {
	w.WriteString(xmlHead + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, name := range b.names {
		n := strconv.Itoa(i + 1)
		w.WriteString(`<sheet name="`)
		escape(w, name, MaxSheetName)
		w.WriteString(`" sheetId="` + n + `" r:id="rId` + n + `"/>`)
	}
	w.WriteString(`</sheets></workbook>`)
}

func (b *Workbook) workbookRels(w *bufio.Writer) {
	w.WriteString(xmlHead + `<Relationships xmlns="` + nsPkgR + `">`)
	for i := range b.names {
		n := strconv.Itoa(i + 1)
		w.WriteString(`<Relationship Id="rId` + n + `" Type="` + relBase + `worksheet" Target="worksheets/sheet` + n + `.xml"/>`)
	}
	w.WriteString(`<Relationship Id="rId` + strconv.Itoa(len(b.names)+1) + `" Type="` + relBase + `styles" Target="styles.xml"/></Relationships>`)
}

func (b *Workbook) contentTypes(w *bufio.Writer) {
	const ct = "application/vnd.openxmlformats-officedocument.spreadsheetml."
	w.WriteString(xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="` + ct + `sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="` + ct + `styles+xml"/>`)
	for i := range b.names {
		w.WriteString(`<Override PartName="/xl/worksheets/sheet` + strconv.Itoa(i+1) + `.xml" ContentType="` + ct + `worksheet+xml"/>`)
	}
	w.WriteString(`</Types>`)
}

// stylesXML writes the default style (number 0) and one font, fill,
// border and cell format per added style (number i uses the i-th of each).
func (b *Workbook) stylesXML(w *bufio.Writer) {
	n := strconv.Itoa
	w.WriteString(xmlHead + `<styleSheet xmlns="` + nsMain + `">`)

	w.WriteString(`<fonts count="` + n(len(b.styles)+1) + `"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>`)
	for _, s := range b.styles {
		w.WriteString(`<font>`)
		if s.Bold {
			w.WriteString(`<b/>`)
		}
		size := s.Size
		if size <= 0 {
			size = 11
		}
		w.WriteString(`<sz val="` + strconv.FormatFloat(size, 'f', -1, 64) + `"/><name val="Calibri"/><family val="2"/></font>`)
	}
	w.WriteString(`</fonts>`)

	// Fills 0 and 1 are reserved by Excel (none and gray125).
	w.WriteString(`<fills count="` + n(len(b.styles)+2) + `"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>`)
	for _, s := range b.styles {
		if s.Fill == "" {
			w.WriteString(`<fill><patternFill patternType="none"/></fill>`)
			continue
		}
		w.WriteString(`<fill><patternFill patternType="solid"><fgColor rgb="FF`)
		escape(w, s.Fill, 6)
		w.WriteString(`"/><bgColor indexed="64"/></patternFill></fill>`)
	}
	w.WriteString(`</fills>`)

	w.WriteString(`<borders count="` + n(len(b.styles)+1) + `"><border><left/><right/><top/><bottom/><diagonal/></border>`)
	for _, s := range b.styles {
		if s.Border == "" {
			w.WriteString(`<border><left/><right/><top/><bottom/><diagonal/></border>`)
			continue
		}
		w.WriteString(`<border>`)
		for _, side := range []string{"left", "right", "top", "bottom"} {
			w.WriteString(`<` + side + ` style="thin"><color rgb="FF`)
			escape(w, s.Border, 6)
			w.WriteString(`"/></` + side + `>`)
		}
		w.WriteString(`<diagonal/></border>`)
	}
	w.WriteString(`</borders>`)

	w.WriteString(`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	w.WriteString(`<cellXfs count="` + n(len(b.styles)+1) + `"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`)
	for i, s := range b.styles {
		w.WriteString(`<xf numFmtId="0" fontId="` + n(i+1) + `" fillId="` + n(i+2) + `" borderId="` + n(i+1) + `" xfId="0" applyFont="1"`)
		if s.Fill != "" {
			w.WriteString(` applyFill="1"`)
		}
		if s.Border != "" {
			w.WriteString(` applyBorder="1"`)
		}
		if s.HAlign == "" && s.VAlign == "" && !s.Wrap {
			w.WriteString(`/>`)
			continue
		}
		w.WriteString(` applyAlignment="1"><alignment`)
		if s.HAlign != "" {
			w.WriteString(` horizontal="`)
			escape(w, s.HAlign, 20)
			w.WriteString(`"`)
		}
		if s.VAlign != "" {
			w.WriteString(` vertical="`)
			escape(w, s.VAlign, 20)
			w.WriteString(`"`)
		}
		if s.Wrap {
			w.WriteString(` wrapText="1"`)
		}
		w.WriteString(`/></xf>`)
	}
	w.WriteString(`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)
}
