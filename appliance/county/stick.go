package county

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"bianmin/appliance/store"
	"bianmin/appliance/uplink"
)

// Imported is what one stick's import did for one box.
type Imported struct {
	Box      string
	Name     string // the township
	Batches  int    // batch files read
	Refused  int    // refused (forged, conflicting, unreadable)
	Acked    uint64 // the receipt's acknowledgement
	Receipt  string // the receipt's path
	Problems []string
}

// Import receives every batch a stick's directory holds (each box's
// manifest names them) and writes each box's receipt into the directory:
// the highest S such that 1..S of the manifest's epoch are stored, and the
// hashes of the manifest's batches up to it, which the box checks before
// it deletes anything.
func (c *County) Import(dir string) ([]Imported, error) {
	manifests, err := filepath.Glob(filepath.Join(dir, "uplink-*-manifest.json"))
	if err != nil {
		return nil, err
	}
	if len(manifests) == 0 {
		return nil, fmt.Errorf("%s: %w", dir, uplink.ErrNoManifest)
	}
	var out []Imported
	for _, mp := range manifests {
		im, err := c.importOne(dir, mp)
		if err != nil {
			return out, err
		}
		out = append(out, im)
	}
	return out, nil
}

func (c *County) importOne(dir, path string) (Imported, error) {
	var im Imported
	data, err := os.ReadFile(path)
	if err != nil {
		return im, err
	}
	var m uplink.Manifest
	if err := json.Unmarshal(data, &m); err != nil || m.Format != uplink.ManifestFormat {
		return im, fmt.Errorf("%s is not an uplink manifest", path)
	}
	im.Box = m.Box
	var ack uplink.Ack
	acked := false
	for _, mb := range m.Batches {
		im.Batches++
		if filepath.Base(mb.File) != mb.File || !strings.HasPrefix(mb.File, "uplink-") {
			im.Refused++
			im.Problems = append(im.Problems, fmt.Sprintf("%s: not a batch file name", mb.File))
			continue
		}
		bd, err := readBounded(filepath.Join(dir, mb.File))
		if err != nil {
			im.Refused++
			im.Problems = append(im.Problems, err.Error())
			continue
		}
		a, err := c.Receive(bd, "usb")
		var ref *uplink.Refused
		switch {
		case errors.As(err, &ref):
			im.Refused++
			im.Problems = append(im.Problems, fmt.Sprintf("%s: %s", mb.File, ref.Error()))
			continue
		case err != nil:
			return im, err
		}
		if a.Epoch == m.Epoch {
			ack, acked = a, true
		}
	}
	if !acked {
		return im, nil // nothing of the manifest's epoch was taken: no receipt
	}
	r, err := c.Receipt(m.Box, m.Epoch, manifestSeqs(m), ack)
	if err != nil {
		return im, err
	}
	if box, err := c.BoxNamed(m.Box); err == nil {
		im.Name = box.Name
	}
	im.Acked = ack.Seq
	out, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return im, err
	}
	im.Receipt = filepath.Join(dir, uplink.ReceiptName(m.Box))
	return im, store.WriteFileAtomic(im.Receipt, 0o644, func(w io.Writer) error {
		_, err := w.Write(out)
		return err
	})
}

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, uplink.MaxBody+1))
	if err != nil {
		return nil, err
	}
	if len(data) > uplink.MaxBody {
		return nil, fmt.Errorf("%s is larger than a batch can be", path)
	}
	return data, nil
}

func manifestSeqs(m uplink.Manifest) []uint64 {
	seqs := make([]uint64, len(m.Batches))
	for i, b := range m.Batches {
		seqs[i] = b.Seq
	}
	return seqs
}

// Receipt is the receipt for a stick's batches seqs of box (fingerprint)
// and epoch after they were received with ack: it names, with the hash
// stored, each of them up to the acknowledgement.
func (c *County) Receipt(fp, epoch string, seqs []uint64, ack uplink.Ack) (uplink.Receipt, error) {
	r := uplink.Receipt{Format: uplink.ReceiptFormat, Box: fp, Epoch: epoch, Seq: ack.Seq, HeadSeq: ack.HeadSeq, Created: c.db.Now().UTC()}
	err := c.db.View(func(tx *store.Tx) error {
		box, ok, err := boxByFingerprint(tx, fp)
		if err != nil || !ok {
			return fmt.Errorf("%w: %s", ErrNoBox, fp)
		}
		for _, seq := range seqs {
			if seq > ack.Seq {
				continue
			}
			var rec batchRec
			if err := tx.Get(bucketBatches, batchKey(box.ID, epoch, seq), &rec); err != nil {
				return fmt.Errorf("batch %d: %w", seq, err)
			}
			r.Batches = append(r.Batches, uplink.ReceiptBatch{Seq: rec.Seq, Hash: rec.Hash})
		}
		return nil
	})
	return r, err
}
