// Package sealed encrypts a backup for a USB stick with a passphrase: the
// key is derived with argon2id (salt and cost in the file's header), the
// data sealed with AES-256-GCM in chunks of 1 MiB, each chunk's nonce its
// number and each chunk's additional data the header and whether it is
// the last: a changed byte, a chunk moved, dropped or cut short, a wrong
// passphrase — all fail to open, none yields wrong data. A stick is lost
// more easily than a box; staff records must not be readable from it.
//
// It imports the standard library and golang.org/x/crypto/argon2.
package sealed

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/argon2"
)

const magic = "BMSEAL01"

// chunk is the size of the plaintext sealed at a time.
const chunk = 1 << 20

// Cost is argon2id's cost. Default: 3 passes over 64 MiB with 2 threads,
// about a second on a Raspberry Pi 3 and within a 512 MB box's memory.
type Cost struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultCost is used by Seal.
var DefaultCost = Cost{Time: 3, Memory: 64 << 10, Threads: 2}

// Limits a header may ask for when opening (a crafted file must not make
// the box derive a key with 4 GB of memory).
const (
	maxMemory = 256 << 10
	maxTime   = 16
)

// ErrOpen is the one failure of Open for a wrong passphrase or a changed
// file: the two cannot be told apart, by design.
var ErrOpen = errors.New("wrong passphrase, or the file was changed or cut short")

// ErrNotSealed: the file does not start like a sealed backup.
var ErrNotSealed = errors.New("not an encrypted bianmin backup")

const headerLen = len(magic) + 4 + 4 + 1 + 16 + 8

// IsSealed reports whether data starts like a sealed file.
func IsSealed(head []byte) bool { return bytes.HasPrefix(head, []byte(magic)) }

// Seal writes r to w encrypted with passphrase, at cost c (zero: DefaultCost).
func Seal(w io.Writer, r io.Reader, passphrase []byte, c Cost) error {
	if len(passphrase) == 0 {
		return errors.New("an empty passphrase")
	}
	if c == (Cost{}) {
		c = DefaultCost
	}
	header := make([]byte, headerLen)
	copy(header, magic)
	binary.BigEndian.PutUint32(header[8:], c.Time)
	binary.BigEndian.PutUint32(header[12:], c.Memory)
	header[16] = c.Threads
	if _, err := rand.Read(header[17:]); err != nil { // salt and nonce prefix
		return err
	}
	aead, err := newAEAD(passphrase, header)
	if err != nil {
		return err
	}
	if _, err := w.Write(header); err != nil {
		return err
	}
	buf := make([]byte, chunk)
	next := make([]byte, chunk)
	n, err := io.ReadFull(r, buf)
	for i := uint32(0); ; i++ {
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return err
		}
		// Read ahead one chunk to know whether this one is the last.
		last := err != nil
		var m int
		var nerr error
		if !last {
			m, nerr = io.ReadFull(r, next)
			if nerr == io.EOF {
				last = true
			}
		}
		if err := writeChunk(w, aead, header, i, buf[:n], last); err != nil {
			return err
		}
		if last {
			return nil
		}
		buf, next, n, err = next, buf, m, nerr
	}
}

func writeChunk(w io.Writer, aead cipher.AEAD, header []byte, i uint32, p []byte, last bool) error {
	var size [4]byte
	binary.BigEndian.PutUint32(size[:], uint32(len(p)))
	if _, err := w.Write(size[:]); err != nil {
		return err
	}
	_, err := w.Write(aead.Seal(nil, nonce(header, i), p, ad(header, last)))
	return err
}

// Open writes the plaintext of the sealed r to w. On ErrOpen, w may have
// received chunks before the failing one: write to a temporary file and
// keep it only when Open returns nil.
func Open(w io.Writer, r io.Reader, passphrase []byte) error {
	header := make([]byte, headerLen)
	if _, err := io.ReadFull(r, header); err != nil || !IsSealed(header) {
		return ErrNotSealed
	}
	aead, err := newAEAD(passphrase, header)
	if err != nil {
		return err
	}
	buf := make([]byte, chunk+aead.Overhead())
	for i := uint32(0); ; i++ {
		var size [4]byte
		if _, err := io.ReadFull(r, size[:]); err != nil {
			return ErrOpen // cut short before the last chunk
		}
		n := binary.BigEndian.Uint32(size[:])
		if n > chunk {
			return ErrOpen
		}
		ct := buf[:int(n)+aead.Overhead()]
		if _, err := io.ReadFull(r, ct); err != nil {
			return ErrOpen
		}
		last := false
		p, err := aead.Open(nil, nonce(header, i), ct, ad(header, false))
		if err != nil {
			if p, err = aead.Open(nil, nonce(header, i), ct, ad(header, true)); err != nil {
				return ErrOpen
			}
			last = true
		}
		if _, err := w.Write(p); err != nil {
			return err
		}
		if last {
			if _, err := r.Read(make([]byte, 1)); err != io.EOF {
				return ErrOpen // bytes after the last chunk
			}
			return nil
		}
	}
}

func newAEAD(passphrase, header []byte) (cipher.AEAD, error) {
	t := binary.BigEndian.Uint32(header[8:])
	m := binary.BigEndian.Uint32(header[12:])
	threads := header[16]
	if t == 0 || t > maxTime || m < 8 || m > maxMemory || threads == 0 {
		return nil, fmt.Errorf("%w: key derivation cost out of range", ErrOpen)
	}
	key := argon2.IDKey(passphrase, header[17:33], t, m, threads, 32)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// nonce is the header's 8-byte prefix and the chunk's number.
func nonce(header []byte, i uint32) []byte {
	n := make([]byte, 12)
	copy(n, header[33:41])
	binary.BigEndian.PutUint32(n[8:], i)
	return n
}

// ad binds a chunk to the header and says whether it is the last.
func ad(header []byte, last bool) []byte {
	a := append([]byte{}, header...)
	if last {
		return append(a, 1)
	}
	return append(a, 0)
}
