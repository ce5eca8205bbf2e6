package main

// Commands beside a running service.
//
// bbolt's file lock is exclusive, so while `serve` runs no other process
// can open the store. A command that works on the store is therefore two
// halves:
//
//   - X.go: its flags, the files it reads and writes, what it prints. This
//     runs in the technician's process, which can read their files (the
//     service's sandbox cannot).
//   - X_op.go: its operation, the store work: one function of (the
//     services over the open store, a request) → a response, registered in
//     operations() below.
//
// invoke runs the operation in the service when one holds the store (over
// the command socket in the data directory, appliance/control), or else in
// this process after opening the store itself, over an in-memory pipe with
// the same protocol. The command receives the same response, progress and
// problems either way, so it prints the same. The service's operations use
// its open store and live objects (the calendar, the accounts), so the web
// UI sees a change at once.
//
// To add a command (leave, uplink, update): write its two halves, add the
// operation to operations(), and end its help with viaService (or
// needsStopped when it must have the store to itself, like restore).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/calendar"
	"bianmin/appliance/center"
	"bianmin/appliance/control"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/ui"
)

// What each command's --help says about the path it takes.
const (
	viaService   = "\n\n服务运行时经由服务执行 / runs through the running service when one holds the store"
	needsStopped = "\n\n需先停止服务 / needs the service stopped"
)

// operations are the store work of the commands, by name.
func operations() []*operation {
	return []*operation{
		importStaffOp, importPunchesOp, importLeaveOp,
		reportOp, attendanceMonthOp,
		calendarMonthOp, calendarAddOp, calendarBetweenOp, calendarImportOp,
		auditVerifyOp, auditHeadOp, auditSignOp, backupOp, resetPasswordOp, checkOp,
		updateInstallOp,
		leaveRequestOp, leaveApproveOp, leaveRejectOp, leaveWithdrawOp, leaveCloseOp, leaveShowOp,
		uplinkSendOp, uplinkExportOp, uplinkReceiptOp, uplinkStatusOp,
	}
}

// storeUse says how the direct path opens the store for an operation.
type storeUse int

const (
	writesStore     storeUse = iota // read-write, running migrations (creates the store)
	readsStore                      // read-only; a data directory without a store is an error
	readsStoreIfAny                 // read-only; without a store the operation runs with none (svc.db nil)
	writesExisting                  // read-write like writesStore, but a data directory without a store is an error (nothing is created)
)

// operation is one command's store work.
type operation struct {
	name  string // the command's words, "calendar month"
	store storeUse
	run   func(x *opCall) (any, error)
}

// opCall is one operation being run: the services over the open store,
// the actor its writes are audited under, and the call (arguments, input
// files, progress, output stream).
type opCall struct {
	*control.Call
	svc   *services
	actor string
}

// input is the i-th file the command sent.
func (x *opCall) input(i int) ([]byte, error) {
	if i >= len(x.Inputs) {
		return nil, fmt.Errorf("%s: the request carries %d file(s), input %d is missing", x.Op, len(x.Inputs), i+1)
	}
	return x.Inputs[i], nil
}

// newOp makes an operation whose request and response are Go values (sent
// as JSON).
func newOp[Req, Resp any](name string, use storeUse, run func(x *opCall, req Req) (Resp, error)) *operation {
	return &operation{name: name, store: use, run: func(x *opCall) (any, error) {
		var req Req
		if len(x.Args) > 0 {
			if err := json.Unmarshal(x.Args, &req); err != nil {
				return nil, fmt.Errorf("%s: read the request: %w", name, err)
			}
		}
		return run(x, req)
	}}
}

// dispatch serves calls with the operations over svc.
func dispatch(svc *services) control.Handler {
	ops := map[string]*operation{}
	for _, o := range operations() {
		ops[o.name] = o
	}
	return func(_ context.Context, c *control.Call) (any, error) {
		o, ok := ops[c.Op]
		if !ok {
			return nil, problem.New("", "control.err.unknown_op", "Op", c.Op)
		}
		resp, err := o.run(&opCall{Call: c, svc: svc, actor: actorFor(c.Peer.UID)})
		return resp, opExit(err)
	}
}

// actorFor names the person at the console in audit entries: "cli:root".
// The service knows who connected from the kernel (SO_PEERCRED), not from
// anything the command says.
func actorFor(uid int) string {
	if u, err := user.LookupId(strconv.Itoa(uid)); err == nil {
		return "cli:" + u.Username
	}
	return "cli:uid-" + strconv.Itoa(uid)
}

// startControl opens the command socket in the data directory so that
// commands run beside the service go through it; the returned function
// closes it (letting commands in progress finish) and removes the socket.
// The hall keeps working without it: a failure is logged, and commands
// then say that the store is in use.
func startControl(svc *services, logger *slog.Logger) (stop func()) {
	path := filepath.Join(svc.db.DataDir(), control.SocketName)
	srv, err := control.Listen(path, dispatch(svc), control.Options{Logger: logger})
	if err != nil {
		logger.Warn("no command socket: commands on this box need the service stopped", "err", err)
		return func() {}
	}
	go srv.Serve()
	logger.Debug("command socket ready", "path", path)
	return func() {
		if err := srv.Close(); err != nil {
			logger.Warn("close the command socket", "err", err)
		}
	}
}

// call runs o with args (and input files) where the store is and decodes
// its response.
func call[Resp any](g *global, o *operation, args any, inputs ...[]byte) (Resp, error) {
	var resp Resp
	raw, err := invoke(g, o, args, inputs, nil)
	if err != nil {
		return resp, err
	}
	if err := json.Unmarshal(raw, &resp); err != nil {
		return resp, fmt.Errorf("%s: read the response: %w", o.name, err)
	}
	return resp, nil
}

// invoke runs o through the service when one answers on the data
// directory's command socket, else in this process on the store opened
// here. Progress lines go to stderr, an output stream to output.
func invoke(g *global, o *operation, args any, inputs [][]byte, output io.Writer) (json.RawMessage, error) {
	sock := filepath.Join(g.dataDir, control.SocketName)
	conn, err := control.Dial(sock)
	if errors.Is(err, control.ErrPermission) {
		return nil, &exitError{1, errors.New(catalog().Both("control.err.permission", map[string]any{"Path": sock}))}
	}
	if err == nil {
		return viaSocket(g, conn, o, args, inputs, output)
	}
	svc, err := openFor(g.dataDir, o.store)
	if errors.Is(err, store.ErrLocked) {
		// A service that is starting holds the lock a moment before its
		// socket appears.
		if conn := awaitSocket(sock, 3*time.Second); conn != nil {
			return viaSocket(g, conn, o, args, inputs, output)
		}
		return nil, &exitError{3, fmt.Errorf("%s: %w", catalog().Both("control.err.locked", nil), err)}
	}
	if errors.Is(err, store.ErrNoDatabase) {
		return nil, &exitError{1, errors.New(catalog().Both("control.err.no_database", map[string]any{"Dir": g.dataDir}))}
	}
	if err != nil {
		return nil, storeRefusal(g.dataDir, err)
	}
	if svc.db != nil {
		defer svc.Close()
	}
	cli, srv := net.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer srv.Close()
		control.ServeConn(context.Background(), srv, control.Peer{UID: os.Getuid(), GID: os.Getgid(), PID: os.Getpid()}, dispatch(svc))
	}()
	raw, err := control.Do(cli, o.name, args, inputs, progressTo(g), output)
	cli.Close()
	<-done
	return raw, commandError(g.dataDir, err)
}

func viaSocket(g *global, conn net.Conn, o *operation, args any, inputs [][]byte, output io.Writer) (json.RawMessage, error) {
	defer conn.Close()
	raw, err := control.Do(conn, o.name, args, inputs, progressTo(g), output)
	if errors.Is(err, control.ErrDisconnected) {
		return nil, &exitError{1, fmt.Errorf("%s: %w", catalog().Both("control.err.disconnected", nil), err)}
	}
	return raw, commandError(g.dataDir, err)
}

// awaitSocket dials the socket until it answers or d has passed.
func awaitSocket(path string, d time.Duration) net.Conn {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if conn, err := control.Dial(path); err == nil {
			return conn
		}
	}
	return nil
}

func progressTo(g *global) func(string) {
	return func(line string) { fmt.Fprintln(g.stderr, line) }
}

// commandError turns a failure from an operation into what the command
// returns: the domain's problems stay problems (each command prints its
// own), the socket's own refusals are worded here, any other failure keeps
// its exit code and message.
func commandError(dataDir string, err error) error {
	var f *control.Failure
	if !errors.As(err, &f) {
		return err
	}
	if len(f.Problems) == 0 {
		return &exitError{f.Code, errors.New(f.Message)}
	}
	if p := f.Problems[0]; p.Key == store.KeyDamaged {
		// The command line says how: the restore command for this data
		// directory.
		return &exitError{f.Code, errors.New(catalog().Both("store.cli.damaged", map[string]any{"Dir": dataDir, "Detail": p.Args["Detail"]}))}
	}
	if k := f.Problems[0].Key; strings.HasPrefix(k, "control.") || strings.HasPrefix(k, "store.") {
		c := catalog()
		lines := make([]string, len(f.Problems))
		for i, p := range f.Problems {
			lines[i] = c.ProblemLine(p)
		}
		return &exitError{f.Code, errors.New(strings.Join(lines, "\n"))}
	}
	return f
}

// openFor opens the store in dataDir as o's direct path needs it.
func openFor(dataDir string, use storeUse) (*services, error) {
	loc, err := centerLocation(envOr("BIANMIN_TZ", defaultTZ))
	if err != nil {
		return nil, err
	}
	if use == writesExisting {
		if _, err := os.Stat(filepath.Join(dataDir, store.FileName)); errors.Is(err, os.ErrNotExist) {
			return nil, store.ErrNoDatabase
		}
		use = writesStore
	}
	if use == writesStore {
		return openServices(dataDir, newLogger("warn"), loc)
	}
	db, err := store.Open(dataDir, store.Options{ReadOnly: true, LockTimeout: time.Second, Location: loc})
	if use == readsStoreIfAny && errors.Is(err, store.ErrNoDatabase) {
		return &services{}, nil
	}
	if err != nil {
		return nil, err
	}
	return &services{db: db, staff: staff.New(db), center: center.New(db)}, nil
}

// liveCalendar is the service's calendar (the one the web UI uses), or one
// loaded from the store in the center's time zone (BIANMIN_TZ, as serve
// takes it) when the command opened the store itself.
func (s *services) liveCalendar() (*calendar.Calendar, error) {
	if s.calendar != nil {
		return s.calendar, nil
	}
	loc, err := centerLocation(envOr("BIANMIN_TZ", defaultTZ))
	if err != nil {
		return nil, err
	}
	return s.calendarIn(loc)
}

// calendarIn is the working-day calendar in loc: the service's own when
// it is in loc, else loaded from the store (or from the shipped notices
// alone when there is no store).
func (s *services) calendarIn(loc *time.Location) (*calendar.Calendar, error) {
	if s.calendar != nil && s.calendar.Location().String() == loc.String() {
		return s.calendar, nil
	}
	cal, err := loadCalendar(s.db, loc)
	if err != nil {
		return nil, fmt.Errorf("load the working-day calendar: %w", err)
	}
	if s.calendar == nil {
		s.calendar = cal
	}
	return cal, nil
}

// readInput reads a file the command sends to the service, no larger than
// the web UI's uploads.
func readInput(f *os.File) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(f, ui.MaxUploadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("读取文件 / read %s: %w", f.Name(), err)
	}
	if len(data) > ui.MaxUploadBytes {
		return nil, &exitError{1, errors.New(catalog().Both("control.err.too_big", map[string]any{"Name": f.Name(), "MaxMB": ui.MaxUploadBytes >> 20}))}
	}
	return data, nil
}
