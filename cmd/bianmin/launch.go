package main

// bianmin launch: the launcher. systemd starts it (deploy/bianmin.service);
// it starts the current slot's `bianmin serve` as its child, counts the
// starts that fail, and after three in a row boots the previous slot
// (appliance/update.Launcher). It is a subcommand of the factory binary,
// /usr/local/bin/bianmin, which updates never replace.

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"bianmin/appliance/update"
)

// exitRestart is serve's exit code when it ends to let the launcher start
// the version an update installed (not a failure; sysexits' EX_TEMPFAIL).
const exitRestart = 75

// launchedEnv tells serve that a launcher started it (and which slot).
const launchedEnv = "BIANMIN_LAUNCHED"

// execWrapperEnv, when set, is a program the launcher starts each slot's
// binary with: qemu-aarch64-static, to try an arm64 build's whole update
// flow on another machine without binfmt_misc (the tests do).
const execWrapperEnv = "BIANMIN_EXEC_WRAPPER"

func runLaunch(g *global, args []string) error {
	fs := newFlags(g, "launch [-- SERVE-OPTIONS]", "启动器：启动当前版本的 bianmin serve（其后的选项传给 serve），记录失败的启动，连续 3 次失败后退回上一版本 / the launcher: starts the current version's bianmin serve (options after -- go to serve), counts failed starts, and boots the previous version after 3 in a row")
	delay := fs.Duration("restart-delay", 2*time.Second, "失败后多久重新启动 / pause before starting again after a failure")
	logLevel := fs.String("log-level", envOr("BIANMIN_LOG_LEVEL", "info"), "日志级别 / log level")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	serveArgs := fs.Args()
	logger := newLogger(*logLevel).With("component", "launcher")
	l := &update.Launcher{Layout: update.Layout{FS: update.OS{}, DataDir: g.dataDir}, Factory: factorySlot(), Logger: logger}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	defer signal.Stop(sigs)
	for {
		slot, err := l.Next()
		if err != nil {
			logger.Error("launcher", "err", err)
		}
		code, stopped := runSlot(g, l.BinaryPath(slot), slot, serveArgs, sigs, logger)
		if stopped {
			return nil
		}
		switch {
		case code == exitRestart:
			logger.Info("restarting into the installed version")
			continue
		case code == exitDamaged || code == exitDataMissing:
			if trial, _ := l.OnTrial(slot.Version); !trial {
				return &exitError{code, fmt.Errorf("bianmin serve ended with exit code %d: see the lines above", code)}
			}
		}
		logger.Warn("bianmin serve ended; starting again", "version", slot.Version, "slot", slot.Name, "code", code, "after", *delay)
		select {
		case <-time.After(*delay):
		case <-sigs:
			return nil
		}
	}
}

// runSlot runs one slot's serve until it ends, passing SIGTERM and SIGINT
// on. It returns its exit code, and whether the launcher was told to stop.
func runSlot(g *global, bin string, slot update.Slot, serveArgs []string, sigs chan os.Signal, logger *slog.Logger) (code int, stopped bool) {
	argv := append([]string{bin, "--data", g.dataDir, "serve"}, serveArgs...)
	if w := strings.TrimSpace(os.Getenv(execWrapperEnv)); w != "" {
		argv = append([]string{w}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), launchedEnv+"="+slot.Name)
	cmd.Stdout, cmd.Stderr = g.stdout, g.stderr
	logger.Info("starting", "version", slot.Version, "slot", slot.Name, "binary", bin)
	if err := cmd.Start(); err != nil {
		logger.Error("cannot start", "binary", bin, "err", err)
		return -1, false
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case err := <-done:
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				return ee.ExitCode(), stopped
			}
			if err != nil {
				return -1, stopped
			}
			return 0, stopped
		case s := <-sigs:
			stopped = true
			cmd.Process.Signal(s)
		}
	}
}
