package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/staff"
)

// settingsPlaces creates two units with a window each: 民政办 (window 1)
// and 社保所 (window 3).
func settingsPlaces(t *testing.T, env *settingsEnv) (u1, u2 staff.Unit, w1, w3 staff.Window) {
	t.Helper()
	var err error
	if u1, err = env.staff.CreateUnit("test", staff.Unit{Name: "民政办", Active: true}); err != nil {
		t.Fatal(err)
	}
	if u2, err = env.staff.CreateUnit("test", staff.Unit{Name: "社保所", Active: true}); err != nil {
		t.Fatal(err)
	}
	if w1, err = env.staff.CreateWindow("test", staff.Window{Number: 1, Name: "民政救助", UnitID: u1.ID, Active: true}); err != nil {
		t.Fatal(err)
	}
	if w3, err = env.staff.CreateWindow("test", staff.Window{Number: 3, Name: "社保医保", UnitID: u2.ID, Active: true}); err != nil {
		t.Fatal(err)
	}
	return u1, u2, w1, w3
}

func TestSettingsStaffCreateEditDeactivate(t *testing.T) {
	env := settingsTestApp(t)
	c := env.settingsOffice()
	settingsExpect(t, "empty list", c.get("/settings/staff"), http.StatusOK,
		"还没有员工，先导入花名册。", `href="/settings/staff/import"`)
	settingsExpect(t, "new form without units", c.get("/settings/staff/new"), http.StatusOK, "还没有窗口单位，暂时不能新增人员")

	u1, u2, w1, w3 := settingsPlaces(t, env)
	settingsExpect(t, "new form", c.get("/settings/staff/new"), http.StatusOK,
		"新增人员", `name="staff_no"`, `<optgroup label="民政办">`, "1号窗口 · 民政救助", `value="A" checked`, "添加人员")

	form := url.Values{"staff_no": {""}, "name": {""}, "unit": {fmt.Sprint(u1.ID)}, "window": {fmt.Sprint(w3.ID)},
		"post": {"A"}, "position": {"staff"}, "phone": {"12345"}, "start_date": {"2026-01-05"}}
	r := c.post("/settings/staff", form)
	settingsExpect(t, "invalid", r, http.StatusBadRequest, "请填写工号", "请填写姓名",
		"请填写以 1 开头的 11 位手机号", "3号窗口属于“社保所”，不属于此人所在的单位", `value="12345"`, "有几处需要修改")

	form.Set("staff_no", "QS001")
	form.Set("name", "王建国")
	form.Set("window", fmt.Sprint(w1.ID))
	form.Set("phone", "13800138000")
	form.Set("position", "chief")
	settingsRedirect(t, "create", c.post("/settings/staff", form), "/settings/staff")
	r = c.get("/settings/staff")
	settingsExpect(t, "list", r, http.StatusOK, "人员已添加。", "QS001", "王建国", "民政办", "1号窗口", "A岗", "首席代表", "13800138000")

	form.Set("name", "李秀英")
	r = c.post("/settings/staff", form)
	settingsExpect(t, "taken", r, http.StatusBadRequest, "工号 QS001 已被 王建国 使用")

	list, _ := env.staff.ListStaff(staff.Filter{})
	id := list[0].ID
	path := fmt.Sprintf("/settings/staff/%d", id)
	settingsExpect(t, "edit form", c.get(path), http.StatusOK, "修改人员信息", `value="QS001"`, `value="王建国"`, `value="2026-01-05"`,
		"登记 王建国 离开", "data-confirm", `name="leave_date"`)

	// Move to 社保所, window 3, post B; a start date that does not exist is refused.
	form = url.Values{"staff_no": {"QS001"}, "name": {"王建国"}, "unit": {fmt.Sprint(u2.ID)}, "window": {fmt.Sprint(w3.ID)},
		"post": {"B"}, "position": {"lead"}, "phone": {""}, "start_date": {"2026-02-30"}, "end_date": {""}}
	settingsExpect(t, "start date that does not exist", c.post(path, form), http.StatusBadRequest, "2026-02-30 这一天不存在：2026年2月只有 28 天")
	form.Set("start_date", "2026-01-05")
	settingsRedirect(t, "update", c.post(path, form), "/settings/staff")
	got, _ := env.staff.GetStaff(id)
	if got.UnitID != u2.ID || got.WindowID != w3.ID || got.Post != staff.PostB || got.Position != staff.PositionLead || got.Phone != "" {
		t.Errorf("after update: %+v", got)
	}
	settingsExpect(t, "after update", c.get("/settings/staff"), http.StatusOK, "人员信息已保存。", "社保所", "B岗", "窗口负责人", "2026-01-05")

	// He left yesterday: gone from the default list, shown with 包括已离开的人员.
	yesterday := env.app.today().AddDate(0, 0, -1).Format(dateLayout)
	settingsExpect(t, "leave without a day", c.post(path, url.Values{"action": {"leave"}, "leave_date": {""}}), http.StatusBadRequest, "请填写日期")
	settingsRedirect(t, "leave", c.post(path, url.Values{"action": {"leave"}, "leave_date": {yesterday}}), path)
	settingsExpect(t, "edit after leaving", c.get(path), http.StatusOK, "已登记离开。", "王建国 已于 "+yesterday+" 离开", "撤销离开，王建国 恢复在岗")
	r = c.get("/settings/staff")
	settingsExpect(t, "default list", r, http.StatusOK, "还没有员工")
	settingsLacks(t, "default list", r, ">QS001<")
	settingsExpect(t, "with those who left", c.get("/settings/staff?inactive=1"), http.StatusOK, "QS001", `class="inactive"`, "已离开", yesterday)

	// Bringing him back to an inactive window is refused next to the field.
	if _, err := env.staff.UpdateWindow("test", staff.Window{ID: w3.ID, Number: 3, Name: "社保医保", UnitID: u2.ID, Active: false}); err != nil {
		t.Fatal(err)
	}
	r = c.post(path, url.Values{"action": {"return"}})
	settingsExpect(t, "back at an inactive window", r, http.StatusBadRequest, "3号窗口已停用，不能安排在用人员")

	for _, p := range []string{"/settings/staff/999", "/settings/staff/x"} {
		if r := c.get(p); r.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, r.Status)
		}
	}
}

func TestSettingsStaffListFiltersAndPaging(t *testing.T) {
	env := settingsTestApp(t)
	u1, u2, w1, _ := settingsPlaces(t, env)
	for i := 1; i <= 120; i++ {
		s := staff.Staff{StaffNo: fmt.Sprintf("QS%03d", i), Name: fmt.Sprintf("员工%d", i), UnitID: u1.ID,
			Position: staff.PositionStaff}
		if i%2 == 0 {
			s.UnitID = u2.ID
		}
		if i == 7 {
			s.WindowID = w1.ID
		}
		if _, err := env.staff.CreateStaff("test", s); err != nil {
			t.Fatal(err)
		}
	}
	c := env.settingsOffice()
	r := c.get("/settings/staff")
	settingsExpect(t, "page 1", r, http.StatusOK, "共 120 人，当前显示第 1–50 人", "第 1 / 3 页", "QS050", `href="/settings/staff?page=2"`, "导出 CSV")
	settingsLacks(t, "page 1", r, "QS051")
	r = c.get("/settings/staff?page=3")
	settingsExpect(t, "page 3", r, http.StatusOK, "第 101–120 人", "QS120", `href="/settings/staff?page=2"`)
	settingsLacks(t, "page 3", r, "QS100<")
	settingsExpect(t, "page past the end", c.get("/settings/staff?page=99"), http.StatusOK, "第 3 / 3 页")

	r = c.get(fmt.Sprintf("/settings/staff?unit=%d", u2.ID))
	settingsExpect(t, "unit filter", r, http.StatusOK, "共 60 人", fmt.Sprintf("page=2&amp;unit=%d", u2.ID))
	settingsLacks(t, "unit filter", r, ">QS001<")
	r = c.get(fmt.Sprintf("/settings/staff?window=%d", w1.ID))
	settingsExpect(t, "window filter", r, http.StatusOK, "共 1 人", "QS007")
	settingsExpect(t, "search", c.get("/settings/staff?q=%E5%91%98%E5%B7%A5119"), http.StatusOK, "共 1 人", "QS119")
	settingsExpect(t, "nothing found", c.get("/settings/staff?q=nobody"), http.StatusOK, "没有符合条件的人员。", "清除筛选")
}

func TestSettingsStaffReadOnly(t *testing.T) {
	env := settingsTestApp(t)
	u1, _, _, _ := settingsPlaces(t, env)
	env.staff.CreateStaff("test", staff.Staff{StaffNo: "QS001", Name: "王建国", UnitID: u1.ID, Position: staff.PositionStaff})
	d := env.settingsAs("fuzhuren", account.RoleDeputy)
	r := d.get("/settings/staff")
	settingsExpect(t, "deputy list", r, http.StatusOK, "王建国", "导出 CSV", "只有中心办公室可以修改。")
	settingsLacks(t, "deputy list", r, `href="/settings/staff/new"`, `href="/settings/staff/1"`, `href="/settings/staff/import"`)
	for _, p := range []string{"/settings/staff/new", "/settings/staff/1", "/settings/staff/import"} {
		if r := d.get(p); r.Status != http.StatusForbidden {
			t.Errorf("deputy GET %s: %d, want 403", p, r.Status)
		}
	}
}
