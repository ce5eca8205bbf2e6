package button_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bianmin/hw/button"
)

// On a machine with no GPIO chip and no I²C bus (this one, a CI runner)
// the box's own hardware fails with what to do, and the header input
// reports itself down and retries instead of ending Run.
func TestHostHardwareMissing(t *testing.T) {
	if chips, _ := filepath.Glob("/dev/gpiochip*"); len(chips) > 0 {
		t.Skip("this machine has GPIO chips; the missing-hardware path cannot be shown here")
	}
	if _, err := button.HostPin(17); err == nil || !strings.Contains(err.Error(), "/dev/gpiochip") {
		t.Errorf("HostPin(17) error %v, want one naming /dev/gpiochip", err)
	}
	if _, err := os.Stat("/dev/i2c-1"); os.IsNotExist(err) {
		if _, err := button.HostI2C(1); err == nil || !strings.Contains(err.Error(), "dtparam=i2c_arm=on") {
			t.Errorf("HostI2C(1) error %v, want one saying how to enable I2C", err)
		}
	}
	st := &states{}
	b, err := button.New(headerMap(), button.Hardware{}, button.Options{OnState: st.on, Logger: slog.New(slog.DiscardHandler), Backoff: fastBackoff})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx, make(chan button.Press)) }()
	st.waitState(t, button.GPIODevice, "reconnecting: GPIO17 (rating:1:very_satisfied): no GPIO chip", 2*time.Second)
	cancel()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Run did not stop")
	}
}

// New refuses a map Validate refuses.
func TestNewRefusesABadMap(t *testing.T) {
	m := headerMap()
	m.GPIO[0].GPIO = 2
	if _, err := button.New(m, button.Hardware{}, button.Options{}); err == nil || !err.(button.ConfigErrors).Has("button.err.reserved_pin") {
		t.Fatalf("New = %v, want the reserved pin refused", err)
	}
}
