package sim

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash/fnv"
)

// A "finger" is an identity string. Its template is a deterministic blob
// derived from it, so the same finger always gives the same bytes on any
// simulator, and a template downloaded from one simulator and uploaded
// into another still names its finger.
const (
	// TemplateSize is the length of a simulated template, as on an R307:
	// pyfingerprint's downloadCharacteristics returns 512 bytes.
	TemplateSize = 512
	maxFingerID  = 64 // longer identities are cut in the template header
	minScore     = 50
	scoreSpan    = 151 // scores lie in 50..200
)

// templateMagic opens every simulated template: "BMFP" (Bianmin
// fingerprint), then the identity's length and bytes, then a SHA-256
// stream of the identity.
var templateMagic = []byte("BMFP")

// Template returns the template of fingerID.
func Template(fingerID string) []byte {
	id := fingerID
	if len(id) > maxFingerID {
		id = id[:maxFingerID]
	}
	t := make([]byte, 0, TemplateSize+sha256.Size)
	t = append(t, templateMagic...)
	t = append(t, byte(len(id)))
	t = append(t, id...)
	for block := 0; len(t) < TemplateSize; block++ {
		h := sha256.Sum256(fmt.Appendf(nil, "bianmin-sim-finger/%s/%d", id, block))
		t = append(t, h[:]...)
	}
	return t[:TemplateSize]
}

// FingerOf returns the identity a template was derived from; ok is false
// for bytes that are not a simulated template.
func FingerOf(template []byte) (fingerID string, ok bool) {
	if len(template) < len(templateMagic)+1 || !bytes.HasPrefix(template, templateMagic) {
		return "", false
	}
	n := int(template[len(templateMagic)])
	start := len(templateMagic) + 1
	if start+n > len(template) {
		return "", false
	}
	id := string(template[start : start+n])
	if !bytes.Equal(template, Template(id)) {
		return "", false
	}
	return id, true
}

// Score is the match score the simulator reports for a finger: fixed per
// identity, 50..200.
func Score(fingerID string) int {
	h := fnv.New32a()
	h.Write([]byte(fingerID))
	return minScore + int(h.Sum32()%scoreSpan)
}

// scoreOf scores a template; bytes that are not a simulated template
// still match themselves, with a middling score.
func scoreOf(template []byte) int {
	if id, ok := FingerOf(template); ok {
		return Score(id)
	}
	return minScore + scoreSpan/2
}
