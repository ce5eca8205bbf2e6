// Package boxsim simulates a serial rating box (one window's five
// satisfaction buttons on a USB-serial line) on the master side of a
// serialport.Pair, speaking the line protocol of hw/button (boxproto.go):
// it says hello when it starts and whenever the host asks "?", and sends
// "R<window>:<key>" for each press. Tests and the demo panel press its
// buttons (Press), send line noise (Send), or set it to the wrong window
// number (SetWindow) to see the host refuse its presses.
//
// boxsim imports the standard library, hw/button and hw/serialport.
package boxsim
