package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// The targets for bianmin (issue 8, "Done when").
const (
	targetIdleMB  = 15
	targetArm64MB = 17.5 // MiB
	targetPeakMB  = 64
)

// printTable prints bianmin's result (the first file) beside PocketBase's
// (the second; missing when it could not be built), the ratio and whether
// bianmin meets each target.
func printTable(w io.Writer, files []string) error {
	if len(files) != 2 {
		return errors.New("-table needs two JSON files: bianmin's, then PocketBase's")
	}
	var b, p sideResult
	if err := readJSON(files[0], &b); err != nil {
		return err
	}
	havePB := readJSON(files[1], &p) == nil
	type row struct {
		what     string
		b, p     float64
		decimals int
		target   string
		ok       func() bool // nil: no target
		pbToo    bool        // PocketBase has this figure
	}
	mib := func(n int64) float64 { return float64(n) / (1 << 20) }
	rows := []row{
		{what: "binary, this machine's arch (MiB)", b: mib(b.BinBytes), p: mib(p.BinBytes), decimals: 2, pbToo: true},
		{what: "binary, linux/arm64 (MiB)", b: mib(b.Arm64Bytes), decimals: 2, target: fmt.Sprintf("≤ %.1f", targetArm64MB),
			ok: func() bool { return b.Arm64Bytes > 0 && mib(b.Arm64Bytes) <= targetArm64MB }},
		{what: fmt.Sprintf("restart → ready, median of %d (ms)", len(b.RestartMS)), b: b.RestartMedian, p: p.RestartMedian, decimals: 1,
			target: "≤ PocketBase", ok: func() bool { return havePB && b.RestartMedian <= p.RestartMedian }, pbToo: true},
		{what: "idle RSS 3 s after ready (MB)", b: b.RSS3MB, p: p.RSS3MB, decimals: 1, target: fmt.Sprintf("≤ %d", targetIdleMB),
			ok: func() bool { return b.RSS3MB <= targetIdleMB }, pbToo: true},
		{what: "idle RSS " + b.IdleLong + " after ready (MB)", b: b.RSS60MB, p: p.RSS60MB, decimals: 1, target: fmt.Sprintf("≤ %d", targetIdleMB),
			ok: func() bool { return b.RSS60MB <= targetIdleMB }, pbToo: true},
		{what: "RSS right after a page + a PDF (MB)", b: b.PagePDFNowMB, decimals: 1},
		{what: "RSS 3 s after a page + a PDF (MB)", b: b.PagePDFMB, decimals: 1},
		{what: "health requests/s, 50 connections, 10 s", b: b.Rate, p: p.Rate, decimals: 0,
			target: "≥ PocketBase", ok: func() bool { return havePB && b.Rate >= p.Rate }, pbToo: true},
		{what: "health p99 latency (ms)", b: b.P99MS, p: p.P99MS, decimals: 2, pbToo: true},
		{what: "peak RSS under that load (MB)", b: b.PeakMB, p: p.PeakMB, decimals: 1, target: fmt.Sprintf("≤ %d", targetPeakMB),
			ok: func() bool { return b.PeakMB <= targetPeakMB }, pbToo: true},
	}
	fmt.Fprintf(w, "%-42s %10s %11s %9s   %-14s %s\n", "", "bianmin", "PocketBase", "ratio", "target", "")
	fmt.Fprintf(w, "%-42s %10s %11s %9s   %-14s %s\n", strings.Repeat("-", 42), "----------", "-----------", "---------", "--------------", "----")
	met, total := 0, 0
	for _, r := range rows {
		pv, ratio := "—", "—"
		if havePB && r.pbToo {
			pv = fmt.Sprintf("%.*f", r.decimals, r.p)
			if r.p != 0 {
				ratio = fmt.Sprintf("%.2f×", r.b/r.p)
			}
		}
		verdict := ""
		if r.ok != nil {
			total++
			if r.ok() {
				met++
				verdict = "met"
			} else {
				verdict = "MISSED"
			}
		}
		fmt.Fprintf(w, "%-42s %10.*f %11s %9s   %-14s %s\n", r.what, r.decimals, r.b, pv, ratio, r.target, verdict)
	}
	fmt.Fprintf(w, "ratio = bianmin / PocketBase; %d of %d targets met", met, total)
	if b.PDFBytes > 0 {
		fmt.Fprintf(w, "; the PDF: a monthly report of 60 staff, %d bytes, %.0f ms from generate to download", b.PDFBytes, b.PDFMS)
	}
	fmt.Fprintln(w)
	if b.LoadErrors+p.LoadErrors > 0 {
		fmt.Fprintf(w, "errors under load: bianmin %d, PocketBase %d\n", b.LoadErrors, p.LoadErrors)
	}
	for _, n := range []string{b.Note, p.Note} {
		if n != "" {
			fmt.Fprintln(w, "note:", n)
		}
	}
	if !havePB {
		fmt.Fprintln(w, "PocketBase was not measured (see above why).")
	}
	return nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
