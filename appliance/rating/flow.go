package rating

import (
	"log/slog"
	"sync"
	"time"

	"bianmin/appliance/problem"
)

// The timing rules of a window's presses (issue 14; GB/T 39734-2020 7.1:
// one rating per service). They are rules, not settings: a press settles
// when no other press follows within SettleAfter; NoiseCount presses or
// more within NoiseSpan are noise (a child, a stuck key).
const (
	SettleAfter = time.Second
	NoiseSpan   = 2 * time.Second
	NoiseCount  = 3
)

// Decide is the rule for one burst of presses on an armed window (each
// press less than SettleAfter after the one before, none after the last
// for SettleAfter): it returns the index of the press that is the rating,
// or -1 when the burst is noise — NoiseCount or more of its presses lie
// within NoiseSpan. A burst of one press is that press; of two (the
// citizen corrected themselves) the last.
func Decide(at []time.Time) int {
	if len(at) == 0 {
		return -1
	}
	for i := 0; i+NoiseCount-1 < len(at); i++ {
		if at[i+NoiseCount-1].Sub(at[i]) <= NoiseSpan {
			return -1
		}
	}
	return len(at) - 1
}

// Ref is the service a window's rating is for: given by whoever arms the
// window (the queue's finish), stored with the rating.
type Ref struct {
	// Key names the service uniquely (the queue's ticket id, say): one
	// rating per Key.
	Key     string `json:"key"`
	Window  int    `json:"window"`
	Ticket  string `json:"ticket,omitempty"`  // 票号, e.g. A012
	Case    string `json:"case,omitempty"`    // 办件编号, when the service was a case
	Service string `json:"service,omitempty"` // 事项 or the queue's service name
	StaffID uint64 `json:"staff_id"`
	Staff   string `json:"staff"`
	UnitID  uint64 `json:"unit_id,omitempty"`
	Unit    string `json:"unit,omitempty"`
	// Rater is the citizen, when the case knows a name and contact.
	Rater Rater `json:"rater,omitzero"`
}

// Rater is who rated, when known (a comment may add it).
type Rater struct {
	Name    string `json:"name,omitempty"`
	Contact string `json:"contact,omitempty"`
}

// Known reports whether a callback is possible: a name and a contact.
func (r Rater) Known() bool { return r.Name != "" && r.Contact != "" }

// Press is one debounced press of a window's rating button.
type Press struct {
	Window int
	Level  Level
	At     time.Time
	Device string // the input that delivered it; "panel" for the demo panel
}

// NoiseReason says why presses were not a rating.
type NoiseReason string

// Reasons.
const (
	NoiseUnarmed    NoiseReason = "unarmed"    // the window was not armed
	NoiseBurst      NoiseReason = "burst"      // NoiseCount or more presses within NoiseSpan
	NoiseRearmed    NoiseReason = "rearmed"    // the window was armed for the next service before they settled
	NoiseSuperseded NoiseReason = "superseded" // followed within SettleAfter by the press that became the rating
)

// Decided is what the flow hands its Sink: a rating, with the presses of
// its burst that were not it.
type Decided struct {
	Ref     Ref
	Press   Press
	Channel Channel
	Dropped []Press
}

// Sink keeps what the flow decided (the Service, over the store).
type Sink interface {
	Rated(key string) (bool, error)
	Rate(d Decided) (Rating, error)
	Noise(reason NoiseReason, ref *Ref, presses []Press) error
}

// Flow arms windows and turns their presses into ratings. It keeps each
// window's state in memory (an armed window is lost on restart: the
// citizen is gone by then) and is safe for concurrent use.
type Flow struct {
	sink   Sink
	armFor func() time.Duration
	log    *slog.Logger
	// OnChange, when set, is called (without the flow's lock) whenever a
	// window is armed or disarmed: the window's small display shows
	// "请对本次服务评价" while armed.
	OnChange func(window int, armed bool)

	mu  sync.Mutex
	win map[int]*windowState
}

type windowState struct {
	armed  bool
	ref    Ref
	from   time.Time
	until  time.Time
	burst  []Press
	gen    int // bumps on every change, so a stale timer does nothing
	settle *time.Timer
	expire *time.Timer
}

// NewFlow returns a flow that keeps its results in sink; armFor says how
// long a window stays armed (Settings.ArmSeconds).
func NewFlow(sink Sink, armFor func() time.Duration, log *slog.Logger) *Flow {
	if log == nil {
		log = slog.Default()
	}
	return &Flow{sink: sink, armFor: armFor, log: log, win: map[int]*windowState{}}
}

// Arm arms ref's window for a rating of ref, from at; a window still
// armed for an earlier service is armed for this one instead (presses
// not settled yet are noise). A service already rated is refused.
func (f *Flow) Arm(ref Ref, at time.Time) error {
	if ref.Window < 1 || ref.Window > MaxWindow {
		return problem.New("window", "rating.err.window", "Max", MaxWindow)
	}
	if ref.Key == "" {
		return problem.New("key", "rating.err.no_service")
	}
	rated, err := f.sink.Rated(ref.Key)
	if err != nil {
		return err
	}
	if rated {
		return problem.New("key", "rating.err.already_rated", "Ticket", ref.Ticket)
	}
	f.mu.Lock()
	ws := f.state(ref.Window)
	var dropped []Press
	var old Ref
	if ws.armed && len(ws.burst) > 0 {
		dropped, old = ws.burst, ws.ref
	}
	ws.stop()
	ws.gen++
	ws.armed, ws.ref, ws.from, ws.until, ws.burst = true, ref, at, at.Add(f.armFor()), nil
	gen := ws.gen
	ws.expire = time.AfterFunc(time.Until(ws.until), func() { f.expire(ref.Window, gen) })
	f.mu.Unlock()
	if len(dropped) > 0 {
		f.noise(NoiseRearmed, &old, dropped)
	}
	f.changed(ref.Window, true)
	return nil
}

// MaxWindow is the highest window number.
const MaxWindow = 999

// Armed reports whether window is armed now, for which service and until
// when.
func (f *Flow) Armed(window int) (Ref, time.Time, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ws := f.win[window]
	if ws == nil || !ws.armed {
		return Ref{}, time.Time{}, false
	}
	return ws.ref, ws.until, true
}

// Press takes one debounced press. A press while the window is not armed
// is noise at once; otherwise it joins the window's burst, which settles
// SettleAfter after its last press (Decide).
func (f *Flow) Press(p Press) {
	if !p.Level.Valid() {
		f.log.Warn("rating: press of an unknown level", "window", p.Window, "level", p.Level)
		return
	}
	f.mu.Lock()
	ws := f.state(p.Window)
	if !ws.armed || p.At.Before(ws.from) || (len(ws.burst) == 0 && p.At.After(ws.until)) {
		f.mu.Unlock()
		f.noise(NoiseUnarmed, nil, []Press{p})
		return
	}
	ws.burst = append(ws.burst, p)
	if ws.settle != nil {
		ws.settle.Stop()
	}
	ws.gen++
	gen := ws.gen
	ws.settle = time.AfterFunc(time.Until(p.At.Add(SettleAfter)), func() { f.settleBurst(p.Window, gen) })
	f.mu.Unlock()
}

// settleBurst decides a window's burst once it has been quiet.
func (f *Flow) settleBurst(window, gen int) {
	f.mu.Lock()
	ws := f.win[window]
	if ws == nil || ws.gen != gen || !ws.armed {
		f.mu.Unlock()
		return
	}
	burst, ref := ws.burst, ws.ref
	ws.burst, ws.settle = nil, nil
	times := make([]time.Time, len(burst))
	for i, p := range burst {
		times[i] = p.At
	}
	i := Decide(times)
	if i < 0 {
		// Noise: the window stays armed, unless its time ran out meanwhile.
		expired := !time.Now().Before(ws.until)
		if expired {
			ws.disarm()
		}
		f.mu.Unlock()
		f.noise(NoiseBurst, &ref, burst)
		if expired {
			f.changed(window, false)
		}
		return
	}
	ws.disarm()
	f.mu.Unlock()
	d := Decided{Ref: ref, Press: burst[i], Channel: channelOf(burst[i]), Dropped: append(burst[:i:i], burst[i+1:]...)}
	if _, err := f.sink.Rate(d); err != nil {
		f.log.Error("rating: could not keep a rating", "window", window, "ticket", ref.Ticket, "err", err)
	}
	f.changed(window, false)
}

func channelOf(p Press) Channel {
	if p.Device == PanelDevice {
		return ChannelPanel
	}
	return ChannelButtons
}

// PanelDevice is the Press.Device of the demo panel's buttons.
const PanelDevice = "panel"

// expire disarms a window whose time ran out with no burst pending.
func (f *Flow) expire(window, gen int) {
	f.mu.Lock()
	ws := f.win[window]
	if ws == nil || !ws.armed || ws.gen != gen || len(ws.burst) > 0 {
		f.mu.Unlock()
		return
	}
	ws.disarm()
	f.mu.Unlock()
	f.changed(window, false)
}

// Stop stops every timer; windows are left disarmed.
func (f *Flow) Stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ws := range f.win {
		ws.disarm()
	}
}

func (f *Flow) state(window int) *windowState {
	ws := f.win[window]
	if ws == nil {
		ws = &windowState{}
		f.win[window] = ws
	}
	return ws
}

func (ws *windowState) stop() {
	if ws.settle != nil {
		ws.settle.Stop()
		ws.settle = nil
	}
	if ws.expire != nil {
		ws.expire.Stop()
		ws.expire = nil
	}
}

func (ws *windowState) disarm() {
	ws.stop()
	ws.gen++
	ws.armed, ws.burst = false, nil
}

func (f *Flow) noise(reason NoiseReason, ref *Ref, presses []Press) {
	if err := f.sink.Noise(reason, ref, presses); err != nil {
		f.log.Error("rating: could not record noise", "reason", reason, "err", err)
	}
}

func (f *Flow) changed(window int, armed bool) {
	if f.OnChange != nil {
		f.OnChange(window, armed)
	}
}

// ArmedWindows lists the windows armed now (the window displays show
// "请对本次服务评价" on them).
func (f *Flow) ArmedWindows() map[int]bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[int]bool{}
	for w, ws := range f.win {
		if ws.armed {
			out[w] = true
		}
	}
	return out
}
