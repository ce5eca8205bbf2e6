package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/auditlog"
	"bianmin/appliance/boxkey"
	"bianmin/appliance/calendar"
	"bianmin/appliance/center"
	"bianmin/appliance/enrol"
	"bianmin/appliance/importjob"
	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
	"bianmin/appliance/rating"
	"bianmin/appliance/schema"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/uplink"
	"bianmin/embedded"
)

// services are the appliance's domain services over one open store.
type services struct {
	db       *store.DB
	accounts *account.Service
	staff    *staff.Registry
	center   *center.Service
	punches  *attendance.Service
	enrols   *enrol.Service
	// imports writes imports in chunks (web and command line share it, so
	// one import writes at a time); imports left running by a crash are
	// resumed at start (serveApp).
	imports *importjob.Runner
	// records and calendar serve the attendance month and records pages;
	// openRecords opens them (the web app's commands only).
	records  *attendance.Records
	calendar *calendar.Calendar
	// leave measures requests on the calendar and the attendance rules
	// (openRecords).
	leave *leave.Service
	// intake keeps the service catalog and the cases, on calendar.
	intake *intake.Service
	// ratings keeps the citizens' ratings and their follow-ups
	// (ratingService, on the calendar).
	ratings *rating.Service
	// audit is the audit log with the box's key (serve makes the key at
	// its first start; commands use it when it is there).
	audit *auditlog.Log
	// uplink sends the outbox to the county (uplinkBox).
	uplink *uplink.Box
	// restart, set by serve under the launcher, ends the service so that
	// the launcher starts the version an update just installed.
	restart func()
}

// auditLog is the store's audit log, signing with the box's key when the
// data directory has one.
func (s *services) auditLog() *auditlog.Log {
	if s.audit == nil {
		key, err := boxkey.Load(s.db.DataDir())
		if err != nil {
			key = nil // no key yet, or one this user cannot read: heads go unsigned
		}
		s.audit = auditlog.New(s.db, key)
	}
	return s.audit
}

// openServices opens the store in dataDir (running migrations) and builds
// the services; loc is the center's time zone, in which the store reads
// civil dates (a staff member's end date against today). A store held by
// another process fails at once with a message that says what to do.
func openServices(dataDir string, logger *slog.Logger, loc *time.Location) (*services, error) {
	return openServicesAt(dataDir, logger, loc, nil)
}

// openServicesAt is openServices on the clock now (nil: the system's; the
// demo's --clock runs from another instant).
func openServicesAt(dataDir string, logger *slog.Logger, loc *time.Location, now func() time.Time) (*services, error) {
	db, err := store.Open(dataDir, store.Options{
		LockTimeout: 500 * time.Millisecond,
		Migrations:  schema.Migrations(),
		Version:     version,
		Logger:      logger,
		Now:         now,
		Location:    loc,
	})
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			return nil, &exitError{3, fmt.Errorf("数据目录正被另一个 bianmin 使用 / %w", err)}
		}
		return nil, storeRefusal(dataDir, err)
	}
	enrols, err := enrol.New(db)
	if err != nil {
		db.Close()
		return nil, err
	}
	// Repeated presses within the office's dedupe window count once
	// (设置 › 考勤规则; a change applies from the next start).
	dedupe := time.Duration(0)
	if set, err := attendance.LoadSettingsDB(db); err == nil {
		dedupe = set.DedupeWindow()
	} else {
		logger.Warn("read the attendance settings; using the default dedupe window", "err", err)
	}
	return &services{
		db:       db,
		accounts: account.New(db, account.Options{}),
		staff:    staff.New(db),
		center:   center.New(db),
		punches:  attendance.New(db, dedupe),
		enrols:   enrols,
		imports:  importjob.NewRunner(db, logger, attendance.PunchImportKind, staff.ImportKind, leave.ImportKind),
	}, nil
}

func (s *services) Close() error { return s.db.Close() }

// openRecords opens what the attendance month and records pages need, in
// the center's time zone: the records kept beside punches (remedies,
// errands, off-post records, objections) and the working-day calendar
// (the shipped holiday notices, and those imported and the local changes
// in the store).
func (s *services) openRecords(loc *time.Location) error {
	cal, err := loadCalendar(s.db, loc)
	if err != nil {
		return fmt.Errorf("load the working-day calendar: %w", err)
	}
	s.records, s.calendar = attendance.NewRecords(s.db, loc, cal), cal
	s.leave = leave.New(s.db).WithSchedule(attendance.LeaveScheduleFunc(cal))
	s.intake = intake.New(s.db, cal)
	return nil
}

// loadCalendar loads the working-day calendar in loc, with the intake's
// due dates following its changes in each change's transaction (a holiday
// added or removed moves the open cases' due dates).
func loadCalendar(db *store.DB, loc *time.Location) (*calendar.Calendar, error) {
	cal, err := calendar.Load(db, embedded.FS, loc)
	if err != nil {
		return nil, err
	}
	cal.Follow(func(tx *store.Tx, next *calendar.Calendar, from time.Time) error {
		_, err := intake.RecomputeDueTx(tx, next, from)
		return err
	})
	return cal, nil
}

// centerLocation loads the center's time zone (--tz, BIANMIN_TZ; default
// Asia/Shanghai, from the embedded tzdata on a box without zoneinfo).
func centerLocation(name string) (*time.Location, error) {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, &exitError{2, fmt.Errorf("未知时区 / unknown time zone %q: %w", name, err)}
	}
	return loc, nil
}

// newLogger logs structured text to stderr.
func newLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}
