package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"bianmin/appliance/center"
	"bianmin/appliance/locale"
	"bianmin/appliance/printjob"
	"bianmin/appliance/store"
	"bianmin/embedded"
	"bianmin/hw/escpos"
	"bianmin/hw/escpos/sim"
	"bianmin/hw/serialport"
)

// Technician tools for the ticket printer: `bianmin printer test` prints
// a test ticket and reports the status; `bianmin printer profiles` lists
// the models; `bianmin sim printer` runs the simulator on a
// pseudo-terminal.

// printerFont parses the embedded font (the reports' WenQuanYi Micro Hei,
// inflated here: see embedded.Font), which draws what a printer's own font
// lacks, and the simulator's receipts.
func printerFont() (*escpos.Font, error) { return parsedPrinterFont() }

// parsedPrinterFont parses the font once per process (a third of a second
// on a busy machine, ~20 MB inflated): serve, the demo's simulator and the
// tests share it.
var parsedPrinterFont = sync.OnceValues(func() (*escpos.Font, error) {
	ttf, err := embedded.Font()
	if err != nil {
		return nil, err
	}
	return escpos.ParseFont(ttf)
})

// lazyGlyphs is the printer font parsed at the first line the printer's
// own font lacks, so a box whose documents never need it (and its start)
// does not pay for it.
type lazyGlyphs struct{}

func (lazyGlyphs) DrawLine(text string, st escpos.Style) (*image.Gray, error) {
	f, err := printerFont()
	if err != nil {
		return nil, err
	}
	return f.DrawLine(text, st)
}

const printerUsage = "用法 / usage: bianmin printer test --device PATH [--baud N] [--profile P] [--center NAME] | bianmin printer profiles"

func runPrinter(g *global, args []string) error {
	fs := newFlags(g, "printer", "小票打印机工具（技术员用）/ ticket printer tools for technicians\n\n"+
		"  bianmin printer test --device PATH [--baud 9600] [--profile generic-80]   打印测试票并报告状态 / print a test ticket and report the status\n"+
		"  bianmin printer profiles                                                  列出打印机型号配置 / list the printer profiles")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	switch fs.Arg(0) {
	case "test":
		return runPrinterTest(g, fs.Args()[1:])
	case "profiles":
		return runPrinterProfiles(g)
	}
	fs.Usage()
	return &exitError{2, errors.New(printerUsage)}
}

func runPrinterProfiles(g *global) error {
	for _, p := range escpos.Profiles() {
		def := ""
		if p.Name == escpos.DefaultProfile {
			def = "  (默认 / default)"
		}
		fmt.Fprintf(g.stdout, "%-11s %d mm, %d 字/行 chars a line — %s%s\n", p.Name, p.PaperWidthMM, p.CharsPerLine, p.Description, def)
	}
	return nil
}

func runPrinterTest(g *global, args []string) error {
	fs := newFlags(g, "printer test", "在打印机上打印一张测试票（中心名称、示例号码、二维码、一行中文，然后切纸），并报告打印机状态。"+
		"中心名称取自数据目录；服务正在运行、数据目录读不到时用 --center。若服务正在使用这台打印机，请先停止服务。\n"+
		"  print a test ticket (center name, a sample number, a QR code, a line of Chinese, then a cut) and report the printer's status. "+
		"The center name comes from the data dir; when the service holds it or it cannot be read, from --center. Stop the service first if it uses this printer.")
	device := fs.String("device", "", "打印机设备：串口（/dev/ttyUSB0）、USB 打印机（/dev/usb/lp0）或 /dev/bianmin-printer / the printer device: serial, USB printer-class, or the udev link")
	baud := fs.Int("baud", escpos.DefaultBaud, "串口波特率（USB 打印机不用）/ serial baud rate (ignored by USB printers)")
	profileName := fs.String("profile", escpos.DefaultProfile, "打印机型号配置，见 bianmin printer profiles / printer profile, see bianmin printer profiles")
	centerName := fs.String("center", center.DefaultName, "读不到数据目录时用的中心名称 / the center name to print when the data dir cannot be read")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if *device == "" || fs.NArg() > 0 {
		fs.Usage()
		return &exitError{2, errors.New("请给出 --device / give --device PATH")}
	}
	profile, err := escpos.LookupProfile(*profileName)
	if err != nil {
		return &exitError{2, fmt.Errorf("打印机型号配置 / printer profile: %w", err)}
	}
	font, err := printerFont()
	if err != nil {
		return err
	}
	cat := catalog()
	name, source := testCenterName(g, *centerName)
	w := g.stdout
	fmt.Fprintf(w, "打印机 / printer: %s (%s, %d mm)\n", *device, profile.Name, profile.PaperWidthMM)
	fmt.Fprintf(w, "中心名称 / center: %s (%s)\n", name, source)

	port, err := escpos.Open(serialport.Config{Path: *device, Baud: *baud, ReadTimeout: escpos.RecommendedReadTimeout})
	if err != nil {
		return fmt.Errorf("无法打开打印机 / cannot open the printer: %w", err)
	}
	defer port.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	pr := escpos.NewPrinter(port, escpos.Options{Path: *device, Profile: profile, Glyphs: font, Baud: *baud})

	if profile.Status {
		st, err := pr.Status(ctx)
		if err != nil {
			return printerFailure(cat, "读取状态 / reading the status", err)
		}
		fmt.Fprintf(w, "状态 / status: %s\n", statusLine(cat, st))
	}
	doc := testTicket(cat, name, profile, time.Now())
	if err := pr.Print(ctx, doc); err != nil {
		return printerFailure(cat, "打印测试票 / printing the test ticket", err)
	}
	fmt.Fprintln(w, "已打印测试票 / test ticket printed")
	if profile.Status {
		st, err := pr.Status(ctx)
		if err != nil {
			return printerFailure(cat, "读取打印后状态 / reading the status after printing", err)
		}
		fmt.Fprintf(w, "打印后状态 / status after printing: %s\n", statusLine(cat, st))
	} else {
		fmt.Fprintln(w, "此型号不报告状态 / this profile reports no status")
	}
	return nil
}

// testTicket is the test ticket (printjob.TestTicket) with the model's
// name and paper width.
func testTicket(cat *locale.Catalog, centerName string, p escpos.Profile, now time.Time) *escpos.Doc {
	t := func(key string, args map[string]any) string { return cat.T(locale.Default, key, args) }
	return escposDoc(*printjob.TestTicket(centerName, t, now.Format("2006-01-02 15:04:05"), fmt.Sprintf("%s · %d mm", p.Name, p.PaperWidthMM)))
}

// testCenterName reads the center's name from the data dir, read-only;
// when it cannot (no data yet, or `serve` holds the store), it says why
// and falls back to the flag.
func testCenterName(g *global, fallback string) (name, source string) {
	db, err := store.Open(g.dataDir, store.Options{ReadOnly: true, LockTimeout: 300 * time.Millisecond})
	if err != nil {
		why := "读不到数据目录 / data dir not readable"
		if errors.Is(err, store.ErrLocked) {
			why = "数据目录正被服务使用 / the service holds the data dir"
		}
		return fallback, why + "; --center"
	}
	defer db.Close()
	return center.New(db).Get().Name, "数据目录 / data dir " + g.dataDir
}

// statusLine is a status in both languages with the raw reply bytes.
func statusLine(cat *locale.Catalog, st escpos.Status) string {
	if !st.Known {
		return cat.Both(escpos.StatusUnknownKey, nil)
	}
	var parts []string
	for _, p := range st.Problems() {
		parts = append(parts, cat.Both(p.Key, p.Args))
	}
	if len(parts) == 0 {
		parts = []string{cat.Both(escpos.StatusReadyKey, nil)}
	}
	return fmt.Sprintf("%s [% X]", strings.Join(parts, "; "), st.Raw)
}

// printerFailure words a driver error for the technician: the locale text
// in both languages, then the driver's English with the device path.
func printerFailure(cat *locale.Catalog, what string, err error) error {
	var e *escpos.Error
	if errors.As(err, &e) {
		return fmt.Errorf("%s: %s\n  (%v)", what, cat.Both(e.Key, e.Args), err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

const simPrinterUsage = "用法 / usage: bianmin sim printer [--profile P] [--link PATH] [--png DIR]"

func runSimPrinter(g *global, args []string) error {
	fs := newFlags(g, "sim printer", "在新的伪终端上运行小票打印机模拟器，直到 Ctrl-C。第一行只打印设备路径，之后打印每张小票解码出的文字；"+
		"标准输入可输入操作：paper out|load|low、cover open|close、offline、online、cutter jam|fix、head hot|cool、runout N、status\n"+
		"  run the receipt printer simulator on a new pseudo-terminal until Ctrl-C. The first line is the device path alone, then the decoded text of each receipt; "+
		"type actions on stdin: paper out|load|low, cover open|close, offline, online, cutter jam|fix, head hot|cool, runout N, status")
	profileName := fs.String("profile", escpos.DefaultProfile, "模拟的打印机型号配置 / the printer profile to simulate")
	link := fs.String("link", "", "在此路径建立指向设备的符号链接，并打印它 / make a symlink to the device at this path, and print that")
	pngDir := fs.String("png", "", "把每张小票的图片（PNG）写到此目录 / write a PNG of each receipt to this directory")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return &exitError{2, errors.New(simPrinterUsage)}
	}
	profile, err := escpos.LookupProfile(*profileName)
	if err != nil {
		return &exitError{2, fmt.Errorf("打印机型号配置 / printer profile: %w", err)}
	}
	var font *escpos.Font
	if *pngDir != "" {
		if err := os.MkdirAll(*pngDir, 0o755); err != nil {
			return fmt.Errorf("图片目录 / PNG directory: %w", err)
		}
		if font, err = printerFont(); err != nil {
			return err
		}
	}
	out := &lockedWriter{w: g.stdout}
	p := sim.New(sim.Config{Profile: profile, OnReceipt: func(r sim.Receipt) {
		text := r.Text()
		if *pngDir != "" {
			path := filepath.Join(*pngDir, fmt.Sprintf("receipt-%04d.png", r.Seq))
			if err := writePNG(path, r, font); err != nil {
				text += fmt.Sprintf("error: PNG %s: %v\n", path, err)
			} else {
				text += "PNG: " + path + "\n"
			}
		}
		_, _ = io.WriteString(out, text)
	}})
	pair, err := openSimPair(*link)
	if err != nil {
		return err
	}
	defer pair.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintln(out, pair.Path())
	go simActions(os.Stdin, out, p)
	if err := p.Run(ctx, pair); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

// writePNG writes a receipt's picture to path, through a temporary file
// so a reader never sees half a PNG.
func writePNG(path string, r sim.Receipt, font *escpos.Font) error {
	var buf bytes.Buffer
	if err := r.PNG(&buf, font); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// lockedWriter serialises writes from several goroutines (receipts and
// action answers), so lines do not interleave.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
