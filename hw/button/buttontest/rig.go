package buttontest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/i2c"

	"bianmin/hw/button"
	"bianmin/hw/button/boxsim"
	"bianmin/hw/serialport"
)

// DefaultHold is how long Rig.Press holds a button: a quick human press.
const DefaultHold = 80 * time.Millisecond

// Rig is the fake hardware for a whole line map: a Pin per header line, a
// Bus with an Expander per configured chip, and per rating box a
// pseudo-terminal with a boxsim.Sim on its far end. Its Hardware goes to
// button.New in place of the box's own; Press presses any button of the
// map wherever it is wired. This is what the tests and `bianmin demo`'s
// panel use.
type Rig struct {
	m     button.Map
	Pins  map[int]*Pin         // by GPIO number
	Buses map[int]*Bus         // by bus number
	Chips map[[2]int]*Expander // by bus number and address
	Boxes map[int]*boxsim.Sim  // by window

	mu    sync.Mutex
	pairs map[string]*serialport.Pair // by the box path in the map

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewRig builds fakes for every input m names (m must be valid) and
// starts the rating box simulators; their pseudo-terminals are linked
// from dir. Close stops them.
func NewRig(m button.Map, dir string) (*Rig, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	r := &Rig{m: m, Pins: map[int]*Pin{}, Buses: map[int]*Bus{}, Chips: map[[2]int]*Expander{},
		Boxes: map[int]*boxsim.Sim{}, pairs: map[string]*serialport.Pair{}}
	for _, l := range m.GPIO {
		_, active := m.Wiring(l.Pull, l.Active)
		r.Pins[l.GPIO] = NewPin(l.GPIO, active)
	}
	for _, x := range m.Expanders {
		bus := r.Buses[x.Bus]
		if bus == nil {
			bus = NewBus(x.Bus)
			r.Buses[x.Bus] = bus
		}
		chip := bus.Add(uint16(x.Address))
		for _, l := range x.Lines {
			if _, active := m.Wiring(l.Pull, l.Active); active == button.ActiveHigh {
				chip.WireActiveHigh(l.Pin)
			}
		}
		r.Chips[[2]int{x.Bus, x.Address}] = chip
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.ctx, r.cancel = ctx, cancel
	for _, b := range m.Boxes {
		pair, err := serialport.OpenPairAt(filepath.Join(dir, fmt.Sprintf("ratingbox-%d", b.Window)))
		if err != nil {
			r.Close()
			return nil, err
		}
		sim := boxsim.New(b.Window)
		r.pairs[b.Path], r.Boxes[b.Window] = pair, sim
		r.wg.Go(func() { _ = sim.Run(ctx, pair) })
	}
	return r, nil
}

// Hardware opens the rig's fakes for button.New.
func (r *Rig) Hardware() button.Hardware {
	return button.Hardware{
		Pin: func(n int) (gpio.PinIn, error) {
			if p := r.Pins[n]; p != nil {
				return p, nil
			}
			return nil, fmt.Errorf("no fake line GPIO%d", n)
		},
		I2C: func(n int) (i2c.Bus, error) {
			if b := r.Buses[n]; b != nil {
				return b, nil
			}
			return nil, fmt.Errorf("no fake I2C bus %d", n)
		},
		Serial: func(cfg serialport.Config) (serialport.Port, error) {
			if p := r.pair(cfg.Path); p != nil {
				cfg.Path = p.Path()
			}
			return serialport.Open(cfg)
		},
	}
}

// UnplugBox pulls the rating box at path (as the map names it) off its
// line; ReplugBox plugs it back in, powered on afresh.
func (r *Rig) UnplugBox(path string) error {
	p := r.pair(path)
	if p == nil {
		return fmt.Errorf("no rating box at %s in the line map", path)
	}
	return p.Unplug()
}

// ReplugBox: see UnplugBox.
func (r *Rig) ReplugBox(path string) error {
	p := r.pair(path)
	if p == nil {
		return fmt.Errorf("no rating box at %s in the line map", path)
	}
	np, err := p.Replug()
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.pairs[path] = np
	r.mu.Unlock()
	for w, sim := range r.Boxes {
		if r.boxPath(w) == path {
			r.wg.Go(func() { _ = sim.Run(r.ctx, np) })
		}
	}
	return nil
}

func (r *Rig) pair(path string) *serialport.Pair {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.pairs[path]
}

func (r *Rig) boxPath(window int) string {
	for _, b := range r.m.Boxes {
		if b.Window == window {
			return b.Path
		}
	}
	return ""
}

// Press presses button id where the map wires it (the first input, when a
// 取号 button is wired twice), holds it for DefaultHold and releases it;
// it returns when the button is released.
func (r *Rig) Press(id button.ID) error { return r.Click(id, DefaultHold) }

// Click is Press with a chosen hold.
func (r *Rig) Click(id button.ID, hold time.Duration) error {
	for _, l := range r.m.GPIO {
		if l.Button == id {
			r.Pins[l.GPIO].Click(hold)
			return nil
		}
	}
	for _, x := range r.m.Expanders {
		for _, l := range x.Lines {
			if l.Button == id {
				r.Chips[[2]int{x.Bus, x.Address}].Click(l.Pin, hold)
				return nil
			}
		}
	}
	if id.Kind == button.KindRating {
		if sim := r.Boxes[id.Window]; sim != nil {
			return sim.Press(id.Level)
		}
	}
	return fmt.Errorf("button %s is not in the line map", id)
}

// Close stops the box simulators and closes their pseudo-terminals.
func (r *Rig) Close() error {
	r.cancel()
	var errs []error
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range r.pairs {
		errs = append(errs, p.Close())
	}
	r.wg.Wait()
	return errors.Join(errs...)
}
