package sealed

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"
)

var cheap = Cost{Time: 1, Memory: 64, Threads: 1}

func TestRoundTripAndRefusals(t *testing.T) {
	for _, size := range []int{0, 1, chunk - 1, chunk, chunk + 1, 2*chunk + 17} {
		plain := make([]byte, size)
		rand.Read(plain)
		var sealed bytes.Buffer
		if err := Seal(&sealed, bytes.NewReader(plain), []byte("县中心 2026"), cheap); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := Open(&got, bytes.NewReader(sealed.Bytes()), []byte("县中心 2026")); err != nil || !bytes.Equal(got.Bytes(), plain) {
			t.Fatalf("size %d: %v, %d bytes back", size, err, got.Len())
		}
		data := sealed.Bytes()
		for _, c := range []struct {
			name string
			data []byte
			pass string
		}{
			{"wrong passphrase", data, "县中心 2025"},
			{"a flipped byte at the end", flip(data, len(data)-1), "县中心 2026"},
			{"a flipped byte in the header", flip(data, 20), "县中心 2026"},
			{"cut short", data[:len(data)-1], "县中心 2026"},
			{"the last chunk dropped", data[:headerLen+4+min(size, chunk)+16], "县中心 2026"},
			{"a byte appended", append(bytes.Clone(data), 0), "县中心 2026"},
		} {
			if c.name == "the last chunk dropped" && size <= chunk {
				continue
			}
			err := Open(&bytes.Buffer{}, bytes.NewReader(c.data), []byte(c.pass))
			if !errors.Is(err, ErrOpen) {
				t.Errorf("size %d, %s: %v, want ErrOpen", size, c.name, err)
			}
		}
	}
	if err := Open(&bytes.Buffer{}, bytes.NewReader([]byte("SQLite format 3")), []byte("x")); !errors.Is(err, ErrNotSealed) {
		t.Errorf("plain file: %v", err)
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}
