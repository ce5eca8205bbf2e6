package main

import (
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/center"
	"bianmin/appliance/schema"
	"bianmin/appliance/store"
)

// waitOutput waits until the process's stdout contains want.
func waitOutput(t *testing.T, p *proc, want string, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		out := p.stdout.String()
		if strings.Contains(out, want) {
			return out
		}
		if p.exited() || time.Now().After(deadline) {
			t.Fatalf("no %q in the output of bianmin (exited %v):\n%s\nstderr:\n%s", want, p.exited(), out, p.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPrinterTestAgainstSim: `sim printer` prints its device first; `printer
// test` on it prints a test ticket that the simulator decodes (center
// name, sample number, QR code, Chinese, a cut) and draws as a PNG, and
// reports the status in both languages. With paper out the test fails
// with what to do; after loading paper it prints again.
func TestPrinterTestAgainstSim(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pngDir := filepath.Join(dir, "png")
	link := filepath.Join(dir, "bianmin-printer")
	stdin, feed := io.Pipe()
	defer feed.Close()
	sim := startProcStdin(t, stdin, "sim", "printer", "--link", link, "--png", pngDir)
	if path := firstLine(t, sim, 10*time.Second); path != link {
		t.Fatalf("first line %q, want the link %s", path, link)
	}

	out, errOut, code := cli(t, cliTimeout, "--data", filepath.Join(dir, "nodata"), "printer", "test", "--device", link, "--center", "测试镇便民服务中心")
	if code != 0 {
		t.Fatalf("printer test: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"中心名称 / center: 测试镇便民服务中心", "--center", "状态 / status: 打印机就绪 — Printer ready [12 12 12 12]",
		"test ticket printed", "status after printing: 打印机就绪",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("printer test output lacks %q:\n%s", want, out)
		}
	}
	receipt := waitOutput(t, sim, "---- cut ----", 10*time.Second)
	for _, want := range []string{"---- receipt 1 (80 mm) ----", "测试镇便民服务中心", "A001", "打印机测试票", "中文测试：便民服务 堃 玥 喆", "[QR BIANMIN 打印测试 ", "过号无效，请留意叫号"} {
		if !strings.Contains(receipt, want) {
			t.Errorf("decoded receipt lacks %q:\n%s", want, receipt)
		}
	}
	pngPath := filepath.Join(pngDir, "receipt-0001.png")
	waitOutput(t, sim, "PNG: "+pngPath, 5*time.Second)
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil || img.Bounds().Dx() != 576+32 || img.Bounds().Dy() < 500 {
		t.Fatalf("PNG %v, %v", img.Bounds(), err)
	}

	io.WriteString(feed, "paper out\n")
	waitOutput(t, sim, "ok status: paper out [1A 32 12 7E]", 5*time.Second)
	out, errOut, code = cli(t, cliTimeout, "--data", filepath.Join(dir, "nodata"), "printer", "test", "--device", link)
	if code != 1 {
		t.Fatalf("printer test with paper out: exit %d, want 1\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"打印机缺纸，请装纸 — Paper out — load paper", "printer on " + link + ": paper out — load paper"} {
		if !strings.Contains(out+errOut, want) {
			t.Errorf("paper-out output lacks %q:\n%s%s", want, out, errOut)
		}
	}
	io.WriteString(feed, "paper load\n")
	waitOutput(t, sim, "ok status: ready [12 12 12 12]", 5*time.Second)
	if out, errOut, code := cli(t, cliTimeout, "--data", filepath.Join(dir, "nodata"), "printer", "test", "--device", link, "--profile", "generic-58"); code != 0 {
		t.Fatalf("printer test after loading paper: exit %d\n%s%s", code, out, errOut)
	}
	waitOutput(t, sim, "---- receipt 2", 10*time.Second)
	feed.Close() // exec waits for stdin's copier too
	sim.stop(5 * time.Second)
}

// TestPrinterTestCenterFromStore: the center's name comes from the data
// dir when it can be read.
func TestPrinterTestCenterFromStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	db, err := store.Open(data, store.Options{Migrations: schema.Migrations(), LockTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := center.New(db).Update("test", center.Settings{Name: "堃玥镇便民服务中心"}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	sim := startProc(t, "sim", "printer", "--profile", "gb18030-80")
	path := firstLine(t, sim, 10*time.Second)
	out, errOut, code := cli(t, cliTimeout, "--data", data, "printer", "test", "--device", path, "--profile", "gb18030-80", "--center", "不该用这个")
	if code != 0 || !strings.Contains(out, "中心名称 / center: 堃玥镇便民服务中心 (数据目录 / data dir") {
		t.Fatalf("printer test: exit %d\n%s%s", code, out, errOut)
	}
	if receipt := waitOutput(t, sim, "---- cut ----", 10*time.Second); !strings.Contains(receipt, "堃玥镇便民服务中心") {
		t.Errorf("receipt lacks the center's name:\n%s", receipt)
	}
	sim.stop(5 * time.Second)
}

// TestPrinterTestFailures: a missing device, a device that never
// answers, and wrong arguments end with a message that says what to do.
func TestPrinterTestFailures(t *testing.T) {
	t.Parallel()
	checkDeviceTool(t, []string{"printer", "test"}, 8*time.Second,
		[]string{"无法打开打印机", "no such device — check the cable"},
		[]string{"打印机没有应答，请检查电源、连线和波特率", "does not answer status requests"},
		[]toolMisuse{
			{[]string{"printer"}, "usage: bianmin printer test"},
			{[]string{"printer", "test"}, "give --device PATH"},
			{[]string{"printer", "test", "--device", "/dev/null", "--profile", "nope"}, "unknown printer profile \"nope\" — use one of generic-80"},
			{[]string{"sim", "printer", "--profile", "nope"}, "unknown printer profile"},
			{[]string{"sim", "printer", "extra"}, "usage: bianmin sim printer"},
		})
	if out, _, code := cli(t, cliTimeout, "printer", "profiles"); code != 0 || !strings.Contains(out, "basic-58") || !strings.Contains(out, "(默认 / default)") {
		t.Errorf("printer profiles: exit %d\n%s", code, out)
	}
}
