package hall

import (
	"strconv"
	"strings"
	"unicode"
)

// Clip names: each is a file voice/<name>.ogg (Ogg Opus) shipped in the
// binary (embedded/static/voice, made by scripts/voice). The words are
// named by their pinyin; digits and letters by themselves.
const (
	ClipChime   = "chime"     // 叮咚, before every announcement
	ClipPause   = "pause"     // not a file: a short silence between repeats
	ClipPlease  = "qing"      // 请
	ClipNumber  = "hao"       // 号
	ClipTo      = "dao"       // 到
	ClipWindow  = "chuangkou" // 窗口
	ClipServe   = "banli"     // 办理
	ClipTen     = "shi"       // 十
	ClipHundred = "bai"       // 百
)

// Clips lists every clip file the announcements use (scripts/voice makes
// exactly these; a test checks each is shipped).
func Clips() []string {
	out := []string{ClipChime, ClipPlease, ClipNumber, ClipTo, ClipWindow, ClipServe, ClipTen, ClipHundred}
	for d := '0'; d <= '9'; d++ {
		out = append(out, string(d))
	}
	for l := 'A'; l <= 'Z'; l++ {
		out = append(out, string(l))
	}
	return out
}

// MaxRepeat bounds how often one call is said.
const MaxRepeat = 3

// Announcement is what the hall's speakers say for one call: the clips in
// order (chime first, then the call Repeat times with pauses between) and
// the text for the browser's speech synthesis, said Repeat times after
// the chime.
type Announcement struct {
	Ticket string   `json:"ticket"`
	Window int      `json:"window"`
	Clips  []string `json:"clips"`
	// Spoken is the ticket as the speech synthesis should read it: its
	// characters one by one ("A 0 1 2" is read A 零 一 二, not A 十二).
	Spoken string `json:"spoken"`
	Repeat int    `json:"repeat"`
}

// Announce is the announcement of ticket called to window, said repeat
// times (1..MaxRepeat; out of range is clamped): 请 A012 号到 3 号窗口办理.
// The ticket's letters and digits are read one by one (A 零 一 二), the
// window as a number (十二号窗口, 一百零五号窗口).
func Announce(ticket string, window, repeat int) Announcement {
	repeat = min(max(repeat, 1), MaxRepeat)
	call := []string{ClipPlease}
	call = append(call, ticketClips(ticket)...)
	call = append(call, ClipNumber, ClipTo)
	call = append(call, numberClips(window)...)
	call = append(call, ClipNumber, ClipWindow, ClipServe)
	clips := []string{ClipChime}
	for i := range repeat {
		if i > 0 {
			clips = append(clips, ClipPause)
		}
		clips = append(clips, call...)
	}
	return Announcement{Ticket: ticket, Window: window, Clips: clips, Spoken: SpokenTicket(ticket), Repeat: repeat}
}

// ticketClips reads a ticket number character by character; anything but
// ASCII letters and digits is left out.
func ticketClips(ticket string) []string {
	var out []string
	for _, r := range strings.ToUpper(ticket) {
		if r < unicode.MaxASCII && (unicode.IsDigit(r) || unicode.IsLetter(r)) {
			out = append(out, string(r))
		}
	}
	return out
}

// SpokenTicket spaces a ticket's letters and digits so that a speech
// synthesizer reads them one by one: "A012" → "A 0 1 2".
func SpokenTicket(ticket string) string {
	return strings.Join(ticketClips(ticket), " ")
}

// numberClips reads 1..999 the way a number is said in Mandarin: 3 三,
// 10 十, 12 十二, 20 二十, 100 一百, 105 一百零五, 110 一百一十. Other
// numbers are read digit by digit.
func numberClips(n int) []string {
	d := func(x int) string { return string(rune('0' + x)) }
	switch {
	case n >= 0 && n < 10:
		return []string{d(n)}
	case n >= 10 && n < 20:
		if n == 10 {
			return []string{ClipTen}
		}
		return []string{ClipTen, d(n % 10)}
	case n >= 20 && n < 100:
		out := []string{d(n / 10), ClipTen}
		if n%10 != 0 {
			out = append(out, d(n%10))
		}
		return out
	case n >= 100 && n < 1000:
		out := []string{d(n / 100), ClipHundred}
		switch rest := n % 100; {
		case rest == 0:
		case rest < 10:
			out = append(out, d(0), d(rest))
		case rest < 20:
			out = append(out, d(1), ClipTen) // 一百一十二: the 一 is said after 百
			if rest%10 != 0 {
				out = append(out, d(rest%10))
			}
		default:
			out = append(out, numberClips(rest)...)
		}
		return out
	}
	var out []string
	for _, r := range strings.TrimPrefix(strconv.Itoa(n), "-") {
		out = append(out, string(r))
	}
	return out
}
