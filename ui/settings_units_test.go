package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/staff"
)

// The window tests live here too: a file named *_windows_test.go is built
// only on Windows.

func TestSettingsUnitsCreateEditDeactivate(t *testing.T) {
	env := settingsTestApp(t)
	c := env.settingsOffice()

	settingsExpect(t, "empty list", c.get("/settings/units"), http.StatusOK,
		"还没有窗口单位", `href="/settings/staff/import"`, "添加窗口单位")

	r := c.post("/settings/units", url.Values{"name": {"  "}})
	settingsExpect(t, "blank name", r, http.StatusBadRequest, "请填写单位名称", `aria-invalid="true"`)
	r = c.post("/settings/units", url.Values{"name": {"=HYPERLINK()"}})
	settingsExpect(t, "formula name", r, http.StatusBadRequest, "也不能含有换行等特殊字符", `value="=HYPERLINK()"`)

	settingsRedirect(t, "create", c.post("/settings/units", url.Values{"name": {"民政办"}}), "/settings/units")
	settingsExpect(t, "after create", c.get("/settings/units"), http.StatusOK, "窗口单位已添加。", "民政办")

	r = c.post("/settings/units", url.Values{"name": {"民政办"}})
	settingsExpect(t, "duplicate", r, http.StatusBadRequest, "已有名为“民政办”的窗口单位", `value="民政办"`)

	units, _ := env.staff.Units()
	if len(units) != 1 {
		t.Fatalf("units = %+v, want one", units)
	}
	id := units[0].ID
	settingsExpect(t, "edit row", c.get(fmt.Sprintf("/settings/units?edit=%d", id)), http.StatusOK,
		`class="editing"`, `name="edit_name"`, `value="民政办"`, "保存单位")

	path := fmt.Sprintf("/settings/units/%d", id)
	r = c.post(path, url.Values{"edit_name": {""}, "edit_active": {"1"}})
	settingsExpect(t, "edit blank", r, http.StatusBadRequest, "请填写单位名称", `class="editing"`)
	settingsRedirect(t, "rename", c.post(path, url.Values{"edit_name": {"民政服务办"}, "edit_active": {"1"}}), "/settings/units")
	settingsExpect(t, "after rename", c.get("/settings/units"), http.StatusOK, "窗口单位已保存。", "民政服务办")

	// A unit with an active window cannot be deactivated; the error shows
	// in the row.
	if _, err := env.staff.CreateWindow("test", staff.Window{Number: 1, Name: "民政救助", UnitID: id, Active: true}); err != nil {
		t.Fatal(err)
	}
	r = c.post(path, url.Values{"action": {"deactivate"}})
	settingsExpect(t, "deactivate in use", r, http.StatusBadRequest, "该单位还有 0 名在用人员、1 个在用窗口", `class="editing"`)

	ws, _ := env.staff.Windows()
	settingsRedirect(t, "deactivate window", c.post(fmt.Sprintf("/settings/windows/%d", ws[0].ID), url.Values{"action": {"deactivate"}}), "/settings/windows")
	settingsRedirect(t, "deactivate unit", c.post(path, url.Values{"action": {"deactivate"}}), "/settings/units")
	r = c.get("/settings/units")
	settingsExpect(t, "after deactivate", r, http.StatusOK, "窗口单位已停用。", `class="inactive"`, `value="activate"`)
	if units, _ := env.staff.Units(); units[0].Active {
		t.Error("unit still active")
	}
	settingsRedirect(t, "activate", c.post(path, url.Values{"action": {"activate"}}), "/settings/units")
	if units, _ := env.staff.Units(); !units[0].Active {
		t.Error("unit not reactivated")
	}

	for _, p := range []string{"/settings/units/999", "/settings/units/abc", "/settings/units/0"} {
		if r := c.post(p, url.Values{"edit_name": {"x"}}); r.Status != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", p, r.Status)
		}
	}
}

func TestSettingsWindowsCreateEditDeactivate(t *testing.T) {
	env := settingsTestApp(t)
	c := env.settingsOffice()

	settingsExpect(t, "no units", c.get("/settings/windows"), http.StatusOK, "还没有窗口", "添加窗口前，请先添加窗口单位")
	u1, _ := env.staff.CreateUnit("test", staff.Unit{Name: "社保所", Active: true})
	u2, _ := env.staff.CreateUnit("test", staff.Unit{Name: "国土所", Active: true})

	r := c.post("/settings/windows", url.Values{"number": {"abc"}, "name": {""}, "unit": {""}})
	settingsExpect(t, "invalid", r, http.StatusBadRequest,
		"窗口号须为 1 到 999 之间的整数", "请填写窗口名称", "请选择窗口单位", `value="abc"`)

	// Full-width digits as a Chinese input method types them.
	r = c.post("/settings/windows", url.Values{"number": {"３"}, "name": {"社保医保"}, "unit": {fmt.Sprint(u1.ID)}})
	settingsRedirect(t, "create", r, "/settings/windows")
	settingsExpect(t, "after create", c.get("/settings/windows"), http.StatusOK, "窗口已添加。", "社保医保", "社保所")

	r = c.post("/settings/windows", url.Values{"number": {"3"}, "name": {"就业"}, "unit": {fmt.Sprint(u1.ID)}})
	settingsExpect(t, "taken", r, http.StatusBadRequest, "3号窗口已存在", `value="就业"`)

	ws, _ := env.staff.Windows()
	w := ws[0]
	if w.Number != 3 {
		t.Fatalf("window number %d, want 3", w.Number)
	}
	path := fmt.Sprintf("/settings/windows/%d", w.ID)
	settingsExpect(t, "edit row", c.get(fmt.Sprintf("/settings/windows?edit=%d", w.ID)), http.StatusOK,
		`name="edit_number"`, `value="3"`, `name="edit_unit"`, "保存窗口")
	r = c.post(path, url.Values{"edit_number": {"1000"}, "edit_name": {"社保医保"}, "edit_unit": {fmt.Sprint(u1.ID)}, "edit_active": {"1"}})
	settingsExpect(t, "edit invalid", r, http.StatusBadRequest, "窗口号须为 1 到 999 之间的整数", `value="1000"`)

	// A window someone sits at cannot move to another unit.
	if _, err := env.staff.CreateStaff("test", staff.Staff{StaffNo: "S1", Name: "陈明", UnitID: u1.ID, WindowID: w.ID, Position: staff.PositionStaff}); err != nil {
		t.Fatal(err)
	}
	r = c.post(path, url.Values{"edit_number": {"3"}, "edit_name": {"社保医保"}, "edit_unit": {fmt.Sprint(u2.ID)}, "edit_active": {"1"}})
	settingsExpect(t, "move in use", r, http.StatusBadRequest, "3号窗口还有 1 名在用人员")
	r = c.post(path, url.Values{"edit_number": {"5"}, "edit_name": {"社保医保综合"}, "edit_unit": {fmt.Sprint(u1.ID)}, "edit_active": {"1"}})
	settingsRedirect(t, "renumber", r, "/settings/windows")
	settingsExpect(t, "after edit", c.get("/settings/windows"), http.StatusOK, "窗口已保存。", "社保医保综合", `<td class="num">5</td>`)

	r = c.post(path, url.Values{"action": {"deactivate"}})
	settingsExpect(t, "deactivate in use", r, http.StatusBadRequest, "5号窗口还有 1 名在用人员")
}

// TestSettingsPlacesReadOnly: the director and deputy see the lists but
// no forms, and cannot post.
func TestSettingsPlacesReadOnly(t *testing.T) {
	env := settingsTestApp(t)
	u, _ := env.staff.CreateUnit("test", staff.Unit{Name: "民政办", Active: true})
	env.staff.CreateWindow("test", staff.Window{Number: 1, Name: "民政救助", UnitID: u.ID, Active: true})
	d := env.settingsAs("zhuren", account.RoleDirector)
	for _, p := range []string{"/settings/units", "/settings/windows"} {
		r := d.get(p)
		settingsExpect(t, p, r, http.StatusOK, "民政办", "只有中心办公室可以修改。")
		settingsLacks(t, p, r, `method="post" action="/settings/units`, `method="post" action="/settings/windows`, "?edit=")
	}
	if r := d.post("/settings/units", url.Values{"name": {"社保所"}}); r.Status != http.StatusForbidden {
		t.Errorf("director POST /settings/units: %d, want 403", r.Status)
	}
}
