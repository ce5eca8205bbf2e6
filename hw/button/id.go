package button

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind is what a button is for.
type Kind string

// The kinds of button the hall has.
const (
	// KindRating is one of a window's five satisfaction buttons (服务评价器).
	KindRating Kind = "rating"
	// KindTicket is a service's 取号 (take a number) button.
	KindTicket Kind = "ticket"
)

// Level is one of the five satisfaction buttons of a window, named by what
// is printed on it. It says which physical button was pressed, nothing
// more: the rating domain maps levels to the codes an upload needs (do not
// assume an order or a number).
type Level string

// The five levels, best first: the order they sit on a rating panel, left
// to right.
const (
	VerySatisfied    Level = "very_satisfied"    // 非常满意
	Satisfied        Level = "satisfied"         // 满意
	Basic            Level = "basic"             // 基本满意
	Dissatisfied     Level = "dissatisfied"      // 不满意
	VeryDissatisfied Level = "very_dissatisfied" // 非常不满意
)

// Levels returns the five levels in panel order (best first).
func Levels() []Level {
	return []Level{VerySatisfied, Satisfied, Basic, Dissatisfied, VeryDissatisfied}
}

// Valid reports whether l is one of the five levels.
func (l Level) Valid() bool { return l.Position() != 0 }

// Position is the level's place on a rating panel, 1 (leftmost, 非常满意)
// to 5 (rightmost, 非常不满意); 0 for an unknown level. It is also the key
// number a rating box sends (boxproto.go).
func (l Level) Position() int {
	for i, v := range Levels() {
		if l == v {
			return i + 1
		}
	}
	return 0
}

// LevelAt is the level at panel position pos (1..5).
func LevelAt(pos int) (Level, bool) {
	if pos < 1 || pos > len(Levels()) {
		return "", false
	}
	return Levels()[pos-1], true
}

// LocaleKey is the locale key of the text printed on the button,
// "button.level.<level>".
func (l Level) LocaleKey() string { return "button.level." + string(l) }

// Limits of a button's identity.
const (
	MaxWindow     = 999 // window numbers run 1..MaxWindow
	MaxServiceLen = 16  // a service key is at most this many bytes (a ticket prefix such as "A")
)

// ID names one button: a window's rating button for one level, or a
// service's 取号 button. IDs are comparable and usable as map keys; their
// text form (MarshalText, also their JSON form) is "rating:3:very_satisfied"
// or "ticket:A".
type ID struct {
	Kind    Kind
	Window  int    // KindRating: the window number
	Level   Level  // KindRating: which of the five buttons
	Service string // KindTicket: the service key the queue knows (e.g. its ticket prefix)
}

// RatingButton is the ID of window's button for level.
func RatingButton(window int, level Level) ID {
	return ID{Kind: KindRating, Window: window, Level: level}
}

// TicketButton is the ID of the 取号 button for service.
func TicketButton(service string) ID {
	return ID{Kind: KindTicket, Service: service}
}

// String is the text form, for logs.
func (id ID) String() string {
	switch id.Kind {
	case KindRating:
		return fmt.Sprintf("rating:%d:%s", id.Window, id.Level)
	case KindTicket:
		return "ticket:" + id.Service
	}
	return fmt.Sprintf("%s:?", id.Kind)
}

// MarshalText implements encoding.TextMarshaler.
func (id ID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; see ParseID.
func (id *ID) UnmarshalText(b []byte) error {
	v, err := ParseID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// ParseID reads the text form: "rating:<window>:<level>" or
// "ticket:<service>". It checks the form only; Map.Validate checks the
// values.
func ParseID(s string) (ID, error) {
	kind, rest, _ := strings.Cut(s, ":")
	switch Kind(kind) {
	case KindRating:
		w, level, ok := strings.Cut(rest, ":")
		n, err := strconv.Atoi(w)
		if !ok || err != nil {
			return ID{}, fmt.Errorf("button %q: want rating:<window>:<level>, e.g. rating:3:very_satisfied", s)
		}
		return RatingButton(n, Level(level)), nil
	case KindTicket:
		if rest == "" {
			return ID{}, fmt.Errorf("button %q: want ticket:<service>, e.g. ticket:A", s)
		}
		return TicketButton(rest), nil
	}
	return ID{}, fmt.Errorf("button %q: want rating:<window>:<level> or ticket:<service>", s)
}
