package main

import (
	"errors"

	"bianmin/appliance/device"
	"bianmin/hw/escpos"
	"bianmin/hw/fingerprint"
	"bianmin/hw/serialport"
)

// Reasons the device page shows without a driver error.
const (
	reasonStarting = "devices.reason.starting" // the first connection attempt has not ended yet
	reasonUnknown  = "devices.reason.unknown"  // a failure no driver named: the detail line says it
)

// deviceReason names a device failure for the pages, in the user's
// language: the driver's own locale key where it gives one (the
// fingerprint module's confirmation codes, the printer's conditions, the
// serial port's failures), else reasonUnknown; the zero Reason for no
// error. The English err.Error() stays the technician's detail line.
func deviceReason(err error) device.Reason {
	if err == nil {
		return device.Reason{}
	}
	var fe *fingerprint.Error
	if errors.As(err, &fe) {
		return device.Reason{Key: fe.Key}
	}
	var pe *escpos.Error
	if errors.As(err, &pe) {
		if pe.Key == escpos.ErrNotConnected.Key && errors.Is(err, serialport.ErrUnplugged) {
			// the port says why: the same words as the reconnect attempts
			// that follow, so the page does not flip between two texts
			return device.Reason{Key: serialport.KeyUnplugged}
		}
		return device.Reason{Key: pe.Key, Args: pe.Args}
	}
	if k := serialport.ErrorKey(err); k != "" {
		return device.Reason{Key: k}
	}
	if errors.Is(err, serialport.ErrUnplugged) { // an opener's bare "gone" (escpostest)
		return device.Reason{Key: serialport.KeyUnplugged}
	}
	return device.Reason{Key: reasonUnknown}
}
