package punchclocktest

import (
	"context"
	"errors"
	"fmt"

	"bianmin/appliance/punchclock"
)

// The punchclock.Sensor methods. Each fails with ErrUnplugged while the
// sensor is unplugged.

// Identify gives the next scripted answer, or Lifted when none is left.
func (s *Sensor) Identify(ctx context.Context) (page, score int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unplugged {
		return 0, 0, ErrUnplugged
	}
	if len(s.script) == 0 {
		s.empties++
		return 0, 0, Lifted().Err
	}
	a := s.script[0]
	s.script = s.script[1:]
	if a.Err != nil && isNoFinger(a.Err) {
		s.empties++
	}
	return a.Page, a.Score, a.Err
}

// Capture succeeds at once unless a failure is queued (FailCaptures) or
// the sensor is held (Hold).
func (s *Sensor) Capture(ctx context.Context, buffer int) error {
	s.mu.Lock()
	if s.unplugged {
		s.mu.Unlock()
		return ErrUnplugged
	}
	s.captured++
	hold := s.hold
	var err error
	if len(s.captures) > 0 {
		err = fmt.Errorf("punchclocktest: capture %d: %w", buffer, s.captures[0])
		s.captures = s.captures[1:]
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			return fmt.Errorf("punchclocktest: capture %d: %w", buffer, punchclock.ErrNoFinger)
		}
	}
	return nil
}

// CreateModel succeeds unless SetModelError said otherwise.
func (s *Sensor) CreateModel(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unplugged {
		return ErrUnplugged
	}
	if s.modelErr != nil {
		return fmt.Errorf("punchclocktest: create model: %w", s.modelErr)
	}
	return nil
}

// NextFreePage is the lowest empty page, or punchclock.ErrLibraryFull.
func (s *Sensor) NextFreePage(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unplugged {
		return 0, ErrUnplugged
	}
	for p := range s.capacity {
		if _, used := s.library[p]; !used {
			return p, nil
		}
	}
	return 0, fmt.Errorf("punchclocktest: %d pages used: %w", s.capacity, punchclock.ErrLibraryFull)
}

// Store writes StoredTemplate(page) to page.
func (s *Sensor) Store(ctx context.Context, page int) error {
	return s.write(page, StoredTemplate(page), false)
}

// Download reads the template at page; an empty page is an error, as on
// the module.
func (s *Sensor) Download(ctx context.Context, page int) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unplugged {
		return nil, ErrUnplugged
	}
	tpl, ok := s.library[page]
	if !ok {
		return nil, fmt.Errorf("punchclocktest: download page %d: the page is empty", page)
	}
	return append([]byte(nil), tpl...), nil
}

// Upload writes template to page.
func (s *Sensor) Upload(ctx context.Context, page int, template []byte) error {
	return s.write(page, template, true)
}

// write puts tpl at page (a copy), counting uploads.
func (s *Sensor) write(page int, tpl []byte, upload bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unplugged {
		return ErrUnplugged
	}
	if err := s.checkPage(page); err != nil {
		return err
	}
	s.library[page] = append([]byte(nil), tpl...)
	if upload {
		s.uploads++
	}
	return nil
}

// Delete clears page (clearing an empty page is fine, as on the module).
func (s *Sensor) Delete(ctx context.Context, page int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unplugged {
		return ErrUnplugged
	}
	delete(s.library, page)
	s.deleted = append(s.deleted, page)
	return nil
}

// Signal records ok (nothing while unplugged).
func (s *Sensor) Signal(ctx context.Context, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.unplugged {
		s.signals = append(s.signals, ok)
	}
}

// checkPage refuses a page outside the library, as the module does.
func (s *Sensor) checkPage(page int) error {
	if page < 0 || page >= s.capacity {
		return fmt.Errorf("punchclocktest: page %d is outside the library (0..%d)", page, s.capacity-1)
	}
	return nil
}

func isNoFinger(err error) bool { return errors.Is(err, punchclock.ErrNoFinger) }
