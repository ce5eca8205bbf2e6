package main

import (
	"strings"
	"testing"

	"bianmin/appliance/report"
	"bianmin/hw/escpos"
	"bianmin/hw/escpos/sim"
)

// TestWorkCardDoc: the work card prints through the real encoder and the
// simulator reads back the name, the post, whom it stands in for, the
// validity and the footer, then a cut.
func TestWorkCardDoc(t *testing.T) {
	font, err := printerFont()
	if err != nil {
		t.Fatal(err)
	}
	card := report.WorkCard{Center: "青山镇便民服务中心", Title: "临时工作证", Name: "罗桂芳", Footer: "顶岗结束后及时交回中心办公室。",
		Fields: []report.Field{{Label: "岗位", Value: "2 号窗口 婚姻登记"}, {Label: "顶替", Value: "刘芳（QS004）"},
			{Label: "有效期", Value: "2026-03-10 14:00 至 2026-03-12 14:00"}}}
	for _, name := range []string{"gb18030-80", "generic-58"} {
		p, err := escpos.LookupProfile(name)
		if err != nil {
			t.Fatal(err)
		}
		data, err := escposDoc(*workCardDoc(card)).Render(p, font)
		if err != nil {
			t.Fatalf("%s: render: %v", name, err)
		}
		receipts := sim.Decode(data, p)
		if len(receipts) != 1 {
			t.Fatalf("%s: %d receipts, want 1", name, len(receipts))
		}
		text := strings.Join(strings.Fields(receipts[0].Text()), "")
		for _, want := range []string{"临时工作证", "罗桂芳", "岗位", "2号窗口婚姻登记", "刘芳（QS004）", "2026-03-1014:00", "交回中心办公室"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the card lacks %q:\n%s", name, want, receipts[0].Text())
			}
		}
	}
}
