// Package fptest records and replays fingerprint-module conversations byte
// for byte, in the spirit of periph's conntest: Playback is a
// serialport.Port that plays a recorded script to the driver and fails on
// the first byte the driver sends that differs; Record wraps a real Port
// and writes what passes; Recorder writes the same format from the
// simulator's side (its trace).
//
// # Script format
//
// Text, one step a line; "#" starts a comment line:
//
//	> EF01 FFFFFFFF 01 0003 01 0005    host → module (hex, spaces ignored)
//	< EF01 FFFFFFFF 07 0003 02 000C    module → host
//	! place finger-1                   simulator control action (Playback skips it)
//	x                                  the device is unplugged from here on
//
// The fixtures live in hw/fingerprint/testdata.
//
// fptest imports the standard library and hw/serialport.
package fptest
