package button

import (
	"context"
	"maps"
	"sync"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/i2c"

	"bianmin/hw/serialport"
)

// Hardware opens what a Map names. A nil field means the box's own
// hardware: HostPin, HostI2C, serialport.Open. Tests and the demo pass the
// fakes of package buttontest instead.
type Hardware struct {
	Pin    func(gpio int) (gpio.PinIn, error)
	I2C    func(bus int) (i2c.Bus, error)
	Serial func(serialport.Config) (serialport.Port, error)
}

// withDefaults is the one place Hardware defaults are applied.
func (h Hardware) withDefaults() Hardware {
	if h.Pin == nil {
		h.Pin = HostPin
	}
	if h.I2C == nil {
		h.I2C = HostI2C
	}
	if h.Serial == nil {
		h.Serial = serialport.Open
	}
	return h
}

// Buttons is every input of a Map as one Source.
type Buttons struct {
	sources Group
	devices []string

	mu      sync.Mutex
	presses map[string]int64 // device → presses delivered
	boxes   []*boxSource
}

// New checks m (a ConfigErrors when it is wrong) and returns its inputs,
// ready to Run: one source for the header lines, one per expander, one per
// rating box. Nothing is opened until Run.
func New(m Map, hw Hardware, opts Options) (*Buttons, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	hw, opts = hw.withDefaults(), opts.withDefaults()
	b := &Buttons{presses: map[string]int64{}}
	if len(m.GPIO) > 0 {
		lines := make([]Line, len(m.GPIO))
		for i, l := range m.GPIO {
			l.Pull, l.Active = m.Wiring(l.Pull, l.Active)
			lines[i] = l
		}
		b.add(GPIODevice, &gpioSource{lines: lines, debounce: m.Debounce(), pin: hw.Pin, opts: opts, r: newReporter(GPIODevice, opts)})
	}
	for _, x := range m.Expanders {
		x.Lines = append([]ExpanderLine(nil), x.Lines...)
		for i := range x.Lines {
			x.Lines[i].Pull, x.Lines[i].Active = m.Wiring(x.Lines[i].Pull, x.Lines[i].Active)
		}
		dev := ExpanderDevice(x.Bus, x.Address)
		b.add(dev, &expanderSource{x: x, debounce: m.Debounce(), poll: m.Poll(), i2c: hw.I2C, r: newReporter(dev, opts), device: dev})
	}
	for _, box := range m.Boxes {
		if box.Baud == 0 {
			box.Baud = BoxBaud
		}
		dev := BoxDevice(box.Window)
		s := &boxSource{box: box, debounce: m.Debounce(), open: hw.Serial, opts: opts, r: newReporter(dev, opts), device: dev}
		b.boxes = append(b.boxes, s)
		b.add(dev, s)
	}
	return b, nil
}

func (b *Buttons) add(device string, s Source) {
	b.devices = append(b.devices, device)
	b.sources = append(b.sources, s)
}

// Devices names the inputs, in line map order, as Press.Device and
// Options.OnState name them.
func (b *Buttons) Devices() []string { return append([]string(nil), b.devices...) }

// Run delivers every input's presses to out until ctx is done, then
// returns ctx.Err() once every goroutine has exited.
func (b *Buttons) Run(ctx context.Context, out chan<- Press) error {
	counted := make(chan Press)
	var wg sync.WaitGroup
	wg.Go(func() {
		for p := range counted {
			b.mu.Lock()
			b.presses[p.Device]++
			b.mu.Unlock()
			deliver(ctx, out, p)
		}
	})
	err := b.sources.Run(ctx, counted)
	close(counted)
	wg.Wait()
	return err
}

// Counters returns, per device, the counters for the device status page:
// "presses" delivered and, for rating boxes, "garbage" lines dropped and
// "foreign" presses dropped because the box named another window.
func (b *Buttons) Counters() map[string]map[string]int64 {
	out := map[string]map[string]int64{}
	b.mu.Lock()
	for _, d := range b.devices {
		out[d] = map[string]int64{"presses": b.presses[d]}
	}
	b.mu.Unlock()
	for _, s := range b.boxes {
		maps.Copy(out[s.device], map[string]int64{"garbage": s.garbage.Load(), "foreign": s.foreign.Load()})
	}
	return out
}
