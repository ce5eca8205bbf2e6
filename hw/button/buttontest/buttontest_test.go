package buttontest

import (
	"testing"
	"testing/synctest"
	"time"

	"periph.io/x/conn/v3/gpio"

	"bianmin/hw/button"
)

// The fake line behaves as gpioioctl's does where hw/button relies on it.
func TestPin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPin(17, button.ActiveLow)
		if err := p.In(gpio.PullUp, gpio.BothEdges); err != nil {
			t.Fatal(err)
		}
		if p.Read() != gpio.High {
			t.Fatal("a released button on a pulled-up line must read high")
		}
		p.Press()
		if p.Read() != gpio.Low || !p.WaitForEdge(time.Millisecond) {
			t.Fatal("a press must read low and queue an edge")
		}
		if p.WaitForEdge(time.Millisecond) {
			t.Fatal("one change, one edge")
		}
		// Edges queue while nobody waits, up to EventQueue; the rest are dropped.
		for range EventQueue + 4 {
			p.Glitch()
		}
		if _, _, dropped, _ := p.Stats(); dropped != 2*(EventQueue+4)-EventQueue {
			t.Errorf("dropped %d edges, want %d", dropped, 2*(EventQueue+4)-EventQueue)
		}
		// In empties the queue.
		_ = p.In(gpio.PullUp, gpio.FallingEdge)
		if p.WaitForEdge(time.Millisecond) {
			t.Fatal("In must empty the queue")
		}
		// Falling edges only: a release (rising, active low) is not queued.
		p.Release()
		if p.WaitForEdge(time.Millisecond) {
			t.Fatal("rising edge queued on a falling-edge line")
		}
		// Halt ends a wait under way.
		go func() { time.Sleep(time.Second); _ = p.Halt() }()
		start := time.Now()
		if p.WaitForEdge(-1) || time.Since(start) != time.Second {
			t.Fatal("Halt must end a wait with false")
		}
	})
}

// The fake MCP23017 keeps the register semantics hw/button relies on:
// sequential access across a register pair, IPOL inversion, pull-ups
// lost on a power glitch, no answer when unplugged.
func TestExpanderRegisters(t *testing.T) {
	bus := NewBus(1)
	x := bus.Add(0x20)
	if err := bus.Tx(0x20, []byte{rGPPUA, 0x0F, 0xF0}, nil); err != nil {
		t.Fatal(err)
	}
	if x.Pullups() != 0xF00F {
		t.Fatalf("GPPU %04X after a sequential write", x.Pullups())
	}
	x.Press(0)
	x.Press(15)
	var r [2]byte
	_ = bus.Tx(0x20, []byte{rGPIOA}, r[:])
	if r != [2]byte{0xFE, 0x7F} {
		t.Fatalf("GPIO %02X, want FE 7F (GPA0 and GPB7 pressed to ground)", r)
	}
	_ = bus.Tx(0x20, []byte{rIPOLA, 0xFF}, nil)
	_ = bus.Tx(0x20, []byte{rGPIOA}, r[:])
	if r[0] != 0x01 {
		t.Fatalf("GPIOA %02X with IPOL FF, want 01", r[0])
	}
	x.PowerGlitch()
	if x.Pullups() != 0 {
		t.Fatal("a power glitch must clear the pull-ups")
	}
	x.Unplug()
	if err := bus.Tx(0x20, []byte{rGPIOA}, r[:]); err == nil {
		t.Fatal("an unplugged chip answered")
	}
	if err := bus.Tx(0x21, []byte{rGPIOA}, r[:]); err == nil {
		t.Fatal("an absent address answered")
	}
}

func TestRigRefusesUnknownButtons(t *testing.T) {
	m := button.Map{GPIO: []button.Line{{GPIO: 17, Button: button.TicketButton("A")}}}
	rig, err := NewRig(m, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer rig.Close()
	if err := rig.Press(button.TicketButton("B")); err == nil {
		t.Fatal("pressed a button the map does not have")
	}
}
