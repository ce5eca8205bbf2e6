package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/center"
	"bianmin/appliance/schema"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// services are the appliance's domain services over one open store.
type services struct {
	db       *store.DB
	accounts *account.Service
	staff    *staff.Registry
	center   *center.Service
}

// openServices opens the store in dataDir (running migrations) and builds
// the services. A store held by another process fails at once with a
// message that says what to do.
func openServices(dataDir string, logger *slog.Logger) (*services, error) {
	db, err := store.Open(dataDir, store.Options{
		LockTimeout: 500 * time.Millisecond,
		Migrations:  schema.Migrations(),
		Logger:      logger,
	})
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			return nil, &exitError{3, fmt.Errorf("数据目录正被另一个 bianmin 使用 / %w", err)}
		}
		return nil, err
	}
	return &services{
		db:       db,
		accounts: account.New(db, account.Options{}),
		staff:    staff.New(db),
		center:   center.New(db),
	}, nil
}

func (s *services) Close() error { return s.db.Close() }

// newLogger logs structured text to stderr.
func newLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}
