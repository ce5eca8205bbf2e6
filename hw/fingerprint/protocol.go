package fingerprint

import (
	"fmt"
	"time"
)

// Section references are to the R30x / AS608 user manuals (Hangzhou Grow,
// ZhianTec; the same text ships with the R307, R503, AS608 and ZFM-20), and
// to the R503 manual for the aura LED.

// Packet framing: manual "Data package format".
const (
	startHigh byte = 0xEF // start code 0xEF01, high byte first
	startLow  byte = 0x01

	headerLen   = 9 // start code (2) + address (4) + packet id (1) + length (2)
	checksumLen = 2 // sum of packet id, both length bytes and the payload, low 16 bits

	// MaxPayload is the largest payload of any packet: a data packet at
	// packet size code 3 (256 bytes). Longer length fields are rejected as
	// line noise.
	MaxPayload = 256
)

// Packet identifiers: manual "Data package format", PID field.
const (
	PIDCommand byte = 0x01 // host → module instruction
	PIDData    byte = 0x02 // data packet, more follow
	PIDAck     byte = 0x07 // module → host acknowledgement
	PIDEndData byte = 0x08 // last data packet
)

// Factory settings: manual "System parameters" and "Module password".
const (
	DefaultAddress  uint32 = 0xFFFFFFFF
	DefaultPassword uint32 = 0x00000000
	DefaultBaud            = 57600 // baud multiplier N=6 × 9600
	baudUnit               = 9600  // manual "System parameters": baud = N × 9600
)

// Instruction is an instruction code: manual "Module instruction system".
type Instruction byte

// Instruction codes, by manual section.
const (
	CmdGenImg         Instruction = 0x01 // "GenImg": collect a finger image
	CmdImg2Tz         Instruction = 0x02 // "Img2Tz": image → character file in buffer 1/2
	CmdMatch          Instruction = 0x03 // "Match": compare buffers 1 and 2
	CmdSearch         Instruction = 0x04 // "Search": search the library with a buffer
	CmdRegModel       Instruction = 0x05 // "RegModel": combine buffers 1 and 2 into a template
	CmdStore          Instruction = 0x06 // "Store": buffer → library page
	CmdLoadChar       Instruction = 0x07 // "LoadChar": library page → buffer
	CmdUpChar         Instruction = 0x08 // "UpChar": buffer → host (ack, then data packets)
	CmdDownChar       Instruction = 0x09 // "DownChar": host → buffer (ack, then host sends data)
	CmdDeleteChar     Instruction = 0x0C // "DeletChar": delete N templates from a page
	CmdEmpty          Instruction = 0x0D // "Empty": clear the library
	CmdReadSysPara    Instruction = 0x0F // "ReadSysPara": 16 bytes of system parameters
	CmdVfyPwd         Instruction = 0x13 // "VfyPwd": verify the 4-byte password
	CmdTemplateNum    Instruction = 0x1D // "TempleteNum": number of stored templates
	CmdReadIndexTable Instruction = 0x1F // "ReadIndexTable": 32-byte bitmap of 256 pages
	CmdAuraLED        Instruction = 0x35 // R503 manual "AuraLedConfig"
)

var instructionNames = map[Instruction]string{
	CmdGenImg: "GenImg", CmdImg2Tz: "Img2Tz", CmdMatch: "Match", CmdSearch: "Search",
	CmdRegModel: "RegModel", CmdStore: "Store", CmdLoadChar: "LoadChar", CmdUpChar: "UpChar",
	CmdDownChar: "DownChar", CmdDeleteChar: "DeleteChar", CmdEmpty: "Empty",
	CmdReadSysPara: "ReadSysPara", CmdVfyPwd: "VfyPwd", CmdTemplateNum: "TemplateNum",
	CmdReadIndexTable: "ReadIndexTable", CmdAuraLED: "AuraLED",
}

// String is the manual's name of the instruction, or its code in hex.
func (c Instruction) String() string {
	if n, ok := instructionNames[c]; ok {
		return n
	}
	return fmt.Sprintf("instruction 0x%02X", byte(c))
}

// Character buffers: manual "Img2Tz", BufferID 1 or 2.
const (
	Buffer1 = 1
	Buffer2 = 2
)

// System parameters: manual "ReadSysPara" (16 bytes after the confirmation
// code).
const (
	sysParaLen = 16
	// PacketSize codes 0..3 mean 32, 64, 128, 256 bytes per data packet.
	packetSizeBase = 32
	maxPacketCode  = 3
)

// Index table: manual "ReadIndexTable" — page P of the table covers
// library pages 256·P … 256·P+255, one bit each, LSB first.
const (
	indexTableBytes = 32
	pagesPerTable   = indexTableBytes * 8
	maxIndexTables  = 4
)

// Aura LED: R503 manual "AuraLedConfig" — control code, speed, colour
// index, count.
const (
	auraFlashing byte = 0x02 // control: flashing light
	auraSpeed    byte = 0x40 // 0 fastest … 255 slowest
	auraRed      byte = 0x01 // colour index: red
	auraBlue     byte = 0x02 // colour index: blue (the R503 has no green)
	auraCount    byte = 0x02 // flash twice
)

// MaxTemplateSize caps an upload from the module. R30x templates are 512
// bytes (2 × 256); newer modules use up to 1536. Anything past the cap is a
// runaway transfer, not a template.
const MaxTemplateSize = 4096

// Timeouts per command: the module answers most commands at once; GenImg
// takes up to ~0.5 s to expose; Search over 1000 pages up to ~1 s.
const (
	defaultTimeout     = time.Second
	defaultSlowTimeout = 3 * time.Second
)

// RecommendedReadTimeout is the serialport.Config.ReadTimeout to open the
// sensor with: the driver checks its deadlines after every read timeout,
// so a command overruns its timeout by at most this much.
const RecommendedReadTimeout = 100 * time.Millisecond
