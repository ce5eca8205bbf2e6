package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"bianmin/appliance/demo"
)

func runDemo(g *global, args []string) error {
	var f serveFlags
	fs := newFlags(g, "demo", "演示模式：模拟设备与演示数据 / demo: simulated devices and demo data (temporary data dir unless --data is given)")
	addServeFlags(fs, &f)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	logger := newLogger(f.logLevel)
	dataDir := g.dataDir
	if !g.dataGiven {
		tmp, err := os.MkdirTemp("", "bianmin-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dataDir = tmp
	}
	svc, err := openServices(dataDir, logger)
	if err != nil {
		return err
	}
	defer svc.Close()

	admin, err := ensureAdmin(svc)
	if err != nil {
		return err
	}
	var creds []demo.Credential
	if !demo.Seeded(svc.staff) {
		if creds, err = demo.Seed(svc.db, svc.accounts); err != nil {
			return fmt.Errorf("fill demo data: %w", err)
		}
	}
	sim, fpPath, err := startSimDevices(dataDir, logger)
	if err != nil {
		return err
	}
	defer sim.Close()
	n, err := sim.enrolAll(svc.staff, svc.enrols)
	if err != nil {
		return fmt.Errorf("enrol demo fingerprints: %w", err)
	}
	if n > 0 {
		logger.Info("demo fingerprints enrolled", "staff", n)
	}
	f.fingerprint = fpPath
	return serveApp(g, svc, f, logger, sim, func(w io.Writer) {
		admin(w)
		printDemoAccounts(w, creds)
	})
}

func printDemoAccounts(w io.Writer, creds []demo.Credential) {
	if len(creds) == 0 {
		fmt.Fprintln(w, "  演示数据已存在；演示账号密码在第一次启动时打印过 / demo data already present; its passwords were printed at first start")
		return
	}
	fmt.Fprintln(w, "  演示账号（首次登录须改密码）/ demo accounts (change password at first login):")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range creds {
		fmt.Fprintf(tw, "    %s\t%s\t%s\n", c.Username, c.Role, c.Password)
	}
	tw.Flush()
}
