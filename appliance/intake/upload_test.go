package intake

import (
	"encoding/json"
	"strings"
	"testing"

	"bianmin/appliance/uplink"
)

// Uploads (issue 13: ID numbers never in full "in uploads unless the
// county setting allows full numbers"): a case's outbox record, as the
// uplink packs it for the county (uplink.Filter), carries the full number
// only when the intake's setting puts it in the record and the uplink's
// county setting lets it travel; otherwise the masked number alone.
func TestUploadMasked(t *testing.T) {
	for _, row := range []struct {
		name               string
		intakeFull, upFull bool
		want               string // the record's id_number after packing ("": none)
	}{
		{"neither allows", false, false, ""},
		{"the uplink allows, the intake keeps it out", false, true, ""},
		{"the intake puts it in, the uplink masks it", true, false, "110105********002X"},
		{"both allow (the county's permission)", true, true, validID},
	} {
		f := newFixture(t)
		if _, err := f.svc.SaveSettings(f.office, Settings{FullIDAllowed: row.intakeFull, DueSoonDays: 2}); err != nil {
			t.Fatal(err)
		}
		c := f.register(5, "申请书")
		es, err := f.db.OutboxPending(0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var packed []json.RawMessage
		for _, e := range es {
			if e.Kind != OutboxKind {
				continue
			}
			p, ok := uplink.Filter(e.Kind, e.Payload, row.upFull)
			if !ok {
				t.Fatalf("%s: the case record is not sent", row.name)
			}
			packed = append(packed, p)
		}
		if len(packed) != 1 {
			t.Fatalf("%s: %d case records", row.name, len(packed))
		}
		var rec struct {
			Number    string `json:"number"`
			IDNumber  string `json:"id_number"`
			Applicant struct {
				IDMasked string `json:"id_masked"`
			} `json:"applicant"`
		}
		if err := json.Unmarshal(packed[0], &rec); err != nil {
			t.Fatal(err)
		}
		if rec.Number != c.Number || rec.IDNumber != row.want || rec.Applicant.IDMasked != "1101**********002X" {
			t.Errorf("%s: record %+v, want id_number %q", row.name, rec, row.want)
		}
		if row.want != validID && strings.Contains(string(packed[0]), validID) {
			t.Errorf("%s: the full number travels: %s", row.name, packed[0])
		}
	}
}
