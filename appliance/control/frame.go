package control

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
)

// A frame is a kind byte, the payload's length (4 bytes, big-endian) and
// the payload. The command sends kindRequest then one kindInput per file;
// the service sends any number of kindProgress and kindOutput frames and
// ends with kindResult or kindFailure.
const (
	kindRequest  byte = 'Q' // command → service: the Request (JSON)
	kindInput    byte = 'I' // command → service: one input file's bytes
	kindProgress byte = 'P' // service → command: one progress line (UTF-8)
	kindOutput   byte = 'O' // service → command: the next chunk of the output stream
	kindResult   byte = 'R' // service → command: the result (JSON); the last frame
	kindFailure  byte = 'F' // service → command: a Failure (JSON); the last frame
)

// MaxFrame bounds one frame's payload: an input file (the command line
// reads them with the web uploads' limit, 4 MiB), a result, an output
// chunk. A larger frame is a protocol error.
const MaxFrame = 16 << 20

// outputChunk is the size of the output stream's frames.
const outputChunk = 64 << 10

const frameHeader = 5

// errFrameTooBig is a frame whose length exceeds MaxFrame.
var errFrameTooBig = fmt.Errorf("control: frame larger than %d bytes", MaxFrame)

// frameWriter writes frames; it may be used from several goroutines (an
// operation's progress callback and its output stream).
type frameWriter struct {
	mu  sync.Mutex
	w   io.Writer
	err error // the first write error: later writes fail at once
}

func (fw *frameWriter) write(kind byte, payload []byte) error {
	if len(payload) > MaxFrame {
		return errFrameTooBig
	}
	fw.mu.Lock()
	defer fw.mu.Unlock()
	if fw.err != nil {
		return fw.err
	}
	var h [frameHeader]byte
	h[0] = kind
	binary.BigEndian.PutUint32(h[1:], uint32(len(payload)))
	if _, err := fw.w.Write(h[:]); err != nil {
		fw.err = err
		return err
	}
	if len(payload) > 0 {
		if _, err := fw.w.Write(payload); err != nil {
			fw.err = err
			return err
		}
	}
	return nil
}

// readFrame reads one frame whose payload is at most limit bytes.
func readFrame(r io.Reader, limit int) (kind byte, payload []byte, err error) {
	var h [frameHeader]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(h[1:])
	if int64(n) > int64(limit) {
		return 0, nil, errFrameTooBig
	}
	payload = make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return 0, nil, err
	}
	return h[0], payload, nil
}

// outputWriter turns an operation's output stream into kindOutput frames.
type outputWriter struct{ fw *frameWriter }

func (o outputWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		n := min(len(p), outputChunk)
		if err := o.fw.write(kindOutput, p[:n]); err != nil {
			return written, err
		}
		written += n
		p = p[n:]
	}
	return written, nil
}
