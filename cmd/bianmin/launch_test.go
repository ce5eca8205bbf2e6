package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/schema"
	"bianmin/appliance/update"
)

// TestLauncherRollsBackAfterThreeFailedStarts: the current slot holds a
// version that fails every start; the launcher (the factory binary) starts
// it three times, then boots the previous version, which serves (issue 17:
// "The launcher rolls back a version that fails to start three times in a
// row").
func TestLauncherRollsBackAfterThreeFailedStarts(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	slot := filepath.Join(data, update.DirName, "slots", "b")
	os.MkdirAll(slot, 0o750)
	bad := []byte("#!/bin/sh\necho 'bianmin 9.9.9: cannot start' >&2\nexit 1\n")
	os.WriteFile(filepath.Join(slot, "bianmin"), bad, 0o755)
	sum := sha256.Sum256(bad)
	st := update.State{
		Current:  update.Slot{Name: "b", Path: "slots/b/bianmin", Version: "9.9.9", SHA256: hex.EncodeToString(sum[:])},
		Previous: &update.Slot{Name: update.FactorySlot, Path: binPath, Version: version, Schema: schema.Latest()},
		Trial:    true,
		Last:     &update.Outcome{From: version, To: "9.9.9", Result: update.ResultTrial},
	}
	raw, _ := json.Marshal(st)
	os.WriteFile(filepath.Join(data, update.DirName, update.StateFile), raw, 0o640)

	s := startServer(t, data, "launch --restart-delay 20ms --")
	if n := strings.Count(s.stderr.String(), "cannot start"); n != update.MaxFailedStarts {
		t.Errorf("the bad version was started %d times, want %d:\n%s", n, update.MaxFailedStarts, s.stderr.String())
	}
	layout := update.Layout{FS: update.OS{}, DataDir: data}
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, _, err := layout.LoadState()
		if err != nil {
			t.Fatal(err)
		}
		if got.Current.Name == update.FactorySlot && got.FailedStarts == 0 {
			if got.Trial || got.Last == nil || got.Last.Result != update.ResultRolledBack || got.Previous != nil {
				t.Fatalf("state after the roll-back: %+v, last %+v", got, got.Last)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("state: %+v", got)
		}
		time.Sleep(50 * time.Millisecond)
	}
	slip := filepath.Join(t.TempDir(), "更新单.pdf")
	out, _, code := cli(t, cliTimeout, "--data", data, "update", "status", "--slip", slip)
	if code != 0 || !strings.Contains(out, "已退回原版本") {
		t.Errorf("update status: exit %d\n%s", code, out)
	}
	if pdf, err := os.ReadFile(slip); err != nil || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Errorf("the update slip PDF: %v", err)
	}
	s.stop(15 * time.Second)
}
