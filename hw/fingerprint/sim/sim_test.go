package sim_test

import (
	"bytes"
	"errors"
	"testing"

	"bianmin/hw/fingerprint"
	"bianmin/hw/fingerprint/sim"
)

// The driver reads the R307 parameters the simulator reports.
func TestParamsOverPty(t *testing.T) {
	t.Parallel()
	r := newRig(t, sim.Config{})
	want := fingerprint.Params{Status: 1 << 2, LibrarySize: 1000, SecurityLevel: 3, Address: 0xFFFFFFFF, PacketSize: 128, Baud: 57600}
	if got := r.sensor.Params(); got != want {
		t.Errorf("Params = %+v, want %+v", got, want)
	}
	if n, err := r.sensor.Count(r.ctx); err != nil || n != 0 {
		t.Errorf("Count = %d, %v; want 0", n, err)
	}
}

// Two presses → RegModel → Store → Search finds the finger, with the
// simulator's fixed score; a second finger goes to the next free page.
func TestEnrollThenIdentify(t *testing.T) {
	t.Parallel()
	r := newRig(t, sim.Config{})
	if err := r.sim.Enroll(0, "seeded"); err != nil {
		t.Fatal(err)
	}
	page := r.enroll(t, "alice")
	if page != 1 {
		t.Errorf("alice stored at page %d, want 1 (page 0 is taken)", page)
	}
	m, err := r.identify("alice")
	if err != nil {
		t.Fatalf("identify alice: %v", err)
	}
	if want := (fingerprint.Match{Page: 1, Score: sim.Score("alice")}); m != want {
		t.Errorf("identify alice = %+v, want %+v", m, want)
	}
	if s := m.Score; s < 50 || s > 200 {
		t.Errorf("score %d outside 50..200", s)
	}
	if got := r.sim.Templates(); len(got) != 2 || got[0] != "seeded" || got[1] != "alice" {
		t.Errorf("Templates = %v", got)
	}
	if n, err := r.sensor.Count(r.ctx); err != nil || n != 2 {
		t.Errorf("Count = %d, %v; want 2", n, err)
	}
}

func TestIdentifyFailures(t *testing.T) {
	t.Parallel()
	r := newRig(t, sim.Config{})
	r.enroll(t, "alice")

	wantErr(t, "capture with no finger", r.sensor.CaptureImage(r.ctx), fingerprint.ErrNoFinger)

	r.sim.PlaceUnknownFinger()
	if err := r.sensor.CaptureImage(r.ctx); err != nil {
		t.Fatal(err)
	}
	_, err := r.sensor.Identify(r.ctx)
	wantErr(t, "unknown finger", err, fingerprint.ErrNoMatch)
	var fe *fingerprint.Error
	if !errors.As(err, &fe) || fe.Code != 0x09 || fe.Zh != "未识别，请重按" || fe.Key != "fingerprint.err.no_match" || fe.Op != "Search" {
		t.Errorf("no-match error = %#v", fe)
	}

	r.sim.PlaceSmudge()
	if err := r.sensor.CaptureImage(r.ctx); err != nil {
		t.Fatal(err)
	}
	_, err = r.sensor.Identify(r.ctx)
	wantErr(t, "smudge", err, fingerprint.ErrImageMessy)

	// Two different fingers do not make a model.
	r.sim.PlaceFinger("bob")
	if err := r.sensor.CaptureToBuffer(r.ctx, 1); err != nil {
		t.Fatal(err)
	}
	r.sim.PlaceFinger("carol")
	if err := r.sensor.CaptureToBuffer(r.ctx, 2); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "combine bob and carol", r.sensor.CreateModel(r.ctx), fingerprint.ErrCombine)
}

// A template downloaded from sensor A and uploaded into a fresh sensor B
// identifies the same finger there: re-enrolling a replaced sensor.
func TestTemplateMovesToReplacementSensor(t *testing.T) {
	t.Parallel()
	a := newRig(t, sim.Config{})
	page := a.enroll(t, "dora")
	tmpl, err := a.sensor.DownloadTemplate(a.ctx, page)
	if err != nil {
		t.Fatalf("DownloadTemplate: %v", err)
	}
	if !bytes.Equal(tmpl, sim.Template("dora")) {
		t.Fatalf("downloaded %d bytes, not dora's template", len(tmpl))
	}

	b := newRig(t, sim.Config{})
	if err := b.sensor.UploadTemplate(b.ctx, 42, tmpl); err != nil {
		t.Fatalf("UploadTemplate: %v", err)
	}
	if got := b.sim.Templates(); got[42] != "dora" {
		t.Errorf("sensor B templates %v, want dora at 42", got)
	}
	m, err := b.identify("dora")
	if err != nil || m.Page != 42 {
		t.Errorf("identify dora on B = %+v, %v; want page 42", m, err)
	}
	_, err = b.identify("eve")
	wantErr(t, "eve on B", err, fingerprint.ErrNoMatch)
}

func TestDeleteClearAndFullLibrary(t *testing.T) {
	t.Parallel()
	r := newRig(t, sim.Config{Capacity: 10})
	for p := range 10 {
		if err := r.sim.Enroll(p, "f"); err != nil {
			t.Fatal(err)
		}
	}
	_, err := r.sensor.NextFreePage(r.ctx)
	wantErr(t, "NextFreePage of a full library", err, fingerprint.ErrLibraryFull)
	if err := r.sensor.Delete(r.ctx, 7); err != nil {
		t.Fatalf("Delete(7): %v", err)
	}
	if p, err := r.sensor.NextFreePage(r.ctx); err != nil || p != 7 {
		t.Errorf("NextFreePage after deleting 7 = %d, %v", p, err)
	}
	wantErr(t, "Delete(10)", r.sensor.Delete(r.ctx, 10), fingerprint.ErrBadPage)
	if err := r.sensor.Clear(r.ctx); err != nil {
		t.Fatalf("Clear: %v", err)
	}
	if n, err := r.sensor.Count(r.ctx); err != nil || n != 0 {
		t.Errorf("Count after Clear = %d, %v", n, err)
	}
}

// An R307 has no aura LED: LED says nothing went wrong and stops sending
// AuraLedConfig. An R503 shows the colour.
func TestAuraLED(t *testing.T) {
	t.Parallel()
	r307 := newRig(t, sim.Config{})
	for range 3 {
		if err := r307.sensor.LED(r307.ctx, true); err != nil {
			t.Fatalf("LED on an R307: %v", err)
		}
	}
	if !r307.sensor.NoAuraLED() {
		t.Error("NoAuraLED false after the R307 refused AuraLedConfig")
	}
	if n := r307.sim.Counters().Commands["AuraLED"]; n != 1 {
		t.Errorf("AuraLedConfig sent %d times to an R307, want once", n)
	}

	r503 := newRig(t, sim.Config{AuraLED: true})
	if err := r503.sensor.LED(r503.ctx, false); err != nil {
		t.Fatal(err)
	}
	if got := r503.sim.LED(); got.Colour != 0x01 || got.Control != 0x02 {
		t.Errorf("R503 LED after LED(false) = %+v, want flashing red", got)
	}
	if err := r503.sensor.LED(r503.ctx, true); err != nil {
		t.Fatal(err)
	}
	if got := r503.sim.LED(); got.Colour != 0x02 {
		t.Errorf("R503 LED after LED(true) = %+v, want blue", got)
	}
	if r503.sensor.NoAuraLED() {
		t.Error("NoAuraLED true on an R503")
	}
}

func TestPassword(t *testing.T) {
	t.Parallel()
	s := sim.New(sim.Config{Password: 0x1234})
	pair, _ := startSim(t, s)
	port := openPort(t, pair.Path())
	ctx := testContext(t)
	_, err := fingerprint.New(ctx, port, fingerprint.Options{Password: 0x9999, Logger: quiet.Logger})
	wantErr(t, "wrong password", err, fingerprint.ErrWrongPassword)
	if _, err := fingerprint.New(ctx, port, fingerprint.Options{Password: 0x1234, Logger: quiet.Logger}); err != nil {
		t.Fatalf("right password: %v", err)
	}
}

// Noise on the line before a reply is skipped; the host closing and
// reopening the port does not disturb the simulator.
func TestNoiseAndReopen(t *testing.T) {
	t.Parallel()
	r := newRig(t, sim.Config{})
	r.sim.Garbage([]byte{0x00, 0xEF, 0x55, 0xEF, 0x01, 0xFF, 0xFF})
	if _, err := r.sensor.Count(r.ctx); err != nil {
		t.Fatalf("Count after noise: %v", err)
	}
	if st := r.sensor.Stats(); st.Garbage == 0 {
		t.Errorf("Stats %+v: the noise was not counted", st)
	}
	_ = r.port.Close()
	port := openPort(t, r.pair.Path())
	sensor, err := fingerprint.New(r.ctx, port, quiet)
	if err != nil {
		t.Fatalf("New after reopening: %v", err)
	}
	if n, err := sensor.Count(r.ctx); err != nil || n != 0 {
		t.Errorf("Count after reopening = %d, %v", n, err)
	}
}
