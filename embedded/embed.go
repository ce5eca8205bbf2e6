// Package embedded holds the files compiled into the binary: page
// templates, static CSS and JS, locale files (zh-CN and en) and, as later
// areas need them, fonts and holiday data. It imports nothing of ours.
package embedded

import "embed"

// FS holds templates/, static/ and locales/.
//
//go:embed all:templates static locales fonts holidays
var FS embed.FS
