package main

// Commands beside the running service, as in bianmin (cmd/bianmin/
// control.go): while `countyd serve` holds the store, a command asks it
// over the command socket in the data directory; otherwise it opens the
// store itself and runs the same operation over an in-memory pipe.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"bianmin/appliance/calendar"
	"bianmin/appliance/control"
	"bianmin/appliance/county"
	"bianmin/appliance/locale"
	"bianmin/appliance/problem"
	"bianmin/appliance/store"
	"bianmin/embedded"
)

// SocketName is countyd's command socket in its data directory.
const SocketName = "countyd.sock"

const viaService = "\n\n服务运行时经由服务执行 / runs through the running service when one holds the store"

// operation is one command's store work.
type operation struct {
	name string
	run  func(c *county.County, call *control.Call) (any, error)
}

func newOp[Req, Resp any](name string, run func(c *county.County, call *control.Call, req Req) (Resp, error)) *operation {
	return &operation{name: name, run: func(c *county.County, call *control.Call) (any, error) {
		var req Req
		if len(call.Args) > 0 {
			if err := json.Unmarshal(call.Args, &req); err != nil {
				return nil, fmt.Errorf("%s: read the request: %w", name, err)
			}
		}
		return run(c, call, req)
	}}
}

func operations() []*operation {
	return []*operation{boxAddOp, boxListOp, receiveOp, receiptOp, recordsCountOp, adminAddOp, adminResetOp}
}

func dispatch(c *county.County) control.Handler {
	ops := map[string]*operation{}
	for _, o := range operations() {
		ops[o.name] = o
	}
	return func(_ context.Context, call *control.Call) (any, error) {
		o, ok := ops[call.Op]
		if !ok {
			return nil, problem.New("", "control.err.unknown_op", "Op", call.Op)
		}
		return o.run(c, call)
	}
}

// openCounty opens countyd's store in dataDir.
func openCounty(g *global, logger *slog.Logger) (*county.County, error) {
	loc, err := time.LoadLocation(g.tz)
	if err != nil {
		return nil, &exitError{2, fmt.Errorf("未知时区 / unknown time zone %q: %w", g.tz, err)}
	}
	db, err := store.Open(g.dataDir, store.Options{LockTimeout: 500 * time.Millisecond, Logger: logger, Location: loc})
	if errors.Is(err, store.ErrLocked) {
		return nil, &exitError{3, fmt.Errorf("数据目录正被另一个 countyd 使用 / %w", err)}
	}
	if err != nil {
		return nil, err
	}
	c := county.New(db, logger)
	// Attendance is judged on the shipped national calendar (holidays and
	// 调休 make-up days), as on the boxes.
	cal, err := calendar.Load(nil, embedded.FS, db.Location())
	if err != nil {
		db.Close()
		return nil, err
	}
	c.SetWorkdays(cal)
	return c, nil
}

// call runs o where the store is and decodes its response.
func call[Resp any](g *global, o *operation, args any, inputs ...[]byte) (Resp, error) {
	var resp Resp
	raw, err := invoke(g, o, args, inputs)
	if err != nil {
		return resp, err
	}
	if err := json.Unmarshal(raw, &resp); err != nil {
		return resp, fmt.Errorf("%s: read the response: %w", o.name, err)
	}
	return resp, nil
}

func invoke(g *global, o *operation, args any, inputs [][]byte) (json.RawMessage, error) {
	sock := filepath.Join(g.dataDir, SocketName)
	if conn, err := control.Dial(sock); err == nil {
		defer conn.Close()
		raw, err := control.Do(conn, o.name, args, inputs, progressTo(g), nil)
		return raw, commandError(err)
	}
	c, err := openCounty(g, newLogger("warn"))
	if err != nil {
		return nil, err
	}
	defer c.DB().Close()
	cli, srv := net.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer srv.Close()
		control.ServeConn(context.Background(), srv, control.Peer{UID: os.Getuid(), GID: os.Getgid(), PID: os.Getpid()}, dispatch(c))
	}()
	raw, err := control.Do(cli, o.name, args, inputs, progressTo(g), nil)
	cli.Close()
	<-done
	return raw, commandError(err)
}

func progressTo(g *global) func(string) {
	return func(line string) { fmt.Fprintln(g.stderr, line) }
}

// commandError words an operation's problems in both languages.
func commandError(err error) error {
	var f *control.Failure
	if !errors.As(err, &f) {
		return err
	}
	if len(f.Problems) == 0 {
		return &exitError{max(f.Code, 1), errors.New(f.Message)}
	}
	c := catalog()
	lines := make([]string, len(f.Problems))
	for i, p := range f.Problems {
		lines[i] = c.ProblemLine(p)
	}
	return &exitError{max(f.Code, 1), errors.New(strings.Join(lines, "\n"))}
}

func catalog() *locale.Catalog {
	c, err := locale.Load(embedded.FS)
	if err != nil {
		panic(err) // the embedded files are checked by tests
	}
	return c
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}
