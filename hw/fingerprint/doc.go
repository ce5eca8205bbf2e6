// Package fingerprint drives the cheap optical fingerprint modules (R307,
// R503, AS608, ZFM-20 and their clones) that all speak one serial
// protocol: packets framed by 0xEF01, a 4-byte module address, a packet id
// (command, data, acknowledgement, end of data), a big-endian length and a
// 16-bit sum. Protocol constants in protocol.go name the manual section
// they come from.
//
// The driver takes a serialport.Port, never a device path, so tests hand
// it a fake (fptest.Playback replays recorded bytes) and the demo hands it
// one end of a pseudo-terminal whose other end is the simulator (sim).
//
// # Layers
//
//   - packet.go: Packet, ParsePacket (resynchronising, checksum-checked;
//     fuzzed) and Checksum.
//   - wire.go: sending whole packets and receiving with deadlines over the
//     Port's read timeout; line noise, bad checksums and foreign addresses
//     are dropped and counted (Stats).
//   - commands.go, transfer.go: one method per instruction, the exact bytes
//     it sends, and the multi-packet template transfer (UpChar, DownChar)
//     in the module's packet size.
//   - sensor.go: the API the appliance calls — New (VfyPwd + ReadSysPara),
//     CaptureImage, Identify, the enrolment steps, template download and
//     upload for re-enrolling a replacement sensor, Delete, Clear, Count,
//     LED.
//   - errors.go: every confirmation code as an *Error with a locale key and
//     zh-CN and English text, plus the errors the driver itself detects.
//
// # Time
//
// Each command waits at most Options.Timeout (1 s) for its reply, Search
// and Empty Options.SlowTimeout (3 s), or less when the context says so.
// The driver looks at its deadline after every Port read, so open the port
// with RecommendedReadTimeout (100 ms). A port error (for example one
// wrapping serialport.ErrUnplugged) is returned wrapped, so the caller's
// serialport.Link sees it and reconnects.
//
// # The aura LED
//
// Only the R503 family has the aura LED (AuraLedConfig, 0x35). Older
// modules answer it as an unknown instruction — 0x01, or 0xFC on newer
// firmware; the Sensor then remembers there is no LED, says so once in
// the log at debug level (it is no fault), and LED becomes a no-op.
// Options.NoAuraLED carries that over to the next connection to the same
// module, which then neither asks nor logs again.
//
// fingerprint imports the standard library and hw/serialport.
package fingerprint
