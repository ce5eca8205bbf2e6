package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
	"bianmin/appliance/report"
	"bianmin/appliance/store"
	"bianmin/embedded"
)

const reportHelp = `考勤报表草稿（不发布）/ attendance report drafts (never published)

  bianmin report weekly 2026-03-02 --pdf 周通报.pdf [--xlsx 周通报.xlsx]   周通报（该日所在的周一至周日）/ weekly notice (the Monday–Sunday week of the date)
  bianmin report monthly 2026-02 --pdf 月汇总.pdf                      月汇总与致派驻单位函 / monthly summary and letters to the home units
  bianmin report quarterly 2026-Q1 --xlsx 季考核.xlsx                  季考核 / quarterly assessment

不给 --pdf 或 --xlsx 时把报表以文字打印出来。发布请在网页“报表”页进行。
Without --pdf or --xlsx the report is printed as text. Publish on the Reports page of the web UI.`

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
	cat := catalog()
	period, err := report.ParsePeriod(report.Kind(pos[0]), pos[1], loc)
	if err != nil {
		return &exitError{2, refused(err)}
	}
	r, err := buildReport(g, period, loc, f.preset)
	if err != nil {
		return refused(err)
	}
	doc := report.Layout(r, report.Meta{Lang: f.lang, Location: loc,
		T: func(key string, args map[string]any) string { return cat.T(f.lang, key, args) }})
	if f.pdf == "" && f.xlsx == "" {
		printDocument(g.stdout, doc)
		return nil
	}
	for _, out := range []struct {
		path  string
		write func(io.Writer, *report.Document) error
	}{{f.pdf, report.WritePDF}, {f.xlsx, report.WriteXLSX}} {
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

// buildReport judges the period from the store opened read-only: the
// command never writes, and refuses (exit 3) while the service holds the
// store.
func buildReport(g *global, p report.Period, loc *time.Location, presetKey string) (*report.Report, error) {
	if _, err := os.Stat(filepath.Join(g.dataDir, store.FileName)); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s 中没有数据 / no data in %s: give --data DIR", g.dataDir, g.dataDir)
	}
	db, err := store.Open(g.dataDir, store.Options{ReadOnly: true, LockTimeout: time.Second})
	if errors.Is(err, store.ErrLocked) {
		return nil, &exitError{3, fmt.Errorf("服务正在运行：请在网页“报表”页生成，或先停止服务 / the service is running: generate the report on the Reports page, or stop the service first: %w", err)}
	}
	if err != nil {
		return nil, err
	}
	defer db.Close()
	cal, err := calendar.Load(db, embedded.FS, loc)
	if err != nil {
		return nil, err
	}
	opts := report.Options{Calendar: cal, Location: loc}
	if presetKey != "" {
		p, ok := attendance.PresetByKey(presetKey)
		if !ok {
			var keys []string
			for _, p := range attendance.Presets() {
				keys = append(keys, p.Key)
			}
			return nil, &exitError{2, fmt.Errorf("没有内置规则 %q / no built-in preset %q: use one of %s", presetKey, presetKey, strings.Join(keys, ", "))}
		}
		opts.Preset = &p
	}
	return report.Build(db, p, opts)
}

func writeReportFile(path string, doc *report.Document, write func(io.Writer, *report.Document) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f, doc); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
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
