package ui

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/locale"
	"bianmin/appliance/punchclock"
	"bianmin/embedded"
)

func TestSimFingerprintActions(t *testing.T) {
	env := newTestEnv(t)
	tech := env.loginAs(account.RoleTechnician)
	wang := env.staffNo("QS001")
	expectPage(t, "sim panel", tech.get("/sim"), http.StatusOK, `id="fingerprint"`, "按指纹", "陌生手指",
		"按脏了（图像不清）", `href="/kiosk/attendance"`, "王建国 · QS001")

	for _, step := range []struct {
		path  string
		form  url.Values
		flash string
	}{
		{"/sim/fingerprint/press", url.Values{"staff_id": {idString(wang.ID)}, "finger": {"2"}}, "已按下手指"},
		{"/sim/fingerprint/unknown", nil, "已按下一个陌生手指"},
		{"/sim/fingerprint/smudge", nil, "已按下一个不清楚的指纹"},
	} {
		r := tech.post(step.path, step.form)
		if r.Status != http.StatusSeeOther || r.Location != "/sim#fingerprint" {
			t.Fatalf("%s: %d %q", step.path, r.Status, r.Location)
		}
		expectPage(t, step.path+" flash", tech.get("/sim"), http.StatusOK, step.flash)
	}
	want := []string{"finger:" + idString(wang.ID) + ":2", "unknown", "smudge"}
	if got := env.sim.pressed(); !slices.Equal(got, want) {
		t.Fatalf("sim presses %q, want %q", got, want)
	}

	// The generic unplug still reaches the fingerprint device, and a press
	// on an unplugged sensor says it failed.
	if r := tech.post("/sim/fingerprint/unplug", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("unplug fingerprint: %d", r.Status)
	}
	tech.post("/sim/fingerprint/unknown", nil)
	expectPage(t, "press while unplugged", tech.get("/sim"), http.StatusOK, "操作失败")
	if r := tech.post("/sim/fingerprint/replug", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("replug fingerprint: %d", r.Status)
	}
	if got := env.sim.pressed(); len(got) != 3 {
		t.Fatalf("a press on the unplugged sensor was recorded: %q", got)
	}
}

// localeKeyRE finds the literal 考勤 locale keys in Go code (the shared
// key test covers templates and the older prefixes).
var localeKeyRE = regexp.MustCompile(`"((?:punch|kiosk|enrol)\.[a-z0-9_.]+)"`)

// TestAttendanceLocaleKeysExist fails when this area's Go code, or a key
// the templates build at run time, names a key no locale file defines.
func TestAttendanceLocaleKeysExist(t *testing.T) {
	cat, err := locale.Load(embedded.FS)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		base := filepath.Base(f)
		if strings.HasSuffix(f, "_test.go") || !(strings.HasPrefix(base, "attendance_") ||
			strings.HasPrefix(base, "kiosk_") || strings.HasPrefix(base, "enrol_") || base == "sim.go" || base == "dashboard.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range localeKeyRE.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".") && !cat.HasKey(m[1]) {
				t.Errorf("%s uses locale key %q, which no locale file defines", f, m[1])
			}
		}
	}
	var built []string
	for _, s := range []attendance.Source{attendance.SourceFingerprint, attendance.SourceManual, attendance.SourceImport} {
		built = append(built, "punch.source."+string(s))
	}
	for _, q := range []attendance.TimeQuality{attendance.TimeSynced, attendance.TimeRTC, attendance.TimeUnsure} {
		built = append(built, "punch.quality."+string(q))
	}
	for _, s := range []punchclock.EnrolStep{punchclock.StepPressFirst, punchclock.StepLift, punchclock.StepPressSecond,
		punchclock.StepSaving, punchclock.StepDone} {
		built = append(built, "enrol.step."+string(s))
	}
	for _, k := range built {
		if !cat.HasKey(k) {
			t.Errorf("locale key %q (built at run time) is not defined", k)
		}
	}
}
