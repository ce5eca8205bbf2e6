package main

// A damaged store on the command line: the exit codes, the structure check
// (`bianmin check`, and at start after a check that never finished), and
// the service's background watch over the store (the full check after
// start and once a day, the disk space reserve).
//
// Exit codes (README, deploy/README):
//
//	4  the database is damaged (cut short, zeroed pages, unreadable):
//	   restore a backup
//	5  the data directory held a database but the file is missing or empty:
//	   restore a backup (bianmin will not start over as a new install)
//
// The unit file stops systemd from restarting on these (restarting cannot
// repair them): after `bianmin restore FILE`, start the service again.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"time"

	"bianmin/appliance/store"
)

// Exit codes of a store that cannot be used.
const (
	exitDamaged     = 4
	exitDataMissing = 5
)

// Unwrap keeps the error's problems reachable (problem.All).
func (e *exitError) Unwrap() error { return e.err }

// storeRefusal turns the store's refusals into what a command ends with:
// the exit code and, in both languages, what happened and what to do. Any
// other error is returned as it is.
func storeRefusal(dataDir string, err error) error {
	c := catalog()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrDamaged):
		return &exitError{exitDamaged, fmt.Errorf("%s\n%w", c.Both("store.cli.damaged", map[string]any{"Dir": dataDir, "Detail": store.DamageDetail(err)}), err)}
	case errors.Is(err, store.ErrDataMissing):
		return &exitError{exitDataMissing, fmt.Errorf("%s\n%w", c.Both("store.cli.data_missing", map[string]any{"Dir": dataDir, "Marker": store.MarkerName}), err)}
	case errors.Is(err, store.ErrDiskFull):
		return &exitError{1, fmt.Errorf("%s\n%w", c.Both(store.KeyDiskFull, nil), err)}
	}
	return err
}

// opExit gives an operation's store refusal its exit code, keeping its
// problem for the command to word.
func opExit(err error) error {
	switch {
	case errors.Is(err, store.ErrDamaged):
		return &exitError{exitDamaged, err}
	case errors.Is(err, store.ErrDataMissing):
		return &exitError{exitDataMissing, err}
	}
	return err
}

// checkResult is what `bianmin check` reports.
type checkResult struct {
	State  store.State `json:"state"`
	Reason string      `json:"reason,omitempty"`
	TookMS int64       `json:"took_ms"`
	Bytes  int64       `json:"bytes"`
}

// checkOp runs the full structure check of the store.
var checkOp = newOp("check", readsStore, func(x *opCall, _ struct{}) (checkResult, error) {
	x.Progress(catalog().Both("store.cli.checking", nil))
	err := x.svc.db.FullCheck()
	h := x.svc.db.Health()
	res := checkResult{State: h.State, Reason: h.Reason, TookMS: h.CheckTook.Milliseconds()}
	if info, serr := os.Stat(x.svc.db.Path()); serr == nil {
		res.Bytes = info.Size()
	}
	if err != nil && !errors.Is(err, store.ErrDamaged) {
		return res, err
	}
	return res, nil
})

func runCheck(g *global, args []string) error {
	fs := newFlags(g, "check", "检查数据库文件的结构（逐页）/ check the database file's structure, page by page"+viaService)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	res, err := call[checkResult](g, checkOp, struct{}{})
	if err != nil {
		return err
	}
	c := catalog()
	args2 := map[string]any{"MB": fmt.Sprintf("%.1f", float64(res.Bytes)/(1<<20)), "Seconds": fmt.Sprintf("%.1f", float64(res.TookMS)/1000)}
	if res.State == store.StateDamaged {
		args2["Detail"], args2["Dir"] = res.Reason, g.dataDir
		return &exitError{exitDamaged, errors.New(c.Both("store.cli.damaged", args2))}
	}
	fmt.Fprintln(g.stdout, c.Both("store.cli.check_ok", args2))
	return nil
}

// checkBeforeStart checks the database in a separate process when the
// last full check never finished (the service ended during it, which a
// page the card cannot read does to the process that maps it): the child
// may die of the same fault; this process must not. It returns the
// refusal to start, or nil.
func checkBeforeStart(g *global, logger *slog.Logger) error {
	if !store.CheckInterrupted(g.dataDir) {
		return nil
	}
	logger.Warn("the last structure check did not finish; checking the database in a separate process before starting")
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "--data", g.dataDir, "check")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		logger.Info("the database passed the structure check", "output", string(out))
		return store.ClearCheckInterrupted(g.dataDir)
	case errors.As(err, &ee) && ee.ExitCode() == exitDataMissing:
		return storeRefusal(g.dataDir, store.ErrDataMissing)
	case errors.As(err, &ee):
		// Damaged (exit 4), or killed by the fault itself (-1).
		detail := fmt.Sprintf("the structure check in a separate process ended with %v: %s", ee, out)
		return &exitError{exitDamaged, errors.New(catalog().Both("store.cli.damaged", map[string]any{"Dir": g.dataDir, "Detail": detail}))}
	}
	return fmt.Errorf("check the database before start: %w", err)
}

// Intervals of the store's watch.
const (
	// storeCheckAfter is how long after start the first full structure
	// check begins, as for the audit chain's check: start-up and the first
	// pages and punches come first (ten years are 1.4 GB to read, a minute
	// of an SD card). A file cut short is refused at start anyway (the
	// quick check), and a damaged page read before then marks the store
	// damaged where it is met.
	storeCheckAfter = 10 * time.Minute
	fullCheckEvery  = 24 * time.Hour
	reserveEvery    = time.Minute
)

// watchStore runs the full structure check after a while (after) and
// every day after, and keeps the disk space reserve, until ctx ends.
func watchStore(ctx context.Context, db *store.DB, logger *slog.Logger, after time.Duration) {
	db.KeepReserve()
	check := func() {
		if db.Health().State == store.StateDamaged {
			return
		}
		start := time.Now()
		if err := db.FullCheck(); err == nil {
			logger.Info("structure check: the database is sound", "took", time.Since(start).Round(time.Millisecond))
		}
	}
	checks, reserve := time.NewTimer(after), time.NewTicker(reserveEvery)
	defer checks.Stop()
	defer reserve.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-checks.C:
			check()
			checks.Reset(fullCheckEvery)
		case <-reserve.C:
			db.KeepReserve()
		}
	}
}
