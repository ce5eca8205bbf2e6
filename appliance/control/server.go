package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"bianmin/appliance/problem"
)

// SocketName is the command socket's file name in the data directory.
const SocketName = "bianmin.sock"

// Protocol is the exchange's version; a service refuses a request of
// another version with a problem that says to match the binaries.
const Protocol = 1

const (
	maxRequest  = 64 << 10         // the request's JSON
	maxInputs   = 8                // files one request may carry
	readTimeout = 30 * time.Second // to receive the whole request
	maxPathLen  = 107              // sun_path holds 108 bytes with the NUL
)

// Request is what a command asks the service for: one operation by name
// with its arguments, and how many input files follow it.
type Request struct {
	Protocol int             `json:"protocol"`
	Op       string          `json:"op"`
	Args     json.RawMessage `json:"args,omitempty"`
	Inputs   int             `json:"inputs,omitempty"`
}

// Call is one request being served.
type Call struct {
	Op     string
	Args   json.RawMessage
	Inputs [][]byte // the files the command read, in its order
	Peer   Peer     // who asked
	fw     *frameWriter
}

// Progress sends one progress line to the command (it prints it on
// stderr). A command that has gone away is not an error here: the
// operation finishes and its result is dropped.
func (c *Call) Progress(line string) { _ = c.fw.write(kindProgress, []byte(line)) }

// Output is the operation's output stream (a backup's bytes); the command
// writes it to its file.
func (c *Call) Output() io.Writer { return outputWriter{c.fw} }

// Handler serves one call: its result is sent as JSON, its error as a
// Failure (FailureOf).
type Handler func(ctx context.Context, c *Call) (any, error)

// Options tune a Server; the zero value is what the service uses.
type Options struct {
	// Allow says who may use the socket; nil: Allowed with the process's
	// own uid (root and the service's user).
	Allow func(Peer) bool
	// Logger logs every call (operation, peer, outcome, duration).
	Logger *slog.Logger
	// Grace is how long Close lets calls in progress finish before it
	// cuts them off; 0: 10 s.
	Grace time.Duration
}

// Server serves the command socket.
type Server struct {
	ln      *net.UnixListener
	path    string
	handler Handler
	opts    Options
	ctx     context.Context
	cancel  context.CancelFunc

	mu     sync.Mutex
	closed bool
	conns  map[net.Conn]struct{}
	wg     sync.WaitGroup
}

// Listen creates the command socket at path, mode 0600. Only the process
// that holds the store's lock calls it, so a socket file already there was
// left by a service that did not shut down (power cut, kill -9) and is
// replaced; one that still answers belongs to a live service and is kept
// (an error). Serve must be called to answer.
func Listen(path string, h Handler, opts Options) (*Server, error) {
	if len(path) > maxPathLen {
		return nil, fmt.Errorf("command socket %s: path longer than %d bytes; use a shorter --data directory", path, maxPathLen)
	}
	if err := removeStale(path); err != nil {
		return nil, err
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("command socket %s: %w", path, err)
	}
	// Until this chmod the socket has the umask's mode (0750 under the
	// unit's UMask=0027): only the service's group could connect, and the
	// peer check refuses it anyway.
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("command socket %s: %w", path, err)
	}
	if opts.Allow == nil {
		uid := os.Getuid()
		opts.Allow = func(p Peer) bool { return Allowed(p, uid) }
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Grace <= 0 {
		opts.Grace = 10 * time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{ln: ln, path: path, handler: h, opts: opts, ctx: ctx, cancel: cancel, conns: map[net.Conn]struct{}{}}, nil
}

// removeStale removes a socket file that no service answers on.
func removeStale(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("command socket %s: %w", path, err)
	}
	if fi.Mode()&os.ModeSocket == 0 {
		return fmt.Errorf("command socket %s: a file that is not a socket is in the way; move it elsewhere", path)
	}
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return fmt.Errorf("command socket %s: another service answers on it", path)
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("command socket %s: remove the one left by an earlier run: %w", path, err)
	}
	return nil
}

// Path is the socket's path.
func (s *Server) Path() string { return s.path }

// Serve answers connections until Close.
func (s *Server) Serve() {
	for {
		conn, err := s.ln.AcceptUnix()
		if err != nil {
			if s.isClosed() {
				return
			}
			s.opts.Logger.Warn("command socket: accept failed", "err", err)
			time.Sleep(100 * time.Millisecond)
			continue
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			conn.Close()
			return
		}
		s.conns[conn] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			s.handle(conn)
			s.mu.Lock()
			delete(s.conns, conn)
			s.mu.Unlock()
		}()
	}
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// handle checks who connected, then serves the call.
func (s *Server) handle(conn *net.UnixConn) {
	defer conn.Close()
	log := s.opts.Logger
	peer, err := PeerOf(conn)
	if err != nil || !s.opts.Allow(peer) {
		uid := any(peer.UID)
		if err != nil {
			uid = "?"
		}
		log.Warn("command socket: refused a connection", "uid", uid, "pid", peer.PID, "err", err)
		refuse(conn, problem.New("", "control.err.peer", "UID", uid))
		return
	}
	started := time.Now()
	op, err := ServeConn(s.ctx, conn, peer, s.handler)
	attrs := []any{"op", op, "uid", peer.UID, "pid", peer.PID, "took", time.Since(started).Round(time.Millisecond)}
	switch {
	case err == nil:
		log.Info("command done", attrs...)
	case len(problem.All(err)) > 0:
		log.Info("command refused", append(attrs, "problems", problem.All(err).Error())...)
	default:
		log.Warn("command failed", append(attrs, "err", err)...)
	}
}

// refuse answers a connection with a problem and nothing else. What the
// peer sent is read and dropped (for a moment, up to a request's size), so
// that closing does not reset the connection before the peer has read why.
func refuse(conn *net.UnixConn, p *problem.Problem) {
	conn.SetDeadline(time.Now().Add(2 * time.Second))
	b, _ := json.Marshal(FailureOf(p))
	_ = (&frameWriter{w: conn}).write(kindFailure, b)
	conn.CloseWrite()
	io.Copy(io.Discard, io.LimitReader(conn, maxInputs*MaxFrame))
}

// ServeConn serves one call on conn for peer: it reads the request and its
// input files, runs h and sends the result or the failure. It returns the
// operation's name and h's error (or why the exchange failed). The command
// line uses it over an in-memory pipe when it opens the store itself.
func ServeConn(ctx context.Context, conn net.Conn, peer Peer, h Handler) (op string, err error) {
	fw := &frameWriter{w: conn}
	fail := func(err error) error {
		b, jerr := json.Marshal(FailureOf(err))
		if jerr != nil {
			b, _ = json.Marshal(&Failure{Code: 1, Message: err.Error()})
		}
		_ = fw.write(kindFailure, b)
		return err
	}
	conn.SetReadDeadline(time.Now().Add(readTimeout))
	req, inputs, err := readRequest(conn)
	if err != nil {
		if problem.All(err) == nil {
			err = fmt.Errorf("read the request: %w", err)
		}
		return req.Op, fail(err)
	}
	conn.SetReadDeadline(time.Time{})
	call := &Call{Op: req.Op, Args: req.Args, Inputs: inputs, Peer: peer, fw: fw}
	res, err := h(ctx, call)
	if err != nil {
		return req.Op, fail(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		return req.Op, fail(fmt.Errorf("encode the result of %s: %w", req.Op, err))
	}
	if err := fw.write(kindResult, b); err != nil {
		return req.Op, fmt.Errorf("send the result (the command has gone): %w", err)
	}
	return req.Op, nil
}

// readRequest reads the request frame and its input files.
func readRequest(r io.Reader) (Request, [][]byte, error) {
	var req Request
	kind, b, err := readFrame(r, maxRequest)
	if err != nil {
		return req, nil, err
	}
	if kind != kindRequest {
		return req, nil, fmt.Errorf("first frame is %q, not a request", kind)
	}
	if err := json.Unmarshal(b, &req); err != nil {
		return req, nil, fmt.Errorf("request: %w", err)
	}
	if req.Protocol != Protocol {
		return req, nil, problem.New("", "control.err.protocol", "Got", req.Protocol, "Want", Protocol)
	}
	if req.Inputs < 0 || req.Inputs > maxInputs {
		return req, nil, fmt.Errorf("request: %d input files (at most %d)", req.Inputs, maxInputs)
	}
	inputs := make([][]byte, 0, req.Inputs)
	for range req.Inputs {
		kind, b, err := readFrame(r, MaxFrame)
		if err != nil {
			return req, nil, err
		}
		if kind != kindInput {
			return req, nil, fmt.Errorf("frame %q where an input file was expected", kind)
		}
		inputs = append(inputs, b)
	}
	return req, inputs, nil
}

// Close stops listening and removes the socket, lets calls in progress
// finish for the grace period, then cuts off what is left.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	err := s.ln.Close() // removes the socket file
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(s.opts.Grace):
		s.opts.Logger.Warn("command socket: cutting off commands still running at shutdown")
		s.cancel()
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
		}
	}
	s.cancel()
	return err
}
