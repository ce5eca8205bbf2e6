package auditlog

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Change is one field of an entry's summary before and after the action.
type Change struct {
	// Field is the field's name in the summary; nested fields are joined
	// with dots ("hours.morning_in").
	Field         string
	Before, After Value
}

// ValueKind says what a Value holds, for the page to word it.
type ValueKind int

// Kinds of values.
const (
	Absent  ValueKind = iota // the field was not there
	Text                     // Text holds it (a string or a number)
	Yes                      // true
	No                       // false
	Empty                    // null, "" or an empty list
	Data                     // Text holds a list or object as compact JSON
	Instant                  // Text holds a moment (RFC 3339), for the page to show in its time zone
)

// Value is one side of a change.
type Value struct {
	Kind ValueKind
	Text string
}

// maxValueRunes bounds one value shown on the page.
const maxValueRunes = 120

// maxDepth is how deep nested objects are split into dotted fields.
const maxDepth = 3

// Changes lists the fields an entry changed: for an update the fields
// whose values differ, for a creation every field of after, for a removal
// every field of before, in name order. A summary that was cut to size
// (store.AuditTruncatedField) shows as the field of that name with the
// size as its value.
func Changes(before, after json.RawMessage) []Change {
	b, a := flatten(before), flatten(after)
	names := map[string]bool{}
	for k := range b {
		names[k] = true
	}
	for k := range a {
		names[k] = true
	}
	sorted := make([]string, 0, len(names))
	for k := range names {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var out []Change
	for _, k := range sorted {
		bv, inB := b[k]
		av, inA := a[k]
		if inB && inA && bytes.Equal(bv, av) {
			continue
		}
		out = append(out, Change{Field: k, Before: valueOf(bv, inB), After: valueOf(av, inA)})
	}
	return out
}

// flatten turns a summary into dotted field → raw value. A summary that is
// not an object is one field named "".
func flatten(raw json.RawMessage) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	if len(raw) == 0 || string(raw) == "null" {
		return out
	}
	var walk func(prefix string, v json.RawMessage, depth int)
	walk = func(prefix string, v json.RawMessage, depth int) {
		var obj map[string]json.RawMessage
		if depth < maxDepth && json.Unmarshal(v, &obj) == nil && obj != nil && (len(obj) > 0 || prefix == "") {
			for k, x := range obj {
				if prefix == "" && k == store.AuditTruncatedField {
					out[k] = markerSize(x)
					continue
				}
				name := k
				if prefix != "" {
					name = prefix + "." + k
				}
				walk(name, x, depth+1)
			}
			return
		}
		out[prefix] = compact(v)
	}
	walk("", raw, 0)
	return out
}

func compact(v json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if json.Compact(&b, v) != nil {
		return v
	}
	return b.Bytes()
}

// valueOf words a raw JSON value.
func valueOf(v json.RawMessage, present bool) Value {
	if !present {
		return Value{Kind: Absent}
	}
	switch s := string(v); s {
	case "true":
		return Value{Kind: Yes}
	case "false":
		return Value{Kind: No}
	case "null", `""`, "[]", "{}":
		return Value{Kind: Empty}
	}
	var str string
	if json.Unmarshal(v, &str) == nil {
		if len(str) >= 20 && str[4] == '-' && str[10] == 'T' {
			if _, err := time.Parse(time.RFC3339Nano, str); err == nil {
				return Value{Kind: Instant, Text: str}
			}
		}
		return Value{Kind: Text, Text: problem.BoundTo(str, maxValueRunes)}
	}
	var num float64
	if json.Unmarshal(v, &num) == nil {
		return Value{Kind: Text, Text: strconv.FormatFloat(num, 'f', -1, 64)}
	}
	return Value{Kind: Data, Text: problem.BoundTo(string(v), maxValueRunes)}
}

// Truncated reports whether the change is the marker of a summary cut to
// size; its After (or Before) is the summary's size in bytes before the cut.
func (c Change) Truncated() bool { return c.Field == store.AuditTruncatedField }

// markerSize is the size a truncation marker records, as a JSON number.
func markerSize(raw json.RawMessage) json.RawMessage {
	var m struct {
		Bytes int `json:"bytes"`
	}
	json.Unmarshal(raw, &m)
	return json.RawMessage(strconv.Itoa(m.Bytes))
}
