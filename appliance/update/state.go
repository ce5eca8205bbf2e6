package update

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"time"
)

// Where the update path keeps its files, under the data directory (the
// service may write nowhere else):
//
//	update/state.json          what the launcher starts (State), replaced by rename
//	update/slots/a/bianmin     the two slots of binaries; the factory binary
//	update/slots/b/bianmin     (/usr/local/bin/bianmin) is never replaced
//	update/slots/X/data/…      the bundle's data files
//	update/incoming/           a bundle copied from the stick, until installed
//	update/backups/            the data as it was before each update
//	update/trial-TIME/         what a failed trial wrote, when its store could not be kept
const (
	DirName   = "update"
	StateFile = "state.json"
	// MaxFailedStarts is how many consecutive failed starts of a slot the
	// launcher allows before it boots the previous slot.
	MaxFailedStarts = 3
	stateFormat     = 1
)

// FactorySlot is the name of the binary the box was installed with.
const FactorySlot = "factory"

// Slot is a binary the launcher can start.
type Slot struct {
	Name    string `json:"name"` // "a", "b" or FactorySlot
	Path    string `json:"path"` // the binary; relative to the update directory for a and b
	Version string `json:"version"`
	Epoch   int    `json:"security_epoch"`
	// Schema is the newest store schema the version knows.
	Schema int `json:"schema"`
	// SHA256 of the binary as installed; the launcher checks it before each
	// start ("" for the factory binary, which install.sh put in place).
	SHA256 string `json:"sha256,omitempty"`
}

// Results of an update, as the slip prints them.
const (
	ResultTrial      = "trial"       // installed, the new version on trial
	ResultCommitted  = "committed"   // the new version passed its soak
	ResultRolledBack = "rolled_back" // back on the previous version, data kept
	ResultRestored   = "restored"    // back on the previous version, data from the pre-update backup
)

// Outcome is what became of the last update.
type Outcome struct {
	From       string    `json:"from"`
	To         string    `json:"to"`
	Result     string    `json:"result"`
	Technician string    `json:"technician,omitempty"`
	Installed  time.Time `json:"installed"`
	At         time.Time `json:"at"` // of the result
	// TrialStore and TrialRecords, after ResultRestored: the store the trial
	// left (kept, never deleted) and the list of what it wrote during the
	// trial, punches first, for the office to re-enter or import.
	TrialStore   string `json:"trial_store,omitempty"`
	TrialRecords string `json:"trial_records,omitempty"`
	Records      int    `json:"records,omitempty"`
	Punches      int    `json:"punches,omitempty"`
}

// State is update/state.json: which slot to start, the one to fall back
// to, and the trial.
type State struct {
	Format   int   `json:"format"`
	Current  Slot  `json:"current"`
	Previous *Slot `json:"previous,omitempty"`
	// Trial: Current was installed and has not yet passed its soak.
	Trial bool `json:"trial"`
	// FailedStarts counts the launcher's starts of Current since it was
	// last healthy (on trial: since it was installed).
	FailedStarts int `json:"failed_starts"`
	// Backup is the data as it was before the update (a checked snapshot),
	// relative to the update directory, and BackupSeq the last audit entry
	// in it: entries after it were written by the trial.
	Backup    string   `json:"backup,omitempty"`
	BackupSeq uint64   `json:"backup_seq,omitempty"`
	Last      *Outcome `json:"last,omitempty"`
}

// Layout is where the update files of one data directory are, and the
// file system they are written through.
type Layout struct {
	FS      FS
	DataDir string
}

// Dir is the update directory.
func (l Layout) Dir() string { return filepath.Join(l.DataDir, DirName) }

func (l Layout) path(rel string) string {
	if filepath.IsAbs(rel) {
		return rel
	}
	return filepath.Join(l.Dir(), rel)
}

// BinaryPath is where a slot's binary is.
func (l Layout) BinaryPath(s Slot) string { return l.path(s.Path) }

// LoadState reads the state; ok is false when there is none (the box runs
// its factory binary).
func (l Layout) LoadState() (st State, ok bool, err error) {
	data, err := l.FS.ReadFile(filepath.Join(l.Dir(), StateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return State{}, false, nil
	}
	if err != nil {
		return State{}, false, err
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return State{}, false, fmt.Errorf("%s: %w", filepath.Join(l.Dir(), StateFile), err)
	}
	return st, true, nil
}

// saveState replaces the state in one rename (writeFileSynced): after a
// power cut the file is the old state or the new, whole.
func (l Layout) saveState(st State, step func(string) error) error {
	st.Format = stateFormat
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	if err := l.FS.MkdirAll(l.Dir(), 0o750); err != nil {
		return err
	}
	return writeFileSyncedStep(l.FS, filepath.Join(l.Dir(), StateFile), 0o640, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, step)
}
