package ui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"testing"

	"bianmin/embedded"
)

// embeddedFont returns the TrueType bytes of the embedded font, inflated
// when stored compressed.
func embeddedFont(t *testing.T) []byte {
	t.Helper()
	if gz, err := fs.ReadFile(embedded.FS, webFontGzip); err == nil {
		r, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b, err := fs.ReadFile(embedded.FS, webFontPlain)
	if err != nil {
		t.Fatalf("no embedded font: %v", err)
	}
	return b
}

// TestWebFontURL: the font's URL names its hash, and both style sheets
// list it after the system fonts, so a changed font is a new URL and a
// browser with a CJK font never downloads it.
func TestWebFontURL(t *testing.T) {
	sum := sha256.Sum256(embeddedFont(t))
	if got := hex.EncodeToString(sum[:])[:len(webFontHash)]; got != webFontHash {
		t.Fatalf("webFontHash = %s, but the embedded font's SHA-256 starts %s: update webFontHash and the CSS files", webFontHash, got)
	}
	for _, css := range []string{"static/app.css", "static/kiosk.css"} {
		b, err := fs.ReadFile(embedded.FS, css)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if !strings.Contains(s, `url("`+webFontPath+`")`) {
			t.Errorf("%s does not name %s in its @font-face", css, webFontPath)
		}
		const stack = `"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Bianmin CJK", sans-serif`
		if !strings.Contains(s, stack) {
			t.Errorf("%s lacks the font stack %s", css, stack)
		}
	}
}

// TestWebFontServed: the font is public, cached for a year, revalidates
// with its ETag, and goes out compressed to browsers that accept gzip
// when it is stored compressed.
func TestWebFontServed(t *testing.T) {
	env := newTestEnv(t)
	font := embeddedFont(t)
	for _, enc := range []string{"gzip, deflate, br", "identity"} {
		req, _ := http.NewRequest(http.MethodGet, env.srv.URL+webFontPath, nil)
		req.Header.Set("Accept-Encoding", enc)
		resp, err := http.DefaultTransport.RoundTrip(req) // no transparent gzip
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "font/ttf" ||
			resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Fatalf("%s: %d %v", enc, resp.StatusCode, resp.Header)
		}
		if resp.Header.Get("Content-Encoding") == "gzip" {
			if enc == "identity" {
				t.Fatal("gzip sent to a browser that did not accept it")
			}
			r, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(r); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(body, font) {
			t.Errorf("%s: the served font (%d bytes) is not the embedded one (%d)", enc, len(body), len(font))
		}
	}
	req, _ := http.NewRequest(http.MethodGet, env.srv.URL+webFontPath, nil)
	req.Header.Set("If-None-Match", `"`+webFontHash+`"`)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d, want 304", resp.StatusCode)
	}
	if r := env.client().get("/favicon.ico"); r.Status != http.StatusOK || len(r.Body) < 100 {
		t.Errorf("favicon: %d, %d bytes", r.Status, len(r.Body))
	}
}

func TestAcceptsGzip(t *testing.T) {
	for _, c := range []struct {
		h    string
		want bool
	}{{"gzip", true}, {"gzip, deflate, br", true}, {"br;q=1.0, gzip;q=0.8", true}, {"gzip;q=0", false},
		{"*", true}, {"identity", false}, {"", false}, {"GZIP", true}, {"deflate, gzip; q=0.000", false}} {
		r, _ := http.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept-Encoding", c.h)
		if got := acceptsGzip(r); got != c.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", c.h, got, c.want)
		}
	}
}
