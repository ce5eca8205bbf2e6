// Package message renders the domain's English fallback messages: a locale
// key looked up in a package's own map and filled with text/template
// arguments ({{.Line}}), so every package's Error() reads the same way the
// web UI's locale files do. It imports only the standard library.
package message

import (
	"strings"
	"text/template"
)

// Render fills the message for key in msgs with args. An unknown key
// renders as itself and a broken template as its raw text, so an error
// message is never empty.
func Render(msgs map[string]string, key string, args map[string]any) string {
	msg, ok := msgs[key]
	if !ok {
		return key
	}
	if !strings.Contains(msg, "{{") {
		return msg
	}
	t, err := template.New(key).Parse(msg)
	if err != nil {
		return msg
	}
	var b strings.Builder
	if err := t.Execute(&b, args); err != nil {
		return msg
	}
	return b.String()
}
