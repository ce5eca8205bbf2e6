package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/update"
)

// TestUpdateFlowArm64UnderQemu builds the arm64 binary twice (versions
// 1.0.0 and 1.1.0) and runs the whole flow under qemu-aarch64-static: the
// launcher starts 1.0.0; the build side makes a key and signs 1.1.0; a
// bundle for another arch is refused and changes nothing; `update install`
// through the running service puts 1.1.0 in the spare slot, backs up,
// switches and restarts; 1.1.0 passes its soak and commits; the data is
// whole (the audit chain verifies through the new service). `make test`
// sets BIANMIN_REQUIRE_QEMU=1 so that a missing qemu fails instead of
// skipping; it runs once there (scripts/ensure-tools.sh installs qemu).
func TestUpdateFlowArm64UnderQemu(t *testing.T) {
	qemu, err := exec.LookPath("qemu-aarch64-static")
	if err != nil {
		if os.Getenv("BIANMIN_REQUIRE_QEMU") != "" {
			t.Fatal("qemu-aarch64-static not found (scripts/ensure-tools.sh installs it)")
		}
		t.Skip("qemu-aarch64-static not found")
	}
	if testing.Short() {
		t.Skip("-short: the arm64 build and qemu take a minute")
	}
	dir := t.TempDir()
	v1, v2 := filepath.Join(dir, "bianmin-1.0.0"), filepath.Join(dir, "bianmin-1.1.0")
	for bin, v := range map[string]string{v1: "1.0.0", v2: "1.1.0"} {
		buildArm64(t, bin, v)
	}
	data := filepath.Join(dir, "data")
	run := func(args ...string) (string, string, int) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, qemu, append([]string{v1}, args...)...)
		cmd.Env = cleanEnv()
		var out, errb syncBuffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return out.String(), errb.String(), exitCode(err)
	}

	// The box: the launcher of the factory binary 1.0.0, serving.
	addr := freeAddr(t)
	p := startProcOf(t, nil, []string{execWrapperEnv + "=" + qemu}, qemu, v1, "--data", data, "launch", "--restart-delay", "100ms", "--",
		"--addr", addr, "--log-level", "warn", "--update-soak", "2s")
	s := &server{proc: p, dataDir: data, addr: addr}
	if err := s.waitReady(90 * time.Second); err != nil {
		t.Fatalf("1.0.0 under the launcher: %v", err)
	}

	// The build side.
	keys := filepath.Join(dir, "keys")
	pub := filepath.Join(keys, update.PublicKeyFile)
	if _, e, code := run("bundle", "keygen", "--out", keys); code != 0 {
		t.Fatalf("keygen: %s", e)
	}
	sign := func(arch, out string) {
		t.Helper()
		if _, e, code := run("bundle", "sign", "--key", filepath.Join(keys, update.PrivateKeyFile), "--binary", v2,
			"--version", "1.1.0", "--arch", arch, "--epoch", "0", "--out", out, "--notes", "测试更新"); code != 0 {
			t.Fatalf("sign: %s", e)
		}
	}
	good, armv7 := filepath.Join(dir, "bianmin-1.1.0-arm64.bmb"), filepath.Join(dir, "bianmin-1.1.0-armv7.bmb")
	sign("arm64", good)
	sign("armv7", armv7)
	if o, e, code := run("bundle", "verify", good, "--trust", pub); code != 0 || !strings.Contains(o, "1.1.0") {
		t.Fatalf("verify: exit %d\n%s%s", code, o, e)
	}

	// A bundle for another arch: refused, nothing changed.
	if _, e, code := run("--data", data, "update", "install", armv7, "--trust", pub); code == 0 || !strings.Contains(e, "armv7") {
		t.Fatalf("an armv7 bundle on an arm64 box: exit %d\n%s", code, e)
	}
	if _, err := os.Stat(filepath.Join(data, update.DirName, update.StateFile)); !os.IsNotExist(err) {
		t.Fatalf("a refused bundle left an update state: %v", err)
	}

	// The install, through the running service.
	o, e, code := run("--data", data, "update", "install", good, "--trust", pub)
	if code != 0 {
		t.Fatalf("update install: exit %d\n%s%s", code, o, e)
	}
	for _, want := range []string{"更新单", "1.0.0", "1.1.0", "cli:"} {
		if !strings.Contains(o, want) {
			t.Errorf("the slip lacks %q:\n%s", want, o)
		}
	}
	layout := update.Layout{FS: update.OS{}, DataDir: data}
	deadline := time.Now().Add(90 * time.Second)
	for {
		st, _, err := layout.LoadState()
		if err == nil && st.Current.Version == "1.1.0" && !st.Trial && st.Last != nil && st.Last.Result == update.ResultCommitted {
			break
		}
		if p.exited() || time.Now().After(deadline) {
			t.Fatalf("1.1.0 did not commit: %+v %v\n%s", st, err, tail(p.stderr.String(), 3000))
		}
		time.Sleep(200 * time.Millisecond)
	}
	// The new version serves the same data: the audit chain (the install's
	// entry on top) verifies through it.
	if o, e, code := run("--data", data, "audit", "verify"); code != 0 {
		t.Fatalf("audit verify through 1.1.0: exit %d\n%s%s", code, o, e)
	}
	if o, _, code := run("--data", data, "update", "status"); code != 0 || !strings.Contains(o, "1.1.0") || !strings.Contains(o, "试运行通过") {
		t.Errorf("update status: %s", o)
	}
	// The same bundle again: refused.
	if _, e, code := run("--data", data, "update", "install", good, "--trust", pub); code == 0 || !strings.Contains(e, "1.1.0") {
		t.Errorf("the same version again: exit %d\n%s", code, e)
	}
	s.stop(30 * time.Second)
}

// buildArm64 links the bianmin binary for linux/arm64 with version v.
func buildArm64(t *testing.T, out, v string) {
	t.Helper()
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, "build", "-trimpath", "-buildvcs=false", "-o", out,
		"-ldflags", "-s -w -X main.version="+v, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=arm64")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build for arm64: %v\n%s", err, b)
	}
}
