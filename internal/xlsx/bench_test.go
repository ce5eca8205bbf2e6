package xlsx

import (
	"io"
	"strconv"
	"testing"
)

// BenchmarkPunchExport50k writes a sheet the size of the largest punch
// export (50,000 rows of 8 cells): rows stream into the zip, so the bytes
// allocated per row stay small and nothing grows with the sheet.
func BenchmarkPunchExport50k(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		wb := New(io.Discard)
		text, num := wb.Style(Style{Border: "999999", VAlign: "top", Wrap: true}), wb.Style(Style{Border: "999999"})
		s, err := wb.Sheet("打卡记录", SheetOptions{Widths: []float64{12, 8, 8, 10, 20, 8, 10, 8}, Freeze: 4})
		if err != nil {
			b.Fatal(err)
		}
		for r := 5; r < 50_005; r++ {
			err := s.Row(r, Text("2026-03-02", text), Text("08:2"+strconv.Itoa(r%10), text), Text("QS0"+strconv.Itoa(r%60), text),
				Text("王堃", text), Text("农业农村综合服务中心", text), Text("指纹", text), Text("已校准", text), Number(float64(r%100), num))
			if err != nil {
				b.Fatal(err)
			}
		}
		if err := wb.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
