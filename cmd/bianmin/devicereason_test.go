package main

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"bianmin/appliance/locale"
	"bianmin/embedded"
	"bianmin/hw/escpos"
	"bianmin/hw/fingerprint"
	"bianmin/hw/serialport"
)

// TestDeviceReason: a device failure reaches the pages as the driver's
// own locale key (the page words it in the user's language and keeps the
// English as the technician's detail); every key a driver can give is in
// the locale files.
func TestDeviceReason(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{fmt.Errorf("session: %w", fingerprint.ErrNoReply), "fingerprint.err.no_reply"},
		{fingerprint.CodeError(0x29), "fingerprint.err.sensor_fault"},
		{fmt.Errorf("open: %w", &serialport.Error{Path: "/dev/x", Key: serialport.KeyPermission, What: "permission denied", Hint: "add the user to dialout"}), "serial.err.permission"},
		{&escpos.Error{Key: "escpos.status.paper_out", What: "paper out", Hint: "load paper"}, "escpos.status.paper_out"},
		{&escpos.Error{Key: escpos.ErrNotConnected.Key, What: "not connected", Err: &serialport.Error{Path: "/dev/x", Key: serialport.KeyUnplugged, Kind: serialport.ErrUnplugged}}, serialport.KeyUnplugged},
		{&escpos.Error{Key: escpos.ErrNotConnected.Key, What: "not connected"}, "escpos.err.not_connected"},
		{errors.New("something new"), reasonUnknown},
	} {
		if got := deviceReason(tc.err).Key; got != tc.want {
			t.Errorf("deviceReason(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
	cat, err := locale.Load(embedded.FS)
	if err != nil {
		t.Fatal(err)
	}
	keys := append([]string{reasonStarting, reasonUnknown}, serialport.Keys()...)
	for _, e := range fingerprint.Errors() {
		keys = append(keys, e.Key)
	}
	for _, k := range keys {
		if !cat.HasKey(k) {
			t.Errorf("device reason %q is in no locale file", k)
		}
	}
	if _, err := fs.Stat(embedded.FS, "locales/printer.zh-CN.json"); err != nil || !cat.HasKey("escpos.status.paper_out") {
		t.Error("the printer's conditions are not in the locale files")
	}
}
