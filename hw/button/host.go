package button

import (
	"fmt"
	"strconv"
	"sync"

	"periph.io/x/conn/v3/driver/driverreg"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/i2c"
	"periph.io/x/conn/v3/i2c/i2creg"
	"periph.io/x/host/v3/gpioioctl"
	_ "periph.io/x/host/v3/sysfs" // registers /dev/i2c-N with i2creg
)

// The box's own hardware, through periph (periph.io/x/host/v3 ≥ v3.8.5).
// Header lines come from the GPIO character device (/dev/gpiochipN) through
// periph's gpioioctl driver, not through /sys/class/gpio, which Raspberry
// Pi OS Bookworm no longer offers; I²C buses from /dev/i2c-N. Only these
// drivers are linked in (not periph's whole host package), which keeps
// the memory-mapped bcm283x driver and its /dev/gpiomem out.

var (
	hostOnce sync.Once
	hostErr  error
)

// hostInit loads the periph drivers linked in, once.
func hostInit() error {
	hostOnce.Do(func() {
		if _, err := driverreg.Init(); err != nil {
			hostErr = fmt.Errorf("periph drivers: %w", err)
		}
	})
	return hostErr
}

// HostPin returns header line GPIO<n> from the GPIO character device. On a
// Raspberry Pi (every model, the Pi 5's RP1 included) the kernel names the
// header's lines GPIO0..GPIO27; the pinctrl chip is searched first.
func HostPin(n int) (gpio.PinIn, error) {
	if err := hostInit(); err != nil {
		return nil, err
	}
	if len(gpioioctl.Chips) == 0 {
		return nil, fmt.Errorf("no GPIO chip (/dev/gpiochip*): %w — is this a Raspberry Pi, and may bianmin open /dev/gpiochip0 (group gpio)?", errMissing)
	}
	name := "GPIO" + strconv.Itoa(n)
	for _, chip := range gpioioctl.Chips {
		if line := chip.ByName(name); line != nil {
			return line, nil
		}
	}
	return nil, fmt.Errorf("no GPIO line named %s on %s: %w — check the line map", name, gpioioctl.Chips[0].Path(), errMissing)
}

// HostI2C opens I²C bus n (/dev/i2c-n).
func HostI2C(n int) (i2c.Bus, error) {
	if err := hostInit(); err != nil {
		return nil, err
	}
	bus, err := i2creg.Open(strconv.Itoa(n))
	if err != nil {
		return nil, fmt.Errorf("I2C bus %d (/dev/i2c-%d): %v: %w — enable I2C (dtparam=i2c_arm=on in /boot/firmware/config.txt) and add bianmin to group i2c",
			n, n, err, errMissing)
	}
	return bus, nil
}
