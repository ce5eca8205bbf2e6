package fptest

import "bianmin/hw/serialport"

// Record is a serialport.Port that passes everything to Port and records
// it: each Write as a '>' line, each Read that returned bytes as a '<'
// line. Playback joins consecutive lines of one direction, so the read
// chunking does not matter.
type Record struct {
	serialport.Port
	Rec *Recorder
}

func (r Record) Read(b []byte) (int, error) {
	n, err := r.Port.Read(b)
	r.Rec.Module(b[:n])
	return n, err
}

func (r Record) Write(b []byte) (int, error) {
	n, err := r.Port.Write(b)
	r.Rec.Host(b[:n])
	return n, err
}
