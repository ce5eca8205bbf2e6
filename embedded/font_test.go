package embedded

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// The compressed font inflates to the whole WenQuanYi Micro Hei face,
// byte for byte (fonts/README.md), and every call gives a fresh copy.
func TestFontInflatesToTheWholeFace(t *testing.T) {
	a, err := Font()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 4625912 {
		t.Fatalf("font is %d bytes, want 4625912 (the whole face)", len(a))
	}
	sum := sha256.Sum256(a)
	if got := hex.EncodeToString(sum[:]); got != FontSHA256 {
		t.Fatalf("font SHA-256 %s, want %s", got, FontSHA256)
	}
	if string(a[:4]) != "\x00\x01\x00\x00" {
		t.Fatalf("not a TrueType font: starts % x", a[:4])
	}
	b, err := Font()
	if err != nil {
		t.Fatal(err)
	}
	a[0] = 0xff
	if b[0] != 0 {
		t.Fatal("Font returned shared bytes: a caller's change leaked into the next call")
	}
}
