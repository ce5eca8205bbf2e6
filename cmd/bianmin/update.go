package main

// bianmin update install|status: a technician installs a bundle from a USB
// stick over SSH, through the running service (control.go).

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"bianmin/appliance/boxkey"
	"bianmin/appliance/center"
	"bianmin/appliance/control"
	"bianmin/appliance/problem"
	"bianmin/appliance/report"
	"bianmin/appliance/store"
	"bianmin/appliance/update"
	"bianmin/embedded"
)

const updateUsage = "用法 / usage: bianmin [--data DIR] update install BUNDLE [--trust PUBKEYFILE] | update status"

func runUpdate(g *global, args []string) error {
	fs := newFlags(g, "update install|status", "安装 U 盘上的更新包（先检查，再装入备用槽，备份数据，试运行）；查看更新状态 / install an update bundle from a stick (checked first, into the spare slot, data backed up, on trial); show the update state")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	switch fs.Arg(0) {
	case "install":
		return runUpdateInstall(g, fs.Args()[1:])
	case "status":
		return runUpdateStatus(g, fs.Args()[1:])
	}
	fs.Usage()
	return &exitError{2, errors.New(updateUsage)}
}

func runUpdateInstall(g *global, args []string) error {
	fs := newFlags(g, "update install BUNDLE", "检查并安装更新包；新版本试运行，健康运行一段时间后自动确认，连续 3 次启动失败自动退回 / check and install an update bundle; the new version runs on trial, is kept after a healthy soak, and is rolled back after 3 failed starts"+viaService)
	trust := fs.String("trust", "", "另外信任的公钥文件 / a public key file to trust besides the built-in keys")
	slip := fs.String("slip", "", "把更新单写成 PDF / write the update slip as a PDF")
	onPrinter := fs.Bool("print", false, "在小票打印机上打印更新单 / print the update slip on the ticket printer")
	file, err := parseWithArg(g, fs, args, "BUNDLE")
	if err != nil {
		return err
	}
	// Check the bundle on the stick before anything on the box is touched.
	if _, err := checkBundle(g, file, *trust); err != nil {
		return err
	}
	req := updateInstallArgs{Print: *onPrinter}
	if *trust != "" {
		extra, _ := update.ReadPublicKeyFile(*trust)
		for _, k := range extra {
			req.Trust = append(req.Trust, boxkey.EncodePublic(k))
		}
	}
	// The service cannot read the stick (its sandbox): the bundle goes to
	// update/incoming in the data directory first, and is removed there
	// whether or not it is installed.
	incoming, err := stage(g.dataDir, file)
	if err != nil {
		return err
	}
	defer removeStaged(incoming)
	req.Bundle = filepath.Base(incoming)
	res, err := call[updateInstalled](g, updateInstallOp, req)
	if err != nil {
		return updateRefusal(err)
	}
	printUpdateSlip(g.stdout, res)
	return writeSlipPDF(g, *slip, res)
}

// writeSlipPDF writes the update slip as a one-page PDF (file "" = none).
func writeSlipPDF(g *global, file string, r updateInstalled) error {
	if file == "" {
		return nil
	}
	c := catalog()
	t := func(k string) string { return c.T("zh-CN", k, nil) }
	center := r.Center
	if center == "" {
		center = center0
	}
	s := report.FieldSlip{Center: center, Title: t("update.slip.title"),
		Fields: []report.Field{
			{Label: t("update.slip.from"), Value: r.From},
			{Label: t("update.slip.to"), Value: r.To},
			{Label: t("update.slip.time"), Value: r.At.Local().Format("2006-01-02 15:04:05")},
			{Label: t("update.slip.technician"), Value: r.Technician},
			{Label: t("update.slip.result"), Value: t("update.result." + r.Result)},
		},
		Signs:     []string{t("update.slip.sign_technician"), t("update.slip.sign_center")},
		Generated: c.T("zh-CN", "update.slip.generated", map[string]any{"Time": time.Now().Format("2006-01-02 15:04")}),
	}
	if r.Backup != "" {
		s.Fields = append(s.Fields, report.Field{Label: t("update.slip.backup"), Value: r.Backup})
	}
	font, err := embedded.Font()
	if err != nil {
		return err
	}
	err = store.WriteFileAtomic(file, 0o644, func(w io.Writer) error { return report.WriteFieldSlip(w, s, font) })
	if err != nil {
		return fmt.Errorf("write the slip %s: %w", file, err)
	}
	fmt.Fprintln(g.stdout, c.Both("update.cli.slip_written", map[string]any{"File": file}))
	return nil
}

// center0 names the center on a slip when the service did not say.
const center0 = center.DefaultName

// stage copies the bundle into DATA/update/incoming, owned like the data
// directory so that the service can read it.
func stage(dataDir, file string) (string, error) {
	if _, err := os.Stat(dataDir); err != nil {
		return "", &exitError{1, errors.New(catalog().Both("control.err.no_database", map[string]any{"Dir": dataDir}))}
	}
	dir := filepath.Join(dataDir, update.DirName, "incoming")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", err
	}
	dst := filepath.Join(dir, fmt.Sprintf("%d-%s", time.Now().UnixNano(), filepath.Base(file)))
	src, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer src.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(out, src); err != nil {
		out.Close()
		os.Remove(dst)
		return "", fmt.Errorf("copy %s to %s: %w", file, dst, err)
	}
	if err := out.Close(); err != nil {
		return "", err
	}
	if fi, err := os.Stat(dataDir); err == nil {
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && os.Getuid() == 0 {
			for _, p := range []string{filepath.Dir(dir), dir, dst} {
				os.Lchown(p, int(st.Uid), int(st.Gid))
			}
		}
	}
	return dst, nil
}

func removeStaged(p string) {
	os.Remove(p)
	os.Remove(filepath.Dir(p)) // only when empty
}

// updateRefusal words what the service refused.
func updateRefusal(err error) error {
	var f *control.Failure
	if errors.As(err, &f) && len(f.Problems) > 0 {
		return bundleRefusal(problem.List(f.Problems))
	}
	if len(problem.All(err)) > 0 {
		return bundleRefusal(err)
	}
	return err
}

// printUpdateSlip prints the update slip: old and new version, time,
// technician, result.
func printUpdateSlip(w io.Writer, r updateInstalled) {
	c := catalog()
	fmt.Fprintln(w, c.Both("update.slip.title", nil))
	fmt.Fprintf(w, "  %s: %s\n", c.Both("update.slip.from", nil), r.From)
	fmt.Fprintf(w, "  %s: %s\n", c.Both("update.slip.to", nil), r.To)
	fmt.Fprintf(w, "  %s: %s\n", c.Both("update.slip.time", nil), r.At.Local().Format("2006-01-02 15:04:05"))
	fmt.Fprintf(w, "  %s: %s\n", c.Both("update.slip.technician", nil), r.Technician)
	fmt.Fprintf(w, "  %s: %s\n", c.Both("update.slip.result", nil), c.Both("update.result."+r.Result, nil))
	if r.Restarting {
		fmt.Fprintln(w, c.Both("update.cli.restarting", nil))
	} else {
		fmt.Fprintln(w, c.Both("update.cli.start_service", nil))
	}
}

func runUpdateStatus(g *global, args []string) error {
	fs := newFlags(g, "update status", "显示当前版本、上一版本、试运行和上次更新的结果 / show the current and previous version, the trial, and the last update's result")
	slip := fs.String("slip", "", "把上次更新的更新单（含最终结果）写成 PDF / write the last update's slip, with its final result, as a PDF")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	st, ok, err := update.Layout{FS: update.OS{}, DataDir: g.dataDir}.LoadState()
	if err != nil {
		return err
	}
	c := catalog()
	if !ok {
		fmt.Fprintln(g.stdout, c.Both("update.cli.factory", map[string]any{"Version": version}))
		return nil
	}
	fmt.Fprintf(g.stdout, "%s: %s (%s)\n", c.Both("update.status.current", nil), st.Current.Version, st.Current.Name)
	if st.Previous != nil {
		fmt.Fprintf(g.stdout, "%s: %s (%s)\n", c.Both("update.status.previous", nil), st.Previous.Version, st.Previous.Name)
	}
	if st.Trial {
		fmt.Fprintln(g.stdout, c.Both("update.status.trial", map[string]any{"Starts": st.FailedStarts, "Max": update.MaxFailedStarts}))
	}
	if l := st.Last; l != nil {
		fmt.Fprintf(g.stdout, "%s: %s → %s, %s, %s\n", c.Both("update.status.last", nil), l.From, l.To,
			c.Both("update.result."+l.Result, nil), l.At.Local().Format("2006-01-02 15:04"))
		if l.TrialRecords != "" {
			fmt.Fprintln(g.stdout, c.Both("update.status.trial_records", map[string]any{
				"Records": l.Records, "Punches": l.Punches,
				"File": filepath.Join(g.dataDir, update.DirName, l.TrialRecords), "Store": l.TrialStore}))
		}
		return writeSlipPDF(g, *slip, updateInstalled{From: l.From, To: l.To, Result: l.Result, Technician: l.Technician, At: l.At, Backup: st.Backup})
	}
	return nil
}
