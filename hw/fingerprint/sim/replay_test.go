package sim

import (
	"bytes"
	"path/filepath"
	"testing"

	"bianmin/hw/fingerprint/fptest"
)

// fixtureConfigs: every fixture in hw/fingerprint/testdata and the module
// it was recorded from.
var fixtureConfigs = map[string]Config{
	"pyfingerprint":     {}, // `bianmin sim fingerprint --enroll 3`, see CONFORMANCE.md
	"enroll_identify":   {},
	"identify_errors":   {},
	"template_transfer": {},
	"aura_led_r503":     {AuraLED: true},
}

// TestReplayFixtures feeds each fixture's host bytes to a fresh simulator,
// with its control actions, and requires exactly the recorded replies: the
// simulator still says, byte for byte, what pyfingerprint and the driver
// were recorded accepting.
func TestReplayFixtures(t *testing.T) {
	for name, cfg := range fixtureConfigs {
		t.Run(name, func(t *testing.T) {
			steps, err := fptest.ReadScript(filepath.Join("..", "testdata", name+".hex"))
			if err != nil {
				t.Fatal(err)
			}
			s := New(cfg)
			var pending []byte // replies produced, not yet matched
			exchanges := 0
			for i, st := range steps {
				switch st.Dir {
				case fptest.Control:
					if _, err := s.Do(st.Text); err != nil {
						t.Fatalf("%v: %v", st, err)
					}
				case fptest.HostToModule:
					pending = append(pending, s.receive(st.Data)...)
					exchanges++
				case fptest.ModuleToHost:
					if !bytes.HasPrefix(pending, st.Data) {
						t.Fatalf("%v: simulator sent %X", st, pending)
					}
					pending = pending[len(st.Data):]
				default:
					t.Fatalf("step %d: unexpected %v", i, st)
				}
			}
			if len(pending) > 0 {
				t.Errorf("simulator sent %X more than recorded", pending)
			}
			if exchanges < 4 {
				t.Errorf("only %d host packets in %s", exchanges, name)
			}
		})
	}
}
