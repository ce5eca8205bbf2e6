package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/staff"
)

var settingsSecretRE = regexp.MustCompile(`<span class="secret">([^<]+)</span>`)

// settingsSecret returns the one-time password shown on the page.
func settingsSecret(t *testing.T, p settingsPage) string {
	t.Helper()
	m := settingsSecretRE.FindAllStringSubmatch(p.Body, -1)
	if len(m) != 1 {
		t.Fatalf("want exactly one one-time password on the page, found %d: %s", len(m), settingsMain(p.Body))
	}
	return m[0][1]
}

func TestSettingsUsersCreateShowsPasswordOnce(t *testing.T) {
	env := settingsTestApp(t)
	u1, _, _, _ := settingsPlaces(t, env)
	person, err := env.staff.CreateStaff("test", staff.Staff{StaffNo: "QS003", Name: "张伟", UnitID: u1.ID, Position: staff.PositionLead})
	if err != nil {
		t.Fatal(err)
	}
	c := env.settingsOffice()
	r := c.get("/settings/users")
	settingsExpect(t, "list", r, http.StatusOK, `<code lang="zxx" translate="no">admin</code>`, "当前账号", "新增账号", "QS003 张伟", "窗口工作人员")
	settingsLacks(t, "list", r, `class="secret"`)

	form := url.Values{"username": {"Zhang Wei"}, "display_name": {""}, "role": {"lead"}, "staff": {fmt.Sprint(person.ID)}}
	r = c.post("/settings/users", form)
	settingsExpect(t, "invalid username", r, http.StatusBadRequest, "用户名为 2–32 位小写字母", `value="Zhang Wei"`)
	settingsLacks(t, "invalid username", r, `class="secret"`)
	form.Set("username", "zhangwei")
	settingsExpect(t, "no name", c.post("/settings/users", form), http.StatusBadRequest, "请填写显示名称")
	form.Set("display_name", "张伟")
	form.Set("staff", "999")
	settingsExpect(t, "unknown staff", c.post("/settings/users", form), http.StatusBadRequest, "找不到这名人员")

	form.Set("staff", fmt.Sprint(person.ID))
	r = c.post("/settings/users", form)
	settingsExpect(t, "create", r, http.StatusOK, "已创建账号 zhangwei（张伟）。", "请把这个密码当面交给本人", "首次登录时必须改成自己的新密码", "只显示这一次")
	pw := settingsSecret(t, r)
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("page with a password has Cache-Control %q", r.Header.Get("Cache-Control"))
	}
	// The create form is empty again, the new row is in the table.
	settingsExpect(t, "create", r, http.StatusOK, `<code lang="zxx" translate="no">zhangwei</code>`, "窗口负责人", "待本人修改")
	settingsLacks(t, "create form reset", r, `value="zhangwei"`)

	// Shown once: the list does not show it again.
	r = c.get("/settings/users")
	settingsLacks(t, "list after create", r, pw, `class="secret"`)

	settingsExpect(t, "taken", c.post("/settings/users", form), http.StatusBadRequest, "这个用户名已被使用")

	// The password shown really is the account's: its owner signs in and
	// must change it.
	env.settingsLogin("zhangwei", pw)
	u, _ := env.accts.UserByName("zhangwei")
	if u.StaffID != person.ID || u.Role != account.RoleLead || u.MustChange {
		t.Errorf("new account: %+v", u)
	}
}

func TestSettingsUsersEditResetDisable(t *testing.T) {
	env := settingsTestApp(t)
	c := env.settingsOffice()
	other, pw, err := env.accts.CreateUser("test", account.NewUser{Username: "liuf", DisplayName: "刘芳", Role: account.RoleStaff})
	if err != nil {
		t.Fatal(err)
	}
	otherClient := env.settingsLogin("liuf", pw)
	path := fmt.Sprintf("/settings/users/%d", other.ID)

	settingsExpect(t, "edit row", c.get(fmt.Sprintf("/settings/users?edit=%d", other.ID)), http.StatusOK,
		`class="editing"`, `name="edit_display_name"`, `value="刘芳"`, "保存账号")
	r := c.post(path, url.Values{"edit_display_name": {" "}, "edit_role": {"staff"}})
	settingsExpect(t, "blank name", r, http.StatusBadRequest, "请填写显示名称", `class="editing"`)
	r = c.post(path, url.Values{"edit_display_name": {"刘芳"}, "edit_role": {"boss"}})
	settingsExpect(t, "bad role", r, http.StatusBadRequest, "请选择角色")
	settingsRedirect(t, "promote", c.post(path, url.Values{"edit_display_name": {"刘芳（督查）"}, "edit_role": {"inspector"}}), "/settings/users")
	settingsExpect(t, "after edit", c.get("/settings/users"), http.StatusOK, "账号已保存。", "刘芳（督查）", "督查人员")

	// Reset asks first, shows the new password once; the old one stops working.
	r = c.get("/settings/users")
	settingsExpect(t, "reset button", r, http.StatusOK, fmt.Sprintf(`action="/settings/users/%d/reset-password"`, other.ID), "原密码立即失效")
	r = c.post(path+"/reset-password", url.Values{})
	settingsExpect(t, "reset", r, http.StatusOK, "已为 刘芳（督查）（liuf）重置密码。", "只显示这一次")
	newPW := settingsSecret(t, r)
	if got := otherClient.get("/settings/users"); got.Status != http.StatusSeeOther || !strings.HasPrefix(got.Location, "/login") {
		t.Errorf("after reset, the old session still works: %d %q", got.Status, got.Location)
	}
	otherClient = env.settingsLogin("liuf", newPW)

	// Disable asks first, ends the account's sessions.
	settingsExpect(t, "disable button", c.get("/settings/users"), http.StatusOK, "停用账号 liuf（刘芳（督查））后")
	settingsRedirect(t, "disable", c.post(path, url.Values{"action": {"disable"}}), "/settings/users")
	settingsExpect(t, "after disable", c.get("/settings/users"), http.StatusOK, "账号已停用", "已停用", `value="enable"`)
	if got := otherClient.get("/"); got.Status != http.StatusSeeOther {
		t.Errorf("disabled account still signed in: %d", got.Status)
	}
	settingsRedirect(t, "enable", c.post(path, url.Values{"action": {"enable"}}), "/settings/users")
	if u, _ := env.accts.User(other.ID); u.Disabled {
		t.Error("account still disabled")
	}

	for _, p := range []string{"/settings/users/999", "/settings/users/abc", "/settings/users/999/reset-password"} {
		if r := c.post(p, url.Values{"edit_display_name": {"x"}, "edit_role": {"staff"}}); r.Status != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", p, r.Status)
		}
	}
}

func TestSettingsUsersRefusesSelfLockout(t *testing.T) {
	env := settingsTestApp(t)
	c := env.settingsOffice()
	admin, _ := env.accts.UserByName("admin")
	path := fmt.Sprintf("/settings/users/%d", admin.ID)

	r := c.get("/settings/users")
	settingsLacks(t, "own row", r, fmt.Sprintf(`action="/settings/users/%d/reset-password"`, admin.ID))

	r = c.post(path, url.Values{"action": {"disable"}})
	settingsExpect(t, "self disable", r, http.StatusBadRequest, "不能停用自己正在使用的账号", `class="editing"`)
	r = c.post(path, url.Values{"edit_display_name": {"系统管理员"}, "edit_role": {"office"}, "edit_disabled": {"1"}})
	settingsExpect(t, "self disable by form", r, http.StatusBadRequest, "不能停用自己正在使用的账号")
	r = c.post(path, url.Values{"edit_display_name": {"系统管理员"}, "edit_role": {"director"}})
	settingsExpect(t, "self demote", r, http.StatusBadRequest, "不能取消自己的“中心办公室”角色")
	r = c.post(path+"/reset-password", url.Values{})
	settingsExpect(t, "self reset", r, http.StatusBadRequest, "不能在这里重置自己的密码")
	settingsLacks(t, "self reset", r, `class="secret"`)

	u, _ := env.accts.User(admin.ID)
	if u.Disabled || u.Role != account.RoleOffice || u.MustChange {
		t.Errorf("own account changed: %+v", u)
	}
	// Still signed in.
	settingsExpect(t, "still signed in", c.get("/settings/users"), http.StatusOK, `<code lang="zxx" translate="no">admin</code>`)
	// Renaming yourself is fine.
	settingsRedirect(t, "self rename", c.post(path, url.Values{"edit_display_name": {"办公室 王"}, "edit_role": {"office"}}), "/settings/users")
}
