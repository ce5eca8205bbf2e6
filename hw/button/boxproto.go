package button

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// The rating box protocol. A rating box is a small microcontroller board
// with the five buttons of one window, on a USB-serial (CDC or CH340) or
// RS-232 line, 8N1 at BoxBaud. It debounces its own keys; the host
// debounces again (a key repeated within the debounce interval counts
// once). Every message is one line of ASCII ending in "\n" ("\r\n" is
// accepted):
//
//	box → host   R<window>:<key>   a press: window 1..999 in decimal, key 1..5
//	                               counted from the left, 1 非常满意 … 5 非常不满意
//	box → host   H<window>         hello: at power-up, every BoxHelloEvery, and
//	                               in answer to "?"
//	host → box   ?                 who are you? (sent after every open)
//
// Examples: "R3:1\n" is 非常满意 on window 3's box; "H12\n" is window 12's
// box saying hello. The host stamps a press with the time its line
// arrived (at 9600 baud a 5-byte line takes about 5 ms). Lines longer than
// BoxMaxLine, unknown messages and broken numbers are dropped and counted;
// a press from a box that names another window than its line map entry is
// dropped and the box is reported in error, so a swapped cable never puts
// a rating on the wrong window.
const (
	BoxBaud       = 9600
	BoxMaxLine    = 32
	BoxQuery      = "?\n"
	BoxHelloEvery = 10 // seconds; informative, the host does not time boxes out
)

// BoxMessage is one line from a rating box.
type BoxMessage struct {
	Hello  bool // "H<window>"; otherwise a press "R<window>:<key>"
	Window int
	Key    int // 1..5, a press only
}

// ErrBoxLine is wrapped by ParseBoxLine's errors.
var ErrBoxLine = errors.New("not a rating box line")

// ParseBoxLine reads one line, without or with its "\n" or "\r\n".
func ParseBoxLine(line []byte) (BoxMessage, error) {
	line = bytes.TrimRight(line, "\r\n")
	bad := func(why string) (BoxMessage, error) {
		return BoxMessage{}, fmt.Errorf("%w: %q: %s", ErrBoxLine, line, why)
	}
	if len(line) < 2 || len(line) > BoxMaxLine {
		return bad("length")
	}
	switch line[0] {
	case 'H':
		w, ok := boxNumber(line[1:], MaxWindow)
		if !ok {
			return bad("window")
		}
		return BoxMessage{Hello: true, Window: w}, nil
	case 'R':
		ws, ks, found := bytes.Cut(line[1:], []byte(":"))
		if !found {
			return bad("no ':'")
		}
		w, ok := boxNumber(ws, MaxWindow)
		if !ok {
			return bad("window")
		}
		k, ok := boxNumber(ks, len(Levels()))
		if !ok {
			return bad("key")
		}
		return BoxMessage{Window: w, Key: k}, nil
	}
	return bad("unknown message")
}

// boxNumber reads a decimal 1..max made of digits only.
func boxNumber(b []byte, max int) (int, bool) {
	if len(b) == 0 || len(b) > 3 {
		return 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(string(b))
	return n, err == nil && n >= 1 && n <= max
}

// Line is the message as the box sends it, "\n" included.
func (m BoxMessage) Line() []byte {
	if m.Hello {
		return fmt.Appendf(nil, "H%d\n", m.Window)
	}
	return fmt.Appendf(nil, "R%d:%d\n", m.Window, m.Key)
}

// Level is the button a press names.
func (m BoxMessage) Level() (Level, bool) { return LevelAt(m.Key) }

// standardBaud reports whether a rating box may run at baud (rates the
// common USB-serial chips and termios agree on).
func standardBaud(baud int) bool {
	switch baud {
	case 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200:
		return true
	}
	return false
}
