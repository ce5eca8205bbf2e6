package update

import (
	"bytes"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bianmin/appliance/boxkey"
	"bianmin/appliance/problem"
)

// signed writes a bundle of a small "binary" and one data file with a new
// key and returns its path, the key's public half and the bundle's bytes.
func signed(t *testing.T, m Manifest) (string, ed25519.PublicKey, []byte) {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "bianmin")
	os.WriteFile(bin, bytes.Repeat([]byte("ELF-ish binary "), 300), 0o755)
	notice := filepath.Join(dir, "holidays-2027.txt")
	os.WriteFile(notice, []byte("国务院办公厅关于2027年部分节假日安排的通知"), 0o644)
	k := boxkey.Generate()
	var buf bytes.Buffer
	if _, err := Write(&buf, k, m, []Source{
		{Name: BinaryName, Kind: KindBinary, Path: bin},
		{Name: "data/holidays-2027.txt", Kind: KindData, Path: notice},
	}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "u.bmb")
	os.WriteFile(p, buf.Bytes(), 0o644)
	return p, k.Public(), buf.Bytes()
}

func release(v string) Manifest {
	return Manifest{Version: v, Epoch: 2, Arch: "arm64", MinSchema: 3, NotesZH: "修复：打卡页"}
}

func keyOf(err error) string {
	if p, ok := problem.As(err); ok {
		return p.Key
	}
	if l := problem.All(err); len(l) > 0 {
		return l[0].Key
	}
	return "not a problem: " + err.Error()
}

func TestOpenSound(t *testing.T) {
	p, pub, _ := signed(t, release("1.5.0"))
	b, err := Open(p, []ed25519.PublicKey{boxkey.Generate().Public(), pub})
	if err != nil {
		t.Fatal(err)
	}
	if b.Manifest.Version != "1.5.0" || b.Manifest.Arch != "arm64" || len(b.Manifest.Parts) != 2 || b.Signer != boxkey.Fingerprint(pub) {
		t.Fatalf("manifest %+v signer %s", b.Manifest, b.Signer)
	}
	var got bytes.Buffer
	if err := b.CopyPart("data/holidays-2027.txt", &got); err != nil || !strings.Contains(got.String(), "节假日") {
		t.Fatalf("copy part: %v %q", err, got.String())
	}
}

// TestEveryByteCounts flips each byte of the head (magic, length,
// manifest, signature) and bytes spread over the parts: every one is
// refused, with the problem of the region it hit (issue 17: "a bundle with
// one flipped byte ... is refused with a clear message").
func TestEveryByteCounts(t *testing.T) {
	p, pub, data := signed(t, release("1.5.0"))
	trusted := []ed25519.PublicKey{pub}
	headEnd := len(data) - 4500 - len("国务院办公厅关于2027年部分节假日安排的通知")
	step := 1
	for i := 0; i < len(data); i += step {
		if i >= headEnd {
			step = 97 // the parts: a sample is enough, each is hashed whole
		}
		bad := bytes.Clone(data)
		bad[i] ^= 0x20
		os.WriteFile(p, bad, 0o644)
		_, err := Open(p, trusted)
		if err == nil {
			t.Fatalf("byte %d of %d flipped: the bundle was accepted", i, len(data))
		}
		if _, ok := problem.As(err); !ok && len(problem.All(err)) == 0 {
			t.Fatalf("byte %d: %v is not a problem (no clear message)", i, err)
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	p, pub, data := signed(t, release("1.5.0"))
	other := boxkey.Generate().Public()
	for _, c := range []struct {
		name    string
		data    []byte
		trusted []ed25519.PublicKey
		want    string
	}{
		{"signed by a key the box does not trust", data, []ed25519.PublicKey{other}, "update.err.signature"},
		{"no trusted key at all", data, nil, "update.err.signature"},
		{"cut short", data[:len(data)-1], []ed25519.PublicKey{pub}, "update.err.length"},
		{"a byte appended", append(bytes.Clone(data), 0), []ed25519.PublicKey{pub}, "update.err.length"},
		{"not a bundle", []byte("#!/bin/sh\necho hello\n"), []ed25519.PublicKey{pub}, "update.err.not_bundle"},
		{"empty file", nil, []ed25519.PublicKey{pub}, "update.err.not_bundle"},
		{"only the head", data[:12], []ed25519.PublicKey{pub}, "update.err.damaged"},
	} {
		os.WriteFile(p, c.data, 0o644)
		_, err := Open(p, c.trusted)
		if err == nil || keyOf(err) != c.want {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
	if _, err := Open(filepath.Join(t.TempDir(), "none.bmb"), []ed25519.PublicKey{pub}); keyOf(err) != "update.err.open" {
		t.Errorf("missing file: %v", err)
	}
}

// TestWriteRefuses: the build side refuses to sign what a box would refuse.
func TestWriteRefuses(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bianmin")
	os.WriteFile(bin, []byte("x"), 0o755)
	k := boxkey.Generate()
	for _, c := range []struct {
		name string
		m    Manifest
		srcs []Source
		want string
	}{
		{"version not numbers", Manifest{Version: "next", Arch: "arm64"}, []Source{{BinaryName, KindBinary, bin}}, "update.err.version_text"},
		{"unknown arch", Manifest{Version: "1.0.0", Arch: "riscv64"}, []Source{{BinaryName, KindBinary, bin}}, "update.err.arch_unknown"},
		{"negative epoch", Manifest{Version: "1.0.0", Arch: "arm64", Epoch: -1}, []Source{{BinaryName, KindBinary, bin}}, "update.err.epoch_negative"},
		{"no binary", Manifest{Version: "1.0.0", Arch: "arm64"}, []Source{{"data/x", KindData, bin}}, "update.err.no_binary"},
		{"data outside data/", Manifest{Version: "1.0.0", Arch: "arm64"}, []Source{{BinaryName, KindBinary, bin}, {"data/../box.key", KindData, bin}}, "update.err.part_name"},
		{"the same part twice", Manifest{Version: "1.0.0", Arch: "arm64"}, []Source{{BinaryName, KindBinary, bin}, {BinaryName, KindBinary, bin}}, "update.err.part_twice"},
	} {
		_, err := Write(&bytes.Buffer{}, k, c.m, c.srcs)
		if err == nil || keyOf(err) != c.want {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
}

// TestCheck: what the box refuses before touching anything (issue 17:
// "Refuse older versions or a lower security epoch unless a signed
// downgrade manifest says so"; the wrong arch).
func TestCheck(t *testing.T) {
	box := Box{Version: "1.4.2", Epoch: 2, Arch: "arm64", Schema: 4}
	down := release("1.3.0")
	down.Downgrade = true
	lowEpoch := release("1.5.0")
	lowEpoch.Epoch = 1
	downLowEpoch := lowEpoch
	downLowEpoch.Downgrade = true
	armv7 := release("1.5.0")
	armv7.Arch = "armv7"
	newSchema := release("1.5.0")
	newSchema.MinSchema = 5
	for _, c := range []struct {
		name string
		m    Manifest
		want string // "" = accepted
	}{
		{"a newer version", release("1.5.0"), ""},
		{"a newer build of the same release (git describe)", release("1.4.2-3-gabcdef"), ""},
		{"an older version", release("1.4.1"), "update.err.older"},
		{"the same version", release("1.4.2"), "update.err.same"},
		{"a signed downgrade", down, ""},
		{"a lower security epoch", lowEpoch, "update.err.epoch"},
		{"a lower epoch, signed as a downgrade", downLowEpoch, ""},
		{"another architecture", armv7, "update.err.arch"},
		{"data too old for the new version's migrations", newSchema, "update.err.schema"},
	} {
		err := Check(c.m, box)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.want != "" && (err == nil || keyOf(err) != c.want):
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
}

func TestKeygenAndKeys(t *testing.T) {
	dir := t.TempDir()
	priv, pub, fp, err := Keygen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(priv); fi.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v", fi.Mode().Perm())
	}
	k, err := LoadSigningKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := ReadPublicKeyFile(pub)
	if err != nil || len(keys) != 1 || boxkey.Fingerprint(keys[0]) != fp || k.Fingerprint() != fp {
		t.Fatalf("keys %v %v, fingerprint %s", keys, err, fp)
	}
	if _, _, _, err := Keygen(dir); err == nil {
		t.Error("keygen overwrote an existing key")
	}
	if _, err := ParsePublicKeys([]byte("# nothing\n")); err == nil {
		t.Error("a file without a key parsed")
	}
}
