package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// BackupFile is one copy of the database kept in the data directory's
// backups/ (before a migration, before a restore).
type BackupFile struct {
	Name    string
	Size    int64
	ModTime time.Time
}

// BackupFiles lists the copies kept in DataDir/backups, newest first; none
// when the directory does not exist.
func (db *DB) BackupFiles() ([]BackupFile, error) {
	entries, err := os.ReadDir(filepath.Join(db.dataDir, "backups"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []BackupFile
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".db") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, BackupFile{Name: e.Name(), Size: info.Size(), ModTime: info.ModTime()})
	}
	slices.SortFunc(out, func(a, b BackupFile) int { return b.ModTime.Compare(a.ModTime) })
	return out, nil
}
