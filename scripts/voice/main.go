// Command voice is the WAV half of scripts/voice/make.sh, which makes the
// hall display's announcement clips (embedded/static/voice/*.ogg):
//
//	go run ./scripts/voice trim IN.wav OUT.wav   cut the silence espeak-ng
//	                                             leaves before and after a word
//	go run ./scripts/voice chime OUT.wav         a two-tone chime (叮咚)
//
// It reads and writes 16-bit mono PCM WAV only (what espeak-ng writes).
// Standard library only.
package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "voice:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	switch {
	case len(args) == 3 && args[0] == "trim":
		w, err := readWAV(args[1])
		if err != nil {
			return err
		}
		w.samples = trim(w.samples, w.rate)
		return writeWAV(args[2], w)
	case len(args) == 2 && args[0] == "chime":
		return writeWAV(args[1], chime(22050))
	}
	return errors.New("usage: voice trim IN.wav OUT.wav | voice chime OUT.wav")
}

// wav is mono 16-bit PCM.
type wav struct {
	rate    int
	samples []int16
}

func readWAV(path string) (wav, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return wav{}, err
	}
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return wav{}, fmt.Errorf("%s: not a WAV file", path)
	}
	var w wav
	for p := 12; p+8 <= len(b); {
		id, size := string(b[p:p+4]), int(binary.LittleEndian.Uint32(b[p+4:p+8]))
		body := b[p+8:]
		if size > len(body) || size < 0 {
			size = len(body) // espeak-ng writing to a pipe leaves the size unset
		}
		body = body[:size]
		switch id {
		case "fmt ":
			if len(body) < 16 || binary.LittleEndian.Uint16(body[0:2]) != 1 ||
				binary.LittleEndian.Uint16(body[2:4]) != 1 || binary.LittleEndian.Uint16(body[14:16]) != 16 {
				return wav{}, fmt.Errorf("%s: want 16-bit mono PCM", path)
			}
			w.rate = int(binary.LittleEndian.Uint32(body[4:8]))
		case "data":
			w.samples = make([]int16, len(body)/2)
			for i := range w.samples {
				w.samples[i] = int16(binary.LittleEndian.Uint16(body[2*i:]))
			}
		}
		p += 8 + size + size%2
	}
	if w.rate == 0 || w.samples == nil {
		return wav{}, fmt.Errorf("%s: no format or no data", path)
	}
	return w, nil
}

func writeWAV(path string, w wav) error {
	data := make([]byte, 44+2*len(w.samples))
	copy(data[0:], "RIFF")
	binary.LittleEndian.PutUint32(data[4:], uint32(len(data)-8))
	copy(data[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(data[16:], 16)
	binary.LittleEndian.PutUint16(data[20:], 1) // PCM
	binary.LittleEndian.PutUint16(data[22:], 1) // mono
	binary.LittleEndian.PutUint32(data[24:], uint32(w.rate))
	binary.LittleEndian.PutUint32(data[28:], uint32(2*w.rate))
	binary.LittleEndian.PutUint16(data[32:], 2)
	binary.LittleEndian.PutUint16(data[34:], 16)
	copy(data[36:], "data")
	binary.LittleEndian.PutUint32(data[40:], uint32(2*len(w.samples)))
	for i, s := range w.samples {
		binary.LittleEndian.PutUint16(data[44+2*i:], uint16(s))
	}
	return os.WriteFile(path, data, 0o644)
}

// trim cuts what is quieter than about -40 dBFS at both ends, keeping
// 20 ms before the first sound and 40 ms after the last, so that clips
// played back to back sound like one sentence.
func trim(s []int16, rate int) []int16 {
	const threshold = 330
	loud := func(x int16) bool { return x > threshold || x < -threshold }
	first, last := -1, -1
	for i, x := range s {
		if loud(x) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return s[:0]
	}
	first = max(0, first-rate/50)
	last = min(len(s), last+rate/25)
	return s[first:last]
}

// chime is a soft two-tone 叮咚 (E6 then C6), each note with a quick
// attack and an exponential decay.
func chime(rate int) wav {
	note := func(freq, seconds float64) []int16 {
		n := int(seconds * float64(rate))
		out := make([]int16, n)
		for i := range out {
			t := float64(i) / float64(rate)
			env := math.Min(1, t/0.005) * math.Exp(-t*4.5)
			v := 0.8*math.Sin(2*math.Pi*freq*t) + 0.2*math.Sin(4*math.Pi*freq*t)
			out[i] = int16(9000 * env * v)
		}
		return out
	}
	s := append(note(1318.5, 0.45), note(1046.5, 0.75)...)
	return wav{rate: rate, samples: s}
}
