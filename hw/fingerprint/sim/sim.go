package sim

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"sort"
	"strconv"
	"strings"
	"sync"

	"bianmin/hw/fingerprint"
	"bianmin/hw/fingerprint/fptest"
)

// Config describes the simulated module. The zero value is an R307 as it
// leaves the factory.
type Config struct {
	Capacity       int    // library pages; default 1000
	SecurityLevel  int    // 1..5; default 3
	Address        uint32 // module address; 0 means 0xFFFFFFFF
	Password       uint32 // when not 0, every command but VfyPwd answers 0x21 until it is verified
	PacketSize     int    // bytes per data packet: 32, 64, 128 or 256; default 128 (code 2)
	BaudMultiplier int    // N of N×9600; default 6 (57600)
	SystemID       uint16 // system identifier; default 0
	AuraLED        bool   // answer AuraLedConfig like an R503; an R307 answers it 0x01
	// HoldPolls is how many successful GenImg polls a placed finger stays
	// on the sensor; 0 means 1; negative means until LiftFinger.
	HoldPolls int
	// Trace, when set, receives the conversation in fptest's script format
	// (one packet a line, control actions as "!" lines): the fixtures in
	// hw/fingerprint/testdata are recorded this way.
	Trace io.Writer
}

// withDefaults is the one place Config defaults are applied.
func (c Config) withDefaults() Config {
	if c.Capacity <= 0 {
		c.Capacity = 1000
	}
	c.Capacity = min(c.Capacity, 0xFFFF)
	if c.SecurityLevel <= 0 {
		c.SecurityLevel = 3
	}
	if c.Address == 0 {
		c.Address = fingerprint.DefaultAddress
	}
	switch c.PacketSize {
	case 32, 64, 128, 256:
	default:
		c.PacketSize = 128
	}
	if c.BaudMultiplier <= 0 {
		c.BaudMultiplier = fingerprint.DefaultBaud / 9600
	}
	if c.HoldPolls == 0 {
		c.HoldPolls = 1
	}
	return c
}

// Counters count what the simulator saw.
type Counters struct {
	PacketsIn    int            // valid packets from the host
	Replies      int            // packets sent
	BadChecksum  int            // host frames with a wrong checksum (answered 0x01)
	WrongAddress int            // host packets for another address (ignored)
	Dropped      int            // host bytes dropped: noise, partial packets, runaway data
	Commands     map[string]int // instructions by name, e.g. "GenImg"
}

// LEDState is the aura LED's last setting (R503 "AuraLedConfig").
type LEDState struct{ Control, Speed, Colour, Count byte }

// Sim is a simulated fingerprint module: a template library, two char
// buffers, an image buffer and a finger that may be on the sensor.
type Sim struct {
	cfg   Config
	trace *fptest.Recorder

	mu       sync.Mutex
	lib      map[int][]byte // page → template
	bufs     [3][]byte      // char buffers 1 and 2
	image    *finger        // the last captured image; nil when none is valid
	finger   *finger        // on the sensor now; nil when none
	polls    int            // successful GenImg polls left for finger; negative: until lifted
	verified bool
	noise    []byte // sent before the next reply
	unknowns int
	rx       []byte    // host bytes not yet parsed
	down     *download // DownChar in progress
	led      LEDState
	counters Counters
}

type finger struct {
	id      string
	smudged bool
}

type download struct {
	buf  int
	data []byte
}

// New returns a simulator with an empty library.
func New(cfg Config) *Sim {
	cfg = cfg.withDefaults()
	s := &Sim{cfg: cfg, lib: map[int][]byte{}, counters: Counters{Commands: map[string]int{}}}
	if cfg.Trace != nil {
		s.trace = fptest.NewRecorder(cfg.Trace)
	}
	return s
}

// Params are the system parameters ReadSysPara reports.
func (s *Sim) Params() fingerprint.Params {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.params()
}

func (s *Sim) params() fingerprint.Params {
	var status uint16 // manual "ReadSysPara": bit 2 password verified, bit 3 image buffer valid
	if s.verified {
		status |= 1 << 2
	}
	if s.image != nil {
		status |= 1 << 3
	}
	return fingerprint.Params{
		Status: status, SystemID: s.cfg.SystemID, LibrarySize: s.cfg.Capacity,
		SecurityLevel: s.cfg.SecurityLevel, Address: s.cfg.Address,
		PacketSize: s.cfg.PacketSize, Baud: s.cfg.BaudMultiplier * 9600,
	}
}

// PlaceFinger puts fingerID's finger on the sensor.
func (s *Sim) PlaceFinger(fingerID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.place(&finger{id: fingerID}, "place "+fingerID)
}

// PlaceUnknownFinger puts a finger on the sensor that was never seen
// before, and returns its identity (unknown-1, unknown-2, …).
func (s *Sim) PlaceUnknownFinger() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unknowns++
	id := fmt.Sprintf("unknown-%d", s.unknowns)
	s.place(&finger{id: id}, "unknown")
	return id
}

// PlaceSmudge puts a smudged finger on the sensor: GenImg succeeds, the
// next Img2Tz fails with 0x06 (image too messy).
func (s *Sim) PlaceSmudge() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.place(&finger{id: "smudge", smudged: true}, "smudge")
}

func (s *Sim) place(f *finger, action string) {
	s.trace.Control(action)
	s.finger, s.polls = f, s.cfg.HoldPolls
}

// LiftFinger takes the finger off the sensor.
func (s *Sim) LiftFinger() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.trace.Control("lift")
	s.finger = nil
}

// FingerOnSensor is the identity of the finger on the sensor, "" if none.
func (s *Sim) FingerOnSensor() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.finger == nil {
		return ""
	}
	return s.finger.id
}

// Enroll stores fingerID's template at page directly, to seed a demo.
func (s *Sim) Enroll(page int, fingerID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if page < 0 || page >= s.cfg.Capacity {
		return fmt.Errorf("page %d outside the library (0..%d)", page, s.cfg.Capacity-1)
	}
	s.trace.Control(fmt.Sprintf("enroll %d %s", page, fingerID))
	s.lib[page] = Template(fingerID)
	return nil
}

// LoadTemplate stores template bytes at page directly, as a host writing a
// kept copy into a replaced sensor would (DownChar, then Store).
func (s *Sim) LoadTemplate(page int, template []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if page < 0 || page >= s.cfg.Capacity {
		return fmt.Errorf("page %d outside the library (0..%d)", page, s.cfg.Capacity-1)
	}
	s.trace.Control(fmt.Sprintf("load %d (%d bytes)", page, len(template)))
	s.lib[page] = bytes.Clone(template)
	return nil
}

// Templates maps each used page to the finger its template came from ("?"
// for bytes that are not a simulated template).
func (s *Sim) Templates() map[int]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[int]string, len(s.lib))
	for page, t := range s.lib {
		id, ok := FingerOf(t)
		if !ok {
			id = "?"
		}
		out[page] = id
	}
	return out
}

// Garbage queues line noise to go out just before the next reply.
func (s *Sim) Garbage(b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.trace.Control("garbage " + strings.ToUpper(hex.EncodeToString(b)))
	s.noise = append(s.noise, b...)
}

// Counters returns a copy of the counters.
func (s *Sim) Counters() Counters {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.counters
	c.Commands = maps.Clone(s.counters.Commands)
	return c
}

// LED is the aura LED's last setting.
func (s *Sim) LED() LEDState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.led
}

// Do performs a control action written as text, as a technician types it
// at `bianmin sim fingerprint` or a fixture's "!" line says:
//
//	place ID | unknown | smudge | lift | enroll PAGE ID | garbage HEX | templates
//
// It returns a one-line answer.
func (s *Sim) Do(action string) (string, error) {
	f := strings.Fields(action)
	if len(f) == 0 {
		return "", fmt.Errorf("empty action")
	}
	switch {
	case f[0] == "place" && len(f) == 2:
		s.PlaceFinger(f[1])
		return "placed " + f[1], nil
	case f[0] == "unknown" && len(f) == 1:
		return "placed " + s.PlaceUnknownFinger(), nil
	case f[0] == "smudge" && len(f) == 1:
		s.PlaceSmudge()
		return "placed smudge", nil
	case f[0] == "lift" && len(f) == 1:
		s.LiftFinger()
		return "lifted", nil
	case f[0] == "enroll" && len(f) == 3:
		page, err := strconv.Atoi(f[1])
		if err != nil {
			return "", fmt.Errorf("enroll: page %q is not a number", f[1])
		}
		if err := s.Enroll(page, f[2]); err != nil {
			return "", err
		}
		return fmt.Sprintf("enrolled %s at page %d", f[2], page), nil
	case f[0] == "garbage" && len(f) == 2:
		b, err := hex.DecodeString(f[1])
		if err != nil {
			return "", fmt.Errorf("garbage: %w", err)
		}
		s.Garbage(b)
		return fmt.Sprintf("queued %d bytes of noise", len(b)), nil
	case f[0] == "templates" && len(f) == 1:
		return formatTemplates(s.Templates()), nil
	}
	return "", fmt.Errorf("unknown action %q — use place ID, unknown, smudge, lift, enroll PAGE ID, garbage HEX or templates", action)
}

func formatTemplates(m map[int]string) string {
	pages := make([]int, 0, len(m))
	for p := range m {
		pages = append(pages, p)
	}
	sort.Ints(pages)
	parts := make([]string, len(pages))
	for i, p := range pages {
		parts[i] = fmt.Sprintf("%d=%s", p, m[p])
	}
	return fmt.Sprintf("%d templates: %s", len(pages), strings.Join(parts, " "))
}
