package punchclocktest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/punchclock"
)

var bg = context.Background()

func TestIdentifyFollowsTheScript(t *testing.T) {
	s := New()
	broken := errors.New("checksum mismatch")
	s.Queue(Match(3, 120), NoMatch(), BadImage(), Lifted(), Fail(broken))
	want := []struct {
		page, score int
		err         error
	}{{3, 120, nil}, {0, 0, punchclock.ErrNoMatch}, {0, 0, punchclock.ErrBadImage}, {0, 0, punchclock.ErrNoFinger}, {0, 0, broken},
		{0, 0, punchclock.ErrNoFinger}, {0, 0, punchclock.ErrNoFinger}} // then nobody is pressing
	for i, w := range want {
		page, score, err := s.Identify(bg)
		if page != w.page || score != w.score || !errors.Is(err, w.err) || (w.err == nil) != (err == nil) {
			t.Errorf("answer %d = %d, %d, %v; want %d, %d, %v", i, page, score, err, w.page, w.score, w.err)
		}
		if err != nil && err == w.err {
			t.Errorf("answer %d is the bare sentinel; the fake wraps it as the real adapter does", i)
		}
	}
	if s.Pending() != 0 || s.EmptyReads() != 3 {
		t.Errorf("Pending %d, EmptyReads %d; want 0, 3", s.Pending(), s.EmptyReads())
	}
}

func TestEnrolmentCalls(t *testing.T) {
	s := New()
	s.Put(0, []byte("old"))
	page, err := s.NextFreePage(bg)
	if err != nil || page != 1 {
		t.Fatalf("NextFreePage = %d, %v; want 1", page, err)
	}
	if err := s.Store(bg, page); err != nil {
		t.Fatal(err)
	}
	if tpl, err := s.Download(bg, 1); err != nil || string(tpl) != "template-1" || string(StoredTemplate(1)) != "template-1" {
		t.Fatalf("Download(1) = %q, %v", tpl, err)
	}
	if _, err := s.Download(bg, 2); err == nil {
		t.Error("Download of an empty page succeeded")
	}
	if err := s.Store(bg, DefaultCapacity); err == nil {
		t.Error("Store outside the library succeeded")
	}
	if err := s.Upload(bg, 5, []byte{1, 2}); err != nil || s.Uploads() != 1 {
		t.Fatalf("Upload: %v, %d uploads", err, s.Uploads())
	}
	if err := s.Delete(bg, 0); err != nil || !slices.Equal(s.Deleted(), []int{0}) {
		t.Fatalf("Delete: %v, deleted %v", err, s.Deleted())
	}
	if _, ok := s.Template(0); ok {
		t.Error("page 0 still holds a template after Delete")
	}
	s.Wipe()
	if _, ok := s.Template(5); ok {
		t.Error("Wipe left page 5")
	}
	for p := range DefaultCapacity {
		s.Put(p, []byte("x"))
	}
	if _, err := s.NextFreePage(bg); !errors.Is(err, punchclock.ErrLibraryFull) {
		t.Errorf("NextFreePage on a full library = %v, want ErrLibraryFull", err)
	}
}

func TestCaptureAndModelFailures(t *testing.T) {
	s := New()
	s.FailCaptures(punchclock.ErrBadImage)
	if err := s.Capture(bg, 1); !errors.Is(err, punchclock.ErrBadImage) {
		t.Errorf("first capture = %v, want ErrBadImage", err)
	}
	if err := s.Capture(bg, 1); err != nil {
		t.Errorf("second capture = %v, want success", err)
	}
	s.SetModelError(punchclock.ErrNotSameFinger)
	if err := s.CreateModel(bg); !errors.Is(err, punchclock.ErrNotSameFinger) {
		t.Errorf("CreateModel = %v, want ErrNotSameFinger", err)
	}
	s.SetModelError(nil)
	if err := s.CreateModel(bg); err != nil {
		t.Errorf("CreateModel after clearing = %v", err)
	}
	if s.Captures() != 2 {
		t.Errorf("Captures = %d, want 2", s.Captures())
	}
}

func TestHold(t *testing.T) {
	s := New()
	release := s.Hold()
	done := make(chan error, 1)
	go func() { done <- s.Capture(bg, 1) }()
	select {
	case err := <-done:
		t.Fatalf("held capture returned %v before release", err)
	case <-time.After(20 * time.Millisecond):
	}
	release()
	release() // twice is fine
	if err := <-done; err != nil {
		t.Fatalf("released capture = %v", err)
	}

	s.Hold()
	ctx, cancel := context.WithTimeout(bg, 10*time.Millisecond)
	defer cancel()
	if err := s.Capture(ctx, 2); !errors.Is(err, punchclock.ErrNoFinger) {
		t.Fatalf("capture timing out = %v, want ErrNoFinger", err)
	}
}

func TestUnplug(t *testing.T) {
	s := New()
	s.Queue(Match(1, 50))
	s.Unplug()
	calls := map[string]error{}
	_, _, calls["Identify"] = s.Identify(bg)
	calls["Capture"] = s.Capture(bg, 1)
	calls["CreateModel"] = s.CreateModel(bg)
	_, calls["NextFreePage"] = s.NextFreePage(bg)
	calls["Store"] = s.Store(bg, 1)
	_, calls["Download"] = s.Download(bg, 1)
	calls["Upload"] = s.Upload(bg, 1, nil)
	calls["Delete"] = s.Delete(bg, 1)
	for name, err := range calls {
		if !errors.Is(err, ErrUnplugged) {
			t.Errorf("%s while unplugged = %v", name, err)
		}
	}
	s.Signal(bg, true)
	if len(s.Signals()) != 0 {
		t.Error("Signal recorded while unplugged")
	}
	s.Replug()
	if page, _, err := s.Identify(bg); err != nil || page != 1 {
		t.Fatalf("after Replug the script goes on: %d, %v", page, err)
	}
	s.Signal(bg, false)
	if !slices.Equal(s.Signals(), []bool{false}) {
		t.Errorf("Signals = %v", s.Signals())
	}
}

func TestTime(t *testing.T) {
	var tm Time
	if tm.Quality() != attendance.TimeSynced {
		t.Errorf("zero Time = %q, want synced", tm.Quality())
	}
	tm.Set(attendance.TimeUnsure)
	if tm.Quality() != attendance.TimeUnsure {
		t.Errorf("after Set = %q", tm.Quality())
	}
}
