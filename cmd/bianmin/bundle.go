package main

// The build side of updates: bianmin bundle keygen|sign|verify
// (appliance/update does the work).

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
	"bianmin/appliance/update"
)

// releaseKeys are the public keys whose bundles every box accepts: the
// release build machine's (its private key never enters the repository).
// --trust adds one for a run (tests, a county's own build machine).
const releaseKeys = `
# bianmin release signing key ebb3-e707-aff2-0e2b-7482-8444-9b70-e81e
TBF9kY4fJPsi/S9pccownMgJFBEdd+MC8QsOCUrMlgk=
`

// securityEpoch is this build's security epoch (stamped by the build:
// -X main.securityEpoch=N); a box refuses bundles of a lower one.
var securityEpoch = "0"

func epoch() int {
	n, err := strconv.Atoi(securityEpoch)
	if err != nil {
		panic("main.securityEpoch is not a number: " + securityEpoch)
	}
	return n
}

// trustedKeys are the baked-in keys plus those of the --trust file.
func trustedKeys(trustFile string) ([]ed25519.PublicKey, error) {
	keys, err := update.ParsePublicKeys([]byte(releaseKeys))
	if err != nil {
		panic(err) // the constant above is checked by the tests
	}
	if trustFile == "" {
		return keys, nil
	}
	extra, err := update.ReadPublicKeyFile(trustFile)
	if err != nil {
		return nil, &exitError{2, fmt.Errorf("--trust: %w", err)}
	}
	return append(keys, extra...), nil
}

const bundleUsage = "更新包：keygen 生成签名密钥，sign 签发，verify 检查 / update bundles: keygen (a signing key pair), sign, verify"

func runBundle(g *global, args []string) error {
	fs := newFlags(g, "bundle keygen|sign|verify", bundleUsage)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	switch fs.Arg(0) {
	case "keygen":
		return runBundleKeygen(g, fs.Args()[1:])
	case "sign":
		return runBundleSign(g, fs.Args()[1:])
	case "verify":
		return runBundleVerify(g, fs.Args()[1:])
	}
	fs.Usage()
	return &exitError{2, errors.New("用法 / usage: bianmin bundle keygen --out DIR | sign --key KEY --binary FILE --version V --arch A --epoch N --out BUNDLE | verify BUNDLE [--trust PUBKEYFILE]")}
}

func runBundleKeygen(g *global, args []string) error {
	fs := newFlags(g, "bundle keygen", "为构建机生成更新包签名密钥对（私钥留在构建机上）/ make a bundle signing key pair for a build machine (the private key stays there)")
	out := fs.String("out", "", "写入的目录 / directory to write the key pair to")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return &exitError{2, errors.New("用法 / usage: bianmin bundle keygen --out DIR")}
	}
	priv, pub, fp, err := update.Keygen(*out)
	if err != nil {
		return &exitError{1, err}
	}
	fmt.Fprintf(g.stdout, "私钥 / private key: %s（只留在构建机上 / keep it on the build machine）\n", priv)
	fmt.Fprintf(g.stdout, "公钥 / public key:  %s（盒子用 --trust 信任它，或编入程序 / boxes trust it with --trust, or bake it in）\n", pub)
	fmt.Fprintf(g.stdout, "指纹 / fingerprint: %s\n", fp)
	return nil
}

// multiFlag collects a repeated flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

func runBundleSign(g *global, args []string) error {
	fs := newFlags(g, "bundle sign", "签发更新包 / sign an update bundle")
	key := fs.String("key", "", "签名私钥（bundle keygen 生成）/ the signing key (from bundle keygen)")
	bin := fs.String("binary", "", "bianmin 程序文件 / the bianmin binary")
	ver := fs.String("version", "", "版本号，如 1.4.2 / version, e.g. 1.4.2")
	arch := fs.String("arch", "", "目标平台 / target: "+strings.Join(update.Arches, ", "))
	ep := fs.Int("epoch", -1, "安全代号（不低于上一版）/ security epoch (not below the last release's)")
	out := fs.String("out", "", "写出的更新包 / the bundle file to write")
	minSchema := fs.Int("min-schema", 0, "新版本能迁移的最旧数据版本 / the oldest data schema the new version migrates from")
	notes := fs.String("notes", "", "更新说明（中文）/ release notes in Chinese")
	notesFile := fs.String("notes-file", "", "从文件读更新说明 / read the notes from a file")
	downgrade := fs.Bool("downgrade", false, "签发降级包：允许装在更新的版本或更高安全代号上 / a signed downgrade: may go over a newer version or a higher epoch")
	var data multiFlag
	fs.Var(&data, "include", "随包的数据文件（可重复）：本地路径，包内为 data/文件名 / a data file to ship (repeatable), shipped as data/NAME")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if *key == "" || *bin == "" || *ver == "" || *arch == "" || *ep < 0 || *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return &exitError{2, errors.New("用法 / usage: bianmin bundle sign --key KEY --binary FILE --version V --arch A --epoch N --out BUNDLE")}
	}
	k, err := update.LoadSigningKey(*key)
	if err != nil {
		return &exitError{1, err}
	}
	if *notesFile != "" {
		b, err := os.ReadFile(*notesFile)
		if err != nil {
			return &exitError{1, err}
		}
		*notes = string(b)
	}
	srcs := []update.Source{{Name: update.BinaryName, Kind: update.KindBinary, Path: *bin}}
	for _, d := range data {
		srcs = append(srcs, update.Source{Name: "data/" + filepath.Base(d), Kind: update.KindData, Path: d})
	}
	m := update.Manifest{Version: *ver, Epoch: *ep, Arch: *arch, MinSchema: *minSchema, Downgrade: *downgrade,
		NotesZH: strings.TrimSpace(*notes), Created: time.Now().UTC().Truncate(time.Second)}
	err = store.WriteFileAtomic(*out, 0o644, func(w io.Writer) error {
		m, err = update.Write(w, k, m, srcs)
		return err
	})
	if err != nil {
		return bundleRefusal(err)
	}
	fmt.Fprintf(g.stdout, "已签发 / signed: %s\n", *out)
	printManifest(g.stdout, m, k.Fingerprint())
	return nil
}

func runBundleVerify(g *global, args []string) error {
	fs := newFlags(g, "bundle verify BUNDLE", "检查更新包的签名和每个文件的校验和 / check a bundle's signature and every part's checksum")
	trust := fs.String("trust", "", "另外信任的公钥文件 / a public key file to trust besides the built-in keys")
	file, err := parseWithArg(g, fs, args, "BUNDLE")
	if err != nil {
		return err
	}
	_, err = checkBundle(g, file, *trust)
	return err
}

// checkBundle checks the bundle file against the built-in keys and those
// of the trust file, and prints its manifest; a refusal comes back worded.
func checkBundle(g *global, file, trust string) (*update.Bundle, error) {
	keys, err := trustedKeys(trust)
	if err != nil {
		return nil, err
	}
	b, err := update.Open(file, keys)
	if err != nil {
		return nil, bundleRefusal(err)
	}
	fmt.Fprintln(g.stdout, catalog().Both("update.cli.bundle", map[string]any{"File": file}))
	printManifest(g.stdout, b.Manifest, b.Signer)
	return b, nil
}

// bundleRefusal prints a bundle's problems in both languages and exits 1.
func bundleRefusal(err error) error {
	probs := problem.All(err)
	if len(probs) == 0 {
		return &exitError{1, err}
	}
	c := catalog()
	lines := make([]string, len(probs))
	for i, p := range probs {
		lines[i] = c.Both(p.Key, p.Args)
	}
	return &exitError{1, errors.New(strings.Join(lines, "\n"))}
}

func printManifest(w io.Writer, m update.Manifest, signer string) {
	fmt.Fprintf(w, "  版本 / version:          %s\n", m.Version)
	fmt.Fprintf(w, "  安全代号 / epoch:        %d\n", m.Epoch)
	fmt.Fprintf(w, "  平台 / arch:             %s\n", m.Arch)
	fmt.Fprintf(w, "  最低数据版本 / min schema: %d\n", m.MinSchema)
	if m.Downgrade {
		fmt.Fprintf(w, "  降级包 / downgrade:      yes\n")
	}
	fmt.Fprintf(w, "  签名密钥 / signed by:    %s\n", signer)
	for _, p := range m.Parts {
		fmt.Fprintf(w, "  %-24s %10d  sha256 %s\n", p.Name, p.Size, p.SHA256)
	}
	if m.NotesZH != "" {
		fmt.Fprintf(w, "  说明 / notes:\n")
		for _, l := range strings.Split(m.NotesZH, "\n") {
			fmt.Fprintf(w, "    %s\n", l)
		}
	}
}
