package update

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"

	"bianmin/appliance/boxkey"
	"bianmin/appliance/problem"
	"bianmin/appliance/version"
)

// A bundle is one file, every byte of which is checked:
//
//	magic      8 bytes  "BMBUNDL1"
//	length     4 bytes  big-endian length of the manifest
//	manifest   JSON (Manifest), at most MaxManifest bytes
//	signature  64 bytes ed25519 over the manifest's bytes exactly
//	parts      each part's bytes, in the manifest's order, nothing after
//
// The signature covers the manifest, the manifest holds each part's size
// and SHA-256: a byte changed anywhere fails the magic, the signature, a
// part's hash, or the total length. There is no padding to hide in.
const magic = "BMBUNDL1"

// Format is the manifest's format number; a box refuses formats it does
// not know.
const Format = 1

// Limits on what a bundle may hold.
const (
	MaxManifest = 64 << 10
	MaxPart     = 512 << 20
)

// Part kinds.
const (
	KindBinary = "binary" // the bianmin binary, exactly one, named BinaryName
	KindData   = "data"   // a file for the data directory (holiday notices, fonts, audio), named data/…
)

// BinaryName is the name of the binary part.
const BinaryName = "bianmin"

// Part is one file of a bundle.
type Part struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest says what a bundle is. It is signed; the box trusts nothing
// in a bundle that the manifest does not vouch for.
type Manifest struct {
	Format  int    `json:"format"`
	Version string `json:"version"`
	// Epoch is the security epoch: raised when a fix must never be undone
	// by installing an older build. A box refuses a lower epoch than its
	// own.
	Epoch int    `json:"security_epoch"`
	Arch  string `json:"arch"` // amd64, arm64, armv7, armv6
	// MinSchema is the oldest store schema the new version migrates from:
	// a box whose data is older needs an intermediate update first.
	MinSchema int `json:"min_schema"`
	// Downgrade, signed, allows installing over a newer version or a
	// higher security epoch (a bad release withdrawn).
	Downgrade bool      `json:"downgrade,omitempty"`
	NotesZH   string    `json:"notes_zh,omitempty"`
	Created   time.Time `json:"created"`
	Parts     []Part    `json:"parts"`
}

// Arches are the targets a bundle can name (the Makefile's builds).
var Arches = []string{"amd64", "arm64", "armv7", "armv6"}

// Source is a file to put into a bundle.
type Source struct {
	Name string // the part's name: BinaryName, or data/FILE
	Kind string
	Path string // where it is read from
}

// Write signs m (its parts filled from srcs) with key and writes the
// bundle to w. It reads each file twice (hash, then copy) and refuses one
// that changed between.
func Write(w io.Writer, key *boxkey.Key, m Manifest, srcs []Source) (Manifest, error) {
	m.Format = Format
	m.Parts = nil
	for _, s := range srcs {
		sum, size, err := hashFile(s.Path)
		if err != nil {
			return m, err
		}
		m.Parts = append(m.Parts, Part{Name: s.Name, Kind: s.Kind, Size: size, SHA256: sum})
	}
	if err := m.check(); err != nil {
		return m, err
	}
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	if len(raw) > MaxManifest {
		return m, fmt.Errorf("the manifest is %d bytes, more than %d", len(raw), MaxManifest)
	}
	var head bytes.Buffer
	head.WriteString(magic)
	binary.Write(&head, binary.BigEndian, uint32(len(raw)))
	head.Write(raw)
	head.Write(key.Sign(raw))
	if _, err := w.Write(head.Bytes()); err != nil {
		return m, err
	}
	for i, s := range srcs {
		f, err := os.Open(s.Path)
		if err != nil {
			return m, err
		}
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(w, h), f)
		f.Close()
		if err != nil {
			return m, fmt.Errorf("copy %s: %w", s.Path, err)
		}
		if n != m.Parts[i].Size || hex.EncodeToString(h.Sum(nil)) != m.Parts[i].SHA256 {
			return m, fmt.Errorf("%s changed while the bundle was written: write it again", s.Path)
		}
	}
	return m, nil
}

func hashFile(p string) (string, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, MaxPart+1))
	if err != nil {
		return "", 0, fmt.Errorf("read %s: %w", p, err)
	}
	if n > MaxPart {
		return "", 0, fmt.Errorf("%s is larger than %d MB", p, MaxPart>>20)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// check is what every manifest must satisfy, signed or not: the build side
// refuses to sign a manifest the box would refuse.
func (m Manifest) check() error {
	var l problem.List
	if m.Format != Format {
		l.Add(problem.New("format", "update.err.format", "Got", m.Format, "Want", Format))
	}
	if !version.Valid(m.Version) {
		l.Add(problem.New("version", "update.err.version_text", "Version", m.Version))
	}
	if m.Epoch < 0 {
		l.Add(problem.New("epoch", "update.err.epoch_negative", "Epoch", m.Epoch))
	}
	if !knownArch(m.Arch) {
		l.Add(problem.New("arch", "update.err.arch_unknown", "Arch", m.Arch, "Arches", strings.Join(Arches, ", ")))
	}
	binaries := 0
	seen := map[string]bool{}
	for _, p := range m.Parts {
		switch {
		case seen[p.Name]:
			l.Add(problem.New("parts", "update.err.part_twice", "Name", p.Name))
		case p.Kind == KindBinary && p.Name == BinaryName:
			binaries++
		case p.Kind == KindData && validDataName(p.Name):
		default:
			l.Add(problem.New("parts", "update.err.part_name", "Name", p.Name, "Kind", p.Kind))
		}
		seen[p.Name] = true
		if p.Size < 0 || p.Size > MaxPart || len(p.SHA256) != 64 {
			l.Add(problem.New("parts", "update.err.part_size", "Name", p.Name))
		}
	}
	if binaries != 1 {
		l.Add(problem.New("parts", "update.err.no_binary"))
	}
	return l.Err()
}

func knownArch(a string) bool {
	for _, x := range Arches {
		if a == x {
			return true
		}
	}
	return false
}

// validDataName is data/ followed by a clean relative path: a bundle
// never writes outside the data directory's shipped-files folder.
func validDataName(n string) bool {
	rest, ok := strings.CutPrefix(n, "data/")
	return ok && rest != "" && path.Clean(rest) == rest && !strings.HasPrefix(rest, "../") &&
		rest != ".." && !strings.ContainsAny(rest, "\\\x00") && !path.IsAbs(rest)
}

// Bundle is a bundle file whose signature and every part have been
// checked.
type Bundle struct {
	Manifest Manifest
	// Signer is the fingerprint of the trusted key that signed it.
	Signer string
	Size   int64
	path   string
	offset []int64 // each part's offset in the file
}

// Open reads and checks the bundle at p against the trusted keys: the
// magic, the signature, the manifest, each part's size and SHA-256, and
// that nothing follows the last part. Every refusal is a problem.
func Open(p string, trusted []ed25519.PublicKey) (*Bundle, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, problem.New("bundle", "update.err.open", "File", p, "Detail", err.Error())
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	raw, sig, err := readHead(f, fi.Size())
	if err != nil {
		return nil, err
	}
	signer := ""
	for _, k := range trusted {
		if boxkey.Verify(k, raw, sig) {
			signer = boxkey.Fingerprint(k)
			break
		}
	}
	if signer == "" {
		return nil, problem.New("bundle", "update.err.signature", "Keys", len(trusted))
	}
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, problem.New("bundle", "update.err.manifest", "Detail", err.Error())
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	b := &Bundle{Manifest: m, Signer: signer, Size: fi.Size(), path: p}
	off := int64(len(magic)) + 4 + int64(len(raw)) + ed25519.SignatureSize
	for _, part := range m.Parts {
		b.offset = append(b.offset, off)
		off += part.Size
	}
	if off != fi.Size() {
		return nil, problem.New("bundle", "update.err.length", "Got", fi.Size(), "Want", off)
	}
	for i := range m.Parts {
		if err := b.copyPart(f, i, io.Discard); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func readHead(f io.Reader, size int64) (raw, sig []byte, err error) {
	var head [len(magic) + 4]byte
	if _, err := io.ReadFull(f, head[:]); err != nil || string(head[:len(magic)]) != magic {
		return nil, nil, problem.New("bundle", "update.err.not_bundle")
	}
	n := int64(binary.BigEndian.Uint32(head[len(magic):]))
	if n == 0 || n > MaxManifest || int64(len(head))+n+ed25519.SignatureSize > size {
		return nil, nil, problem.New("bundle", "update.err.damaged", "Detail", fmt.Sprintf("manifest length %d", n))
	}
	buf := make([]byte, n+ed25519.SignatureSize)
	if _, err := io.ReadFull(f, buf); err != nil {
		return nil, nil, problem.New("bundle", "update.err.damaged", "Detail", err.Error())
	}
	return buf[:n], buf[n:], nil
}

// copyPart copies part i to w, checking its size and hash on the way.
func (b *Bundle) copyPart(f io.ReaderAt, i int, w io.Writer) error {
	p := b.Manifest.Parts[i]
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), io.NewSectionReader(f, b.offset[i], p.Size))
	if err != nil {
		return fmt.Errorf("read part %s of %s: %w", p.Name, b.path, err)
	}
	if n != p.Size || hex.EncodeToString(h.Sum(nil)) != p.SHA256 {
		return problem.New("bundle", "update.err.part_hash", "Name", p.Name)
	}
	return nil
}

// CopyPart copies the named part to w, checking its hash again: the stick
// may have changed since Open. A part that fails is a problem; w has then
// received bytes that must not be used.
func (b *Bundle) CopyPart(name string, w io.Writer) error {
	for i, p := range b.Manifest.Parts {
		if p.Name != name {
			continue
		}
		f, err := os.Open(b.path)
		if err != nil {
			return problem.New("bundle", "update.err.open", "File", b.path, "Detail", err.Error())
		}
		defer f.Close()
		return b.copyPart(f, i, w)
	}
	return fmt.Errorf("bundle %s has no part %s", b.path, name)
}

// Part returns the named part of the manifest.
func (b *Bundle) Part(name string) (Part, bool) {
	for _, p := range b.Manifest.Parts {
		if p.Name == name {
			return p, true
		}
	}
	return Part{}, false
}

// Path is the bundle file's path.
func (b *Bundle) Path() string { return b.path }
