package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"bianmin/appliance/auditlog"
	"bianmin/appliance/boxkey"
	"bianmin/appliance/device"
	"bianmin/appliance/locale"
	"bianmin/appliance/punchclock"
	"bianmin/embedded"
	"bianmin/hw/escpos"
	"bianmin/hw/systime"
	"bianmin/internal/sdnotify"
	"bianmin/ui"
)

// serveFlags are the flags serve and demo share.
type serveFlags struct {
	addr        string
	logLevel    string
	fingerprint string        // serial device of the fingerprint sensor; "" = none
	poll        time.Duration // pause between sensor polls with no finger
	tz          string        // the center's time zone
	// secureCookies marks cookies Secure (served behind HTTPS); they are
	// Secure anyway on a request that came over TLS.
	secureCookies bool
	// storeCheckAfter is how long after start the first full structure
	// check of the database begins (storecheck.go).
	storeCheckAfter time.Duration
	// updateSoak is how long a version on trial must pass its health
	// checks before it commits itself (trial.go).
	updateSoak time.Duration
	// The ticket printer: its device ("" = none), line speed and model.
	printer        string
	printerBaud    int
	printerProfile string
	// simPrinter is demo mode's simulated printer, for the panel.
	simPrinter ui.SimPrinter
}

func addServeFlags(fs *flag.FlagSet, f *serveFlags) {
	fs.DurationVar(&f.poll, "fingerprint-poll", 150*time.Millisecond, "指纹机轮询间隔 / pause between fingerprint polls")
	fs.StringVar(&f.addr, "addr", envOr("BIANMIN_ADDR", ":8080"), "网页服务地址 HOST:PORT / web address HOST:PORT")
	fs.StringVar(&f.logLevel, "log-level", envOr("BIANMIN_LOG_LEVEL", "info"), "日志级别 debug|info|warn|error / log level")
	fs.StringVar(&f.tz, "tz", envOr("BIANMIN_TZ", defaultTZ), "中心所在时区（考勤按此判定）/ the center's time zone (attendance is judged in it)")
	fs.BoolVar(&f.secureCookies, "secure-cookies", envOr("BIANMIN_SECURE_COOKIES", "") == "1",
		"经 HTTPS 访问时打开（如前面有 HTTPS 反向代理）：Cookie 只走加密连接 / set when browsers reach the box over HTTPS (a TLS proxy in front): cookies travel over HTTPS only")
	fs.DurationVar(&f.updateSoak, "update-soak", durationEnv("BIANMIN_UPDATE_SOAK", defaultSoak),
		"更新后的新版本健康运行多久才确认保留（试运行）/ how long a newly installed version must stay healthy before it is kept (its trial)")
	fs.StringVar(&f.printerProfile, "printer-profile", envOr("BIANMIN_PRINTER_PROFILE", escpos.DefaultProfile),
		"取号打印机型号配置，见 bianmin printer profiles / the ticket printer's profile, see bianmin printer profiles")
	fs.DurationVar(&f.storeCheckAfter, "store-check-after", storeCheckAfter,
		"启动后多久开始逐页检查数据库（之后每天一次；0 = 立即）/ how long after start the page-by-page check of the database begins (then daily; 0 = at once)")
}

func runServe(g *global, args []string) error {
	var f serveFlags
	fs := newFlags(g, "serve", "运行一体机 / run the appliance on this box")
	addServeFlags(fs, &f)
	fs.StringVar(&f.fingerprint, "fingerprint", envOr("BIANMIN_FINGERPRINT", ""), "指纹模块串口，如 /dev/bianmin-fingerprint；空 = 不用 / fingerprint sensor's serial device; empty = none")
	fs.StringVar(&f.printer, "printer", envOr("BIANMIN_PRINTER", ""), "取号打印机设备，如 /dev/bianmin-printer、/dev/usb/lp0；空 = 不用 / the ticket printer's device; empty = none")
	fs.IntVar(&f.printerBaud, "printer-baud", escpos.DefaultBaud, "取号打印机串口波特率（USB 打印机不用）/ the ticket printer's serial baud rate (ignored by USB printers)")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	logger := newLogger(f.logLevel)
	wd := startWatchdog() // from the first moment: the store's check and migrations may take minutes
	loc, err := centerLocation(f.tz)
	if err != nil {
		return err
	}
	if err := checkBeforeStart(g, logger); err != nil {
		return err
	}
	svc, err := openServices(g.dataDir, logger, loc)
	if err != nil {
		return err
	}
	defer svc.Close()
	wd.serving(svc.db)
	admin, err := ensureAdmin(svc)
	if err != nil {
		return err
	}
	return serveApp(g, svc, f, logger, nil, admin)
}

// ensureAdmin creates the first admin account on an empty store and
// returns what to print about it (nothing when accounts already exist).
func ensureAdmin(svc *services) (func(w io.Writer), error) {
	pw, created, err := svc.accounts.EnsureAdmin()
	if err != nil {
		return nil, fmt.Errorf("create the first admin account: %w", err)
	}
	return func(w io.Writer) {
		if !created {
			return
		}
		fmt.Fprintf(w, "  管理员 / admin:    用户名 username: admin\n")
		fmt.Fprintf(w, "  一次性密码 / one-time admin password: %s\n", pw)
		fmt.Fprintf(w, "  首次登录后须修改密码 / change it at first login\n")
	}, nil
}

// serveApp starts the web app and blocks until SIGINT or SIGTERM. extra
// prints what follows the address (the one-time admin password, demo
// accounts).
func serveApp(g *global, svc *services, f serveFlags, logger *slog.Logger, sim ui.SimPanel, extra func(w io.Writer)) error {
	started := time.Now()
	loc, err := centerLocation(f.tz)
	if err != nil {
		return err
	}
	if err := svc.openRecords(loc); err != nil {
		return err
	}
	if err := svc.openAuditLog(logger); err != nil {
		return err
	}
	defer startControl(svc, logger)() // commands on this box go through the service (control.go)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// end stops the service with an exit code for the launcher: a failed
	// health check on trial (1), or a restart into an installed update.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var endCode atomic.Int32
	end := func(code int) { endCode.Store(int32(code)); cancel() }
	if underLauncher() {
		svc.restart = func() { end(exitRestart) }
	}
	devices := device.NewRegistry(svc.db.Now)
	monitor := systime.New(systime.Options{OnJump: func(d time.Duration) {
		logger.Warn("the wall clock jumped; punches are flagged until NTP syncs", "by", d)
	}})
	go monitor.Run(ctx, 5*time.Second)
	times := punchTime{monitor}
	q := startQueue(ctx, svc, monitor, logger)
	var clock *punchclock.Clock
	if f.fingerprint != "" {
		clock = punchclock.New(punchclock.Config{Device: fingerprintDevice, Logger: logger, PollInterval: f.poll, Now: svc.db.Now, Location: loc,
			Count: func(c string, d int64) { devices.Count(fingerprintDevice, c, d) }},
			svc.punches, svc.enrols, svc.staff, times, punchclock.NewHub())
		go runFingerprintClock(ctx, f.fingerprint, clock, devices, logger)
	}
	box, err := svc.uplinkBox()
	if err != nil {
		return err
	}
	kick := make(chan struct{}, 1)
	var cards ui.CardPrinter
	var notices ui.NoticePrinter
	if f.printer != "" {
		cfg, err := f.printerConfig()
		if err != nil {
			return err
		}
		runTicketPrinter(ctx, cfg, svc.db, devices, logger)
		cards = cardPrinter{svc.db}
		q.SetPrinter(queuePrinter{cat: locale.Lazy(embedded.FS), lang: locale.Default, base: lanBase(f.addr)})
		notices = noticePrinter{svc.db}
	}
	// The window displays ask for a rating while the flow has the window
	// armed: every arm, rating and expiry sends the hall's screens a
	// fresh board (the app exists only once ui.New below has run).
	var hallApp atomic.Pointer[ui.App]
	flow := startRatings(ctx, svc, devices, logger, queuePresses(q, logger), func(int, bool) {
		if a := hallApp.Load(); a != nil {
			a.HallChanged()
		}
	})
	defer flow.Stop()
	q.OnFinished(armRating(flow, svc, logger))
	app, err := ui.New(ui.Deps{
		DB: svc.db, Accounts: svc.accounts, Staff: svc.staff, Center: svc.center, Devices: devices, Sim: sim,
		Punches: svc.punches, Enrols: svc.enrols, Clock: clock, Time: times, Imports: svc.imports,
		Records: svc.records, Calendar: svc.calendar, Location: loc, Leave: svc.leave, Intake: svc.intake,
		Audit: svc.audit, SecureCookies: f.secureCookies, CardPrinter: cards, SimPrinter: f.simPrinter, NoticePrinter: notices,
		Ratings: svc.ratingService(), RatingFlow: flow, RatePrompts: flow, CheckLineMap: checkLineMap,
		Uplink: box, UplinkKick: func() {
			select {
			case kick <- struct{}{}:
			default: // a send is already asked for
			}
		},
		Logger: logger, Started: started,
		Build: ui.BuildInfo{Version: version, Commit: commit, BuildDate: buildDate, GoVersion: runtime.Version(), Platform: platform()},
		Queue: q,
	})
	if err != nil {
		return err
	}
	hallApp.Store(app)
	go purgeSessions(ctx, svc, logger)
	go keepAuditLog(ctx, svc, logger)
	go box.Run(ctx, logger, uplinkEvery, kick) // to the county, when the settings name one
	defer svc.accounts.FlushLoginAudit(true)   // the failed-login windows still open
	defer func() { sdnotify.Notify("STOPPING=1") }()
	err = app.Serve(ctx, f.addr, func(addr string) {
		go watchStore(ctx, svc.db, logger, f.storeCheckAfter) // the full structure check, once the hall is up
		go watchHealth(ctx, svc.db, displayURL(addr), f.updateSoak, logger, func() { end(1) })
		go resumeImports(ctx, svc, logger)
		// The banner goes out in one write: whoever reads it (a technician's
		// script, a test) gets the URL and the passwords together.
		var w bytes.Buffer
		fmt.Fprintf(&w, "便民服务中心一体机已启动 / Bianmin is running\n")
		fmt.Fprintf(&w, "  网址 / URL:        %s\n", displayURL(addr))
		fmt.Fprintf(&w, "  数据 / data:       %s\n", svc.db.DataDir())
		if extra != nil {
			extra(&w)
		}
		if _, err := g.stdout.Write(w.Bytes()); err != nil {
			logger.Warn("print the banner", "err", err)
		}
		logger.Info("listening", "addr", addr, "data", svc.db.DataDir(), "version", version)
	})
	if code := int(endCode.Load()); err == nil && code != 0 {
		return &exitError{code, fmt.Errorf("ended for the launcher (exit code %d)", code)}
	}
	return err
}

// durationEnv reads a duration from the environment, or def.
func durationEnv(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(envOr(name, "")); err == nil {
		return d
	}
	return def
}

// uplinkEvery is how often the sender looks for records to send when the
// last attempt succeeded (a failure backs off, appliance/uplink.Run).
const uplinkEvery = 5 * time.Minute

// displayURL turns a listen address into a URL people can open.
func displayURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "127.0.0.1"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return "http://" + host + ":" + port
}

// openAuditLog loads the box's key, making it at the first start (DATA/
// box.key, 0600, never in a backup), and opens the audit log with it.
func (s *services) openAuditLog(logger *slog.Logger) error {
	key, created, err := boxkey.LoadOrCreate(s.db.DataDir())
	if err != nil {
		return fmt.Errorf("the box key: %w", err)
	}
	if created {
		logger.Info("made the box's signing key", "file", filepath.Join(s.db.DataDir(), boxkey.FileName), "fingerprint", key.Fingerprint())
	}
	s.audit = auditlog.New(s.db, key).WithLogger(logger)
	return nil
}

// Audit log upkeep.
const (
	// auditCheckAfter is how long after start the chain's first full
	// check begins (start-up and the first pages and punches come first:
	// with ten years of audit the check reads 636 MB and takes 15–30 s of
	// a core on the build machine, minutes on a Pi), and auditCheckEvery
	// how often it runs again. The office can start one at any time on
	// the audit page.
	auditCheckAfter = 10 * time.Minute
	auditCheckEvery = 24 * time.Hour
	// loginAuditEvery is how often the closed windows of failed logins
	// are written to the audit log.
	loginAuditEvery = time.Minute
)

// keepAuditLog indexes older entries for search, checks the whole chain a
// while after start and then daily, and writes the failed-login windows
// as they close.
func keepAuditLog(ctx context.Context, svc *services, logger *slog.Logger) {
	go svc.audit.Backfill(ctx, logger)
	check := time.NewTimer(auditCheckAfter)
	defer check.Stop()
	flush := time.NewTicker(loginAuditEvery)
	defer flush.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-flush.C:
			svc.accounts.FlushLoginAudit(false)
		case <-check.C:
			svc.audit.StartCheck()
			check.Reset(auditCheckEvery)
		}
	}
}

// purgeSessions deletes expired sessions every hour.
func purgeSessions(ctx context.Context, svc *services, logger *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := svc.accounts.PurgeExpired(); err != nil {
				logger.Warn("purge expired sessions", "err", err)
			} else if n > 0 {
				logger.Info("purged expired sessions", "count", n)
			}
		}
	}
}

// resumeImports finishes the imports a crash or power cut left running.
func resumeImports(ctx context.Context, svc *services, logger *slog.Logger) {
	n, err := svc.imports.Resume(ctx)
	switch {
	case err != nil:
		logger.Error("resume unfinished imports", "err", err)
	case n > 0:
		logger.Info("unfinished imports written to the end", "imports", n)
	}
}

// printerConfig is the ticket printer the flags describe, with the
// embedded font (parsed when first needed) to draw what its own font
// lacks.
func (f serveFlags) printerConfig() (printerConfig, error) {
	profile, err := escpos.LookupProfile(f.printerProfile)
	if err != nil {
		return printerConfig{}, &exitError{2, fmt.Errorf("打印机型号配置 / printer profile: %w", err)}
	}
	return printerConfig{path: f.printer, baud: f.printerBaud, profile: profile, glyphs: lazyGlyphs{}}, nil
}
