package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"bianmin/hw/fingerprint"
	"bianmin/hw/fingerprint/sim"
	"bianmin/hw/serialport"
)

// Technician tools for the fingerprint module: `bianmin sim fingerprint`
// runs the simulator alone on a pseudo-terminal; `bianmin fingerprint
// info` asks a sensor for its parameters.

const simFingerprintUsage = "用法 / usage: bianmin sim fingerprint [--enroll N] [--link PATH]"

const simUsage = "用法 / usage: bianmin sim fingerprint|printer [options]"

func runSim(g *global, args []string) error {
	fs := newFlags(g, "sim", "设备模拟器（技术员用）/ device simulators for technicians\n\n"+
		"  bianmin sim fingerprint [--enroll N] [--link PATH]   在新的伪终端上模拟指纹模块 / simulate a fingerprint module on a new pseudo-terminal\n"+
		"  bianmin sim printer [--profile P] [--png DIR]        在新的伪终端上模拟小票打印机 / simulate a receipt printer on a new pseudo-terminal")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	switch fs.Arg(0) {
	case "fingerprint":
		return runSimFingerprint(g, fs.Args()[1:])
	case "printer":
		return runSimPrinter(g, fs.Args()[1:])
	}
	fs.Usage()
	return &exitError{2, errors.New(simUsage)}
}

func runSimFingerprint(g *global, args []string) error {
	fs := newFlags(g, "sim fingerprint", "在新的伪终端上运行指纹模块（R307）模拟器，直到 Ctrl-C。"+
		"第一行只打印设备路径；标准输入可输入操作：place ID、unknown、smudge、lift、enroll PAGE ID、garbage HEX、templates\n"+
		"  run the fingerprint module (R307) simulator on a new pseudo-terminal until Ctrl-C. The first line is the device path alone; "+
		"type actions on stdin: place ID, unknown, smudge, lift, enroll PAGE ID, garbage HEX, templates")
	enroll := fs.Int("enroll", 0, "预先登记 finger-1 … finger-N 到第 0 … N-1 页 / pre-enrol finger-1 … finger-N at pages 0 … N-1")
	link := fs.String("link", "", "在此路径建立指向设备的符号链接，并打印它 / make a symlink to the device at this path, and print that")
	capacity := fs.Int("capacity", 1000, "指纹库容量（页）/ library size in pages")
	hold := fs.Int("hold", 1, "手指在传感器上停留的采图次数，-1 表示直到 lift / GenImg polls a placed finger stays, -1 until lift")
	aura := fs.Bool("aura-led", false, "模拟带 aura LED 的 R503 / simulate an R503 with the aura LED")
	trace := fs.String("trace", "", "把通信字节按测试夹具格式记录到文件 / record the bytes to a file in the test fixture format")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *enroll < 0 || *enroll > *capacity {
		fs.Usage()
		return &exitError{2, errors.New(simFingerprintUsage + " (0 ≤ N ≤ capacity)")}
	}
	cfg := sim.Config{Capacity: *capacity, AuraLED: *aura, HoldPolls: *hold}
	if *trace != "" {
		f, err := os.Create(*trace)
		if err != nil {
			return fmt.Errorf("记录文件 / trace file: %w", err)
		}
		defer f.Close()
		fmt.Fprintf(f, "# bianmin sim fingerprint %s\n", strings.Join(args, " "))
		cfg.Trace = f
	}
	s := sim.New(cfg)
	for i := range *enroll {
		if err := s.Enroll(i, fmt.Sprintf("finger-%d", i+1)); err != nil {
			return err
		}
	}
	pair, err := openSimPair(*link)
	if err != nil {
		return err
	}
	defer pair.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintln(g.stdout, pair.Path())
	go simActions(os.Stdin, g.stdout, s)
	if err := s.Run(ctx, pair); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

func openSimPair(link string) (*serialport.Pair, error) {
	if link != "" {
		return serialport.OpenPairAt(link)
	}
	return serialport.OpenPair()
}

// simulator is a device simulator driven by text actions.
type simulator interface {
	Do(action string) (string, error)
}

// simActions performs one control action per input line and answers
// "ok …" or "error: …" on a line of its own.
func simActions(in io.Reader, out io.Writer, s simulator) {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if answer, err := s.Do(line); err != nil {
			fmt.Fprintln(out, "error:", err)
		} else {
			fmt.Fprintln(out, "ok", answer)
		}
	}
}

func runFingerprint(g *global, args []string) error {
	fs := newFlags(g, "fingerprint", "指纹模块工具（技术员用）/ fingerprint sensor tools for technicians\n\n"+
		"  bianmin fingerprint info --device PATH [--baud 57600]   显示模块参数和已存指纹数 / print the sensor's parameters and template count")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 || fs.Arg(0) != "info" {
		fs.Usage()
		return &exitError{2, errors.New("用法 / usage: bianmin fingerprint info --device PATH [--baud 57600]")}
	}
	return runFingerprintInfo(g, fs.Args()[1:])
}

func runFingerprintInfo(g *global, args []string) error {
	fs := newFlags(g, "fingerprint info", "显示指纹模块的系统参数和已存指纹数 / print the fingerprint sensor's system parameters and template count")
	device := fs.String("device", "", "串口设备，如 /dev/ttyUSB0 或 /dev/bianmin-fingerprint / serial device, e.g. /dev/ttyUSB0")
	baud := fs.Int("baud", fingerprint.DefaultBaud, "波特率 / baud rate")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if *device == "" || fs.NArg() > 0 {
		fs.Usage()
		return &exitError{2, errors.New("请给出 --device / give --device PATH")}
	}
	port, err := serialport.Open(serialport.Config{Path: *device, Baud: *baud, ReadTimeout: fingerprint.RecommendedReadTimeout})
	if err != nil {
		return fmt.Errorf("无法打开指纹模块 / cannot open the fingerprint sensor: %w", err)
	}
	defer port.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sensor, err := fingerprint.New(ctx, port, fingerprint.Options{Logger: newLogger("error")})
	if err != nil {
		return fmt.Errorf("指纹模块 %s 没有正常应答 / the fingerprint sensor on %s did not answer properly: %w", *device, *device, err)
	}
	count, err := sensor.Count(ctx)
	if err != nil {
		return fmt.Errorf("读取已存指纹数 / read the template count: %w", err)
	}
	p := sensor.Params()
	w := g.stdout
	fmt.Fprintf(w, "指纹模块 / fingerprint sensor: %s\n", *device)
	fmt.Fprintf(w, "  状态寄存器 / status register: 0x%04X\n", p.Status)
	fmt.Fprintf(w, "  系统标识 / system id: 0x%04X\n", p.SystemID)
	fmt.Fprintf(w, "  指纹库容量 / library size: %d\n", p.LibrarySize)
	fmt.Fprintf(w, "  安全等级 / security level: %d\n", p.SecurityLevel)
	fmt.Fprintf(w, "  设备地址 / device address: 0x%08X\n", p.Address)
	fmt.Fprintf(w, "  数据包大小 / packet size: %d 字节 / bytes\n", p.PacketSize)
	fmt.Fprintf(w, "  波特率 / baud rate: %d\n", p.Baud)
	fmt.Fprintf(w, "  已存指纹 / templates stored: %d\n", count)
	return nil
}
