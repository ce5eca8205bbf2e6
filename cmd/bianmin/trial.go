package main

// The running version's side of an update: systemd's notify protocol
// (READY, the watchdog), the health check, and on trial the commit after
// a healthy soak (appliance/update).

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"bianmin/appliance/schema"
	"bianmin/appliance/store"
	"bianmin/appliance/update"
	"bianmin/internal/sdnotify"
)

// Health checks of a version on trial.
const (
	defaultSoak   = 10 * time.Minute
	healthEvery   = 15 * time.Second
	healthTimeout = 5 * time.Second
	// trialFailures failed checks in a row end a trial's start.
	trialFailures = 3
)

// healthy asks the web app's /readyz (the store open and sound) on addr.
func healthy(ctx context.Context, url string) bool {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/readyz", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// watchHealth runs once the web app listens at url: it tells systemd the
// service is ready and keeps its watchdog fed while the store is sound.
// Outside a trial it clears the launcher's count of failed starts once the
// health check (/readyz) passes, and never ends the service (a damaged
// store is shown on every page, not fixed by restarting). On trial it
// commits the update after soak of passed checks, or, after trialFailures
// failed checks in a row, ends the service (fail) so that the launcher
// counts a failed start.
func watchHealth(ctx context.Context, db *store.DB, url string, soak time.Duration, logger *slog.Logger, fail func()) {
	layout := update.Layout{FS: update.OS{}, DataDir: db.DataDir()}
	sdnotify.Notify("READY=1")
	trial, err := layout.OnTrial(version)
	if err != nil {
		logger.Error("read the update state", "err", err)
	}
	if !trial {
		if healthy(ctx, url) {
			if err := layout.Healthy(version, schema.Latest()); err != nil {
				logger.Error("record a healthy start", "err", err)
			}
		}
		return
	}
	logger.Info("this version is on trial: it is kept after a healthy soak", "version", version, "soak", soak)
	deadline := time.Now().Add(soak)
	every := min(healthEvery, max(soak/4, 100*time.Millisecond))
	failed := 0
	for {
		if healthy(ctx, url) {
			failed = 0
		} else if failed++; failed >= trialFailures {
			logger.Error("health checks failed on trial: ending, so that the launcher counts a failed start", "version", version, "checks", failed)
			fail()
			return
		}
		if failed == 0 && !time.Now().Before(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
	if _, err := layout.Commit(version, schema.Latest(), db.Now()); err != nil {
		logger.Error("commit the update", "err", err)
		return
	}
	logger.Info("update committed: the trial passed", "version", version)
}

// startGrace bounds how long a starting serve (its migrations, say) keeps
// systemd's watchdog fed before its store is open.
const startGrace = 30 * time.Minute

// watchdog feeds systemd's watchdog (WATCHDOG=1 every half WatchdogSec)
// from the first moment of serve: while starting, for at most startGrace
// (a migration over years of data takes minutes, and must not be killed
// as a hang); once the store is open (serving), while it is not damaged —
// a damaged store stops the feeding and systemd restarts the service.
type watchdog struct {
	db atomic.Pointer[store.DB]
}

// startWatchdog starts feeding when the unit has a watchdog; it stops
// when the process ends.
func startWatchdog() *watchdog {
	w := &watchdog{}
	every := sdnotify.WatchdogInterval()
	if every <= 0 {
		return w
	}
	began := time.Now()
	go func() {
		for range time.Tick(every) {
			db := w.db.Load()
			switch {
			case db == nil && time.Since(began) > startGrace:
			case db != nil && db.Health().State == store.StateDamaged:
			default:
				sdnotify.Notify("WATCHDOG=1")
			}
		}
	}()
	return w
}

// serving tells the watchdog the store is open.
func (w *watchdog) serving(db *store.DB) { w.db.Store(db) }

// underLauncher says whether a launcher started this serve.
func underLauncher() bool { return os.Getenv(launchedEnv) != "" }
