package report_test

import (
	"os"
	"path/filepath"
	"testing"

	"bianmin/appliance/report"
)

// TestWriteSamples writes every report, small and with 60 staff, as PDF
// and XLSX in both languages into $REPORT_OUT, for a person to look at
// (pdftoppm -png -r 70 FILE.pdf OUT). Without REPORT_OUT it is skipped;
// the checks that must always run are in render_test.go.
func TestWriteSamples(t *testing.T) {
	out := os.Getenv("REPORT_OUT")
	if out == "" {
		t.Skip("set REPORT_OUT=DIR to write sample reports")
	}
	small := newFixture(t)
	small.march(t)
	big := bigCenter(t, 60, "2026-01-01", "2026-04-01")
	big.now = at("2026-04-02", "09:00")
	for name, fx := range map[string]*fixture{"small": small, "big": big} {
		for _, k := range []struct {
			kind   report.Kind
			period string
		}{{report.Weekly, "2026-03-02"}, {report.Monthly, "2026-03"}, {report.Quarterly, "2026-Q1"}} {
			r := fx.build(t, k.kind, k.period)
			for _, lang := range []string{"zh-CN", "en"} {
				doc := layout(t, r, nil, lang)
				base := filepath.Join(out, name+"-"+string(k.kind)+"-"+lang)
				for ext, write := range map[string]func(*os.File, *report.Document) error{
					".pdf":  func(f *os.File, d *report.Document) error { return report.WritePDF(f, d, pdfOptions) },
					".xlsx": func(f *os.File, d *report.Document) error { return report.WriteXLSX(f, d) },
				} {
					f, err := os.Create(base + ext)
					if err != nil {
						t.Fatal(err)
					}
					if err := write(f, doc); err != nil {
						t.Fatal(err)
					}
					f.Close()
				}
			}
		}
	}
}
