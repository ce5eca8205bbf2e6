package localetest

import (
	"io/fs"
	"testing"
	"unicode/utf8"

	"bianmin/appliance/locale"
	"bianmin/appliance/problem"
)

// CheckShown fails tb unless every problem is one a page and the command
// line can show: its key has a message in the catalog, its line is one of
// a file's lines (0 for the file as a whole; lines < 0 skips the check)
// and its echo of the input is bounded to problem.MaxValueRunes. It words
// each problem too, so a message that cannot be rendered fails as well.
func CheckShown(tb testing.TB, cat *locale.Catalog, probs problem.List, lines int) {
	tb.Helper()
	for _, p := range probs {
		if !cat.HasKey(p.Key) {
			tb.Fatalf("problem %q has no message in the locale files", p.Key)
		}
		if lines >= 0 && (p.Line < 0 || p.Line > lines) {
			tb.Fatalf("problem %s on line %d of a %d-line file", p.Key, p.Line, lines)
		}
		if n := utf8.RuneCountInString(p.Value); n > problem.MaxValueRunes {
			tb.Fatalf("problem %s echoes %d characters (limit %d)", p.Key, n, problem.MaxValueRunes)
		}
		_ = cat.ProblemLine(p)
	}
}

// Lines is how many lines data has, counting \r and \n alike (a bound for
// a problem's line).
func Lines(data []byte) int {
	n := 1
	for _, b := range data {
		if b == '\n' || b == '\r' {
			n++
		}
	}
	return n
}

// FuzzReader fuzzes a reader of uploaded files (a staff list, a leave
// list, a punch file): the corpus starts with seeds; read reads each
// input and returns the problems it reported — every one must be one a
// page can show (CheckShown, against the locale files in locales) — and
// checks the rest itself, given the input's line count (Lines). An error
// from read is a read from memory that failed: it fails the input.
func FuzzReader(f *testing.F, locales fs.FS, seeds [][]byte, read func(t *testing.T, data []byte, lines int) (problem.List, error)) {
	f.Helper()
	for _, seed := range seeds {
		f.Add(seed)
	}
	cat, err := locale.Load(locales)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := Lines(data)
		probs, err := read(t, data, lines)
		if err != nil {
			t.Fatalf("a read from memory failed: %v", err)
		}
		CheckShown(t, cat, probs, lines)
	})
}
