package store

// The size of one audit entry is bounded, whatever a caller hands in: an
// anonymous client must not be able to grow the database (or the audit
// page) by sending long text that ends up in an entry.

import (
	"encoding/json"
	"sort"
	"unicode/utf8"

	"bianmin/appliance/problem"
)

// Bounds of one audit entry.
const (
	// MaxAuditSummaryBytes bounds Before and After each (their JSON).
	MaxAuditSummaryBytes = 4096
	// MaxAuditTextRunes bounds the actor, the action and the object.
	MaxAuditTextRunes = 120
	// maxAuditValueRunes bounds one text value inside a summary that is
	// too large as a whole.
	maxAuditValueRunes = 200
)

// AuditTruncatedField is the field added to a summary that was cut to
// MaxAuditSummaryBytes; its value is the summary's size before the cut:
// {"_truncated": {"bytes": 912345}}. The pages say that the entry was too
// long and was shortened.
const AuditTruncatedField = "_truncated"

// auditTruncated is the marker's value. Text holds the start of a summary
// that was not an object.
type auditTruncated struct {
	Bytes int    `json:"bytes"`
	Text  string `json:"text,omitempty"`
}

// boundEntry cleans and bounds the entry's texts and summaries in place.
func boundEntry(e *AuditEntry) {
	e.Actor = problem.BoundTo(e.Actor, MaxAuditTextRunes)
	e.Action = problem.BoundTo(e.Action, MaxAuditTextRunes)
	e.Object = problem.BoundTo(e.Object, MaxAuditTextRunes)
	e.Before = boundSummary(e.Before)
	e.After = boundSummary(e.After)
}

// boundSummary returns raw when it fits MaxAuditSummaryBytes. A larger
// object keeps its fields with long texts and large nested values cut,
// then as many fields as fit (in name order), plus the marker; anything
// else becomes the marker with the start of its JSON as text.
func boundSummary(raw json.RawMessage) json.RawMessage {
	if len(raw) <= MaxAuditSummaryBytes {
		return raw
	}
	mark := auditTruncated{Bytes: len(raw)}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		mark.Text = problem.BoundTo(string(raw), maxAuditValueRunes)
		out, _ := json.Marshal(map[string]any{AuditTruncatedField: mark})
		return out
	}
	names := make([]string, 0, len(obj))
	for k := range obj {
		names = append(names, k)
	}
	sort.Strings(names)
	markJSON, _ := json.Marshal(mark)
	out := map[string]json.RawMessage{AuditTruncatedField: markJSON}
	size := len(AuditTruncatedField) + len(markJSON) + 8
	for _, k := range names {
		name := problem.BoundTo(k, MaxAuditTextRunes)
		v := boundValue(obj[k])
		// "name":value, plus quoting and escapes (generously).
		cost := len(name) + len(v) + 8
		if size+cost > MaxAuditSummaryBytes {
			continue // later (shorter) fields may still fit
		}
		out[name], size = v, size+cost
	}
	data, err := json.Marshal(out)
	if err != nil || len(data) > MaxAuditSummaryBytes {
		data, _ = json.Marshal(map[string]any{AuditTruncatedField: mark})
	}
	return data
}

// boundValue cuts one value of a summary: a long string to
// maxAuditValueRunes, a large nested value to the start of its JSON as a
// string.
func boundValue(v json.RawMessage) json.RawMessage {
	var s string
	if json.Unmarshal(v, &s) == nil {
		if utf8.RuneCountInString(s) <= maxAuditValueRunes {
			return v
		}
		out, _ := json.Marshal(problem.BoundTo(s, maxAuditValueRunes))
		return out
	}
	if len(v) <= 4*maxAuditValueRunes {
		return v
	}
	out, _ := json.Marshal(problem.BoundTo(string(v), maxAuditValueRunes))
	return out
}
