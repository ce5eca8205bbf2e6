package ui

// Files a browser asks for beside the pages: the favicon, and the box's
// own CJK font for a browser that has none (ui/internal/web, shared with
// countyd's pages).

import (
	"io/fs"
	"net/http"

	"bianmin/embedded"
	"bianmin/ui/internal/web"

	"github.com/labstack/echo/v4"
)

// The web font's version, route and embedded files (ui/internal/web).
const (
	webFontHash  = web.FontHash
	webFontPath  = web.FontPath
	webFontGzip  = web.FontGzip
	webFontPlain = web.FontPlain
)

func (a *App) webFont(c echo.Context) error { return web.Font(c) }

func acceptsGzip(r *http.Request) bool { return web.AcceptsGzip(r) }

// favicon answers the browsers that ask for /favicon.ico whatever the
// page's <link rel="icon"> says.
func (a *App) favicon(c echo.Context) error {
	b, err := fs.ReadFile(embedded.FS, "static/favicon.ico")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return c.Blob(http.StatusOK, "image/x-icon", b)
}
