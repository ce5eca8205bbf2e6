package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bianmin/appliance/update"
)

func TestReleaseKeysParse(t *testing.T) {
	keys, err := trustedKeys("")
	if err != nil || len(keys) == 0 {
		t.Fatalf("baked-in keys: %v %v", keys, err)
	}
}

// TestBundleCommands: the build side's command-line contract (issue 17):
// keygen --out DIR; sign --key --binary --version --arch --epoch --out;
// verify BUNDLE [--trust FILE] exits 0 with the summary, or non-zero with
// the reason.
func TestBundleCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	keys := filepath.Join(dir, "keys")
	if _, errOut, code := cli(t, cliTimeout, "bundle", "keygen", "--out", keys); code != 0 {
		t.Fatalf("keygen: exit %d\n%s", code, errOut)
	}
	if _, _, code := cli(t, cliTimeout, "bundle", "keygen", "--out", keys); code == 0 {
		t.Error("keygen overwrote the key pair")
	}
	bin := filepath.Join(dir, "bianmin-linux-arm64")
	os.WriteFile(bin, []byte(strings.Repeat("binary ", 1000)), 0o755)
	bundle := filepath.Join(dir, "bianmin-1.5.0-arm64.bmb")
	priv, pub := filepath.Join(keys, update.PrivateKeyFile), filepath.Join(keys, update.PublicKeyFile)
	out, errOut, code := cli(t, cliTimeout, "bundle", "sign", "--key", priv, "--binary", bin,
		"--version", "1.5.0", "--arch", "arm64", "--epoch", "3", "--out", bundle, "--notes", "修复打卡页")
	if code != 0 {
		t.Fatalf("sign: exit %d\n%s", code, errOut)
	}
	out, errOut, code = cli(t, cliTimeout, "bundle", "verify", bundle, "--trust", pub)
	if code != 0 {
		t.Fatalf("verify: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"1.5.0", "arm64", "3", "bianmin", "修复打卡页"} {
		if !strings.Contains(out, want) {
			t.Errorf("verify's summary lacks %q:\n%s", want, out)
		}
	}
	// Without --trust the build machine's key is not the release key.
	if _, errOut, code := cli(t, cliTimeout, "bundle", "verify", bundle); code == 0 || !strings.Contains(errOut, "签名") {
		t.Errorf("verify without --trust: exit %d\n%s", code, errOut)
	}
	data, _ := os.ReadFile(bundle)
	data[len(data)-10] ^= 1
	os.WriteFile(bundle, data, 0o644)
	if _, errOut, code := cli(t, cliTimeout, "bundle", "verify", bundle, "--trust", pub); code == 0 || !strings.Contains(errOut, "校验和") {
		t.Errorf("verify a flipped byte: exit %d\n%s", code, errOut)
	}
	if _, errOut, code := cli(t, cliTimeout, "bundle", "sign", "--key", priv, "--binary", bin,
		"--version", "1.5.0", "--arch", "mips", "--epoch", "3", "--out", bundle); code == 0 || !strings.Contains(errOut, "mips") {
		t.Errorf("sign for an unknown arch: exit %d\n%s", code, errOut)
	}
}
