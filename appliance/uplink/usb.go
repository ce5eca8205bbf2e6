package uplink

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// The stick (导出到U盘): Export writes every unacknowledged batch of the
// box and a manifest into a directory, flat, each file named after the
// box; countyd's import reads them and writes a receipt beside them; the
// box's ImportReceipt acknowledges what the receipt lists.
//
//	uplink-<box>-<epoch>-<seq>.json  a sealed batch (the same bytes as over HTTP)
//	uplink-<box>-manifest.json      Manifest
//	uplink-<box>-receipt.json       Receipt (written by countyd)

// File formats.
const (
	ManifestFormat = "bianmin-uplink-manifest/1"
	ReceiptFormat  = "bianmin-uplink-receipt/1"
)

// Manifest lists the batches one export wrote.
type Manifest struct {
	Format  string          `json:"format"`
	Box     string          `json:"box"`
	Epoch   string          `json:"epoch"`
	Created time.Time       `json:"created"`
	Batches []ManifestBatch `json:"batches"`
}

// ManifestBatch is one batch file of a manifest.
type ManifestBatch struct {
	Seq     uint64 `json:"seq"`
	File    string `json:"file"`
	Hash    string `json:"hash"`
	Records int    `json:"records"`
}

// Receipt is countyd's acknowledgement of a stick's batches.
type Receipt struct {
	Format  string         `json:"format"`
	Box     string         `json:"box"`
	Epoch   string         `json:"epoch"`
	Seq     uint64         `json:"seq"` // 1..Seq of Epoch are stored
	HeadSeq uint64         `json:"head_seq"`
	Created time.Time      `json:"created"`
	Batches []ReceiptBatch `json:"batches"` // what this import stored or found stored
}

// ReceiptBatch names one batch the receipt acknowledges by its hash.
type ReceiptBatch struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

// ManifestName, BatchName and ReceiptName are the files' names.
func ManifestName(box string) string { return "uplink-" + box + "-manifest.json" }

// BatchName is the name of a batch file.
func BatchName(box, epoch string, seq uint64) string {
	return fmt.Sprintf("uplink-%s-%s-%08d.json", box, epoch, seq)
}

// ReceiptName is the name of a receipt file.
func ReceiptName(box string) string { return "uplink-" + box + "-receipt.json" }

// Exported is what Export wrote.
type Exported struct {
	Manifest string // its path
	Batches  int
	Records  int
}

// Export packs everything pending into batches and hands every
// unacknowledged one, and the manifest last, to put (name, bytes).
func (b *Box) Export(put func(name string, data []byte) error) (Exported, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var ex Exported
	for {
		made, err := b.build(window)
		if err != nil {
			return ex, err
		}
		if !made {
			break
		}
	}
	batches, epoch, err := b.kept()
	if err != nil {
		return ex, err
	}
	box := b.ID()
	m := Manifest{Format: ManifestFormat, Box: box, Epoch: epoch, Created: b.db.Now().UTC(), Batches: []ManifestBatch{}}
	for _, s := range batches {
		name := BatchName(box, epoch, s.Seq)
		if err := put(name, s.Data); err != nil {
			return ex, fmt.Errorf("write %s: %w", name, err)
		}
		m.Batches = append(m.Batches, ManifestBatch{Seq: s.Seq, File: name, Hash: s.Hash, Records: s.Records})
		ex.Batches++
		ex.Records += s.Records
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return ex, err
	}
	ex.Manifest = ManifestName(box)
	return ex, put(ex.Manifest, data)
}

// ExportTo is Export into a directory (the stick): the box's files of an
// earlier export there are replaced, each file is written whole or not at
// all, and the manifest last.
func (b *Box) ExportTo(dir string) (Exported, error) {
	ClearExport(dir, b.ID())
	ex, err := b.Export(func(name string, data []byte) error { return WriteStickFile(dir, name, data) })
	ex.Manifest = filepath.Join(dir, ex.Manifest)
	return ex, err
}

// ClearExport removes box's batch files and manifest of an earlier export
// from dir (its receipt stays).
func ClearExport(dir, box string) {
	old, _ := filepath.Glob(filepath.Join(dir, "uplink-"+box+"-*.json"))
	for _, f := range old {
		if !strings.HasSuffix(f, "-receipt.json") {
			_ = os.Remove(f)
		}
	}
}

// WriteStickFile writes one file of an export into dir whole or not at
// all; a name that is not an uplink file's is refused.
func WriteStickFile(dir, name string, data []byte) error {
	if filepath.Base(name) != name || !strings.HasPrefix(name, "uplink-") || !strings.HasSuffix(name, ".json") {
		return fmt.Errorf("%q is not an uplink file's name", name)
	}
	return writeFile(filepath.Join(dir, name), data)
}

// ReadReceipt reads a receipt file, or the box's receipt in a directory.
func (b *Box) ReadReceipt(path string) ([]byte, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, ReceiptName(b.ID()))
	}
	return os.ReadFile(path)
}

// ImportReceipt acknowledges the kept batches a receipt from countyd lists:
// it must name this box and its current epoch, and every kept batch it
// acknowledges must be listed with the hash the box kept. It returns what
// was deleted.
func (b *Box) ImportReceipt(data []byte) (Acked, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var r Receipt
	if err := json.Unmarshal(data, &r); err != nil || r.Format != ReceiptFormat {
		return Acked{}, problem.New("", "uplink.err.receipt_format")
	}
	if r.Box != b.ID() {
		return Acked{}, problem.New("", "uplink.err.receipt_box", "Box", r.Box)
	}
	batches, epoch, err := b.kept()
	if err != nil {
		return Acked{}, err
	}
	if r.Epoch != epoch {
		return Acked{}, problem.New("", "uplink.err.receipt_epoch", "Epoch", r.Epoch)
	}
	listed := map[uint64]string{}
	for _, rb := range r.Batches {
		listed[rb.Seq] = rb.Hash
	}
	for _, s := range batches {
		if s.Seq <= r.Seq && listed[s.Seq] != s.Hash {
			return Acked{}, problem.New("", "uplink.err.receipt_hash", "Seq", s.Seq)
		}
	}
	return b.ack(epoch, r.Seq, r.HeadSeq, b.db.Now().UTC())
}

// ErrNoManifest is returned by ReadStick for a directory without manifests.
var ErrNoManifest = errors.New("no uplink manifest (uplink-*-manifest.json) in the directory")

// writeFile writes a stick's file whole or not at all.
func writeFile(path string, data []byte) error {
	return store.WriteFileAtomic(path, 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
