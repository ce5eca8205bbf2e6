package main

import (
	"errors"
	"fmt"

	"bianmin/appliance/store"
)

func runAudit(g *global, args []string) error {
	fs := newFlags(g, "audit verify", "检查操作日志链是否完整 / check that the audit chain is unbroken"+viaService)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || fs.Arg(0) != "verify" {
		fs.Usage()
		return &exitError{2, errors.New("用法 / usage: bianmin audit verify")}
	}
	res, err := call[store.AuditVerifyResult](g, auditVerifyOp, struct{}{})
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
