package csvin

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"bianmin/appliance/problem"
)

var testFormat = Format{MaxBytes: 64, MaxRows: 2,
	TooLarge: "t.too_large", Encoding: "t.encoding", Empty: "t.empty", Syntax: "t.syntax", TooManyRows: "t.too_many"}

// Read: what Excel saves on Chinese Windows reads as the same text.
func TestReadEncodings(t *testing.T) {
	const text = "工号,姓名\n1001,张伟\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(text)
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	for name, data := range map[string]string{"UTF-8": text, "UTF-8 with BOM": UTF8BOM + text, "GBK": gbk, "UTF-16 with BOM": utf16} {
		got, probs, err := testFormat.Read(strings.NewReader(data))
		if err != nil || len(probs) > 0 || got != text {
			t.Errorf("%s: %q %v %v", name, got, probs, err)
		}
	}
}

func TestReadRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, data, key string
	}{
		{"larger than MaxBytes", strings.Repeat("a", 65), "t.too_large"},
		{"broken UTF-16", "\xff\xfe\xfd\x00\x81", "t.encoding"},
		{"neither UTF-8 nor GBK", "staff_no,name\x81\x20", "t.encoding"},
		{"white space only", " \r\n\t\n", "t.empty"},
	} {
		_, probs, err := testFormat.Read(strings.NewReader(tc.data))
		if err != nil || len(probs) != 1 || probs[0].Key != tc.key || probs[0].Line != 0 {
			t.Errorf("%s: %v %v, want %s", tc.name, probs, err, tc.key)
		}
	}
	big := Format{MaxBytes: 2 << 20, TooLarge: "t.too_large"}
	if _, probs, _ := big.Read(strings.NewReader(strings.Repeat("a", 2<<20+1))); len(probs) != 1 || probs[0].Args["MaxMB"] != 2 {
		t.Errorf("too large names the limit in MB: %v", probs)
	}
	boom := errors.New("usb stick pulled")
	if _, probs, err := testFormat.Read(iotest.ErrReader(boom)); !errors.Is(err, boom) || probs != nil {
		t.Errorf("a failed read is a failure, not a refusal: %v %v", probs, err)
	}
}

// Records: blank rows are skipped, each record has the line it starts on
// (a quoted cell may span lines), the separator is sniffed.
func TestRecordsLines(t *testing.T) {
	f := testFormat
	f.MaxRows = 0
	r := f.Records("a;b\n\n;;\n\"x\ny\";2\nc;3\n")
	var got []string
	for r.Next() {
		got = append(got, fmt.Sprint(r.Line(), r.Record()))
	}
	if want := "[1 [a b] 4 [x\ny 2] 6 [c 3]]"; fmt.Sprint(got) != want {
		t.Errorf("records %q, want %s", got, want)
	}
	if r.Problem() != nil || r.Next() {
		t.Errorf("a clean end: %v", r.Problem())
	}
}

func TestRecordsProblems(t *testing.T) {
	r := testFormat.Records("h\n1\n\"2\n")
	for r.Next() {
	}
	if p := r.Problem(); p == nil || p.Key != "t.syntax" || p.Line != 3 {
		t.Errorf("stray quote: %v", p)
	}
	// MaxRows counts the records after the first (the header).
	r = testFormat.Records("h\n1\n2\n3\n4\n")
	n := 0
	for r.Next() {
		n++
	}
	if p := r.Problem(); n != 3 || p == nil || p.Key != "t.too_many" || p.Line != 4 || p.Args["Max"] != 2 {
		t.Errorf("%d records, then %v; want 3 and too many at line 4", n, p)
	}
}

func TestDelimiterAndCells(t *testing.T) {
	for text, want := range map[string]rune{"a,b;c": ',', "a;b;c,d": ';', "a\tb\tc": '\t', "": ','} {
		if got := Delimiter(text); got != want {
			t.Errorf("Delimiter(%q) = %q, want %q", text, got, want)
		}
	}
	if Cell([]string{" a "}, 0) != "a" || Cell([]string{"a"}, 1) != "" || Cell(nil, -1) != "" {
		t.Error("Cell")
	}
	if !Blank([]string{" ", "\t"}) || Blank([]string{"", "x"}) {
		t.Error("Blank")
	}
	if got := Heading(UTF8BOM+" 工号 ", map[string]string{"工号": "staff_no"}); got != "staff_no" {
		t.Errorf("Heading = %q", got)
	}
	if got := Heading("Time", nil); got != "time" {
		t.Errorf("Heading = %q", got)
	}
}

func TestRejected(t *testing.T) {
	sentinel := errors.New("rejected")
	probs := problem.List{problem.New("", "b").AtLine(3, ""), problem.New("", "a"), problem.New("", "c").AtLine(1, "")}
	err := Rejected(sentinel, probs)
	got := problem.All(err)
	if !errors.Is(err, sentinel) || len(got) != 3 || got[0].Key != "a" || got[1].Key != "c" || got[2].Key != "b" {
		t.Errorf("Rejected: %v", err)
	}
}
