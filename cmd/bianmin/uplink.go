package main

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"bianmin/appliance/boxkey"
	"bianmin/appliance/uplink"
)

const uplinkUsage = `县级上报 / county uplink

  bianmin uplink key                 打印本机公钥（一行 base64）和指纹 / print the box's public key (one line, base64) and its fingerprint
  bianmin uplink send [--to URL]     立即发送全部待发记录 / send everything pending now: "sent N, acknowledged M, pending P"
  bianmin uplink export DIR          待确认批次和清单写入U盘目录 / write the unacknowledged batches and a manifest to DIR
  bianmin uplink receipt FILE|DIR    导入县里的回执 / import the county's receipt from the stick
  bianmin uplink status              上报状态 / last success, backlog, last error`

func runUplink(g *global, args []string) error {
	fs := newFlags(g, "uplink key|send|export|receipt|status", uplinkUsage+viaService)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return &exitError{2, errors.New("用法 / usage: bianmin uplink key|send|export|receipt|status")}
	}
	rest := fs.Args()[1:]
	switch fs.Arg(0) {
	case "key":
		return runUplinkKey(g, rest)
	case "send":
		return runUplinkSend(g, rest)
	case "export":
		return runUplinkExport(g, rest)
	case "receipt":
		return runUplinkReceipt(g, rest)
	case "status":
		return runUplinkStatus(g, rest)
	}
	fs.Usage()
	return &exitError{2, fmt.Errorf("未知的上报命令 %q / unknown uplink command %q", fs.Arg(0), fs.Arg(0))}
}

// runUplinkKey prints the box's public key and fingerprint, making the key
// when the box has none yet (the service makes it at its first start).
func runUplinkKey(g *global, args []string) error {
	fs := newFlags(g, "uplink key", "打印本机公钥（第一行 base64）和指纹（第二行），到县里登记用 / print the box's public key (line 1, base64) and its fingerprint (line 2), for registration at the county")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if err := os.MkdirAll(g.dataDir, 0o750); err != nil {
		return err
	}
	key, _, err := boxkey.LoadOrCreate(g.dataDir)
	if err != nil {
		return &exitError{1, err}
	}
	fmt.Fprintln(g.stdout, key.PublicText())
	fmt.Fprintln(g.stdout, key.Fingerprint())
	return nil
}

func runUplinkSend(g *global, args []string) error {
	fs := newFlags(g, "uplink send", "立即发送全部待发记录到县里（默认用设置里的地址）/ send everything pending to the county now (the settings' address by default)"+viaService)
	to := fs.String("to", "", "县里的地址 / the county's URL, https://HOST:PORT (http only to a loopback address or when the county allows it)")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	res, err := call[uplinkSendResult](g, uplinkSendOp, uplinkSendArgs{To: *to})
	if err != nil {
		return refused(err)
	}
	fmt.Fprintf(g.stdout, "sent %d, acknowledged %d, pending %d\n", res.Sent, res.Acknowledged, res.Pending)
	if res.Error != "" {
		return &exitError{1, fmt.Errorf("发送中断，稍后重试不会重复 / sending stopped; trying again later sends nothing twice: %s", res.Error)}
	}
	return nil
}

func runUplinkExport(g *global, args []string) error {
	fs := newFlags(g, "uplink export DIR", "导出到U盘：全部未确认的批次和清单写入 DIR / write every unacknowledged batch and a manifest into DIR (the stick)"+viaService)
	dir, err := parseWithArg(g, fs, args, "DIR")
	if err != nil {
		return err
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return &exitError{1, fmt.Errorf("目录不存在 / no such directory: %s", dir)}
	}
	var stream bytes.Buffer
	raw, err := invoke(g, uplinkExportOp, struct{}{}, nil, &stream)
	if err != nil {
		return refused(err)
	}
	var ex uplink.Exported
	if err := json.Unmarshal(raw, &ex); err != nil {
		return err
	}
	files := 0
	tr := tar.NewReader(&stream)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		data, err := io.ReadAll(io.LimitReader(tr, uplink.MaxBody+1))
		if err != nil {
			return err
		}
		if files == 0 {
			uplink.ClearExport(dir, boxOfFile(h.Name))
		}
		if err := uplink.WriteStickFile(dir, h.Name, data); err != nil {
			return err
		}
		files++
	}
	fmt.Fprintf(g.stdout, "已导出 / exported %d 批 / batches, %d 条记录 / records: %s\n", ex.Batches, ex.Records, filepath.Join(dir, ex.Manifest))
	return nil
}

// boxOfFile is the box id in an uplink file's name.
func boxOfFile(name string) string {
	// uplink-<box>-manifest.json or uplink-<box>-<epoch>-<seq>.json; the
	// box id is 39 characters (boxkey.Fingerprint).
	const n = len("uplink-") + 39
	if len(name) < n {
		return "-"
	}
	return name[len("uplink-"):n]
}

func runUplinkReceipt(g *global, args []string) error {
	fs := newFlags(g, "uplink receipt FILE|DIR", "导入县里写在U盘上的回执：确认的记录从本机待发中删除 / import the county's receipt from the stick: what it acknowledges leaves the box's outbox"+viaService)
	path, err := parseWithArg(g, fs, args, "FILE")
	if err != nil {
		return err
	}
	names := []string{path}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		names, _ = filepath.Glob(filepath.Join(path, "uplink-*-receipt.json"))
		if len(names) == 0 {
			return &exitError{1, fmt.Errorf("%s: %w", path, errNoReceipt)}
		}
	}
	inputs, err := readInputFiles(names)
	if err != nil {
		return err
	}
	a, err := call[uplink.Acked](g, uplinkReceiptOp, struct{}{}, inputs...)
	if err != nil {
		return &exitError{1, refused(err)}
	}
	fmt.Fprintf(g.stdout, "已确认 / acknowledged %d 批 / batches, %d 条记录 / records\n", a.Batches, a.Records)
	return nil
}

func runUplinkStatus(g *global, args []string) error {
	fs := newFlags(g, "uplink status", "上报状态 / the uplink's status"+viaService)
	asJSON := fs.Bool("json", false, "输出 JSON / print JSON")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	st, err := call[uplink.Status](g, uplinkStatusOp, struct{}{})
	if err != nil {
		return refused(err)
	}
	if *asJSON {
		return printJSON(g, st)
	}
	w := g.stdout
	fmt.Fprintf(w, "box: %s  epoch: %s\n", st.Box, st.Epoch)
	fmt.Fprintf(w, "county: %s\n", st.Settings.URL)
	fmt.Fprintf(w, "last success: %s\n", fmtTime(st.LastSuccess))
	fmt.Fprintf(w, "backlog: %d records, %d sealed batches, oldest %s\n", st.Backlog, st.Batches, fmtTime(st.Oldest))
	if st.LastError != "" {
		fmt.Fprintf(w, "last error: %s (%s)\n", st.LastError, fmtTime(st.LastErrorAt))
	}
	return nil
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04:05")
}
