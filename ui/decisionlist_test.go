package ui

import (
	"testing"

	"bianmin/appliance/locale"
	"bianmin/embedded"
)

// TestDecisionKindKeys: every text a decision list takes from a kind's
// key prefix exists in both languages.
func TestDecisionKindKeys(t *testing.T) {
	cat, err := locale.Load(embedded.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []decisionKind{remedyKind, objectionKind} {
		for _, name := range []string{"title", "lead", "pending", "decided", "none_pending", "none_decided",
			"next_pending", "next_decided", k.Approve, "reject", k.Approved, "rejected"} {
			if !cat.HasKey(k.key(name)) {
				t.Errorf("%s: no locale key %q", k.Path, k.key(name))
			}
		}
		for _, key := range []string{k.SubjectCol, k.RequestedCol} {
			if !cat.HasKey(key) {
				t.Errorf("%s: no locale key %q", k.Path, key)
			}
		}
	}
}
