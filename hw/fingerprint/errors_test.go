package fingerprint

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The confirmation codes of the manual's table map to named errors; the
// ones a person at the sensor sees carry the agreed Chinese prompts.
func TestConfirmationCodes(t *testing.T) {
	tests := []struct {
		code byte
		want *Error
		key  string
		zh   string // "" when any text will do
	}{
		{0x01, ErrPacketReceive, "packet_receive", ""},
		{0x02, ErrNoFinger, "no_finger", "请按手指"},
		{0x03, ErrEnroll, "enroll_failed", ""},
		{0x06, ErrImageMessy, "image_messy", "图像太乱，请重按"},
		{0x07, ErrFewFeatures, "few_features", ""},
		{0x08, ErrNotMatching, "not_matching", ""},
		{0x09, ErrNoMatch, "no_match", "未识别，请重按"},
		{0x0A, ErrCombine, "combine_failed", "两次按压不是同一手指"},
		{0x0B, ErrBadPage, "bad_page", ""},
		{0x0C, ErrReadTemplate, "read_template", ""},
		{0x0D, ErrUploadFeature, "upload_feature", ""},
		{0x0E, ErrReceiveData, "receive_data", ""},
		{0x0F, ErrUploadImage, "upload_image", ""},
		{0x10, ErrDelete, "delete_failed", ""},
		{0x11, ErrClear, "clear_failed", ""},
		{0x13, ErrWrongPassword, "wrong_password", ""},
		{0x15, ErrNoValidImage, "no_valid_image", ""},
		{0x18, ErrFlashWrite, "flash_write", ""},
		{0x1A, ErrInvalidRegister, "invalid_register", ""},
		{0x1F, ErrLibraryFull, "library_full", ""},
		{0xFC, ErrUnsupported, "unsupported", ""},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("0x%02X", tc.code), func(t *testing.T) {
			e := CodeError(tc.code)
			if e != tc.want || e.Code != tc.code || e.Key != "fingerprint.err."+tc.key {
				t.Errorf("CodeError(0x%02X) = %#v", tc.code, e)
			}
			if tc.zh != "" && e.Zh != tc.zh {
				t.Errorf("Zh = %q, want %q", e.Zh, tc.zh)
			}
		})
	}
	if CodeError(CodeOK) != nil {
		t.Error("CodeError(0) is not nil")
	}
}

// Every error has a unique key and both texts; unknown codes say their
// number in both languages.
func TestErrorTexts(t *testing.T) {
	keys := map[string]bool{}
	for _, e := range Errors() {
		if e.Zh == "" || e.En == "" || !strings.HasPrefix(e.Key, "fingerprint.err.") {
			t.Errorf("error %#v lacks a text or key", e)
		}
		if keys[e.Key] {
			t.Errorf("key %s used twice", e.Key)
		}
		keys[e.Key] = true
	}
	if len(keys) < 40 {
		t.Errorf("only %d errors listed", len(keys))
	}
	u := CodeError(0x77)
	if u.Key != "fingerprint.err.unknown" || !strings.Contains(u.Zh, "0x77") || !strings.Contains(u.En, "0x77") {
		t.Errorf("unknown code: %#v", u)
	}
}

// errors.Is matches by key through wrapping and through the copy that
// names the command; the message says what failed.
func TestErrorIs(t *testing.T) {
	err := fmt.Errorf("punch: %w", ErrNoMatch.with("Search", ""))
	if !errors.Is(err, ErrNoMatch) || errors.Is(err, ErrNoFinger) {
		t.Errorf("errors.Is mismatch on %v", err)
	}
	want := "fingerprint Search: no match found in the library — press again (未识别，请重按) [code 0x09]"
	var fe *Error
	if !errors.As(err, &fe) || fe.Error() != want {
		t.Errorf("message %q, want %q", fe, want)
	}
	if ErrNoMatch.Op != "" {
		t.Error("with changed the sentinel")
	}
}
