package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"bianmin/appliance/store"
)

// mountTmpfs mounts a tmpfs of size MiB (a small SD card that can really
// fill up) and unmounts it when the test ends. It needs root; elsewhere the
// test is skipped.
func mountTmpfs(t *testing.T, sizeMiB int) string {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("needs root to mount a small tmpfs (make test runs as root)")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%dm", sizeMiB), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Fatalf("mount a %d MiB tmpfs: %v: %s", sizeMiB, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

func freeBytes(t *testing.T, dir string) int64 {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * int64(st.Bsize)
}

// fill writes junk into path until the file system has about leave bytes
// free (leave 0: until it is full).
func fill(t *testing.T, dir, name string, leave int64) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 64<<10)
	for freeBytes(t, dir) > leave+int64(len(block)) {
		if _, err := f.Write(block); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return
			}
			t.Fatal(err)
		}
	}
	if leave == 0 {
		for {
			if _, err := f.Write(block[:4096]); err != nil {
				if errors.Is(err, syscall.ENOSPC) {
					return
				}
				t.Fatal(err)
			}
		}
	}
}

// TestDiskFullPunchesGoOn runs the demo on a 64 MiB tmpfs and fills it.
// Below the free-space floor every ordinary write is refused with 507 and
// "存储空间不足，请联系技术员" (a banner on every page) while fingerprint
// punches are acknowledged; with the file system full to the last byte, the
// first punch that meets ENOSPC releases the reserve file and every punch
// is still acknowledged and stored. Issue 9, "a full disk stops punches".
func TestDiskFullPunchesGoOn(t *testing.T) {
	t.Parallel()
	mnt := mountTmpfs(t, 64)
	dir := filepath.Join(mnt, "data")
	s, c := startDemoClock(t, dir)
	reserve := filepath.Join(dir, store.ReserveName)
	waitFor(t, "the reserve file", func() bool { info, err := os.Stat(reserve); return err == nil && info.Size() == store.DefaultReserve })

	kiosk := watchKiosk(t, s.base)
	press := func(staffID uint64) {
		t.Helper()
		r := c.post("/sim/fingerprint/press", url.Values{"staff_id": {fmt.Sprint(staffID)}, "finger": {"1"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("press %d: %d", staffID, r.status)
		}
		waitFor(t, fmt.Sprintf("the kiosk acknowledging staff %d's punch", staffID), func() bool {
			_, id := kiosk.acked(staffID)
			return id != 0
		})
		time.Sleep(300 * time.Millisecond) // the finger leaves the sensor
	}
	// An ordinary write is refused with the message: beside the form's
	// field where the page shows its problems (the form keeps what was
	// typed), else on the error page with 507 — never a bare 500.
	refused := func(when string) {
		t.Helper()
		name := "空间不足时新建的单位 " + when
		r := c.post("/settings/units", url.Values{"name": {name}})
		if r.status < 400 || r.status == http.StatusInternalServerError || !strings.Contains(r.body, "存储空间不足，请联系技术员") {
			t.Fatalf("an ordinary write %s: %d, want a refusal with the message: %s", when, r.status, tail(r.body, 1500))
		}
		r = c.post("/settings/center", url.Values{"name": {"青山镇便民服务中心"}, "address": {when}, "phone": {"0871-1234567"}})
		if r.status < 400 || r.status == http.StatusInternalServerError || !strings.Contains(r.body, "存储空间不足，请联系技术员") {
			t.Fatalf("saving the center's settings %s: %d, want a refusal with the message: %s", when, r.status, tail(r.body, 1500))
		}
		if page := c.get("/settings/units"); strings.Contains(page.body, name) {
			t.Fatalf("the unit was created %s", when)
		}
	}
	press(1) // all is well

	// Below the floor (32 MiB): ordinary writes refused, punches go on.
	fill(t, mnt, "junk-1", 20<<20)
	refused("below the floor")
	if page := c.get("/"); !strings.Contains(page.body, "存储空间不足") {
		t.Error("no low-space banner on the home page")
	}
	press(2)
	press(3)

	// Full to the last byte: the reserve is released for the punch.
	fill(t, mnt, "junk-2", 0)
	t.Logf("file system full: %d bytes free", freeBytes(t, mnt))
	for id := uint64(4); id <= 8; id++ {
		press(id)
	}
	if _, err := os.Stat(reserve); !os.IsNotExist(err) {
		t.Errorf("the reserve file is still there after punches met a full disk: %v", err)
	}
	refused("with the disk full")
	if page := c.get("/devices"); !strings.Contains(page.body, "已释放给打卡使用") {
		t.Error("the 设备 page does not say the reserve was released")
	}
	s.stop(10 * time.Second)

	// Every acknowledged punch is in the store.
	os.Remove(filepath.Join(mnt, "junk-1")) // room for the read-only open's checks
	db, err := store.Open(dir, store.Options{ReadOnly: true, LockTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	acks := kiosk.punches()
	for staffID, punchID := range acks {
		found := false
		err := db.View(func(tx *store.Tx) error {
			return tx.ForEach("attendance.punches", func(k, v []byte) error {
				found = found || strings.Contains(string(v), fmt.Sprintf(`"id":%d,"staff_id":%d,`, punchID, staffID))
				return nil
			})
		})
		if err != nil || !found {
			t.Errorf("acknowledged punch %d of staff %d is not in the store (%v)", punchID, staffID, err)
		}
	}
	if len(acks) != 8 {
		t.Fatalf("%d punches acknowledged, want 8", len(acks))
	}
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s", what)
		}
	}
}
