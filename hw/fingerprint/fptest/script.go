package fptest

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
)

// Directions of a Step, as the first character of a script line.
const (
	HostToModule = '>' // bytes the host (the driver) sends
	ModuleToHost = '<' // bytes the module (or the simulator) sends
	Control      = '!' // a simulator control action, e.g. "place finger-1"
	Unplug       = 'x' // the device goes away: Playback reads and writes fail with ErrUnplugged
)

// Step is one line of a script.
type Step struct {
	Dir  byte
	Data []byte // for '>' and '<'
	Text string // for '!'
	Line int    // line number in the script, for messages
}

func (s Step) String() string {
	switch s.Dir {
	case HostToModule, ModuleToHost:
		return fmt.Sprintf("line %d: %c %X", s.Line, s.Dir, s.Data)
	case Control:
		return fmt.Sprintf("line %d: ! %s", s.Line, s.Text)
	}
	return fmt.Sprintf("line %d: %c", s.Line, s.Dir)
}

// ParseScript reads a script: one step a line, "#" comments and blank
// lines ignored, hex may contain spaces.
//
//	# VfyPwd with the factory password
//	> EF01 FFFFFFFF 01 0007 13 00000000 001B
//	< EF01 FFFFFFFF 07 0003 00 000A
//	! place finger-1
//	x unplug
func ParseScript(r io.Reader) ([]Step, error) {
	var steps []Step
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		st := Step{Dir: line[0], Line: n}
		rest := strings.TrimSpace(line[1:])
		switch st.Dir {
		case HostToModule, ModuleToHost:
			b, err := hex.DecodeString(strings.ReplaceAll(rest, " ", ""))
			if err != nil {
				return nil, fmt.Errorf("script line %d: %w", n, err)
			}
			st.Data = b
		case Control:
			st.Text = rest
		case Unplug:
		default:
			return nil, fmt.Errorf("script line %d: starts with %q, want one of > < ! x #", n, line[0])
		}
		steps = append(steps, st)
	}
	return steps, sc.Err()
}

// ReadScript reads a script file.
func ReadScript(path string) ([]Step, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	steps, err := ParseScript(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return steps, nil
}

// Recorder writes a script as a conversation happens: the simulator's
// trace, or a Record port's.
type Recorder struct {
	mu sync.Mutex
	w  io.Writer
}

// NewRecorder writes script lines to w.
func NewRecorder(w io.Writer) *Recorder { return &Recorder{w: w} }

func (r *Recorder) line(s string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(r.w, s)
}

// Host records bytes the host sent.
func (r *Recorder) Host(b []byte) { r.data(HostToModule, b) }

// Module records bytes the module sent.
func (r *Recorder) Module(b []byte) { r.data(ModuleToHost, b) }

func (r *Recorder) data(dir byte, b []byte) {
	if len(b) > 0 {
		r.line(string(dir) + " " + FormatPacketHex(b))
	}
}

// Control records a simulator control action.
func (r *Recorder) Control(action string) { r.line("! " + action) }

// Comment records a comment line.
func (r *Recorder) Comment(text string) { r.line("# " + text) }

// FormatPacketHex is b in upper-case hex; when b is exactly one packet the
// fields are spaced out (start, address, id, length, payload, checksum) for
// the reader of a fixture.
func FormatPacketHex(b []byte) string {
	h := strings.ToUpper(hex.EncodeToString(b))
	if len(b) < 11 || b[0] != 0xEF || b[1] != 0x01 || int(b[7])<<8|int(b[8]) != len(b)-9 {
		return h
	}
	parts := []string{h[0:4], h[4:12], h[12:14], h[14:18]}
	if p := h[18 : len(h)-4]; p != "" {
		parts = append(parts, p)
	}
	return strings.Join(append(parts, h[len(h)-4:]), " ")
}
