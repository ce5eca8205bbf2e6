package uplink

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Privacy (issue 15 §5): fingerprints never leave the box and citizens' ID
// numbers travel masked unless the county's setting allows them in full.
// Every batch is built through Filter; a test inspects every kind.

// Kinds are the record kinds the county side knows (countyd counts them);
// a batch carries any outbox kind, these and those that land later.
var Kinds = []string{
	"punch", "attendance", "remedy", "objection", "errand", "off_post",
	"leave", "case", "queue", "rating", "assessment",
	"staff", "unit", "window", "center", "calendar.day", "calendar.notice", "report",
}

// neverSent are payload fields that never leave the box, whatever the kind:
// fingerprint templates and what could rebuild one.
var neverSent = map[string]bool{
	"template": true, "templates": true, "fingerprint_template": true,
	"sealed": true, "sealed_template": true, "feature": true, "features": true,
	"char_file": true, "minutiae": true,
}

// neverSentKind says whether a whole kind stays on the box (enrolments'
// template copies, should any domain ever put them in the outbox).
func neverSentKind(kind string) bool {
	k := strings.ToLower(kind)
	return strings.Contains(k, "template") || strings.HasPrefix(k, "enrol")
}

// idFields are the payload fields that hold a citizen's ID number.
var idFields = map[string]bool{
	"id_number": true, "id_no": true, "id_card": true, "idcard": true,
	"citizen_id": true, "applicant_id_number": true, "agent_id_number": true,
}

// MaskID masks an ID number as the county sees it by default: the first 6
// (the area of issue) and the last 4 characters kept, the rest '*'
// (GB 11643 numbers are 18 characters: "110101********1234"). Short
// values are masked whole.
func MaskID(s string) string {
	r := []rune(s)
	if len(r) <= 10 {
		return strings.Repeat("*", len(r))
	}
	for i := 6; i < len(r)-4; i++ {
		r[i] = '*'
	}
	return string(r)
}

// Filter returns the payload as it may leave the box, and false when the
// kind never leaves it. Fields in neverSent are removed at any depth; ID
// number fields are masked unless fullIDs.
func Filter(kind string, payload json.RawMessage, fullIDs bool) (json.RawMessage, bool) {
	if neverSentKind(kind) {
		return nil, false
	}
	if !mayHold(payload) {
		return payload, true // no field to remove or mask: the exact bytes travel
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return payload, true // not JSON: passed on as the domain wrote it
	}
	if !scrub(v, fullIDs) {
		return payload, true // nothing to change: the exact bytes travel
	}
	out, err := json.Marshal(v)
	if err != nil {
		return nil, false
	}
	return out, true
}

// scrub edits v in place and says whether it changed anything.
func scrub(v any, fullIDs bool) bool {
	changed := false
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			lk := strings.ToLower(k)
			switch {
			case neverSent[lk]:
				delete(t, k)
				changed = true
			case idFields[lk] && !fullIDs:
				if s, ok := x.(string); ok && s != "" {
					if m := MaskID(s); m != s {
						t[k] = m
						changed = true
					}
				}
			default:
				changed = scrub(x, fullIDs) || changed
			}
		}
	case []any:
		for _, x := range t {
			changed = scrub(x, fullIDs) || changed
		}
	}
	return changed
}

// watched are the words a payload must contain for Filter to look inside
// it: every name in neverSent and idFields contains one of them.
var watched = [][]byte{[]byte("templat"), []byte("sealed"), []byte("feature"), []byte("char_file"), []byte("minutiae"), []byte("id_"), []byte("idcard")}

// mayHold says whether payload may hold a field Filter removes or masks
// (a quick look at its bytes, in lower case).
func mayHold(payload []byte) bool {
	low := bytes.ToLower(payload)
	for _, w := range watched {
		if bytes.Contains(low, w) {
			return true
		}
	}
	return false
}
