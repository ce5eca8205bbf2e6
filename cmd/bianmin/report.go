package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/report"
	"bianmin/appliance/store"
	"bianmin/embedded"
)

const reportHelp = `考勤报表草稿（不发布）/ attendance report drafts (never published)

  bianmin report weekly 2026-03-02 --pdf 周通报.pdf [--xlsx 周通报.xlsx]   周通报（该日所在的周一至周日）/ weekly notice (the Monday–Sunday week of the date)
  bianmin report monthly 2026-02 --pdf 月汇总.pdf                      月汇总与致派驻单位函 / monthly summary and letters to the home units
  bianmin report quarterly 2026-Q1 --xlsx 季考核.xlsx                  季考核 / quarterly assessment

不给 --pdf 或 --xlsx 时把报表以文字打印出来。发布请在网页“报表”页进行。
Without --pdf or --xlsx the report is printed as text. Publish on the Reports page of the web UI.` + viaService

// reportFlags are the options of `bianmin report`.
type reportFlags struct {
	pdf, xlsx, lang, preset string
	loc                     func() (*time.Location, error)
}

func runReport(g *global, args []string) error {
	fs := newFlags(g, "report weekly|monthly|quarterly PERIOD", reportHelp)
	var f reportFlags
	fs.StringVar(&f.pdf, "pdf", "", "写 PDF 到此文件 / write the PDF to this file")
	fs.StringVar(&f.xlsx, "xlsx", "", "写 XLSX 到此文件 / write the XLSX to this file")
	fs.StringVar(&f.lang, "lang", "zh-CN", "语言 zh-CN 或 en / language, zh-CN or en")
	fs.StringVar(&f.preset, "preset", "", "用内置规则代替本中心设置 / judge by a built-in preset instead of the center's settings")
	f.loc = tzFlag(fs)
	var pos []string
	for {
		if err := parse(g, fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
	if len(pos) != 2 {
		fs.Usage()
		return &exitError{2, errors.New("用法 / usage: bianmin report weekly|monthly|quarterly PERIOD [--pdf FILE] [--xlsx FILE]")}
	}
	if f.lang != "zh-CN" && f.lang != "en" {
		return &exitError{2, fmt.Errorf("--lang 只能是 zh-CN 或 en / --lang must be zh-CN or en, not %q", f.lang)}
	}
	loc, err := f.loc()
	if err != nil {
		return err
	}
	if _, err := report.ParsePeriod(report.Kind(pos[0]), pos[1], loc); err != nil {
		return &exitError{2, refused(err)}
	}
	if _, ok := attendance.PresetByKey(f.preset); f.preset != "" && !ok {
		return presetError(f.preset)
	}
	doc, err := call[*report.Document](g, reportOp, reportArgs{Kind: pos[0], Period: pos[1], TZ: loc.String(), Preset: f.preset, Lang: f.lang})
	if err != nil {
		return refused(err)
	}
	if f.pdf == "" && f.xlsx == "" {
		printDocument(g.stdout, doc)
		return nil
	}
	for _, out := range []struct {
		path  string
		write func(io.Writer, *report.Document) error
	}{{f.pdf, writeReportPDF}, {f.xlsx, report.WriteXLSX}} {
		if out.path == "" {
			continue
		}
		if err := writeReportFile(out.path, doc, out.write); err != nil {
			return err
		}
		fmt.Fprintf(g.stdout, "%s %s → %s\n", doc.Title, doc.Period, out.path)
	}
	return nil
}

// writeReportPDF writes a report PDF in the embedded font (the report
// package is handed the font; it never reads embedded itself).
func writeReportPDF(w io.Writer, doc *report.Document) error {
	return report.WritePDF(w, doc, report.PDFOptions{Font: embedded.Font})
}

// writeReportFile writes the document to path, whole or not at all.
func writeReportFile(path string, doc *report.Document, write func(io.Writer, *report.Document) error) error {
	if err := store.WriteFileAtomic(path, 0o644, func(w io.Writer) error { return write(w, doc) }); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// printDocument prints the report as text: the title lines, then each
// section's heading, paragraphs and table. Letters are left to the PDF.
func printDocument(w io.Writer, d *report.Document) {
	fmt.Fprintf(w, "%s\n%s · %s\n%s · %s\n", d.Title, d.Center, d.Period, d.Status, d.Generated)
	letters := 0
	for _, s := range d.Sections {
		if s.Letter != nil {
			letters++
			continue
		}
		fmt.Fprintf(w, "\n%s\n", s.Heading)
		for _, p := range s.Paragraphs {
			fmt.Fprintln(w, p)
		}
		if s.Table != nil {
			printTable(w, s.Table)
		}
	}
	if letters > 0 {
		fmt.Fprintf(w, "\n致派驻单位函 %d 封：请用 --pdf 打印 / %d letters to home units: print them with --pdf\n", letters, letters)
	}
}

func printTable(w io.Writer, tb *report.Table) {
	if len(tb.Rows) == 0 {
		fmt.Fprintln(w, tb.Empty)
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	var head []string
	for _, c := range tb.Columns {
		h := c.Head
		if c.Group != "" {
			h = c.Group + " " + h
		}
		head = append(head, h)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, r := range tb.Rows {
		if r.Kind == report.RowGroup {
			fmt.Fprintf(tw, "【%s】\n", r.Cells[0].Text)
			continue
		}
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, c.Text)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	tw.Flush()
}
