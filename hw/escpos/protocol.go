package escpos

// ESC/POS command bytes. Each constant names the Epson "ESC/POS Command
// Reference" entry it implements (the command's name as the reference
// gives it, and its chapter where the reference groups commands); the
// byte layouts are in the reference's [Format] lines and are repeated
// beside each Encoder method.
const (
	// ASCII control codes used as command prefixes.
	NUL = 0x00
	LF  = 0x0A // "LF — Print and line feed" (Print commands)
	DLE = 0x10 // prefix of the real-time commands
	EOT = 0x04
	ESC = 0x1B
	FS  = 0x1C // prefix of the Kanji (Chinese) commands
	GS  = 0x1D

	// ESC commands.
	cmdInitialize       = '@' // "ESC @ — Initialize printer" (Miscellaneous commands)
	cmdJustification    = 'a' // "ESC a — Select justification" (Print position commands)
	cmdEmphasized       = 'E' // "ESC E — Turn emphasized mode on/off" (Character commands)
	cmdPrintAndFeedLine = 'd' // "ESC d — Print and feed n lines" (Print commands)

	// GS commands.
	cmdCharacterSize = '!' // "GS ! — Select character size" (Character commands)
	cmdCut           = 'V' // "GS V — Select cut mode and cut paper" (Mechanism control commands)
	cmdRasterImage   = 'v' // "GS v 0 — Print raster bit image" (Bit image commands, obsolete but universal)
	cmdRasterImage0  = '0' //   second byte of GS v 0
	cmd2DCode1       = '(' // "GS ( k — Set up and print the symbol" (Two-dimensional code commands)
	cmd2DCode2       = 'k'

	// FS commands.
	cmdKanjiOn  = '&' // "FS & — Select Kanji character mode" (Kanji commands)
	cmdKanjiOff = '.' // "FS . — Cancel Kanji character mode" (Kanji commands)

	// DLE commands.
	cmdRealtimeStatus = EOT // "DLE EOT — Transmit real-time status" (Status commands)
)

// ESC a n: n selects the justification; the reference accepts 0–2 and
// 48–50 ("0"–"2"). The encoder sends 0–2.
const (
	justifyLeft   = 0
	justifyCenter = 1
	justifyRight  = 2
)

// GS ! n: bits 4–6 are the width magnification − 1, bits 0–2 the height
// magnification − 1, each 1–8.
const maxMagnification = 8

// GS V: "Select cut mode and cut paper". Function A (m = 0/48 full,
// 1/49 partial) cuts at once; Function B (m = 65 full, 66 partial, then
// n) first feeds the paper to the cutting position plus n × the vertical
// motion unit, so the last printed line is not left inside the printer.
// The encoder uses Function B.
const (
	cutFullA    = 0
	cutPartialA = 1
	cutFullB    = 65
	cutPartialB = 66
)

// GS ( k, cn = 49: the QR Code functions of "GS ( k — Set up and print
// the symbol". pL pH count the bytes after themselves (cn, fn and the
// parameters).
const (
	qrCn = 49 // cn: QR Code

	qrFnModel      = 65 // "Function 165: QR Code: Select the model" — n1 = 49/50 (model 1/2) or 51 (Micro QR), n2 = 0
	qrFnModuleSize = 67 // "Function 167: QR Code: Set the size of module" — n = 1..16 dots
	qrFnErrorLevel = 69 // "Function 169: QR Code: Select the error correction level" — n = 48..51 (L, M, Q, H)
	qrFnStore      = 80 // "Function 180: QR Code: Store the data in the symbol storage area" — m = 48, then d1…dk
	qrFnPrint      = 81 // "Function 181: QR Code: Print the symbol data in the symbol storage area" — m = 48
	qrFnSizeInfo   = 82 // "Function 182: QR Code: Transmit the size information of the symbol data" — m = 48

	qrModel1    = 49
	qrModel2    = 50
	qrMicro     = 51
	qrStoreM    = 48 // m of Functions 180–182
	qrMaxModule = 16
	// Function 180 stores at most 7089 bytes (a version 40 symbol); the
	// length field pL pH (k + 3) must fit in 16 bits either way.
	qrMaxData = 7089
)

// GS v 0 m xL xH yL yH d1…dk: m selects the scale (0 normal, 1 double
// width, 2 double height, 3 quadruple); x is the width in bytes (8 dots
// each), y the height in dots, k = x × y.
const (
	rasterNormal = 0
	// rasterMaxRows is the tallest band the encoder sends in one GS v 0.
	// With yH ≤ 1 the header never holds the bytes DLE EOT, and the
	// printer's buffer is never asked to hold a whole logo at once (the
	// reference recommends splitting large images into bands).
	rasterMaxRows = 255
)

// DLE EOT n: n = 1 printer status, 2 offline cause, 3 error cause, 4 roll
// paper sensor status. The printer answers each with one byte whose bits
// 0 and 7 are 0 and bits 1 and 4 are 1 ("Not used. Fixed to Off/On").
const (
	StatusPrinter = 1
	StatusOffline = 2
	StatusError   = 3
	StatusPaper   = 4

	statusFixedMask  = 0x93 // bits 0, 1, 4, 7
	statusFixedValue = 0x12 // bits 1 and 4 on, 0 and 7 off
)

// Bits of the DLE EOT replies, per n.
const (
	// n = 1, printer status.
	bitOffline       = 1 << 3 // 0 online, 1 offline
	bitWaitingOnline = 1 << 5 // waiting for online recovery (later models)
	bitFeedButton1   = 1 << 6 // paper feed button pressed (later models)

	// n = 2, offline cause.
	bitCoverOpen    = 1 << 2
	bitFeedButton   = 1 << 3 // paper is being fed by the feed button
	bitPaperEndStop = 1 << 5 // printing stopped because of paper end
	bitErrorOccured = 1 << 6

	// n = 3, error cause.
	bitRecoverable     = 1 << 2 // recoverable error (later models; "not used" on older ones)
	bitCutterError     = 1 << 3 // autocutter error
	bitUnrecoverable   = 1 << 5 // unrecoverable error
	bitAutoRecoverable = 1 << 6 // automatically recoverable error (head temperature, voltage)

	// n = 4, roll paper sensor status: two bits each.
	bitsPaperNearEnd = 0x0C // bits 2, 3: near-end sensor says paper near end
	bitsPaperEnd     = 0x60 // bits 5, 6: end sensor says no paper
)

// Dots of the standard fonts at 203 dpi: Font A is 12 × 24, a Kanji
// (Chinese) character 24 × 24.
const (
	fontAWidth = 12
	kanjiWidth = 24
	LineHeight = 24 // dots of one line of text at normal size
	dotsPerMM  = 8  // 203 dpi
)
