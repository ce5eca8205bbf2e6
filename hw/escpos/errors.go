package escpos

import (
	"fmt"
	"slices"
)

// Error is a printer condition that stops printing (paper out, cover
// open, …), a warning (paper near end), or a failure of the driver (no
// reply, nothing can draw a character). Error() is the technician's
// English, "printer on /dev/ttyUSB0: paper out — load paper"; the web UI
// and the command line show Key from the locale files (embedded/locales/
// printer.*.json) instead, in the reader's language, with Args filling
// its {{.Name}} parts. errors.Is matches two Errors with the same Key, so
// errors.Is(err, escpos.ErrPaperOut) works on what Print returns.
type Error struct {
	Key  string         // locale key, e.g. "escpos.status.paper_out"
	What string         // what is wrong, English, e.g. "paper out"
	Hint string         // what to do, English, e.g. "load paper"
	Args map[string]any // values for the locale text's {{.Name}} parts; nil when none

	Path string // the printer's device path; empty in the sentinels
	// AfterSend: the document had been sent when the printer reported the
	// condition. The printer holds what it has not printed yet and prints
	// it when the condition clears (paper loaded, cover closed), so the
	// end of the document comes out then; whether to print it again whole
	// is the caller's decision.
	AfterSend bool
	// Warning: the printer still prints (paper near end).
	Warning bool
	Err     error // the underlying error, e.g. a port error wrapping serialport.ErrUnplugged
}

func (e *Error) Error() string {
	s := "printer"
	if e.Path != "" {
		s += " on " + e.Path
	}
	s += ": " + e.What
	if e.AfterSend {
		s += " while printing"
	}
	if e.Hint != "" {
		s += " — " + e.Hint
	}
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

// Is reports whether target is an *Error with the same Key.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Key == e.Key
}

// Unwrap returns the underlying error, so errors.Is finds
// serialport.ErrUnplugged in a write that failed because the cable is out.
func (e *Error) Unwrap() error { return e.Err }

// at returns a copy of e for the printer on path.
func (e *Error) at(path string) *Error {
	c := *e
	c.Path = path
	return &c
}

// with returns a copy of e with args and an underlying error.
func (e *Error) with(args map[string]any, err error) *Error {
	c := *e
	c.Args, c.Err = args, err
	return &c
}

func condition(key, what, hint string) *Error {
	return &Error{Key: "escpos.status." + key, What: what, Hint: hint}
}

func failure(key, what, hint string) *Error {
	return &Error{Key: "escpos.err." + key, What: what, Hint: hint}
}

// Printer conditions, from the DLE EOT replies (see Status).
var (
	ErrPaperOut      = condition("paper_out", "paper out", "load paper")
	ErrCoverOpen     = condition("cover_open", "cover open", "close the cover")
	ErrCutter        = condition("cutter_error", "cutter error", "open the cover, clear the jammed paper and close it")
	ErrUnrecoverable = condition("unrecoverable", "unrecoverable error", "switch the printer off and on; if it persists, have it repaired")
	ErrHeadHot       = condition("head_hot", "print head overheated or supply voltage out of range", "wait: the printer recovers by itself")
	ErrFeedButton    = condition("feed_button", "paper being fed with the FEED button", "release the FEED button")
	ErrOffline       = condition("offline", "offline", "check the printer's lights and press its ONLINE or FEED button")
	WarnPaperNearEnd = &Error{Key: "escpos.status.paper_near_end", What: "paper near end", Hint: "have a new roll ready", Warning: true}
)

// Failures the driver detects.
var (
	ErrNoReply      = failure("no_reply", "does not answer status requests", "check the power, the cable and the baud rate")
	ErrNotConnected = failure("not_connected", "not connected", "check the cable and the power")
	ErrWrite        = failure("write", "sending failed", "check the cable")
	ErrNoGlyph      = failure("no_glyph", "neither the printer's font nor the drawing font has these characters", "write them another way")
	ErrQRTooLong    = failure("qr_too_long", "QR code data too long", "shorten the link")
	ErrBadDocument  = failure("bad_document", "the document cannot be printed", "check the image or the text")
)

// Errors lists every named Error, so the UI can check that its locale
// files have every key.
func Errors() []*Error {
	return slices.Clone([]*Error{
		ErrPaperOut, ErrCoverOpen, ErrCutter, ErrUnrecoverable, ErrHeadHot, ErrFeedButton, ErrOffline,
		WarnPaperNearEnd, ErrNoReply, ErrNotConnected, ErrWrite, ErrNoGlyph, ErrQRTooLong, ErrBadDocument,
	})
}

// StatusReadyKey is the locale key of a printer with nothing to report.
const StatusReadyKey = "escpos.status.ready"

// noGlyph is ErrNoGlyph for the characters in chars.
func noGlyph(chars []rune) *Error {
	s := ""
	for i, r := range chars {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%c (U+%04X)", r, r)
	}
	e := ErrNoGlyph.with(map[string]any{"Chars": s}, nil)
	e.What = "neither the printer's font nor the drawing font has " + s
	return e
}
