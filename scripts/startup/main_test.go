package main

import (
	"os"
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
