// Package sim simulates an R307-class fingerprint module on the master
// side of a serialport.Pair, byte for byte, so that the real driver (and
// any third-party client, see CONFORMANCE.md) runs against it in tests and
// in `bianmin demo`.
//
// It holds a template library (1000 pages by default), two char buffers,
// an image buffer and the password, answers every instruction the driver
// uses (GenImg, Img2Tz, Match, Search, RegModel, Store, LoadChar, UpChar,
// DownChar, DeleteChar, Empty, ReadSysPara, VfyPwd, TemplateNum,
// ReadIndexTable, and AuraLedConfig when Config.AuraLED), and reports the
// system parameters of an R307: security level 3, address FFFFFFFF,
// packet size code 2 (128 bytes), baud multiplier 6.
//
// A "finger" is an identity string; its template is a deterministic
// 512-byte blob derived from it (Template), so a template downloaded from
// one simulator and uploaded into another identifies the same finger, as
// when a replaced sensor is re-enrolled. Tests and the demo panel drive it
// with PlaceFinger, PlaceUnknownFinger, PlaceSmudge, LiftFinger, Enroll,
// Garbage, or the same actions as text (Do).
//
// The protocol side (module.go) does no I/O; Run connects it to a pty.
// Config.Trace records the conversation in fptest's script format: the
// fixtures in hw/fingerprint/testdata were recorded that way.
//
// sim imports the standard library, hw/serialport, hw/fingerprint (for
// the packet codec, instruction and confirmation codes) and
// hw/fingerprint/fptest.
package sim
