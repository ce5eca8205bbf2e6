package sim

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"bianmin/hw/escpos"
)

// documents are what the hall prints, with the characters that trouble
// printers: rare name characters in GBK (堃 玥 喆), CJK Extension A
// (䶵, four bytes in GB18030), Hangul (four bytes), full-width
// punctuation, and Latin text that wraps.
func documents() map[string]*escpos.Doc {
	return map[string]*escpos.Doc{
		"ticket": escpos.NewDoc().Text("某某镇便民服务中心", escpos.Title).Rule().
			Text("A012", escpos.Huge).Text("综合业务", escpos.Style{Align: escpos.AlignCenter, Bold: true, Height: 2}).
			Text("前面还有 3 人", escpos.Center).Text("取号时间 2026-03-02 09:15", escpos.Center).
			Feed(1).QR("http://192.168.1.10:8080/q/2026-03-02/A012", escpos.QR{Align: escpos.AlignCenter}).Feed(1).
			Text("扫码查看排队进度", escpos.Center).
			Rule().Text("过号无效，请留意叫号", escpos.Style{Align: escpos.AlignCenter, Bold: true}),
		"notice": escpos.NewDoc().Text("停电通知", escpos.Title).Feed(1).
			Text("\u3000\u3000因线路检修，本中心3月5日（星期四）下午14:30至17:30暂停办理业务，请群众合理安排时间。", escpos.Plain).
			Text("\u3000\u3000咨询电话：0771-1234567。Thank you for your understanding and patience.", escpos.Plain).
			Feed(1).Text("某某镇便民服务中心", escpos.Right).Text("2026年3月2日", escpos.Right),
		"slip": slip(2),
		"work card": escpos.NewDoc().Text("临时工作牌", escpos.Title).Rule().
			Feed(1).Text("李喆", escpos.Style{Align: escpos.AlignCenter, Bold: true, Width: 3, Height: 3}).Feed(1).
			Row("顶岗窗口", "5号 民政", escpos.Plain).Row("有效期", "3月2日至3月6日", escpos.Plain).
			Feed(1).QR("http://192.168.1.10:8080/s/17", escpos.QR{Align: escpos.AlignCenter}).Feed(1),
		"rare": escpos.NewDoc().
			Text("王玥 刘堃 陈喆", escpos.Plain).
			Text("扩展A：䶵", escpos.Style{Bold: true}).
			Text("한국어 이름", escpos.Right).
			Text("【测试】“引号”、顿号；分号！", escpos.Center).
			Row("金额", "¥12.50", escpos.Plain),
	}
}

// slip is a receipt in copies cut apart (one for the citizen, one for
// the file).
func slip(copies int) *escpos.Doc {
	d := escpos.NewDoc()
	for c := range copies {
		if c > 0 {
			d.Cut()
		}
		d.Text("受理回执", escpos.Title).Rule().
			Row("申请人", "张堃", escpos.Plain).Row("事项", "城乡居民医保参保登记", escpos.Plain).
			Row("受理窗口", "3号窗口（社保）", escpos.Plain).Row("承诺办结", "2026-03-09", escpos.Plain).
			Feed(1).QR("http://192.168.1.10:8080/c/1024", escpos.QR{Align: escpos.AlignCenter}).Feed(1).
			Rule().Text("凭此回执查询办理进度", escpos.Plain)
	}
	return d
}

// expected is what the simulator must decode d to on p: the document's
// lines, with "[image]" for lines the model's font cannot print (they go
// drawn) and for QR codes on a model without the QR command.
func expected(d *escpos.Doc, p escpos.Profile) []string {
	var out []string
	for _, l := range d.Lines(p) {
		switch {
		case strings.HasPrefix(l, "[QR ") && !p.NativeQR:
			l = "[image]"
		case !strings.HasPrefix(l, "["):
			for _, r := range l {
				if !p.CanPrint(r) {
					l = "[image]"
					break
				}
			}
		}
		out = append(out, l)
	}
	return out
}

// TestRoundTrip: what the driver renders, the simulator decodes to the
// same text, Chinese included, on every profile; receipts end as the
// model ends them; QR payloads arrive whole; chunked input decodes the
// same as whole input.
func TestRoundTrip(t *testing.T) {
	font := testFont(t)
	for _, prof := range escpos.Profiles() {
		for name, doc := range documents() {
			t.Run(prof.Name+"/"+name, func(t *testing.T) {
				b, err := doc.Render(prof, font)
				if err != nil {
					t.Fatal(err)
				}
				rs := Decode(b, prof)
				parts := 1
				if name == "slip" && prof.Cutter {
					parts = 2
				}
				if len(rs) != parts {
					t.Fatalf("%d receipts, want %d", len(rs), parts)
				}
				var got []string
				for _, r := range rs {
					got = append(got, r.Lines()...)
					wantCut := Torn
					if prof.Cutter {
						wantCut = FullCut
					}
					if r.Cut != wantCut || r.Unprintable != 0 {
						t.Errorf("receipt %d: %s with %d unprintable, want %s and none", r.Seq, r.Cut, r.Unprintable, wantCut)
					}
				}
				if want := expected(doc, prof); !slices.Equal(got, want) {
					t.Errorf("decoded\n%q\nwant\n%q", got, want)
				}
				for _, r := range rs {
					checkItems(t, r, prof)
				}
				if chunked := decodeChunked(b, prof, rand.New(rand.NewPCG(1, uint64(len(b))))); !reflect.DeepEqual(chunked, rs) {
					t.Error("decoding in random pieces differs from decoding at once")
				}
			})
		}
	}
}

// checkItems: QR codes carry the document's settings; drawn lines and
// images span the paper.
func checkItems(t *testing.T, r Receipt, p escpos.Profile) {
	t.Helper()
	for _, it := range r.Items {
		switch it.Kind {
		case ItemQR:
			if it.QR.Model != 2 || it.QR.ModuleSize != 6 || it.QR.Level != escpos.QRLevelM || it.Align != escpos.AlignCenter {
				t.Errorf("QR %+v aligned %s, want model 2, 6 dots, level M, centred", *it.QR, it.Align)
			}
		case ItemImage:
			if it.Image.WidthBytes*8 != p.PrintableDots || it.Image.Height == 0 {
				t.Errorf("image %d×%d dots, want %d wide", it.Image.WidthBytes*8, it.Image.Height, p.PrintableDots)
			}
			black := 0
			for _, b := range it.Image.Bits {
				for ; b != 0; b &= b - 1 {
					black++
				}
			}
			if black == 0 {
				t.Error("an image with no black dot")
			}
		}
	}
}

func decodeChunked(b []byte, p escpos.Profile, rnd *rand.Rand) []Receipt {
	d := NewDecoder(p)
	for len(b) > 0 {
		n := min(len(b), 1+rnd.IntN(9))
		d.Write(b[:n])
		b = b[n:]
	}
	out := d.Receipts()
	if r, ok := d.Flush(); ok {
		out = append(out, r)
	}
	return out
}

// TestFourByteNative: on a model with a full GB18030 font the four-byte
// characters go as text, not drawn, and decode back.
func TestFourByteNative(t *testing.T) {
	p := lookup(t, "gb18030-80")
	b, err := escpos.NewDoc().Text("扩展A：䶵 㐀", escpos.Plain).Render(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "\x82\x35\x87\x38") {
		t.Errorf("䶵 not sent as 82 35 87 38: % X", b)
	}
	rs := Decode(b, p)
	if len(rs) != 1 || !slices.Equal(rs[0].Lines(), []string{"扩展A：䶵 㐀"}) {
		t.Fatalf("decoded %+v", rs)
	}
	// The same bytes on a GBK model print replacement characters: the
	// profile matters.
	if r := Decode(b, lookup(t, "generic-80")); r[0].Unprintable != 2 {
		t.Errorf("a GBK model printed the four-byte codes: %q", r[0].Lines())
	}
}

// TestBeyondTheFont: 𠮷 (CJK Extension B) is neither in a printer font nor
// in WenQuanYi: rendering fails with ErrNoGlyph naming it, instead of
// printing a box or dropping it.
func TestBeyondTheFont(t *testing.T) {
	_, err := escpos.NewDoc().Text("吉祥的𠮷", escpos.Plain).Render(lookup(t, "gb18030-80"), testFont(t))
	var e *escpos.Error
	if !errors.As(err, &e) || !errors.Is(err, escpos.ErrNoGlyph) || e.Args["Chars"] != "𠮷 (U+20BB7)" {
		t.Fatalf("render: %v", err)
	}
}
