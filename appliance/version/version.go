// Package version compares bianmin's version strings: "1.4.2", "v1.4.2",
// "1.5.0-rc1" (a pre-release, older than 1.5.0) and git describe's
// "1.4.2-7-gabc123" (seven commits after 1.4.2, newer than it). Updates
// refuse an older version than the one installed, and the store lets an
// older version open a file only when its migrations say that version can
// still read it; both compare here. It imports only the standard library.
package version

import (
	"fmt"
	"strconv"
	"strings"
)

// V is a parsed version: the numbers of its core, and what followed.
type V struct {
	Core   []int
	Suffix string // "" for a release; "rc1" (pre-release) or "7-gabc" (after it)
}

// Parse reads a version string. A leading "v" is allowed; the core is one
// to four dot-separated numbers.
func Parse(s string) (V, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	core, suffix, _ := strings.Cut(s, "-")
	parts := strings.Split(core, ".")
	if core == "" || len(parts) > 4 {
		return V{}, fmt.Errorf("version %q: want numbers such as 1.4.2", s)
	}
	v := V{Suffix: suffix}
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return V{}, fmt.Errorf("version %q: %q is not a number", s, p)
		}
		v.Core = append(v.Core, n)
	}
	return v, nil
}

// Valid says whether s parses.
func Valid(s string) bool { _, err := Parse(s); return err == nil }

// Compare orders two versions: -1 when a is older than b, 0 when the same,
// +1 when newer. A string that does not parse is older than any that does
// (a development build never counts as newer than a release).
func Compare(a, b string) int {
	va, errA := Parse(a)
	vb, errB := Parse(b)
	switch {
	case errA != nil && errB != nil:
		return strings.Compare(a, b)
	case errA != nil:
		return -1
	case errB != nil:
		return 1
	}
	for i := 0; i < max(len(va.Core), len(vb.Core)); i++ {
		x, y := at(va.Core, i), at(vb.Core, i)
		if x != y {
			return sign(x - y)
		}
	}
	return compareSuffix(va.Suffix, vb.Suffix)
}

func at(s []int, i int) int {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// rank places a suffix against the release itself: a pre-release ("rc1")
// before it, a build after it ("7-gabc", git describe's commit count).
func rank(s string) int {
	switch {
	case s == "":
		return 0
	case s[0] >= '0' && s[0] <= '9':
		return 1
	}
	return -1
}

func compareSuffix(a, b string) int {
	if ra, rb := rank(a), rank(b); ra != rb {
		return sign(ra - rb)
	}
	// Same kind: numbers compare as numbers ("rc2" < "rc10", "7-g" < "12-g").
	na, ta := leadingNumber(strings.TrimLeft(a, "abcdefghijklmnopqrstuvwxyz.")), a
	nb, tb := leadingNumber(strings.TrimLeft(b, "abcdefghijklmnopqrstuvwxyz.")), b
	pa := strings.TrimRight(ta[:len(ta)-len(strings.TrimLeft(ta, "abcdefghijklmnopqrstuvwxyz."))], ".")
	pb := strings.TrimRight(tb[:len(tb)-len(strings.TrimLeft(tb, "abcdefghijklmnopqrstuvwxyz."))], ".")
	if pa != pb {
		return strings.Compare(pa, pb)
	}
	if na != nb {
		return sign(na - nb)
	}
	return strings.Compare(a, b)
}

func leadingNumber(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, _ := strconv.Atoi(s[:i])
	return n
}
