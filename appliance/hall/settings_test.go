package hall

import (
	"strings"
	"testing"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

func TestSettingsValidate(t *testing.T) {
	ok := DefaultSettings()
	for _, tc := range []struct {
		name  string
		edit  func(*Settings)
		field string // "" when valid
	}{
		{"defaults", func(*Settings) {}, ""},
		{"voice off, silent", func(s *Settings) { s.Voice, s.Volume = VoiceOff, 0 }, ""},
		{"unknown voice", func(s *Settings) { s.Voice = "loud" }, "voice"},
		{"volume above 100", func(s *Settings) { s.Volume = 101 }, "volume"},
		{"repeat 0", func(s *Settings) { s.Repeat = 0 }, "repeat"},
		{"repeat above max", func(s *Settings) { s.Repeat = MaxRepeat + 1 }, "repeat"},
		{"too many notices", func(s *Settings) { s.Notices = strings.Split("a b c d e f", " ") }, "notices"},
		{"a notice too long", func(s *Settings) { s.Notices = []string{strings.Repeat("长", MaxNoticeRunes+1)} }, "notices"},
		{"blank notices dropped", func(s *Settings) { s.Notices = []string{"", "  ", "x", "", "", "", "y"} }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := ok
			tc.edit(&st)
			err := st.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var l problem.List
			if pl, isList := err.(problem.List); isList {
				l = pl
			}
			if !l.HasField(tc.field) {
				t.Fatalf("want a problem on %q, got %v", tc.field, err)
			}
		})
	}
}

func TestSettingsStoredAndAudited(t *testing.T) {
	db := storetest.Open(t, store.Options{Now: func() time.Time { return time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) }})
	s := New(db)
	if got, err := s.Get(); err != nil || got.Voice != VoiceAuto || got.Repeat != defaultRepeat {
		t.Fatalf("before any save: %+v %v", got, err)
	}
	want := Settings{Voice: VoiceClips, Volume: 60, Repeat: 3, Notices: []string{"  今天 下午  停电 ", ""}}
	if _, err := s.Update("office", want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get()
	if err != nil || got.Voice != VoiceClips || got.Volume != 60 || got.Repeat != 3 || len(got.Notices) != 1 || got.Notices[0] != "今天 下午 停电" {
		t.Fatalf("after save: %+v %v", got, err)
	}
	if _, err := s.Update("office", Settings{Voice: "x"}); err == nil {
		t.Fatal("invalid settings stored")
	}
	entries, err := db.AuditEntries(auditObject, 10)
	if err != nil || len(entries) != 1 || entries[0].Actor != "office" {
		t.Fatalf("audit: %+v %v", entries, err)
	}
	if db.OutboxLen() != 1 {
		t.Fatalf("outbox holds %d entries, want 1", db.OutboxLen())
	}
}
