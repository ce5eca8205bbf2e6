package updatetest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCrashFSForgetsWhatWasNotSynced: the layer the crash test relies on
// loses exactly the writes a power cut loses.
func TestCrashFSForgetsWhatWasNotSynced(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "old"), []byte("old"), 0o640)
	c, err := NewCrashFS(root)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, text string, sync bool) {
		f, err := c.Create(filepath.Join(root, name), 0o640)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(text))
		if sync {
			f.Sync()
		}
		f.Close()
	}
	write("unsynced", "lost", false)                                         // name and content lost
	write("synced-file", "content", true)                                    // content synced, name not: lost
	write("synced-both", "kept", true)                                       // kept
	c.SyncDir(root)                                                          // makes the three names durable…
	write("synced-both", "overwritten", false)                               // …then an unsynced overwrite: the synced content stays
	write("renamed.tmp", "new", true)                                        // content synced
	c.Rename(filepath.Join(root, "renamed.tmp"), filepath.Join(root, "old")) // rename not synced: old stays
	if err := c.Crash(); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"unsynced": "", "synced-file": "", "synced-both": "kept", "old": "old"} {
		got, err := os.ReadFile(filepath.Join(root, name))
		if name == "unsynced" || name == "synced-file" {
			// The directory was synced after these were created: the names
			// survive, their content only as far as it was synced.
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			if name == "synced-file" {
				want = "content"
			}
		}
		if string(got) != want {
			t.Errorf("%s after the crash: %q, want %q", name, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "renamed.tmp")); !os.IsNotExist(err) {
		t.Errorf("renamed.tmp was created after the directory's last fsync, yet survived: %v", err)
	}
	// A name never made durable disappears.
	write("never", "x", true)
	c.Crash()
	if _, err := os.Stat(filepath.Join(root, "never")); !os.IsNotExist(err) {
		t.Errorf("a file whose directory was never synced survived the crash: %v", err)
	}
}
