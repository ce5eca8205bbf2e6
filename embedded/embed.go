// Package embedded holds the files compiled into the binary: page
// templates, static CSS and JS, locale files (zh-CN and en), holiday data
// and the report font, stored compressed and inflated by Font when a PDF
// is made. It imports the standard library only, nothing of ours.
package embedded

import "embed"

// FS holds templates/, static/, locales/, fonts/ and holidays/.
//
//go:embed all:templates static locales fonts holidays
var FS embed.FS
