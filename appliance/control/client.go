package control

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"
)

var (
	// ErrNoService: nothing answers on the socket (no file, or one left by
	// a service that is gone); the command opens the store itself.
	ErrNoService = errors.New("no service answers on the command socket")
	// ErrPermission: the socket (or the data directory) is not open to
	// this user; only root and the service's user may use it.
	ErrPermission = errors.New("no permission to use the command socket")
	// ErrDisconnected: the service closed the connection before it sent
	// the result (it is stopping, or it failed).
	ErrDisconnected = errors.New("the service closed the connection before the command finished")
)

// Dial connects to the service's command socket at path.
func Dial(path string) (net.Conn, error) {
	c, err := net.DialTimeout("unix", path, 2*time.Second)
	switch {
	case err == nil:
		return c, nil
	case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return nil, fmt.Errorf("%w: %v", ErrPermission, err)
	default: // ENOENT, ECONNREFUSED (a stale socket), a path too long for a socket
		return nil, fmt.Errorf("%w: %v", ErrNoService, err)
	}
}

// Do sends one request with its input files on conn and reads the answer:
// progress lines go to progress, output chunks to output (an operation
// that streams output needs one), and the result comes back as JSON. When
// the service refuses or fails, the error is a *Failure.
func Do(conn net.Conn, op string, args any, inputs [][]byte, progress func(string), output io.Writer) (json.RawMessage, error) {
	raw, err := json.Marshal(args)
	if err != nil {
		return nil, fmt.Errorf("encode the request %s: %w", op, err)
	}
	b, err := json.Marshal(Request{Protocol: Protocol, Op: op, Args: raw, Inputs: len(inputs)})
	if err != nil {
		return nil, err
	}
	fw := &frameWriter{w: conn}
	werr := fw.write(kindRequest, b)
	for _, in := range inputs {
		if werr == nil {
			werr = fw.write(kindInput, in)
		}
	}
	// Read the answer even when sending failed: the service may have
	// refused the connection before it read the request.
	for {
		kind, payload, err := readFrame(conn, MaxFrame)
		if err != nil {
			if werr != nil {
				err = werr
			}
			return nil, fmt.Errorf("%w: %v", ErrDisconnected, err)
		}
		switch kind {
		case kindProgress:
			if progress != nil {
				progress(string(payload))
			}
		case kindOutput:
			if output == nil {
				return nil, fmt.Errorf("control: %s sent output the command did not expect", op)
			}
			if _, err := output.Write(payload); err != nil {
				return nil, err
			}
		case kindResult:
			return payload, nil
		case kindFailure:
			f := &Failure{}
			if err := json.Unmarshal(payload, f); err != nil {
				return nil, fmt.Errorf("control: the failure of %s: %w", op, err)
			}
			if f.Code == 0 {
				f.Code = 1
			}
			return nil, f
		default:
			return nil, fmt.Errorf("control: unknown frame %q from the service", kind)
		}
	}
}
