package main

import (
	"errors"
	"fmt"
	"time"

	"bianmin/appliance/store"
)

func runAudit(g *global, args []string) error {
	fs := newFlags(g, "audit verify", "检查操作日志链是否完整 / check that the audit chain is unbroken")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || fs.Arg(0) != "verify" {
		fs.Usage()
		return &exitError{2, errors.New("用法 / usage: bianmin audit verify")}
	}
	db, err := store.Open(g.dataDir, store.Options{ReadOnly: true, LockTimeout: time.Second})
	if errors.Is(err, store.ErrLocked) {
		return &exitError{3, fmt.Errorf("服务正在运行：请在网页“操作日志”页查看日志链，或先停止服务 / the service is running: see the chain on the audit page, or stop the service first: %w", err)}
	}
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.VerifyAudit()
	if err != nil {
		return err
	}
	if !res.OK {
		fmt.Fprintf(g.stdout, "日志链断开 / audit chain BROKEN at entry %d: %s (%d entries intact before it)\n", res.BrokenAt, res.Reason, res.Entries)
		return &exitError{1, fmt.Errorf("audit chain broken at entry %d", res.BrokenAt)}
	}
	fmt.Fprintf(g.stdout, "日志链完整 / audit chain OK: %d entries\n", res.Entries)
	return nil
}
