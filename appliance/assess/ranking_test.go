package assess

import (
	"fmt"
	"strings"
	"testing"

	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
)

func person(no string, absent, bad int, scores ...int) PersonPeriod {
	p := PersonPeriod{Staff: staff.Staff{StaffNo: no, Name: no}, Absent: 0, Bad: bad}
	p.Absent = 0
	for i, s := range scores {
		p.Months = append(p.Months, MonthScore{Month: fmt.Sprintf("2026-%02d", 10+i), Score: s, Assessed: s >= 0})
		if s >= 0 {
			p.Total += s
		}
	}
	p.Absent += halfDays(absent)
	n := 0
	for _, m := range p.Months {
		if m.Assessed {
			n++
		}
	}
	if n > 0 {
		p.Avg10 = (p.Total*10 + n/2) / n
	}
	return p
}

// awarded lists the rows as "no:award|excluded".
func awarded(rows []PersonPeriod) string {
	var out []string
	for _, p := range rows {
		s := p.Staff.StaffNo + ":"
		switch {
		case p.Award:
			s += "award"
		case p.Excluded != ExclNone:
			s += string(p.Excluded)
		default:
			s += "-"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

// 先进个人: the best AwardCount by average among those eligible.
func TestAwards(t *testing.T) {
	r := DefaultRules() // 2 a quarter, any absence excludes
	for _, tc := range []struct {
		name, cite string
		rules      func(*Rules)
		rows       []PersonPeriod
		want       string
	}{
		{"the two best averages", "regulation 003 line 275 每季度评定窗口“先进个人”2名",
			nil, []PersonPeriod{person("QS1", 0, 0, 95, 96, 97), person("QS2", 0, 0, 99, 99, 100), person("QS3", 0, 0, 98, 98, 98)},
			"QS2:award QS3:award QS1:-"},
		{"any absence excludes (the center's rule)", "issue 14 part 5 (exclusions a center sets, e.g. any absence); regulation 000 line 97",
			nil, []PersonPeriod{person("QS1", 0, 0, 95, 96, 97), person("QS2", 1, 0, 99, 99, 100), person("QS3", 0, 0, 98, 98, 98)},
			"QS2:absence QS3:award QS1:award"},
		{"差评 excludes when the center says so", "issue 14 part 5 (e.g. any 差评); DOMAIN.md line 96",
			func(r *Rules) { r.ExcludeBad = true }, []PersonPeriod{person("QS1", 0, 1, 100, 100, 100), person("QS2", 0, 0, 90, 90, 90)},
			"QS1:bad QS2:award"},
		{"a person not assessed in every month is not eligible", "regulation 003 line 275 (按照考核得分, a quarter's score)",
			nil, []PersonPeriod{person("QS1", 0, 0, -1, 100, 100), person("QS2", 0, 0, 90, 90, 90)},
			"QS1:partial QS2:award"},
		{"a tie with the last awarded is awarded too", "regulation 003 line 275",
			func(r *Rules) { r.AwardCount = 1 }, []PersonPeriod{person("QS1", 0, 0, 98, 98, 98), person("QS2", 0, 0, 98, 98, 98), person("QS3", 0, 0, 90, 90, 90)},
			"QS1:award QS2:award QS3:-"},
	} {
		rules := r
		if tc.rules != nil {
			tc.rules(&rules)
		}
		if got := awarded(Awards(rules, tc.rows, 3)); got != tc.want {
			t.Errorf("%s (%s): got %s, want %s", tc.name, tc.cite, got, tc.want)
		}
	}
}

func halfDays(n int) attendance.HalfDays { return attendance.HalfDays(n) }
