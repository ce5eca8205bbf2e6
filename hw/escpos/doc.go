// Package escpos drives the hall's ESC/POS receipt printer (热敏小票打印机):
// queue tickets, notices, slips and work cards, on the cheap 58 mm and
// 80 mm thermal printers with a GB18030 Chinese font that Chinese service
// halls use (Xprinter, Gprinter, Epson TM Simplified Chinese models), over
// a serial line (USB-serial adapter, RS-232, /dev/ttyACM0) or as a USB
// printer-class device (/dev/usb/lp0).
//
// # Layers
//
//   - protocol.go: the command bytes, each named after its entry in the
//     Epson ESC/POS Command Reference.
//   - encoder.go: Encoder, one method per command, byte for byte as the
//     reference lays it out (golden tests): ESC @, ESC a, ESC E, GS !,
//     FS & / FS ., LF, ESC d, GS V (Function B), GS ( k (QR Code
//     Functions 165, 167, 169, 180, 181), GS v 0, DLE EOT.
//   - document.go: Doc, what callers build — lines of text in a Style
//     (alignment, bold, magnification), rows with a value at the right
//     margin, rules, QR codes, images, feeds, cuts. The layouts of the
//     hall's receipts (ticket, slip, notice, work card) are the domain's
//     (appliance/printjob), rendered into a Doc in cmd. Text is
//     wrapped to the paper (Chinese anywhere, Latin words whole, no closing
//     punctuation at a line start); a magnified line that would wrap is
//     narrowed first. The driver has no words of its own: callers pass
//     text already in the reader's language.
//   - render.go, text.go, raster.go: Doc.Render turns a document into
//     bytes for a Profile. Text goes as GB18030 in Kanji mode (none of its
//     bytes is a control code). What the model lacks is drawn and sent as a
//     GS v 0 raster image: a line with a character its font does not have
//     (four-byte GB18030 on a GBK model, anything beyond the Basic
//     Multilingual Plane, e.g. 𠮷) is drawn whole by a Glyphs (the caller's
//     font), a QR code on a model without GS ( k is drawn from its symbol
//     (rsc.io/qr). Images are padded to the paper width so their alignment
//     does not depend on the model, sent in bands of at most 255 rows, and
//     cleaned of byte pairs a printer would execute as real-time commands.
//   - font.go: Font, a TrueType font (golang.org/x/image/font/opentype)
//     that draws text in the printer's layout (12 × 24 dots a Latin
//     character, 24 × 24 a Chinese one). It implements Glyphs, and the
//     simulator draws its receipts with it. hw may not import embedded, so
//     cmd parses the appliance's embedded font and passes it in.
//   - profile.go: Profiles of printer models (paper width, native QR,
//     four-byte GB18030, cutter, status support); LookupProfile by name.
//   - status.go, errors.go: Status, the four DLE EOT replies decoded (paper
//     out, near end, cover open, offline, cutter error, unrecoverable,
//     head hot), and Error, each condition and driver failure with a
//     locale key for the device page (embedded/locales/printer.*.json) and
//     the technician's English: "printer on /dev/ttyUSB0: paper out — load
//     paper".
//   - printer.go: Printer, a printer on an io.ReadWriter: Status, and Print,
//     which asks the status first and refuses a printer that cannot print
//     (nothing is sent), then asks again after sending and reports a
//     printer that stopped on the way (Error.AfterSend: the printer holds
//     the rest and prints it when the fault clears).
//   - open.go: Open, which opens a tty through serialport and anything else
//     (the kernel's usblp devices) as a plain character device with
//     deadlines; it asks the device which it is, so a stable udev symlink
//     may point at either (deploy/99-bianmin.rules).
//   - device.go: Device, what the appliance runs: a serialport.Link keeps
//     the printer connected (capped jittered backoff after an unplug), the
//     status is polled for the device page, and Print uses the open
//     connection or fails at once with ErrNotConnected. Jobs and their
//     retries live in the store (appliance/printjob, its worker wired in
//     cmd).
//
// # Time
//
// A status request waits at most Options.ReplyTimeout (1 s) for each reply
// byte — after a document, longer by the document's transmission time at
// the line's baud rate, since the reply queues behind it. Open the port
// with RecommendedReadTimeout (100 ms): the driver looks at its deadline
// after every read.
//
// # Tests and fakes
//
// sim is a printer that decodes the byte stream into receipts (text and
// PNG), answers DLE EOT from its state and can run out of paper; it runs
// on a pseudo-terminal for the demo and the process tests. escpostest
// connects the driver to it in memory for unit tests of code that prints.
// sim/CONFORMANCE.md records the checks against an independent decoder
// (escpos-tools) and an independent encoder (escpos-php).
//
// escpos imports the standard library, hw/serialport, golang.org/x/text,
// golang.org/x/image (font rendering), golang.org/x/sys/unix and
// rsc.io/qr; nothing from appliance, ui, cmd or embedded.
package escpos
