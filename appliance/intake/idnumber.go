package intake

import (
	"strings"
	"time"
	"unicode/utf8"
)

// 居民身份证号码 (GB 11643-1999): 6 digits of the address code, 8 of the
// birth date (YYYYMMDD), 3 of the sequence and one check character, the
// ISO 7064 MOD 11-2 checksum of the first 17 (0–9 or X).

// idWeights are the weights of the first 17 digits (GB 11643-1999 §8.2).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps the weighted sum mod 11 to the check character.
const idCheckChars = "10X98765432"

// IDCheck is what CheckID found wrong with a number ("" when it is valid).
type IDCheck string

// The results of CheckID.
const (
	IDValid    IDCheck = ""
	IDLength   IDCheck = "length"   // not 18 characters (a 15-digit old card, a passport)
	IDChars    IDCheck = "chars"    // not 17 digits and a digit or X
	IDBirth    IDCheck = "birth"    // the birth date is not a date, or in the future
	IDChecksum IDCheck = "checksum" // the check character does not match
)

// NormalizeID trims the number and upper-cases a final x.
func NormalizeID(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// CheckID checks an 18-character resident ID number (normalized) against
// GB 11643-1999: digits, a real birth date not after today, and the check
// character.
func CheckID(id string, today time.Time) IDCheck {
	if len(id) != 18 {
		return IDLength
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := id[i]
		if c < '0' || c > '9' {
			return IDChars
		}
		sum += int(c-'0') * idWeights[i]
	}
	if c := id[17]; (c < '0' || c > '9') && c != 'X' {
		return IDChars
	}
	birth, err := time.Parse("20060102", id[6:14])
	if err != nil || birth.Year() < 1900 || birth.After(today) {
		return IDBirth
	}
	if idCheckChars[sum%11] != id[17] {
		return IDChecksum
	}
	return IDValid
}

// MaskID hides the middle of an ID number: the first four and the last
// four characters stay (3201**********123X), shorter numbers keep only
// their last two. Every list, log, export for other units, status page
// and upload shows this form.
func MaskID(id string) string {
	n := utf8.RuneCountInString(id)
	r := []rune(id)
	switch {
	case n == 0:
		return ""
	case n <= 4:
		return strings.Repeat("*", n)
	case n < 12:
		return strings.Repeat("*", n-2) + string(r[n-2:])
	}
	return string(r[:4]) + strings.Repeat("*", n-8) + string(r[n-4:])
}
