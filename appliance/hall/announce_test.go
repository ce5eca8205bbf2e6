package hall

import (
	"slices"
	"strings"
	"testing"
)

// The hall calls citizens by number to a window (排队叫号制度,
// regulations/004_0ab7b27ef5433bc6.txt:61); issue 12 words the call as
// "请 A012 号到 3 号窗口办理", a chime first.
func TestAnnounceSequence(t *testing.T) {
	call := func(ticket, window string) string {
		return "qing " + ticket + " hao dao " + window + " hao chuangkou banli"
	}
	for _, tc := range []struct {
		name           string
		ticket         string
		window, repeat int
		want           string
	}{
		{"the issue's example, once", "A012", 3, 1, "chime " + call("A 0 1 2", "3")},
		{"said twice with a pause", "A012", 3, 2, "chime " + call("A 0 1 2", "3") + " pause " + call("A 0 1 2", "3")},
		{"repeat clamped up to once", "B001", 1, 0, "chime " + call("B 0 0 1", "1")},
		{"repeat clamped down to MaxRepeat", "B001", 1, 9, "chime " + strings.Repeat(call("B 0 0 1", "1")+" pause ", 2) + call("B 0 0 1", "1")},
		{"lower case and a dash in the ticket", "c-105", 2, 1, "chime " + call("C 1 0 5", "2")},
		{"window 10: 十", "A100", 10, 1, "chime " + call("A 1 0 0", "shi")},
		{"window 12: 十二", "A100", 12, 1, "chime " + call("A 1 0 0", "shi 2")},
		{"window 20: 二十", "A100", 20, 1, "chime " + call("A 1 0 0", "2 shi")},
		{"window 37: 三十七", "A100", 37, 1, "chime " + call("A 1 0 0", "3 shi 7")},
		{"window 100: 一百", "A100", 100, 1, "chime " + call("A 1 0 0", "1 bai")},
		{"window 105: 一百零五", "A100", 105, 1, "chime " + call("A 1 0 0", "1 bai 0 5")},
		{"window 110: 一百一十", "A100", 110, 1, "chime " + call("A 1 0 0", "1 bai 1 shi")},
		{"window 112: 一百一十二", "A100", 112, 1, "chime " + call("A 1 0 0", "1 bai 1 shi 2")},
		{"window 999: 九百九十九", "A100", 999, 1, "chime " + call("A 1 0 0", "9 bai 9 shi 9")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := Announce(tc.ticket, tc.window, tc.repeat)
			if got := strings.Join(a.Clips, " "); got != tc.want {
				t.Errorf("Announce(%q, %d, %d)\n got %s\nwant %s", tc.ticket, tc.window, tc.repeat, got, tc.want)
			}
		})
	}
}

func TestSpokenTicket(t *testing.T) {
	for in, want := range map[string]string{"A012": "A 0 1 2", "b-7": "B 7", "": "", "号": ""} {
		if got := SpokenTicket(in); got != want {
			t.Errorf("SpokenTicket(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every clip an announcement can name is one of Clips (the files shipped).
func TestAnnouncementsUseShippedClips(t *testing.T) {
	known := Clips()
	for _, ticket := range []string{"A000", "Z999", "M123"} {
		for w := 1; w <= 999; w++ {
			for _, c := range Announce(ticket, w, MaxRepeat).Clips {
				if c != ClipPause && !slices.Contains(known, c) {
					t.Fatalf("Announce(%q, %d) names %q, not a shipped clip", ticket, w, c)
				}
			}
		}
	}
}
