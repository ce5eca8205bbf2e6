package escpos

import (
	"bytes"
	"slices"
	"testing"
)

// TestEncodeRune: the bytes each character goes to the printer as, per
// profile. GB18030 two-byte codes are GBK's; four-byte codes go only to a
// model whose font has them; characters beyond the BMP and private-use
// code points are always drawn.
func TestEncodeRune(t *testing.T) {
	gbk, _ := LookupProfile("generic-80")
	full, _ := LookupProfile("gb18030-80")
	for _, tc := range []struct {
		r         rune
		gbk, full string // hex, "" = drawn
	}{
		{'A', "41", "41"},
		{' ', "20", "20"},
		{'中', "D6 D0", "D6 D0"},
		{'堃', "88 D2", "88 D2"}, // rare in names, GBK level 3
		{'玥', "AB 68", "AB 68"},
		{'喆', "86 B4", "86 B4"},
		{'·', "A1 A4", "A1 A4"},
		{'　', "A1 A1", "A1 A1"},  // ideographic space
		{'€', "A2 E3", "A2 E3"},  // GB18030 two-byte, not GBK's single 0x80
		{'䶵', "", "82 35 87 38"}, // CJK Extension A: four bytes
		{'㐀', "", "81 39 EE 39"},
		{'한', "", "83 36 84 33"}, // Hangul: four bytes (values checked with Python's gb18030 codec)
		{'𠮷', "", ""},            // CJK Extension B: beyond the BMP
		{'\x1b', "", ""},         // a control code never reaches the printer as text
		{'\uE000', "", ""},       // private use
	} {
		for _, p := range []struct {
			prof Profile
			want string
		}{{gbk, tc.gbk}, {full, tc.full}} {
			got := encodeRune(tc.r, p.prof)
			if want := unhex(t, p.want); !bytes.Equal(got, want) || (p.want == "") != (got == nil) {
				t.Errorf("%s: %q → % X, want %s", p.prof.Name, tc.r, got, p.want)
			}
		}
	}
}

// TestWrap: lines fit the paper in Font A columns (Chinese two); Latin
// words stay whole; closing punctuation does not start a line.
func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		s    string
		cols int
		want []string
	}{
		{"", 10, []string{""}},
		{"短", 10, []string{"短"}},
		{"一二三四五六", 10, []string{"一二三四五", "六"}},
		{"一二三四，五", 10, []string{"一二三四，", "五"}},
		{"一二三四五，六", 10, []string{"一二三四", "五，六"}},
		{"hello world again", 11, []string{"hello world", "again"}},
		{"abcdefghijklmnop", 10, []string{"abcdefghij", "klmnop"}},
		{"取号 A012 请稍候", 8, []string{"取号", "A012 请", "稍候"}},
	} {
		if got := wrap(tc.s, tc.cols); !slices.Equal(got, tc.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.s, tc.cols, got, tc.want)
		}
		for _, l := range wrap(tc.s, tc.cols) {
			if textColumns(l) > tc.cols {
				t.Errorf("wrap(%q, %d): line %q is %d columns", tc.s, tc.cols, l, textColumns(l))
			}
		}
	}
}

// TestLayoutLines: rows, rules, feeds and the narrowing of a magnified
// line that would wrap by one character.
func TestLayoutLines(t *testing.T) {
	p58, _ := LookupProfile("generic-58")
	d := NewDoc().
		Text("某某镇便民服务中心", Title). // 36 columns at double width: narrowed to fit 32
		Row("窗口", "3号", Plain).
		Rule().
		Feed(2).
		Row("很长的标签文字会占满整整一行的宽度呀", "右边的值", Plain).
		QR("http://x/", QR{})
	want := []string{
		"某某镇便民服务中心",
		"窗口                         3号",
		"--------------------------------",
		"", "",
		"很长的标签文字会占满整整一行的宽", "度呀", "右边的值",
		"[QR http://x/]",
	}
	if got := d.Lines(p58); !slices.Equal(got, want) {
		t.Errorf("lines\n%q\nwant\n%q", got, want)
	}
	lines := layoutText(d.blocks[0], p58)
	if len(lines) != 1 || lines[0].style.width() != 1 || lines[0].style.height() != 2 {
		t.Errorf("title not narrowed to one line at width 1, height 2: %+v", lines)
	}
	right := layoutText(d.blocks[4], p58)
	if last := right[len(right)-1]; last.style.Align != AlignRight {
		t.Errorf("a row's value on a line of its own is not right-aligned: %+v", last)
	}
}
