package store

// The data directory remembers that it held a database. bbolt creates a
// new, empty database when the file is missing or 0 bytes long, which
// would turn a lost or emptied file into a fresh install — a new admin
// password, an empty staff list — without a word, and under systemd's
// restart policy the box would simply come back empty. So the first start
// writes a marker file beside the database, and a start that finds the
// marker (or backups) but no usable database refuses to create one and says
// to restore.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// MarkerName is the marker file in the data directory: it exists once a
// database has been created there.
const MarkerName = "bianmin.db.marker"

// ErrDataMissing is returned by Open when the data directory shows it held
// a database (the marker, or backups) but the database file is missing or
// empty: bianmin will not start over as a new install on its own.
var ErrDataMissing = errors.New("the data directory held a database, but the database file is missing or empty")

// marker is what the marker file says (for people reading it).
type marker struct {
	Created time.Time `json:"created"`
	Note    string    `json:"note"`
}

// writeMarker writes the marker unless it is there already.
func writeMarker(dataDir string, now time.Time) error {
	path := filepath.Join(dataDir, MarkerName)
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	data, _ := json.MarshalIndent(marker{Created: now.UTC(), Note: "bianmin keeps its database beside this file; " +
		"while this file exists, bianmin refuses to start over with a new empty database. " +
		"Delete it only to turn this box into a new, empty install on purpose."}, "", "  ")
	return WriteFileAtomic(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(append(data, '\n'))
		return err
	})
}

// heldData reports why dataDir looks as if it held a database: its
// marker, or database backups in dataDir/backups. "" when it does not.
func heldData(dataDir string) string {
	if _, err := os.Stat(filepath.Join(dataDir, MarkerName)); err == nil {
		return "its marker file " + filepath.Join(dataDir, MarkerName) + " exists"
	}
	entries, _ := os.ReadDir(filepath.Join(dataDir, "backups"))
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".db") {
			return "it holds backups in " + filepath.Join(dataDir, "backups")
		}
	}
	return ""
}

// checkBeforeCreate refuses to let bbolt create a database at path when
// the file is empty, or missing from a directory that held one.
func checkBeforeCreate(dataDir, path string) error {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if why := heldData(dataDir); why != "" {
			return fmt.Errorf("%w: %s does not exist but %s — restore the last backup (bianmin restore FILE); to start this box over as a new install on purpose, delete %s",
				ErrDataMissing, path, why, filepath.Join(dataDir, MarkerName))
		}
		return nil
	case err != nil:
		return fmt.Errorf("database %s: %w", path, err)
	case info.Size() == 0:
		return fmt.Errorf("%w: %s is empty (0 bytes) — restore the last backup (bianmin restore FILE); if this is a new box with nothing to restore, delete the empty file",
			ErrDataMissing, path)
	}
	return nil
}
