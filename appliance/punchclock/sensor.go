package punchclock

import (
	"context"
	"errors"
)

// Sensor is what the clock needs from a fingerprint module. Errors are the
// package's sentinels (wrapped with detail) so the domain can decide.
type Sensor interface {
	// Identify waits briefly for a finger and searches the library.
	// It returns ErrNoFinger when nobody is pressing, ErrNoMatch for an
	// unknown finger, ErrBadImage for a smudge.
	Identify(ctx context.Context) (page, score int, err error)
	// Capture waits up to the context's deadline for a finger and keeps
	// its features in char buffer 1 or 2.
	Capture(ctx context.Context, buffer int) error
	// CreateModel combines buffers 1 and 2 (ErrNotSameFinger when they
	// differ).
	CreateModel(ctx context.Context) error
	NextFreePage(ctx context.Context) (int, error)
	Store(ctx context.Context, page int) error
	Download(ctx context.Context, page int) ([]byte, error)
	Upload(ctx context.Context, page int, template []byte) error
	Delete(ctx context.Context, page int) error
	// Signal shows OK (green) or not (red) on the sensor's LED, if any.
	Signal(ctx context.Context, ok bool)
}

// Sentinel errors a Sensor returns (wrapped).
var (
	ErrNoFinger      = errors.New("no finger on the sensor")
	ErrNoMatch       = errors.New("finger not recognised")
	ErrBadImage      = errors.New("fingerprint image unclear")
	ErrNotSameFinger = errors.New("the two presses were not the same finger")
	ErrOffline       = errors.New("the fingerprint sensor is not connected")
	ErrLibraryFull   = errors.New("the sensor's template library is full")
)
