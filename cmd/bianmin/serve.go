package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"bianmin/appliance/device"
	"bianmin/ui"
)

// serveFlags are the flags serve and demo share.
type serveFlags struct {
	addr     string
	logLevel string
}

func addServeFlags(fs interface {
	StringVar(p *string, name, value, usage string)
}, f *serveFlags) {
	fs.StringVar(&f.addr, "addr", envOr("BIANMIN_ADDR", ":8080"), "网页服务地址 HOST:PORT / web address HOST:PORT")
	fs.StringVar(&f.logLevel, "log-level", envOr("BIANMIN_LOG_LEVEL", "info"), "日志级别 debug|info|warn|error / log level")
}

func runServe(g *global, args []string) error {
	var f serveFlags
	fs := newFlags(g, "serve", "运行一体机 / run the appliance on this box")
	addServeFlags(fs, &f)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	logger := newLogger(f.logLevel)
	svc, err := openServices(g.dataDir, logger)
	if err != nil {
		return err
	}
	defer svc.Close()
	admin, err := ensureAdmin(svc)
	if err != nil {
		return err
	}
	return serveApp(g, svc, f, logger, device.NewRegistry(time.Now), nil, admin)
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
func serveApp(g *global, svc *services, f serveFlags, logger *slog.Logger, devices *device.Registry, sim ui.SimPanel, extra func(w io.Writer)) error {
	started := time.Now()
	app, err := ui.New(ui.Deps{
		DB: svc.db, Accounts: svc.accounts, Staff: svc.staff, Center: svc.center, Devices: devices, Sim: sim,
		Logger: logger, Started: started,
		Build: ui.BuildInfo{Version: version, Commit: commit, BuildDate: buildDate, GoVersion: runtime.Version(), Platform: platform()},
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go purgeSessions(ctx, svc, logger)
	return app.Serve(ctx, f.addr, func(addr string) {
		w := g.stdout
		fmt.Fprintf(w, "便民服务中心一体机已启动 / Bianmin is running\n")
		fmt.Fprintf(w, "  网址 / URL:        %s\n", displayURL(addr))
		fmt.Fprintf(w, "  数据 / data:       %s\n", svc.db.DataDir())
		if extra != nil {
			extra(w)
		}
		logger.Info("listening", "addr", addr, "data", svc.db.DataDir(), "version", version)
	})
}

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
