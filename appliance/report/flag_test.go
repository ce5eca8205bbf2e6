package report_test

import (
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/rating"
	"bianmin/appliance/report"
)

// A staff member named 最不满意人员 in three monthly appraisals carries the
// flag in the month's summary and so in their unit's letter (regulation
// 001 line 229); after two namings, not yet.
func TestMonthlyLeastSatisfiedFlag(t *testing.T) {
	fx := newFixture(t)
	fx.march(t)
	fx.now = at("2026-04-02", "09:00")
	svc := rating.New(fx.db, fx.cal)
	set := rating.DefaultSettings()
	set.Rule = rating.Rule{Kind: rating.RuleOffice}
	if _, err := svc.SaveSettings("office", set); err != nil {
		t.Fatal(err)
	}
	office := rating.Actor{Name: "office", Role: account.RoleOffice}
	for _, m := range []string{"2026-01", "2026-02", "2026-03"} {
		if _, err := svc.Appraise(office, m, []uint64{fx.wang.ID}, "月度评议会"); err != nil {
			t.Fatal(err)
		}
	}
	flagged := func(r *report.Report, no string) bool {
		for _, rm := range monthLine(t, r.Monthly, no).Remarks {
			if rm.Key == "report.remark.least_satisfied" && rm.Args["Times"] == 3 {
				return true
			}
		}
		return false
	}
	march, feb := fx.build(t, report.Monthly, "2026-03"), fx.build(t, report.Monthly, "2026-02")
	checkAll(t, []check{
		{"王 flagged in March", flagged(march, "QS001"), true},
		{"李 not flagged", flagged(march, "QS002"), false},
		{"王 not yet in February (two namings)", flagged(feb, "QS001"), false},
	})
	doc := layout(t, march, nil, "zh-CN")
	found := false
	for _, s := range doc.Sections {
		if l := s.Letter; l != nil && l.Table != nil {
			for _, row := range l.Table.Rows {
				for _, c := range row.Cells {
					if strings.Contains(c.Text, "被评为最不满意人员 3 次") && strings.Contains(c.Text, "退回原单位") {
						found = true
					}
				}
			}
		}
	}
	if !found {
		t.Error("no letter's table carries 王建国's flag")
	}
}
