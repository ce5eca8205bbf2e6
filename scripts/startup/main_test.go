package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMedian(t *testing.T) {
	if got := median([]float64{5, 1, 3}); got != 3 {
		t.Errorf("median odd = %v", got)
	}
	if got := median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("median even = %v", got)
	}
}

func TestVmRSSSelf(t *testing.T) {
	kb, err := procStatus(os.Getpid(), "VmRSS:")
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	if kb <= 0 {
		t.Errorf("VmRSS = %d kB", kb)
	}
}

func TestFreePort(t *testing.T) {
	p, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	if p <= 0 || p > 65535 {
		t.Errorf("port %d", p)
	}
}

// The table puts bianmin beside PocketBase, says which targets are met,
// and shows bianmin alone when PocketBase could not be measured.
func TestPrintTable(t *testing.T) {
	dir := t.TempDir()
	b := sideResult{Name: "bianmin", BinBytes: 16 << 20, Arm64Bytes: 15 << 20, RestartMS: []float64{10, 12, 11},
		RestartMedian: 11, RSS3MB: 13.5, RSS60MB: 16, IdleLong: "1m0s", Rate: 9000, P99MS: 9, PeakMB: 30, PDFBytes: 50000}
	p := sideResult{Name: "pocketbase", BinBytes: 23 << 20, RestartMedian: 20, RSS3MB: 21, RSS60MB: 22, Rate: 6000, P99MS: 12, PeakMB: 90}
	bf, pf := filepath.Join(dir, "b.json"), filepath.Join(dir, "p.json")
	if err := writeJSON(bf, b); err != nil {
		t.Fatal(err)
	}
	if err := writeJSON(pf, p); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := printTable(&out, []string{bf, pf}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"0.55×", "idle RSS 1m0s after ready (MB)", "16.0", "MISSED", "5 of 6 targets met", "1.50×"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := printTable(&out, []string{bf, filepath.Join(dir, "none.json")}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "PocketBase was not measured") || strings.Contains(out.String(), "0.55×") {
		t.Errorf("table without PocketBase:\n%s", out.String())
	}
}

// The bench data: 60 staff, every weekday of ten years with four punches
// each, the same on every run.
func TestBenchCSVs(t *testing.T) {
	dir := t.TempDir()
	files, err := writeBenchCSVs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1+lastYear-firstYear+1 {
		t.Fatalf("%d files", len(files))
	}
	staff, _ := os.ReadFile(files[0])
	if n := strings.Count(string(staff), "\n"); n != staffCount+1 {
		t.Errorf("staff.csv has %d lines", n)
	}
	y2020, _ := os.ReadFile(files[1+2020-firstYear])
	if n := strings.Count(string(y2020), "\n") - 1; n != 262*staffCount*4 { // 2020 had 262 weekdays
		t.Errorf("2020 has %d punches, want %d", n, 262*staffCount*4)
	}
	again, err := writeBenchCSVs(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(again[1+2020-firstYear]); string(b) != string(y2020) {
		t.Error("the punches differ between two runs")
	}
}
