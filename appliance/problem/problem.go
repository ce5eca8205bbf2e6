// Package problem is the one type for every refusal the appliance gives:
// a field, a locale key, the key's arguments and, for a line of an
// imported file, the line and the text as read. Domain packages return
// problems; the web pages show them next to their field, the command line
// prints them, both through the locale catalog (appliance/locale), so the
// words live in the locale files only.
//
// It imports only the standard library.
package problem

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxValueRunes bounds the text as read that a problem echoes back: an
// oversized cell in an import must not come back in full on a page or a
// terminal.
const MaxValueRunes = 80

// Problem is why something was refused.
type Problem struct {
	// Field is the input the problem concerns ("date", "staff_no"); empty
	// when it concerns the whole request.
	Field string `json:"field,omitempty"`
	// Key is the locale key of the message (embedded/locales).
	Key string `json:"key"`
	// Args fill the message's {{.Name}} parts.
	Args map[string]any `json:"args,omitempty"`
	// Line is the 1-based line of an imported file; 0 when not about a line.
	Line int `json:"line,omitempty"`
	// Value is the text as read (bounded by MaxValueRunes), when it helps.
	Value string `json:"value,omitempty"`
}

// New makes a problem with a field, a key and its arguments given as
// name/value pairs: New("date", "records.err.date_future", "Date", d).
func New(field, key string, args ...any) *Problem {
	p := &Problem{Field: field, Key: key}
	if len(args) > 0 {
		p.Args = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			p.Args[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return p
}

// WithArgs makes a problem whose arguments are already a map.
func WithArgs(field, key string, args map[string]any) *Problem {
	return &Problem{Field: field, Key: key, Args: args}
}

// AtLine returns a copy of p about line of a file whose text was value.
func (p *Problem) AtLine(line int, value string) *Problem {
	q := *p
	q.Line, q.Value = line, Bound(value)
	return &q
}

// Error describes the problem for logs: its line, field, key and
// arguments. People read problems through the locale catalog instead.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Key)
	if len(p.Args) > 0 {
		names := make([]string, 0, len(p.Args))
		for k := range p.Args {
			names = append(names, k)
		}
		sort.Strings(names)
		b.WriteString(" (")
		for i, k := range names {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s=%v", k, p.Args[k])
		}
		b.WriteString(")")
	}
	if p.Value != "" {
		fmt.Fprintf(&b, " %q", p.Value)
	}
	return b.String()
}

// List is several problems found at once: every field of a form, every
// bad line of a file. A nil or empty List is no problem at all.
type List []*Problem

// Add appends a problem.
func (l *List) Add(p *Problem) { *l = append(*l, p) }

// Err returns nil when the list is empty, else the list as an error.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error describes the problems for logs.
func (l List) Error() string {
	parts := make([]string, len(l))
	for i, p := range l {
		parts[i] = p.Error()
	}
	return fmt.Sprintf("%d problem(s): %s", len(l), strings.Join(parts, "; "))
}

// SortByLine orders the problems by line, those about the whole file
// (line 0) first; problems of one line keep their order.
func (l List) SortByLine() {
	slices.SortStableFunc(l, func(a, b *Problem) int { return a.Line - b.Line })
}

// For returns the problems about one field.
func (l List) For(field string) List {
	var out List
	for _, p := range l {
		if p.Field == field {
			out = append(out, p)
		}
	}
	return out
}

// Has reports whether some problem in the list has the key.
func (l List) Has(key string) bool {
	for _, p := range l {
		if p.Key == key {
			return true
		}
	}
	return false
}

// HasField reports whether some problem concerns field.
func (l List) HasField(field string) bool { return len(l.For(field)) > 0 }

// All returns the problems inside err: one for a *Problem, each of a List,
// nil for any other error (a failure, not a refusal).
func All(err error) List {
	var l List
	if errors.As(err, &l) {
		return l
	}
	var p *Problem
	if errors.As(err, &p) {
		return List{p}
	}
	return nil
}

// As returns the first problem inside err.
func As(err error) (*Problem, bool) {
	if l := All(err); len(l) > 0 {
		return l[0], true
	}
	return nil, false
}

// Is reports whether err is a problem with the key.
func Is(err error, key string) bool { return All(err).Has(key) }

// MaxArgRunes bounds a text argument of a problem as it is shown: an
// argument is often a cell or a field as typed.
const MaxArgRunes = 200

// Bounded returns p as it may be shown: its Value cut to MaxValueRunes and
// every text argument to MaxArgRunes (BoundTo). Every place that words a
// problem shows this copy, so no refusal echoes a 30 MB cell, whoever
// made the problem and however.
func (p *Problem) Bounded() *Problem {
	q := *p
	q.Value = Bound(p.Value)
	if len(p.Args) > 0 {
		q.Args = make(map[string]any, len(p.Args))
		for k, v := range p.Args {
			switch x := v.(type) {
			case string:
				v = BoundTo(x, MaxArgRunes)
			case fmt.Stringer:
				v = BoundTo(x.String(), MaxArgRunes)
			}
			q.Args[k] = v
		}
	}
	return &q
}

// Bound shortens s to MaxValueRunes runes, marking the cut with "…", and
// drops control and direction-changing characters (see BoundTo).
func Bound(s string) string { return BoundTo(s, MaxValueRunes) }

// BoundTo is the one way text from outside (a cell, a username typed at the
// login form) is echoed or logged: at most n runes (the cut marked with
// "…"), invalid UTF-8 replaced, and control characters (a terminal's escape
// sequences, newlines that would forge a log line) and Unicode format
// characters (right-to-left overrides that reorder what a reader sees)
// removed. It reads no more of s than it keeps, so a 30 MB cell costs no
// more than an 80-rune one.
func BoundTo(s string, n int) string {
	if n < 1 {
		return ""
	}
	var b strings.Builder
	kept := 0
	for i, r := range s {
		if kept == n {
			if i < len(s) {
				// More follows: replace the last rune kept by the marker.
				out := []rune(b.String())
				return string(out[:len(out)-1]) + "…"
			}
			break
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if r == utf8.RuneError {
			r = '\uFFFD'
		}
		b.WriteRune(r)
		kept++
	}
	return b.String()
}
