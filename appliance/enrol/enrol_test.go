package enrol

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

func setup(t *testing.T) (*Service, *store.DB, staff.Staff) {
	t.Helper()
	db := storetest.Open(t, store.Options{})
	reg := staff.New(db)
	u, _ := reg.CreateUnit("t", staff.Unit{Name: "社保所", Active: true})
	st, err := reg.CreateStaff("t", staff.Staff{StaffNo: "QS005", Name: "陈明", UnitID: u.ID, Post: staff.PostA, Position: staff.PositionChief})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(db)
	if err != nil {
		t.Fatal(err)
	}
	return s, db, st
}

func TestEnrolTwoFingersAndTemplateCopy(t *testing.T) {
	s, db, st := setup(t)
	tpl := bytes.Repeat([]byte{0x03, 0x01, 0x5a}, 170)
	cases := []struct {
		name string
		e    Enrollment
		want error
	}{
		{"no consent", Enrollment{StaffID: st.ID, Page: 0}, ErrConsentMissing},
		{"first finger", Enrollment{StaffID: st.ID, Page: 0, ConsentOn: "2026-03-01"}, nil},
		{"page already used", Enrollment{StaffID: st.ID, Page: 0, ConsentOn: "2026-03-01"}, ErrPageTaken},
		{"second finger", Enrollment{StaffID: st.ID, Page: 1, ConsentOn: "2026-03-01"}, nil},
		{"third finger refused", Enrollment{StaffID: st.ID, Page: 2, ConsentOn: "2026-03-01"}, ErrTooManyFingers},
	}
	for _, tc := range cases {
		if _, err := s.Add("office", tc.e, tpl); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	e, err := s.ByPage(1)
	if err != nil || e.StaffID != st.ID || e.Finger != 2 {
		t.Fatalf("ByPage(1) = %+v, %v", e, err)
	}
	got, err := s.Template(e)
	if err != nil || !bytes.Equal(got, tpl) {
		t.Fatalf("template copy does not round-trip: %v", err)
	}
	// The copy at rest is not the template, and the audit log never holds it.
	raw, _ := os.ReadFile(db.Path())
	if bytes.Contains(raw, tpl[:60]) {
		t.Fatal("the template is stored in clear in the database file")
	}
	entries, _ := db.AuditEntries("staff/", 10)
	for _, a := range entries {
		if strings.Contains(string(a.After), "template") {
			t.Fatalf("audit entry mentions a template: %s", a.After)
		}
	}
	if db.OutboxLen() > 2 { // the unit and staff records only
		t.Fatalf("enrolments went to the outbox (%d entries)", db.OutboxLen())
	}
	removed, err := s.Remove("office", st.ID)
	if err != nil || len(removed) != 2 {
		t.Fatalf("remove: %v, %v", removed, err)
	}
	if _, err := s.ByPage(0); !errors.Is(err, ErrNotEnrolled) {
		t.Fatal("page 0 still enrolled after removal")
	}
	if _, err := s.Template(removed[0]); !errors.Is(err, ErrNotEnrolled) {
		t.Fatal("template copy kept after removal")
	}
}

func TestKeyFile(t *testing.T) {
	_, db, _ := setup(t)
	path := filepath.Join(db.DataDir(), KeyFileName)
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	os.Chmod(path, 0o644)
	if _, err := New(db); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable key accepted: %v", err)
	}
	os.Chmod(path, 0o600)
	// A different key cannot open copies made with the first.
	s1, _ := New(db)
	sealed := s1.seal.seal([]byte("template"), []byte("aad"))
	other, _ := loadOrCreateKey(filepath.Join(t.TempDir(), KeyFileName))
	if _, err := other.open(sealed, []byte("aad")); err == nil {
		t.Fatal("another key decrypted the template copy")
	}
	if _, err := s1.seal.open(sealed, []byte("other-enrolment")); err == nil {
		t.Fatal("a copy opened under another enrolment's binding")
	}
}
