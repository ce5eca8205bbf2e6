package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"bianmin/appliance/problem"
)

// TestAllowed: the socket serves root and the service's own user only.
func TestAllowed(t *testing.T) {
	const service = 998 // the bianmin system user
	for _, tc := range []struct {
		name string
		peer Peer
		want bool
	}{
		{"root (a technician with sudo)", Peer{UID: 0}, true},
		{"the service's own user", Peer{UID: service}, true},
		{"a login user", Peer{UID: 1000}, false},
		{"nobody", Peer{UID: 65534}, false},
		{"root's group alone is not root", Peer{UID: 1000, GID: 0}, false},
	} {
		if got := Allowed(tc.peer, service); got != tc.want {
			t.Errorf("%s: Allowed(%+v) = %v, want %v", tc.name, tc.peer, got, tc.want)
		}
	}
}

// socketPath is a short socket path in a fresh directory.
func socketPath(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ctl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, SocketName)
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// serve starts a server on a fresh socket with h and returns its path.
func serve(t *testing.T, h Handler, opts Options) (*Server, string) {
	t.Helper()
	path := socketPath(t)
	if opts.Logger == nil {
		opts.Logger = quietLogger()
	}
	s, err := Listen(path, h, opts)
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve()
	t.Cleanup(func() { s.Close() })
	return s, path
}

// call dials path and runs op.
func call(t *testing.T, path, op string, args any, inputs [][]byte, progress func(string), out io.Writer) (json.RawMessage, error) {
	t.Helper()
	c, err := Dial(path)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer c.Close()
	return Do(c, op, args, inputs, progress, out)
}

// TestCallRoundTrip: the arguments and files reach the handler with the
// peer's identity; progress lines and the output stream arrive in order,
// then the result.
func TestCallRoundTrip(t *testing.T) {
	big := bytes.Repeat([]byte("备份"), 200_000) // 1.2 MB: several output frames
	h := func(_ context.Context, c *Call) (any, error) {
		var args struct{ Name string }
		if err := json.Unmarshal(c.Args, &args); err != nil {
			return nil, err
		}
		if c.Peer.UID != os.Getuid() || c.Peer.PID != os.Getpid() {
			return nil, errors.New("wrong peer")
		}
		c.Progress("一")
		c.Progress("二")
		if _, err := c.Output().Write(big); err != nil {
			return nil, err
		}
		return map[string]any{"op": c.Op, "name": args.Name, "files": len(c.Inputs), "first": string(c.Inputs[0]), "second": len(c.Inputs[1])}, nil
	}
	_, path := serve(t, h, Options{})
	var lines []string
	var out bytes.Buffer
	raw, err := call(t, path, "test.echo", map[string]string{"Name": "人员.csv"}, [][]byte{[]byte("staff_no,name"), make([]byte, 3<<20)},
		func(l string) { lines = append(lines, l) }, &out)
	if err != nil {
		t.Fatal(err)
	}
	var res map[string]any
	json.Unmarshal(raw, &res)
	if res["op"] != "test.echo" || res["name"] != "人员.csv" || res["files"] != 2.0 || res["first"] != "staff_no,name" || res["second"] != float64(3<<20) {
		t.Errorf("result %v", res)
	}
	if strings.Join(lines, "|") != "一|二" {
		t.Errorf("progress %q", lines)
	}
	if !bytes.Equal(out.Bytes(), big) {
		t.Errorf("output: %d bytes, want %d", out.Len(), len(big))
	}
}

// TestFailuresReachTheCommandIntact: problems keep their field, key, line
// and value, and their arguments read as the message would show them;
// an error's exit code and message come through.
func TestFailuresReachTheCommandIntact(t *testing.T) {
	when := time.Date(2026, 2, 3, 8, 31, 0, 0, time.FixedZone("CST", 8*3600))
	h := func(_ context.Context, c *Call) (any, error) {
		switch c.Op {
		case "problems":
			var l problem.List
			l.Add(problem.New("staff_no", "staff.err.unknown", "No", "1004", "Count", 1_000_000, "Share", 0.5, "At", when).AtLine(3, "1004,王"))
			l.Add(problem.New("", "staff.err.empty"))
			return nil, l.Err()
		default:
			return nil, codeErr{3, "数据目录正被使用 / in use"}
		}
	}
	_, path := serve(t, h, Options{})
	_, err := call(t, path, "problems", nil, nil, nil, nil)
	ps := problem.All(err)
	if len(ps) != 2 {
		t.Fatalf("problems: %v", err)
	}
	p := ps[0]
	if p.Field != "staff_no" || p.Key != "staff.err.unknown" || p.Line != 3 || p.Value != "1004,王" {
		t.Errorf("problem %+v", p)
	}
	want := map[string]any{"No": "1004", "Count": "1000000", "Share": "0.5", "At": when.String()}
	for k, v := range want {
		if p.Args[k] != v {
			t.Errorf("arg %s = %#v, want %#v (as {{.%s}} prints it)", k, p.Args[k], v, k)
		}
	}
	var f *Failure
	if !errors.As(err, &f) || f.ExitCode() != 1 {
		t.Errorf("a refusal exits 1: %v", err)
	}
	_, err = call(t, path, "other", nil, nil, nil, nil)
	if !errors.As(err, &f) || f.ExitCode() != 3 || f.Error() != "数据目录正被使用 / in use" || problem.All(err) != nil {
		t.Errorf("failure %#v", err)
	}
}

type codeErr struct {
	code int
	msg  string
}

func (e codeErr) Error() string { return e.msg }
func (e codeErr) ExitCode() int { return e.code }

// TestRefusedPeer: a peer the server does not allow gets a problem that
// names its uid, and the handler never runs.
func TestRefusedPeer(t *testing.T) {
	var ran atomic.Bool
	var seen atomic.Int64
	_, path := serve(t, func(context.Context, *Call) (any, error) { ran.Store(true); return "ok", nil },
		Options{Allow: func(p Peer) bool { seen.Store(int64(p.UID)); return false }})
	_, err := call(t, path, "audit verify", nil, [][]byte{make([]byte, 2<<20)}, nil, nil)
	p, ok := problem.As(err)
	if !ok || p.Key != "control.err.peer" || p.Args["UID"] != itoa(os.Getuid()) {
		t.Fatalf("refusal: %v", err)
	}
	if ran.Load() {
		t.Error("the handler ran for a refused peer")
	}
	if seen.Load() != int64(os.Getuid()) {
		t.Errorf("Allow saw uid %d, want %d (SO_PEERCRED)", seen.Load(), os.Getuid())
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestSocketFile: the socket is 0600 while served and gone after Close; a
// stale one (a service killed) is replaced, a live one is not taken over,
// and a file that is not a socket is left alone.
func TestSocketFile(t *testing.T) {
	s, path := serve(t, func(context.Context, *Call) (any, error) { return 1, nil }, Options{})
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket %v: %v", fi.Mode(), err)
	}
	if _, err := Listen(path, nil, Options{}); err == nil || !strings.Contains(err.Error(), "another service answers") {
		t.Errorf("a second Listen on a live socket: %v", err)
	}
	if _, err := call(t, path, "x", nil, nil, nil, nil); err != nil {
		t.Errorf("the first server stopped answering: %v", err)
	}
	s.Close()
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket after Close: %v", err)
	}
	if _, err := Dial(path); !errors.Is(err, ErrNoService) {
		t.Errorf("dial after Close: %v, want ErrNoService", err)
	}

	// A stale socket: bound, then its process gone without removing it.
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	if _, err := Dial(path); !errors.Is(err, ErrNoService) {
		t.Errorf("dial a stale socket: %v, want ErrNoService", err)
	}
	s2, err := Listen(path, func(context.Context, *Call) (any, error) { return 2, nil }, Options{Logger: quietLogger()})
	if err != nil {
		t.Fatalf("Listen over a stale socket: %v", err)
	}
	go s2.Serve()
	if raw, err := call(t, path, "x", nil, nil, nil, nil); err != nil || string(raw) != "2" {
		t.Errorf("after replacing the stale socket: %s %v", raw, err)
	}
	s2.Close()

	os.WriteFile(path, []byte("keep me"), 0o600)
	if _, err := Listen(path, nil, Options{}); err == nil || !strings.Contains(err.Error(), "not a socket") {
		t.Errorf("Listen over a regular file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Error("Listen removed a file that is not a socket")
	}
	if _, err := Listen(filepath.Join("/tmp", strings.Repeat("d", 120), SocketName), nil, Options{}); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("Listen on a path too long for a socket: %v", err)
	}
}

// TestCloseLetsCallsFinish: a call in progress when the service stops
// still gets its result; one still running after the grace period is cut
// off and the command hears that the service went away.
func TestCloseLetsCallsFinish(t *testing.T) {
	started := make(chan struct{}, 2)
	release := make(chan struct{})
	h := func(ctx context.Context, c *Call) (any, error) {
		started <- struct{}{}
		if c.Op == "slow" {
			select {
			case <-release:
			case <-ctx.Done():
			}
			return "late", nil
		}
		time.Sleep(200 * time.Millisecond)
		return "done", nil
	}
	s, path := serve(t, h, Options{Grace: 500 * time.Millisecond})
	type answer struct {
		raw json.RawMessage
		err error
	}
	quick, slow := make(chan answer, 1), make(chan answer, 1)
	for op, ch := range map[string]chan answer{"quick": quick, "slow": slow} {
		c, err := Dial(path)
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			defer c.Close()
			raw, err := Do(c, op, nil, nil, nil, nil)
			ch <- answer{raw, err}
		}()
	}
	<-started
	<-started
	closed := time.Now()
	s.Close()
	close(release)
	if a := <-quick; a.err != nil || string(a.raw) != `"done"` {
		t.Errorf("the quick call: %s %v", a.raw, a.err)
	}
	if a := <-slow; !errors.Is(a.err, ErrDisconnected) && string(a.raw) != `"late"` {
		t.Errorf("the slow call: %s %v", a.raw, a.err)
	}
	if d := time.Since(closed); d > 3*time.Second {
		t.Errorf("Close took %v with a 500ms grace", d)
	}
}

// TestBadRequests: another protocol version is refused with a problem;
// garbage and oversized frames end the exchange without reaching the
// handler.
func TestBadRequests(t *testing.T) {
	var ran atomic.Int32
	_, path := serve(t, func(context.Context, *Call) (any, error) { ran.Add(1); return 1, nil }, Options{})

	c, _ := Dial(path)
	fw := &frameWriter{w: c}
	b, _ := json.Marshal(Request{Protocol: Protocol + 1, Op: "backup"})
	fw.write(kindRequest, b)
	kind, payload, err := readFrame(c, MaxFrame)
	c.Close()
	var f Failure
	json.Unmarshal(payload, &f)
	if err != nil || kind != kindFailure || !f.Problems.Has("control.err.protocol") {
		t.Errorf("another protocol: %q %s %v", kind, payload, err)
	}

	c, _ = Dial(path)
	c.Write([]byte{kindRequest, 0xff, 0xff, 0xff, 0xff}) // 4 GiB request
	kind, payload, _ = readFrame(c, MaxFrame)
	c.Close()
	if kind != kindFailure || !strings.Contains(string(payload), "frame larger") {
		t.Errorf("an oversized frame: %q %s", kind, payload)
	}
	if ran.Load() != 0 {
		t.Errorf("the handler ran %d times for bad requests", ran.Load())
	}
}

// TestServeConnOverPipe: the direct path runs the same exchange in one
// process over net.Pipe.
func TestServeConnOverPipe(t *testing.T) {
	cli, srv := net.Pipe()
	go func() {
		defer srv.Close()
		ServeConn(context.Background(), srv, Peer{UID: 0}, func(_ context.Context, c *Call) (any, error) {
			c.Progress("p")
			c.Output().Write([]byte("data"))
			return c.Peer.UID, nil
		})
	}()
	var out bytes.Buffer
	var lines []string
	raw, err := Do(cli, "x", nil, nil, func(l string) { lines = append(lines, l) }, &out)
	cli.Close()
	if err != nil || string(raw) != "0" || out.String() != "data" || len(lines) != 1 {
		t.Errorf("pipe: %s %v %q %q", raw, err, out.String(), lines)
	}
}
