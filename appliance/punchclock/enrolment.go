package punchclock

import (
	"context"
	"errors"
	"fmt"
	"time"

	"bianmin/appliance/enrol"
)

// EnrolStep is where an enrolment walk-through is; the page shows it.
type EnrolStep string

// Enrolment steps, in order.
const (
	StepPressFirst  EnrolStep = "press_first"  // 请按手指
	StepLift        EnrolStep = "lift"         // 请抬起手指
	StepPressSecond EnrolStep = "press_second" // 请再按同一手指
	StepSaving      EnrolStep = "saving"       // 正在保存
	StepDone        EnrolStep = "done"
)

// CaptureTimeout is how long each press may take.
const CaptureTimeout = 20 * time.Second

// Enrol walks one finger through enrolment: two captures, a model, stored
// in the sensor's next free page, read back and kept as an encrypted copy.
// progress is told each step (it must not block). On any failure after
// the sensor stored the model, the page is cleared again, so the sensor and
// the box never disagree.
func (c *Clock) Enrol(ctx context.Context, actor string, staffID uint64, consentOn string, progress func(EnrolStep)) (enrol.Enrollment, error) {
	if progress == nil {
		progress = func(EnrolStep) {}
	}
	if consentOn == "" {
		return enrol.Enrollment{}, enrol.ErrConsentMissing
	}
	have, err := c.enrols.ForStaff(staffID)
	if err != nil {
		return enrol.Enrollment{}, err
	}
	if len(have) >= enrol.MaxFingers {
		return enrol.Enrollment{}, enrol.ErrTooManyFingers
	}
	var out enrol.Enrollment
	err = c.Exclusive(ctx, func(s Sensor) error {
		progress(StepPressFirst)
		if err := capture(ctx, s, 1); err != nil {
			return err
		}
		progress(StepLift)
		if err := c.waitLiftFor(ctx, s); err != nil {
			return err
		}
		progress(StepPressSecond)
		if err := capture(ctx, s, 2); err != nil {
			return err
		}
		progress(StepSaving)
		if err := s.CreateModel(ctx); err != nil {
			return err
		}
		page, err := s.NextFreePage(ctx)
		if err != nil {
			return err
		}
		if err := s.Store(ctx, page); err != nil {
			return err
		}
		tpl, err := s.Download(ctx, page)
		if err == nil {
			out, err = c.enrols.Add(actor, enrol.Enrollment{StaffID: staffID, Page: page, ConsentOn: consentOn}, tpl)
		}
		if err != nil {
			if derr := s.Delete(ctx, page); derr != nil {
				c.cfg.Logger.Error("enrolment failed and its sensor page could not be cleared", "page", page, "err", derr)
			}
			return err
		}
		s.Signal(ctx, true)
		return nil
	})
	if err == nil {
		progress(StepDone)
	}
	return out, err
}

func capture(ctx context.Context, s Sensor, buffer int) error {
	cctx, cancel := context.WithTimeout(ctx, CaptureTimeout)
	defer cancel()
	return s.Capture(cctx, buffer)
}

// waitLiftFor waits for the finger to leave the sensor between the two
// presses (bounded by CaptureTimeout).
func (c *Clock) waitLiftFor(ctx context.Context, s Sensor) error {
	deadline := c.cfg.Now().Add(CaptureTimeout)
	for c.cfg.Now().Before(deadline) {
		_, _, err := s.Identify(ctx)
		if errors.Is(err, ErrNoFinger) {
			return nil
		}
		if err != nil && !errors.Is(err, ErrNoMatch) && !errors.Is(err, ErrBadImage) {
			return err
		}
		if !sleep(ctx, c.cfg.PollInterval) {
			return ctx.Err()
		}
	}
	return fmt.Errorf("finger not lifted within %v", CaptureTimeout)
}

// RemoveStaff deletes a person's fingerprints: the box's records and copies
// and, when the sensor is connected, its pages. It returns how many
// fingers were removed and whether the sensor pages were cleared.
func (c *Clock) RemoveStaff(ctx context.Context, actor string, staffID uint64) (removed int, sensorCleared bool, err error) {
	list, err := c.enrols.Remove(actor, staffID)
	if err != nil || len(list) == 0 {
		return 0, true, err
	}
	err = c.Exclusive(ctx, func(s Sensor) error {
		for _, e := range list {
			if err := s.Delete(ctx, e.Page); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		c.cfg.Logger.Warn("fingerprints removed from the box but not from the sensor", "staff_id", staffID, "err", err)
		return len(list), false, nil
	}
	return len(list), true, nil
}

// Reenrol writes every kept template copy into the connected sensor (a
// replaced sensor), page by page. It returns how many were written.
func (c *Clock) Reenrol(ctx context.Context) (int, error) {
	all, err := c.enrols.All()
	if err != nil {
		return 0, err
	}
	n := 0
	err = c.Exclusive(ctx, func(s Sensor) error {
		for _, e := range all {
			tpl, err := c.enrols.Template(e)
			if err != nil {
				return fmt.Errorf("template copy of enrolment %d: %w", e.ID, err)
			}
			if err := s.Upload(ctx, e.Page, tpl); err != nil {
				return fmt.Errorf("write page %d: %w", e.Page, err)
			}
			n++
		}
		return nil
	})
	return n, err
}
