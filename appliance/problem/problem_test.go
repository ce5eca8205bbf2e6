package problem

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNewAndError(t *testing.T) {
	p := New("date", "records.err.date_future", "Date", "2026-02-30", "Max", 3)
	if p.Args["Date"] != "2026-02-30" || p.Args["Max"] != 3 {
		t.Fatalf("args = %v", p.Args)
	}
	got := p.AtLine(4, "x").Error()
	want := `line 4: date: records.err.date_future (Date=2026-02-30, Max=3) "x"`
	if got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
	if p.Line != 0 {
		t.Fatal("AtLine changed the original")
	}
}

func TestAllFindsWrappedProblems(t *testing.T) {
	p := New("", "k1")
	if l := All(fmt.Errorf("save: %w", p)); len(l) != 1 || l[0] != p {
		t.Fatalf("All(wrapped problem) = %v", l)
	}
	var l List
	l.Add(New("a", "k1"))
	l.Add(New("b", "k2"))
	if got := All(fmt.Errorf("import: %w", l.Err())); len(got) != 2 || !got.Has("k2") || got.Has("k3") {
		t.Fatalf("All(wrapped list) = %v", got)
	}
	if All(errors.New("disk")) != nil {
		t.Fatal("a plain error is not a problem")
	}
	if (List{}).Err() != nil {
		t.Fatal("an empty list is no error")
	}
	if !Is(l.Err(), "k1") || Is(l.Err(), "nope") {
		t.Fatal("Is")
	}
	if got := l.For("b"); len(got) != 1 || got[0].Key != "k2" || !l.HasField("a") || l.HasField("c") {
		t.Fatal("For/HasField")
	}
}

func TestBoundCutsLongValues(t *testing.T) {
	long := strings.Repeat("民", 10000)
	got := New("", "k").AtLine(1, long).Value
	if n := len([]rune(got)); n != MaxValueRunes || !strings.HasSuffix(got, "…") {
		t.Fatalf("bounded value has %d runes: %q…", n, got[:12])
	}
	if Bound("短") != "短" {
		t.Fatal("short values stay")
	}
}

func TestSortByLine(t *testing.T) {
	l := List{New("", "b").AtLine(2, ""), New("", "file"), New("", "a").AtLine(1, ""), New("", "c").AtLine(2, "")}
	l.SortByLine()
	var got []string
	for _, p := range l {
		got = append(got, p.Key)
	}
	if strings.Join(got, ",") != "file,a,b,c" {
		t.Fatalf("sorted = %v, want whole-file first, then by line, a line's problems in their order", got)
	}
}

func TestBoundTo(t *testing.T) {
	long := strings.Repeat("名", 900_000)
	for _, tc := range []struct {
		name, in string
		n        int
		want     string
	}{
		{"short text stays", "admin", 64, "admin"},
		{"cut marked", "abcdef", 4, "abc…"},
		{"exactly n", "abcd", 4, "abcd"},
		{"newline and escape dropped", "adm\nin\x1b[31m", 64, "admin[31m"},
		{"right-to-left override dropped", "ad\u202emin", 64, "admin"},
		{"invalid UTF-8 replaced", "a\xffb", 64, "a\uFFFDb"},
		{"900 000 runes", long, 64, strings.Repeat("名", 63) + "…"},
		{"zero", "x", 0, ""},
	} {
		if got := BoundTo(tc.in, tc.n); got != tc.want {
			t.Errorf("%s: BoundTo = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := Bound(strings.Repeat("x", 200)); utf8.RuneCountInString(got) != MaxValueRunes {
		t.Errorf("Bound keeps %d runes, want %d", utf8.RuneCountInString(got), MaxValueRunes)
	}
}
