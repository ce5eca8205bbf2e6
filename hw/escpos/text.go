package escpos

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Characters go to the printer in Kanji mode as GB18030: ASCII as one
// byte, the GBK repertoire as two, the rest of the Basic Multilingual
// Plane as four (bytes 0x81–0xFE 0x30–0x39 0x81–0xFE 0x30–0x39). None of
// these bytes is a control code, so text can never be read as a command.

// encodeRune returns r's bytes for a printer with profile p, or nil when
// the printer's font does not have r and it must be drawn.
func encodeRune(r rune, p Profile) []byte {
	if r >= 0x20 && r < 0x7F {
		return []byte{byte(r)}
	}
	if r < 0x20 || r == 0x7F || r > 0xFFFF || r == utf8.RuneError || isPrivateUse(r) {
		return nil
	}
	var buf [4]byte
	var src [utf8.UTFMax]byte
	n := utf8.EncodeRune(src[:], r)
	nDst, _, err := simplifiedchinese.GB18030.NewEncoder().Transform(buf[:], src[:n], true)
	if err != nil {
		return nil
	}
	switch {
	case nDst == 2:
		return buf[:2:2]
	case nDst == 4 && p.FourByteGB18030:
		return buf[:4:4]
	}
	return nil
}

// isPrivateUse: private-use code points map to user-defined GB18030 codes
// whose glyphs differ from printer to printer.
func isPrivateUse(r rune) bool { return r >= 0xE000 && r <= 0xF8FF }

// columns is how many Font A columns r takes: one for ASCII, two for
// every other character (the printer's Kanji font is 24 dots wide).
func columns(r rune) int {
	if r < 0x80 {
		return 1
	}
	return 2
}

// textColumns is the width of s in Font A columns.
func textColumns(s string) int {
	n := 0
	for _, r := range s {
		n += columns(r)
	}
	return n
}

// cleanLine turns tabs into spaces and drops other control characters,
// which would otherwise reach the printer as commands.
func cleanLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case unicode.IsControl(r), r == utf8.RuneError:
			return -1
		}
		return r
	}, s)
}

// noLineStart are characters a line should not start with (closing
// punctuation), as Chinese typesetting avoids.
const noLineStart = "，。、；：？！）》」』】〕〉”’…—,.;:?!)]}%"

// wrap breaks s into lines of at most cols columns. Latin words stay
// whole when they fit on a line; a line never starts with closing
// punctuation when the previous line can give it a character.
func wrap(s string, cols int) []string {
	cols = max(cols, 2)
	var lines []string
	runes := []rune(s)
	for len(runes) > 0 {
		w, cut := 0, 0
		for cut < len(runes) && w+columns(runes[cut]) <= cols {
			w += columns(runes[cut])
			cut++
		}
		if cut == len(runes) {
			lines = append(lines, string(runes))
			break
		}
		cut = betterBreak(runes, cut)
		lines = append(lines, strings.TrimRight(string(runes[:cut]), " "))
		runes = runes[cut:]
		for len(runes) > 0 && runes[0] == ' ' {
			runes = runes[1:]
		}
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

// betterBreak moves a break at cut back to the start of a Latin word or
// before a character that may start a line, when the line keeps at least
// one character.
func betterBreak(runes []rune, cut int) int {
	if isWordRune(runes[cut]) && isWordRune(runes[cut-1]) {
		for i := cut - 1; i > 0; i-- {
			if !isWordRune(runes[i-1]) {
				return i
			}
		}
		return cut // one word longer than the line: break it
	}
	for i := cut; i > 1 && strings.ContainsRune(noLineStart, runes[i]); i-- {
		cut = i - 1
	}
	return max(cut, 1)
}

func isWordRune(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
