package main

import (
	"bianmin/appliance/assess"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
	"bianmin/appliance/demo"
	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
	"bianmin/appliance/rating"
	"bianmin/embedded"
	"bianmin/hw/escpos"
)

func runDemo(g *global, args []string) error {
	var f serveFlags
	fs := newFlags(g, "demo", "演示模式：模拟设备与演示数据 / demo: simulated devices and demo data (temporary data dir unless --data is given)")
	addServeFlags(fs, &f)
	punches := fs.Bool("demo-punches", true, "为演示人员生成最近五周的打卡和请假 / give the demo staff punches and leave for the last five weeks")
	clockAt := fs.String("clock", "", "演示时钟：一体机从此时刻起走时，如 \"2026-03-10 14:20\" 或 2026-03-10T14:20（培训和测试用；空 = 系统时间）/ the demo box's clock runs from this instant (for training and tests; empty = the system's)")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	now, err := demoClock(*clockAt, f.tz)
	if err != nil {
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
	loc, err := centerLocation(f.tz)
	if err != nil {
		return err
	}
	svc, err := openServicesAt(dataDir, logger, loc, now)
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
		now := svc.db.Now() // the demo's clock (--clock)
		if creds, err = demo.Seed(svc.db, svc.accounts, demo.From(now, loc), now); err != nil {
			return fmt.Errorf("fill demo data: %w", err)
		}
		if *punches {
			if err := seedDemoPunches(svc, loc, now, logger); err != nil {
				return err
			}
		}
		if err := seedDemoIntake(svc, loc, logger); err != nil {
			return err
		}
	}
	sim, fpPath, err := startSimDevices(dataDir, logger)
	if err != nil {
		return err
	}
	defer sim.Close()
	n, restored, err := sim.enrolAll(svc.staff, svc.enrols)
	if err != nil {
		return fmt.Errorf("enrol demo fingerprints: %w", err)
	}
	if n > 0 {
		logger.Info("demo fingerprints enrolled", "staff", n)
	}
	if restored > 0 {
		logger.Info("simulated sensor given the kept template copies", "fingers", restored)
	}
	f.fingerprint = fpPath
	profile, err := escpos.LookupProfile(f.printerProfile)
	if err != nil {
		return &exitError{2, fmt.Errorf("打印机型号配置 / printer profile: %w", err)}
	}
	simCtx, stopSim := context.WithCancel(context.Background())
	defer stopSim()
	sp, err := startSimPrinter(simCtx, dataDir, profile, logger)
	if err != nil {
		return fmt.Errorf("simulated printer: %w", err)
	}
	defer sp.Close()
	f.printer, f.simPrinter = sp.Path(), sp
	sim.mu.Lock()
	sim.printer = sp
	sim.mu.Unlock()
	return serveApp(g, svc, f, logger, sim, func(w io.Writer) {
		admin(w)
		printDemoAccounts(w, creds)
	})
}

// seedDemoPunches fills the last five weeks with the demo staff's punches
// and leave, and plays the last working day of the queue.
func seedDemoPunches(svc *services, loc *time.Location, now time.Time, logger *slog.Logger) error {
	cal, err := calendar.Load(svc.db, embedded.FS, loc)
	if err != nil {
		return err
	}
	n, err := demo.SeedPunches(svc.db, cal, loc, now, uint64(time.Now().UnixNano()))
	if err != nil {
		return fmt.Errorf("demo punches: %w", err)
	}
	lv := leave.New(svc.db).WithSchedule(attendance.LeaveScheduleFunc(cal))
	m, err := demo.SeedLeave(lv, svc.staff, cal, loc, now)
	if err != nil {
		return fmt.Errorf("demo leave: %w", err)
	}
	r, err := demo.SeedRatings(rating.New(svc.db, cal), cal, loc, now, uint64(time.Now().UnixNano()))
	if err != nil {
		return fmt.Errorf("demo ratings: %w", err)
	}
	tickets, err := demo.SeedQueueDay(svc.db, now, loc, uint64(time.Now().UnixNano()))
	if err != nil {
		return fmt.Errorf("demo queue day: %w", err)
	}
	logger.Info("demo punches, leave, ratings and a day of queue tickets recorded", "punches", n, "leave", m, "ratings", r, "tickets", tickets)
	return nil
}

// seedDemoIntake fills the service catalog and registers a few cases.
func seedDemoIntake(svc *services, loc *time.Location, logger *slog.Logger) error {
	cal, err := calendar.Load(svc.db, embedded.FS, loc)
	if err != nil {
		return err
	}
	cases := intake.New(svc.db, cal)
	n, err := demo.SeedIntake(cases, svc.staff)
	if err != nil {
		return fmt.Errorf("demo cases: %w", err)
	}
	ins, err := demo.SeedAssess(assess.New(svc.db, cal, cases), svc.staff, cal, loc, svc.db.Now())
	if err != nil {
		return fmt.Errorf("demo assessment: %w", err)
	}
	logger.Info("demo catalog, cases and inspections recorded", "cases", n, "inspections", ins)
	return nil
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

// demoClock is the demo box's clock: from the instant at ("YYYY-MM-DD
// HH:MM" in the center's zone tz) on, as the system clock runs; nil
// (the system's clock) when at is empty.
func demoClock(at, tz string) (func() time.Time, error) {
	if at == "" {
		return nil, nil
	}
	loc, err := centerLocation(tz)
	if err != nil {
		return nil, err
	}
	start, err := time.ParseInLocation("2006-01-02 15:04", strings.Replace(strings.TrimSpace(at), "T", " ", 1), loc)
	if err != nil {
		return nil, &exitError{2, fmt.Errorf("--clock 请写成 \"2026-03-10 14:20\" / write --clock like \"2026-03-10 14:20\": %q", at)}
	}
	began := time.Now()
	return func() time.Time { return start.Add(time.Since(began)) }, nil
}
