// Package sim simulates an ESC/POS receipt printer, so the real driver runs
// against it byte for byte in tests and in `bianmin demo`, and a
// technician can see what a print would look like (`bianmin sim printer`).
//
// The Decoder reads the byte stream as a printer with a given
// escpos.Profile would (paper width, whether its font has four-byte
// GB18030 characters): the commands the driver sends and the common
// others, text in GB18030 in Kanji mode (code page 437 outside it), QR
// codes from the data stored with GS ( k (the symbol is never scanned from
// an image), raster and column bit images, barcodes, feeds and cuts. It
// keeps its modes across reads, so the stream may arrive in any pieces,
// and bounds the memory a hostile stream can take; FuzzDecode holds it to
// that. Each cut ends a Receipt: its lines, styles, QR payloads and images,
// as text (Receipt.Text, Lines) and as a PNG drawn with a font passed in
// (Receipt.Image, PNG; QR codes drawn from their data with rsc.io/qr).
//
// Printer wraps a Decoder with the printer's state: it answers the
// real-time status requests (DLE EOT 1–4) on reception, wherever they fall
// in the stream, and can be out of paper, near the end of the roll, have
// its cover open, be offline, jam its cutter or overheat — all from code or
// as text actions (Do). While it cannot print it holds what it receives and
// prints it when the fault clears, as real printers do; RunOutAfter makes
// the paper end in the middle of a receipt. A receipt left without a cut is
// torn off after IdleTear of silence. Run connects it to the master side of
// a serialport.Pair.
//
// CONFORMANCE.md records how the decoder was checked against an
// independent encoder (mike42/escpos-php; its output is the fixture in
// testdata) and the driver against an independent decoder
// (receipt-print-hq/escpos-tools).
//
// sim imports the standard library, hw/escpos, hw/serialport and
// golang.org/x/text.
package sim
