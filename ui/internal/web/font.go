// Package web is what the appliance's pages (ui) and countyd's pages
// (ui/countyui) share of the web layer, so that neither keeps a copy.
//
// The CJK web font (font.go): app.css and kiosk.css list the system CJK
// fonts first ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro
// Hei"), then "Bianmin CJK", an @font-face whose source is this route.
// A browser downloads a web font only when no family before it has the
// character, so an office PC with YaHei never asks; a Raspberry Pi kiosk
// or a Linux PC with no CJK font downloads it once and keeps it a year:
// the URL names the font's SHA-256, so a changed font is a new URL
// (FontPath; a test in ui checks that the CSS files, the route and the
// embedded file agree). The font is served as the embedded bytes are
// stored: gzip-compressed bytes go out as they are with Content-Encoding
// gzip to every browser that accepts it (all do), and are inflated while
// streaming for one that does not; a plain TrueType file goes out plain.
// countyd's pages use the same app.css, so they serve the same route.
package web

import (
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"

	"bianmin/embedded"

	"github.com/labstack/echo/v4"
)

// FontHash is the first 16 hex digits of the SHA-256 of the embedded
// TrueType font (inflated): the version in its URL.
const FontHash = "030451fff59036d9"

// FontPath is where the font is served; app.css, kiosk.css and hall.css name it.
const FontPath = "/fonts/wqy-microhei-" + FontHash + ".ttf"

// The embedded font's files: compressed (preferred) or plain.
const (
	FontGzip  = "fonts/wqy-microhei.ttf.gz"
	FontPlain = "fonts/wqy-microhei.ttf"
)

// Font serves the embedded CJK font, cached for a year.
func Font(c echo.Context) error {
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set(echo.HeaderContentType, "font/ttf")
	h.Set("ETag", `"`+FontHash+`"`)
	h.Add("Vary", "Accept-Encoding")
	if c.Request().Header.Get("If-None-Match") == `"`+FontHash+`"` {
		return c.NoContent(http.StatusNotModified)
	}
	// Streamed from the binary's read-only data: no copy of the 2–5 MB
	// file is made per request.
	f, err := embedded.FS.Open(FontGzip)
	if err != nil {
		if f, err = embedded.FS.Open(FontPlain); err != nil {
			return err
		}
		defer f.Close()
		return c.Stream(http.StatusOK, "font/ttf", f)
	}
	defer f.Close()
	if AcceptsGzip(c.Request()) {
		h.Set(echo.HeaderContentEncoding, "gzip")
		return c.Stream(http.StatusOK, "font/ttf", f)
	}
	r, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	defer r.Close()
	return c.Stream(http.StatusOK, "font/ttf", r)
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip
// (named, or "*", and not refused with q=0).
func AcceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "*" {
			continue
		}
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
}
