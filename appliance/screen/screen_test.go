package screen

import (
	"errors"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newService(t *testing.T) (*Service, *clock, *store.DB) {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	db := storetest.Open(t, store.Options{Now: c.now})
	return New(db), c, db
}

func TestRegisterPairRevoke(t *testing.T) {
	s, c, db := newService(t)
	sc, code, err := s.Register("office", " 大厅屏 1 ", HallDisplay)
	if err != nil || sc.Name != "大厅屏 1" || len(code) != codeLen || sc.Paired() || !sc.CodePending(c.t) {
		t.Fatalf("register: %+v %q %v", sc, code, err)
	}
	// The code as typed: lower case, a dash, spaces.
	typed := " " + FormatCode(code)[:3] + " " + FormatCode(code)[3:] + " "
	got, token, err := s.Pair("10.0.0.20", typed)
	if err != nil || got.ID != sc.ID || !got.Paired() || len(token) != 2*tokenLen {
		t.Fatalf("pair with %q: %+v %v", typed, got, err)
	}
	if a, err := s.Authenticate(token); err != nil || a.ID != sc.ID {
		t.Fatalf("authenticate: %+v %v", a, err)
	}
	if _, _, err := s.Pair("10.0.0.20", code); !errors.Is(err, ErrBadCode) {
		t.Fatalf("a used code paired again: %v", err)
	}
	// A new code pairs a new browser; the old one's token stops then.
	_, code2, err := s.NewCode("office", sc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(token); err != nil {
		t.Fatal("the paired browser stopped working before the new one paired")
	}
	_, token2, err := s.Pair("10.0.0.21", code2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(token); !errors.Is(err, ErrNotFound) {
		t.Fatalf("old token after re-pairing: %v", err)
	}
	if _, err := s.Revoke("office", sc.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(token2); !errors.Is(err, ErrNotFound) {
		t.Fatalf("token of a retired screen: %v", err)
	}
	if res, _ := db.VerifyAudit(); !res.OK || res.Entries != 5 {
		t.Fatalf("audit: %+v (register, pair, new code, pair, revoke)", res)
	}
	entries, _ := db.AuditEntries("screen/", 10)
	for _, e := range entries {
		if len(e.After) > 0 && (strings.Contains(string(e.After), "hash") || strings.Contains(string(e.After), code2)) {
			t.Errorf("audit entry %s keeps a secret: %s", e.Action, e.After)
		}
	}
}

// TestRegisterRefusals: rows are the form's rules (issue 9: the office
// registers a screen with a name and a kind).
func TestRegisterRefusals(t *testing.T) {
	s, c, _ := newService(t)
	if _, _, err := s.Register("office", "窗口屏", WindowDisplay); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		kind Kind
		key  string
	}{
		{"", HallDisplay, "screen.err.name_required"},
		{"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一", HallDisplay, "screen.err.name_required"},
		{"大厅屏", "tv", "screen.err.kind"},
		{"窗口屏", HallDisplay, "screen.err.name_taken"},
	} {
		if _, _, err := s.Register("office", tc.name, tc.kind); !problem.Is(err, tc.key) {
			t.Errorf("register %q %q: %v, want %s", tc.name, tc.kind, err, tc.key)
		}
	}
	// An expired code pairs nothing.
	_, code, _ := s.Register("office", "考勤屏", AttendanceKiosk)
	c.t = c.t.Add(CodeTTL)
	if _, _, err := s.Pair("10.0.0.9", code); !errors.Is(err, ErrBadCode) {
		t.Fatalf("expired code: %v", err)
	}
}

// TestPairingGuessesThrottled: wrong codes from one address are refused
// after ten, as passwords are.
func TestPairingGuessesThrottled(t *testing.T) {
	s, _, _ := newService(t)
	_, code, _ := s.Register("office", "大厅屏", HallDisplay)
	for i := 0; i < 10; i++ {
		if _, _, err := s.Pair("10.0.0.66", "AAAAA-AAAAA"); !errors.Is(err, ErrBadCode) {
			t.Fatalf("guess %d: %v", i, err)
		}
	}
	if _, _, err := s.Pair("10.0.0.66", code); !problem.Is(err, "screen.err.too_many_tries") {
		t.Fatalf("the 11th try from the guessing address: %v", err)
	}
	if _, _, err := s.Pair("10.0.0.20", code); err != nil {
		t.Fatalf("the real screen at another address: %v", err)
	}
}
