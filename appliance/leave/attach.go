package leave

// Attachments: photos and scans kept in the box (a bucket, so backups
// carry them), bounded in size, their type read from the bytes (JPEG, PNG,
// PDF), never uploaded to the county (the outbox record names them only).

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// FileKind says what an attachment is.
type FileKind string

// Attachment kinds.
const (
	FileScan        FileKind = "scan"        // a step's signed, stamped slip (outside steps)
	FileCertificate FileKind = "certificate" // 诊断证明书 of a sick leave
	FileTraining    FileKind = "training"    // the written notice of a training (培训通知)
	FileOther       FileKind = "other"       // any other photo or scan
)

// FileKinds lists the kinds.
func FileKinds() []FileKind { return []FileKind{FileScan, FileCertificate, FileTraining, FileOther} }

// Limits of attachments.
const (
	MaxFileBytes     = 4 << 20 // one file: a phone photo or a scanned page
	MaxFiles         = 12      // files on one request
	maxFileNameRunes = 80
)

// NewFile is a file handed in with a request or a step.
type NewFile struct {
	Kind FileKind
	Name string
	Data []byte
}

// Attachment is a stored file as a request lists it.
type Attachment struct {
	ID      uint64    `json:"id"`
	Kind    FileKind  `json:"kind"`
	Name    string    `json:"name"`
	Type    string    `json:"type"` // image/jpeg, image/png, application/pdf
	Size    int       `json:"size"`
	SHA256  string    `json:"sha256"`
	Step    StepKind  `json:"step,omitempty"` // the step whose slip it is
	AddedBy string    `json:"added_by"`
	AddedAt time.Time `json:"added_at"`
}

// sniff reads a file's type from its first bytes: only JPEG, PNG and PDF
// are kept.
func sniff(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg", true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", true
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf", true
	}
	return "", false
}

// checkFile refuses an empty, oversized or unknown file (field names the
// form's input).
func checkFile(f NewFile, field string) (string, error) {
	name := cleanFileName(f.Name)
	switch {
	case len(f.Data) == 0:
		return "", problem.New(field, errFileEmpty, "Name", name)
	case len(f.Data) > MaxFileBytes:
		return "", problem.New(field, errFileTooBig, "Name", name, "MaxMB", MaxFileBytes>>20)
	}
	typ, ok := sniff(f.Data)
	if !ok {
		return "", problem.New(field, errFileType, "Name", name)
	}
	return typ, nil
}

// cleanFileName keeps the base name, bounded, without control characters.
func cleanFileName(name string) string {
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if name == "." || name == "/" || name == "" {
		name = "file"
	}
	if utf8.RuneCountInString(name) > maxFileNameRunes {
		r := []rune(name)
		name = string(r[len(r)-maxFileNameRunes:])
	}
	return name
}

// storeFile checks f and stores it, in tx.
func storeFile(tx *store.Tx, f NewFile, step StepKind, field string) (Attachment, error) {
	typ, err := checkFile(f, field)
	if err != nil {
		return Attachment{}, err
	}
	if f.Kind == "" {
		f.Kind = FileOther
	}
	id, err := tx.NextID(bucketFiles)
	if err != nil {
		return Attachment{}, err
	}
	sum := sha256.Sum256(f.Data)
	a := Attachment{ID: id, Kind: f.Kind, Name: cleanFileName(f.Name), Type: typ, Size: len(f.Data),
		SHA256: hex.EncodeToString(sum[:]), Step: step, AddedBy: tx.Actor(), AddedAt: tx.Now().UTC()}
	if err := tx.Put(bucketFiles, store.IDKey(id), a); err != nil {
		return Attachment{}, err
	}
	b, err := tx.Bucket(bucketFileData)
	if err != nil {
		return Attachment{}, err
	}
	return a, b.Put(store.IDKey(id), bytes.Clone(f.Data))
}

// storeFiles stores the files of a request, in tx.
func storeFiles(tx *store.Tx, files []NewFile, have int) ([]Attachment, error) {
	if have+len(files) > MaxFiles {
		return nil, problem.New("files", errFileCount, "Max", MaxFiles)
	}
	var out []Attachment
	for _, f := range files {
		a, err := storeFile(tx, f, "", "files")
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// File returns an attachment of the leave and its bytes; ErrNotFound when
// the leave has no such attachment.
func (s *Service) File(leaveID, fileID uint64) (Leave, Attachment, []byte, error) {
	type found struct {
		l    Leave
		a    Attachment
		data []byte
	}
	f, err := store.Read(s.db, func(tx *store.Tx) (found, error) {
		l, err := GetTx(tx, leaveID)
		if err != nil {
			return found{}, err
		}
		for _, a := range l.Attachments {
			if a.ID != fileID {
				continue
			}
			b, err := tx.Bucket(bucketFileData)
			if err != nil {
				return found{}, err
			}
			data := b.Get(store.IDKey(fileID))
			if data == nil {
				return found{}, fmt.Errorf("leave %d file %d: %w", leaveID, fileID, ErrNotFound)
			}
			return found{l, a, bytes.Clone(data)}, nil
		}
		return found{}, fmt.Errorf("leave %d file %d: %w", leaveID, fileID, ErrNotFound)
	})
	return f.l, f.a, f.data, err
}

// hasFile reports whether the files include one of the kind.
func hasFile(as []Attachment, kind FileKind) bool {
	for _, a := range as {
		if a.Kind == kind {
			return true
		}
	}
	return false
}
