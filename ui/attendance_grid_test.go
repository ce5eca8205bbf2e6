package ui

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"bianmin/appliance/account"
)

// TestAttendanceGrid: the office month grid — everyone for the office, a
// lead's window for the lead, nobody's for a clerk; a unit filter; each
// cell a word and a link to the person's day in the month view.
func TestAttendanceGrid(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-03-12 10:00"))
	liu := env.moStaff("QS004")
	env.moDay(liu, "2026-03-09", nil)
	env.moDay(liu, "2026-03-10", map[string]string{"morning_in": "08:45"})
	env.moDay(liu, "2026-03-11", map[string]string{"afternoon_out": ""})

	office := env.loginAs(account.RoleOffice)
	r := office.get("/attendance/grid?m=2026-03")
	moStatus(t, "grid", r, http.StatusOK)
	rows := regexp.MustCompile(`<th scope="row" class="g-name">`).FindAllString(r.Body, -1)
	if len(rows) != 20 {
		t.Errorf("the office's grid has %d rows, want the 20 demo staff", len(rows))
	}
	row := r.Body[strings.Index(r.Body, ">刘芳</a>"):]
	row = row[:strings.Index(row, "</tr>")]
	cell := func(day int) string {
		m := regexp.MustCompile(fmt.Sprintf(`<td class="g-cell sym-([a-z_]+)"><a href="/attendance/month\?staff=%d&amp;m=2026-03#d-2026-03-%02d" title="[^"]*" aria-label="[^"]*">([^<]+)</a>`, liu.ID, day)).FindStringSubmatch(row)
		if m == nil {
			t.Fatalf("no cell for 3月%d日 in 刘芳's row:\n%s", day, row)
		}
		return m[1] + " " + m[2]
	}
	for day, want := range map[int]string{7: "rest 休", 9: "normal 正常", 10: "late 迟", 11: "missed 漏", 12: "none —", 2: "absent 旷"} {
		if got := cell(day); got != want {
			t.Errorf("3月%d日: %q, want %q", day, got, want)
		}
	}
	if !strings.Contains(r.Body, `title="2026年3月10日（周二，工作日）：迟到`) {
		t.Error("a cell's title does not say the day and what happened in words")
	}
	if !strings.Contains(r.Body, `class="print-landscape"`) {
		t.Error("the grid does not print landscape")
	}
	// The month view has the day the cell links to.
	if m := office.get(fmt.Sprintf("/attendance/month?staff=%d&m=2026-03", liu.ID)); !strings.Contains(m.Body, `id="d-2026-03-10"`) {
		t.Error("the month view has no anchor for the day")
	}
	// One unit.
	units, _ := env.app.Staff.Units()
	r = office.get(fmt.Sprintf("/attendance/grid?m=2026-03&unit=%d", liu.UnitID))
	if n := len(regexp.MustCompile(`class="g-name"><a`).FindAllString(r.Body, -1)); n == 0 || n >= 20 || len(units) < 2 {
		t.Errorf("one unit's grid has %d rows", n)
	}
	// A lead sees their window; a clerk may not open the grid.
	lead := env.moLogin(account.RoleLead, env.moStaff("QS003"))
	r = lead.get("/attendance/grid?m=2026-03")
	if n := len(regexp.MustCompile(`class="g-name"><a`).FindAllString(r.Body, -1)); n == 0 || n > 5 || !strings.Contains(r.Body, ">刘芳</a>") {
		t.Errorf("the lead's grid has %d rows", n)
	}
	if strings.Contains(r.Body, `name="unit"`) {
		t.Error("the lead is offered other units")
	}
	moStatus(t, "clerk", env.moLogin(account.RoleStaff, liu).get("/attendance/grid"), http.StatusForbidden)
}
