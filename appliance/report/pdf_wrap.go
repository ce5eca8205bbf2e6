package report

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
)

// Line breaking for the PDF. gofpdf's own SplitText drops the character
// it breaks at between CJK characters, so the tables wrap text here.

// wrap breaks s into lines no wider than w: between CJK characters or at
// spaces, never before closing punctuation or after an opening bracket;
// a word wider than w is broken between letters.
func wrap(f *gofpdf.Fpdf, s string, w float64) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line, lw := "", 0.0
		for _, tok := range tokens(para) {
			if line == "" && tok == " " {
				continue // no line starts with a space
			}
			tw := f.GetStringWidth(tok)
			switch {
			case lw+tw <= w || line == "" && tw <= w:
				line, lw = line+tok, lw+tw
			case strings.TrimSpace(tok) == "":
				out, line, lw = append(out, strings.TrimRight(line, " ")), "", 0
			default:
				if line != "" {
					out = append(out, strings.TrimRight(line, " "))
				}
				line, lw = "", 0
				for tw > w && utf8.RuneCountInString(tok) > 1 { // a word wider than the column
					cut := fitRunes(f, tok, w)
					out = append(out, tok[:cut])
					tok = tok[cut:]
					tw = f.GetStringWidth(tok)
				}
				line, lw = tok, tw
			}
		}
		if line = strings.TrimRight(line, " "); line != "" || len(out) == 0 {
			out = append(out, line)
		}
	}
	return out
}

// fitRunes is the byte length of the longest prefix of s (at least one
// rune) no wider than w.
func fitRunes(f *gofpdf.Fpdf, s string, w float64) int {
	cut := 0
	for i, r := range s {
		if i > 0 && f.GetStringWidth(s[:i+utf8.RuneLen(r)]) > w {
			break
		}
		cut = i + utf8.RuneLen(r)
	}
	return cut
}

// tokens splits text where a line may break: each CJK character alone,
// runs of other letters and digits together, spaces alone; closing
// punctuation sticks to what precedes it and opening brackets to what
// follows.
func tokens(s string) []string {
	var out []string
	cur := ""
	flush := func() {
		if cur != "" {
			out, cur = append(out, cur), ""
		}
	}
	opened := func() bool { r, _ := utf8.DecodeLastRuneInString(cur); return strings.ContainsRune(openingPunct, r) }
	for _, r := range s {
		switch {
		case strings.ContainsRune(closingPunct, r):
			if cur == "" && len(out) > 0 && out[len(out)-1] != " " {
				out[len(out)-1] += string(r)
			} else {
				cur += string(r)
			}
		case strings.ContainsRune(openingPunct, r):
			if !opened() {
				flush()
			}
			cur += string(r)
		case unicode.IsSpace(r):
			flush()
			out = append(out, " ")
		case unicode.Is(unicode.Han, r) || r >= 0x2E80:
			if !opened() {
				flush()
			}
			cur += string(r)
			flush()
		default:
			cur += string(r)
		}
	}
	flush()
	return out
}

const (
	closingPunct = "，。、；：？！）》」』】〕,.;:?!)%…·"
	openingPunct = "（《「『【〔("
)

// longestToken is the width of the widest unbreakable piece of s.
func longestToken(f *gofpdf.Fpdf, s string) float64 {
	w := 0.0
	for _, t := range tokens(s) {
		w = max(w, f.GetStringWidth(t))
	}
	return w
}
