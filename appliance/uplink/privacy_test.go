package uplink_test

import (
	"encoding/json"
	"strings"
	"testing"

	"bianmin/appliance/uplink"
)

// Issue 15 §5: fingerprints never leave the box — every kind the county
// counts, and the enrolment kinds, are packed with template fields in
// them and the batches inspected; ID numbers travel masked unless the
// county allows them in full.
func TestPrivacyEveryKind(t *testing.T) {
	for _, fullIDs := range []bool{false, true} {
		r := newRig(t)
		if err := r.box.SaveSettings("test", uplink.Settings{FullIDs: fullIDs}); err != nil {
			t.Fatal(err)
		}
		kinds := append([]string{"enrol", "enrol.template", "fingerprint_template"}, uplink.Kinds...)
		for _, k := range kinds {
			r.write(k, 1, func(int) any {
				return map[string]any{
					"staff_id": 7, "template": "AAECAwQ=", "nested": map[string]any{"templates": []string{"AAEC"}, "sealed": "x"},
					"citizen": map[string]any{"id_number": "11010119900307123X", "name": "张三"},
				}
			})
		}
		stick := t.TempDir()
		ex, err := r.box.ExportTo(stick)
		if err != nil {
			t.Fatal(err)
		}
		if ex.Records != len(uplink.Kinds) {
			t.Fatalf("exported %d records, want %d: the enrolment kinds stay on the box", ex.Records, len(uplink.Kinds))
		}
		ims, err := r.county.Import(stick)
		if err != nil || ims[0].Refused != 0 {
			t.Fatalf("import %+v %v", ims, err)
		}
		for _, rec := range r.records("") {
			p := string(rec.Payload)
			for _, banned := range []string{"template", "sealed", "AAEC"} {
				if strings.Contains(p, banned) {
					t.Errorf("%s record carries %q: %s", rec.Kind, banned, p)
				}
			}
			var v struct {
				Citizen struct {
					IDNumber string `json:"id_number"`
				} `json:"citizen"`
			}
			_ = json.Unmarshal(rec.Payload, &v)
			want := "110101********123X"
			if fullIDs {
				want = "11010119900307123X"
			}
			if v.Citizen.IDNumber != want {
				t.Errorf("full %v: %s record's ID number %q, want %q", fullIDs, rec.Kind, v.Citizen.IDNumber, want)
			}
		}
	}
}

func TestMaskID(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"11010119900307123X", "110101********123X"},
		{"110101********123X", "110101********123X"},
		{"12345", "*****"},
		{"", ""},
	} {
		if got := uplink.MaskID(tc.in); got != tc.want {
			t.Errorf("MaskID(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPlainHTTPOnlyToLoopbackOrAllowed(t *testing.T) {
	for _, tc := range []struct {
		url   string
		allow bool
		ok    bool
	}{
		{"http://127.0.0.1:9000", false, true},
		{"http://[::1]:9000", false, true},
		{"http://localhost:9000", false, true},
		{"http://10.20.30.40:9000", false, false},
		{"http://10.20.30.40:9000", true, true},
		{"https://county.example.gov.cn", false, true},
		{"ftp://county.example.gov.cn", true, false},
		{"county.example.gov.cn", true, false},
	} {
		_, err := uplink.NewClient(uplink.Settings{AllowHTTP: tc.allow}, tc.url)
		if (err == nil) != tc.ok {
			t.Errorf("%s allow=%v: %v, want ok=%v", tc.url, tc.allow, err, tc.ok)
		}
	}
}
