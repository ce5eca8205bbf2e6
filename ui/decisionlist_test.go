package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/locale"
	"bianmin/appliance/staff"
	"bianmin/embedded"
)

// TestDecisionKindKeys: every text a decision list takes from a kind's
// key prefix exists in both languages.
func TestDecisionKindKeys(t *testing.T) {
	cat, err := locale.Load(embedded.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []decisionKind{remedyKind, objectionKind} {
		for _, name := range []string{"title", "lead", "pending", "decided", "none_pending", "none_decided",
			"next_pending", "next_decided", k.Approve, "reject", k.Approved, "rejected"} {
			if !cat.HasKey(k.key(name)) {
				t.Errorf("%s: no locale key %q", k.Path, k.key(name))
			}
		}
		for _, key := range []string{k.SubjectCol, k.RequestedCol} {
			if !cat.HasKey(key) {
				t.Errorf("%s: no locale key %q", k.Path, key)
			}
		}
	}
}

// TestDecisionListFiltersAndPages: the remedies page's decided list pages
// 50 rows at a time, newest decision first; the person and outcome
// filters narrow both lists, the pagers keep them, and a filter that
// matches nothing says so with a way back.
func TestDecisionListFiltersAndPages(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-04-10 10:00"))
	var people []staff.Staff
	for _, no := range []string{"QS001", "QS002", "QS003", "QS004", "QS005", "QS006"} {
		people = append(people, env.moStaff(no))
	}
	n := 0
	for _, p := range people {
		for _, m := range []string{"2026-01", "2026-02", "2026-03"} {
			for _, d := range []string{"-05", "-06", "-09"} {
				env.clock.set(env.moAt(m + d + " 18:00")) // asked for on the day, within RemedyDays
				r, err := env.app.Records.RequestRemedy("t", attendance.Remedy{StaffID: p.ID, Date: m + d, Point: "morning_in", Reason: "指纹机故障"})
				if err != nil {
					t.Fatal(err)
				}
				n++
				env.clock.set(env.moAt("2026-04-10 10:00").Add(time.Duration(n) * time.Minute))
				if _, err := env.app.Records.DecideRemedy("office", r.ID, n%4 != 0, "核实"); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	office := env.loginAs(account.RoleOffice)
	r := office.get("/attendance/remedies")
	moStatus(t, "remedies", r, http.StatusOK)
	if got := strings.Count(r.Body, `<tr id="r-`); got != 50 {
		t.Errorf("first page has %d rows, want 50", got)
	}
	if !strings.Contains(r.Body, "第 1 / 2 页") || !strings.Contains(r.Body, `href="/attendance/remedies?page=2#decided"`) {
		t.Errorf("no pager to the second page:\n%s", moTail(moText(r.Body), 800))
	}
	if i, j := strings.Index(r.Body, `id="r-54"`), strings.Index(r.Body, `id="r-53"`); i < 0 || j < 0 || i > j {
		t.Errorf("the newest decision is not first")
	}
	r = office.get("/attendance/remedies?page=2")
	if got := strings.Count(r.Body, `<tr id="r-`); got != 4 {
		t.Errorf("second page has %d rows, want 4", got)
	}
	liu := people[3]
	r = office.get(fmt.Sprintf("/attendance/remedies?person=%d&outcome=rejected", liu.ID))
	if got := strings.Count(r.Body, `<tr id="r-`); got != 3 || !strings.Contains(r.Body, "刘芳（QS004）") || strings.Contains(r.Body, "已批准</span>") {
		t.Errorf("刘芳's rejected remedies: %d rows", got)
	}
	r = office.get("/attendance/remedies?outcome=rejected&page=9")
	if !strings.Contains(r.Body, "已驳回") || strings.Contains(r.Body, "page=2") {
		t.Errorf("13 rejected remedies fit one page")
	}
	// A staff member sees their own only, with no person filter.
	own := env.moLogin(account.RoleStaff, liu).get("/attendance/remedies")
	if got := strings.Count(own.Body, `<tr id="r-`); got != 9 || strings.Contains(own.Body, `name="person"`) {
		t.Errorf("刘芳 sees %d rows (want her 9), person filter shown: %v", got, strings.Contains(own.Body, `name="person"`))
	}
	// A filter that matches nothing says so and offers to clear it.
	r = office.get(fmt.Sprintf("/attendance/remedies?person=%d&outcome=approved", env.moStaff("QS010").ID))
	if !strings.Contains(r.Body, "没有符合筛选条件的记录") || !strings.Contains(r.Body, `<a href="/attendance/remedies">清除筛选</a>`) {
		t.Errorf("an empty filtered list does not say so")
	}
}
