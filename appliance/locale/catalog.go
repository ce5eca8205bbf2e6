// Package locale is the message catalog: every text the appliance shows or
// prints, in every language, from flat JSON files locales/<area>.<lang>.json
// in a file system the caller passes in (embedded.FS in the binary). A key
// lives in one area's file only. Problems (appliance/problem) are rendered
// through it, so the words of a refusal live in the locale files only.
//
// It imports the standard library and appliance/problem.
package locale

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/template"

	"bianmin/appliance/problem"
)

// Default is the language of the pages and the fallback for a missing key.
const Default = "zh-CN"

// Languages in the order the language switch offers them.
var Languages = []string{"zh-CN", "en"}

// Catalog holds every message in every language. Locale files are flat JSON
// objects, one per area and language: locales/<area>.<lang>.json. A key may
// appear in only one area's file.
type Catalog struct {
	msgs map[string]map[string]string // lang → key → text
	mu   sync.Mutex
	tmpl map[string]*template.Template // parsed messages with {{.Arg}} parts

	lazy fs.FS // Lazy's files, read at the first use
	once sync.Once
	err  error
}

// Lazy returns a catalog that reads locales/*.json from fsys when it is
// first asked for a message, not now, so a server that has started and
// waits for its first page holds none of it (about 1 MB). The files are
// checked by tests; one that cannot be read is a defect of the build and
// panics at that first use, with the reason.
func Lazy(fsys fs.FS) *Catalog {
	return &Catalog{lazy: fsys}
}

// ready loads a Lazy catalog once.
func (c *Catalog) ready() {
	if c.lazy == nil {
		return
	}
	c.once.Do(func() {
		loaded, err := Load(c.lazy)
		if err != nil {
			c.err = err
			return
		}
		c.msgs, c.tmpl = loaded.msgs, loaded.tmpl
	})
	if c.err != nil {
		panic("locale: " + c.err.Error())
	}
}

// Load reads locales/*.json from fsys.
func Load(fsys fs.FS) (*Catalog, error) {
	files, err := fs.Glob(fsys, "locales/*.json")
	if err != nil {
		return nil, err
	}
	c := &Catalog{msgs: map[string]map[string]string{}, tmpl: map[string]*template.Template{}}
	for _, l := range Languages {
		c.msgs[l] = map[string]string{}
	}
	for _, f := range files {
		base := strings.TrimSuffix(path.Base(f), ".json")
		dot := strings.LastIndex(base, ".")
		if dot < 0 {
			return nil, fmt.Errorf("locale file %s: name must be <area>.<lang>.json", f)
		}
		lang := base[dot+1:]
		m, ok := c.msgs[lang]
		if !ok {
			return nil, fmt.Errorf("locale file %s: unknown language %q", f, lang)
		}
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var kv map[string]string
		if err := json.Unmarshal(data, &kv); err != nil {
			return nil, fmt.Errorf("locale file %s: %w", f, err)
		}
		for k, v := range kv {
			if _, dup := m[k]; dup {
				return nil, fmt.Errorf("locale file %s: key %q is defined twice", f, k)
			}
			m[k] = v
		}
	}
	return c, nil
}

// Has reports whether lang is a known language (without reading the
// files: every catalog has exactly Languages).
func (c *Catalog) Has(lang string) bool { return slices.Contains(Languages, lang) }

// HasKey reports whether key exists in the default language.
func (c *Catalog) HasKey(key string) bool {
	c.ready()
	_, ok := c.msgs[Default][key]
	return ok
}

// Keys lists every key of the default language, sorted.
func (c *Catalog) Keys() []string {
	c.ready()
	keys := make([]string, 0, len(c.msgs[Default]))
	for k := range c.msgs[Default] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Missing returns, per language, the keys that some other language has and
// this one lacks.
func (c *Catalog) Missing() map[string][]string {
	c.ready()
	all := map[string]bool{}
	for _, m := range c.msgs {
		for k := range m {
			all[k] = true
		}
	}
	out := map[string][]string{}
	for lang, m := range c.msgs {
		for k := range all {
			if _, ok := m[k]; !ok {
				out[lang] = append(out[lang], k)
			}
		}
		sort.Strings(out[lang])
	}
	return out
}

// T translates key into lang. data fills {{.Name}} parts of the message.
// A missing key shows as the key itself, so it is noticed, never blank.
func (c *Catalog) T(lang, key string, data any) string {
	c.ready()
	msg, ok := c.msgs[lang][key]
	if !ok {
		if msg, ok = c.msgs[Default][key]; !ok {
			return key
		}
	}
	if !strings.Contains(msg, "{{") {
		return msg
	}
	c.mu.Lock()
	t, ok := c.tmpl[lang+"\x00"+key]
	if !ok {
		var err error
		t, err = template.New(key).Option("missingkey=zero").Parse(msg)
		if err != nil {
			c.mu.Unlock()
			return msg
		}
		c.tmpl[lang+"\x00"+key] = t
	}
	c.mu.Unlock()
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return msg
	}
	return b.String()
}

// Problem renders a problem's message in lang, with its arguments
// bounded (problem.Problem.Bounded).
func (c *Catalog) Problem(lang string, p *problem.Problem) string {
	return c.T(lang, p.Key, p.Bounded().Args)
}

// Both renders key in Chinese and, when it differs, " — " and English: the
// command line's way of speaking to a technician of either language.
func (c *Catalog) Both(key string, args map[string]any) string {
	zh, en := c.T("zh-CN", key, args), c.T("en", key, args)
	if en == zh {
		return zh
	}
	return zh + " — " + en
}

// ProblemLine renders a problem for the command line: "第 N 行 / line N
// ("value"): 中文 — English".
func (c *Catalog) ProblemLine(p *problem.Problem) string {
	p = p.Bounded()
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "第 %d 行 / line %d", p.Line, p.Line)
		if p.Value != "" {
			fmt.Fprintf(&b, " (%q)", p.Value)
		}
		b.WriteString(": ")
	}
	b.WriteString(c.Both(p.Key, p.Args))
	return b.String()
}
