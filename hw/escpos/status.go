package escpos

import "fmt"

// Status is what the printer said to the four real-time status requests
// DLE EOT 1–4. The zero value means "not known" (Known false): the
// profile says the model does not answer, or nobody has asked yet.
type Status struct {
	Known bool

	Offline      bool // n=1 bit 3
	CoverOpen    bool // n=2 bit 2
	FeedButton   bool // n=2 bit 3: paper is being fed with the FEED button
	PaperEndStop bool // n=2 bit 5: printing stopped because the paper ran out
	ErrorState   bool // n=2 bit 6: an error occurred (see the n=3 bits)
	Recoverable  bool // n=3 bit 2 (later models)
	CutterError  bool // n=3 bit 3: autocutter error
	Unrecover    bool // n=3 bit 5: unrecoverable error
	AutoRecover  bool // n=3 bit 6: automatically recoverable error (head temperature, voltage)
	PaperNearEnd bool // n=4 bits 2–3: roll paper near-end sensor
	PaperOut     bool // n=4 bits 5–6: roll paper end sensor

	// Raw are the four reply bytes, for the device page and logs.
	Raw [4]byte
}

// decodeStatus reads the four DLE EOT replies (n = 1, 2, 3, 4).
func decodeStatus(raw [4]byte) Status {
	p, o, e, r := raw[0], raw[1], raw[2], raw[3]
	return Status{
		Known:        true,
		Offline:      p&bitOffline != 0,
		CoverOpen:    o&bitCoverOpen != 0,
		FeedButton:   o&bitFeedButton != 0,
		PaperEndStop: o&bitPaperEndStop != 0,
		ErrorState:   o&bitErrorOccured != 0,
		Recoverable:  e&bitRecoverable != 0,
		CutterError:  e&bitCutterError != 0,
		Unrecover:    e&bitUnrecoverable != 0,
		AutoRecover:  e&bitAutoRecoverable != 0,
		PaperNearEnd: r&bitsPaperNearEnd != 0,
		PaperOut:     r&bitsPaperEnd != 0,
		Raw:          raw,
	}
}

// EncodeStatus is the inverse of the decoding: the four reply bytes a
// printer in status s sends (with the fixed bits set). Simulators and
// fakes answer with it.
func EncodeStatus(s Status) [4]byte {
	var raw [4]byte
	for i := range raw {
		raw[i] = statusFixedValue
	}
	set := func(i int, on bool, bits byte) {
		if on {
			raw[i] |= bits
		}
	}
	set(0, s.Offline, bitOffline)
	set(1, s.CoverOpen, bitCoverOpen)
	set(1, s.FeedButton, bitFeedButton)
	set(1, s.PaperEndStop, bitPaperEndStop)
	set(1, s.ErrorState, bitErrorOccured)
	set(2, s.Recoverable, bitRecoverable)
	set(2, s.CutterError, bitCutterError)
	set(2, s.Unrecover, bitUnrecoverable)
	set(2, s.AutoRecover, bitAutoRecoverable)
	set(3, s.PaperNearEnd, bitsPaperNearEnd)
	set(3, s.PaperOut, bitsPaperEnd)
	return raw
}

// isStatusByte reports whether b has the fixed bits of a DLE EOT reply.
// Other bytes (XON/XOFF, automatic status back, line noise) are not
// replies.
func isStatusByte(b byte) bool { return b&statusFixedMask == statusFixedValue }

// Problems lists what keeps the printer from printing, the most useful
// to act on first, then warnings (paper near end). Empty when the
// printer is ready or its status is not known.
func (s Status) Problems() []*Error {
	if !s.Known {
		return nil
	}
	var out []*Error
	add := func(on bool, e *Error) {
		if on {
			out = append(out, e)
		}
	}
	add(s.PaperOut || s.PaperEndStop, ErrPaperOut)
	add(s.CoverOpen, ErrCoverOpen)
	add(s.CutterError, ErrCutter)
	add(s.Unrecover, ErrUnrecoverable)
	add(s.AutoRecover, ErrHeadHot)
	add(s.FeedButton, ErrFeedButton)
	if s.Offline && len(out) == 0 {
		out = append(out, ErrOffline) // offline for no reason the printer gives
	}
	add(s.PaperNearEnd && !s.PaperOut, WarnPaperNearEnd)
	return out
}

// Ready reports whether the printer prints: its status is known and
// nothing but warnings is wrong. A status that is not known is not ready.
func (s Status) Ready() bool {
	if !s.Known {
		return false
	}
	for _, p := range s.Problems() {
		if !p.Warning {
			return false
		}
	}
	return true
}

// Key is the locale key that sums the status up for the device page: the
// first problem's, or StatusReadyKey, or "escpos.status.unknown".
func (s Status) Key() string {
	if !s.Known {
		return StatusUnknownKey
	}
	if p := s.Problems(); len(p) > 0 {
		return p[0].Key
	}
	return StatusReadyKey
}

// StatusUnknownKey is the locale key of a status nobody has read.
const StatusUnknownKey = "escpos.status.unknown"

// String is the status for logs: "ready", or the problems, and the raw
// bytes.
func (s Status) String() string {
	if !s.Known {
		return "unknown"
	}
	text := "ready"
	if p := s.Problems(); len(p) > 0 {
		text = ""
		for i, e := range p {
			if i > 0 {
				text += ", "
			}
			text += e.What
		}
	}
	return fmt.Sprintf("%s [% X]", text, s.Raw)
}
