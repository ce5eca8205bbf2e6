package ui

// 设置 › 账号: login accounts. The office creates accounts, edits one row in
// place (?edit=<id>), disables and re-enables them and resets passwords. A
// new or reset one-time password is shown once, on the page that answers
// the POST, and never again. Nobody can disable their own account or take
// away their own office role, so the center is never left without one.

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"bianmin/appliance/account"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// userRow is one line of the accounts table.
type userRow struct {
	account.User
	StaffLabel string // the linked staff member, "" for none
}

// staffOption is a staff member in a select: "QS003 张伟".
type staffOption struct {
	ID    uint64
	Label string
}

// oneTimePassword is shown once after an account is created or reset.
type oneTimePassword struct {
	Username, DisplayName, Password string
	Reset                           bool
}

// usersData is what users.html shows.
type usersData struct {
	Rows    []userRow
	Roles   []account.Role
	Staff   []staffOption // active staff, plus the edited account's own person
	Edit    uint64
	SelfID  uint64
	OneTime *oneTimePassword
}

func (a *App) userList(c echo.Context) error {
	v := a.newView(c, "settings.users.title", "settings.users.lead", "settings")
	v.Form["role"] = string(account.RoleStaff)
	return a.renderUsers(c, v, http.StatusOK, queryID(c, "edit"), nil)
}

func (a *App) userCreate(c echo.Context) error {
	v := a.newView(c, "settings.users.title", "settings.users.lead", "settings")
	for _, k := range []string{"username", "display_name", "role", "staff"} {
		v.Form[k] = strings.TrimSpace(c.FormValue(k))
	}
	nu := account.NewUser{Username: v.Form["username"], DisplayName: v.Form["display_name"],
		Role: account.Role(v.Form["role"]), StaffID: parseID(v.Form["staff"])}
	if !a.checkLinkedStaff(v, nu.StaffID, "staff") {
		return a.renderUsers(c, v, http.StatusBadRequest, 0, nil)
	}
	u, pw, err := a.Accounts.CreateUser(currentUser(c).Username, nu)
	if err != nil {
		if !showProblem(v, err, nil, "username") {
			return err
		}
		return a.renderUsers(c, v, http.StatusBadRequest, 0, nil)
	}
	a.Logger.Info("account created", "by", currentUser(c).Username, "username", u.Username, "role", u.Role)
	v.Form = map[string]string{"role": string(account.RoleStaff)}
	return a.renderUsers(c, v, http.StatusOK, 0, &oneTimePassword{Username: u.Username, DisplayName: u.DisplayName, Password: pw})
}

// userUpdate saves a row's edit form, or with action=disable/enable only
// flips the disabled flag.
func (a *App) userUpdate(c echo.Context) error {
	u, err := a.userByPath(c)
	if err != nil {
		return err
	}
	me := currentUser(c)
	v := a.newView(c, "settings.users.title", "settings.users.lead", "settings")
	action := c.FormValue("action")
	switch action {
	case "disable", "enable":
		u.Disabled = action == "disable"
		v.Form["edit_display_name"], v.Form["edit_role"] = u.DisplayName, string(u.Role)
		v.Form["edit_staff"], v.Form["edit_disabled"] = idString(u.StaffID), checked(u.Disabled)
	default:
		for _, k := range []string{"display_name", "role", "staff", "disabled"} {
			v.Form["edit_"+k] = strings.TrimSpace(c.FormValue("edit_" + k))
		}
		u.DisplayName, u.Role = v.Form["edit_display_name"], account.Role(v.Form["edit_role"])
		u.StaffID, u.Disabled = parseID(v.Form["edit_staff"]), v.Form["edit_disabled"] != ""
		v.Form["edit_disabled"] = checked(u.Disabled)
	}
	if u.ID == me.ID && u.Disabled {
		v.fieldError("edit_disabled", "settings.users.err.self_disable")
	}
	if u.ID == me.ID && me.Role == account.RoleOffice && u.Role != account.RoleOffice {
		v.fieldError("edit_role", "settings.users.err.self_role")
	}
	if !a.checkLinkedStaff(v, u.StaffID, "edit_staff") || len(v.Errors) > 0 {
		return a.renderUsers(c, v, http.StatusBadRequest, u.ID, nil)
	}
	if _, err := a.Accounts.UpdateUser(me.Username, u.ID, u.DisplayName, u.Role, u.StaffID, u.Disabled); err != nil {
		if !showProblem(v, err, prefixed("edit_", "display_name", "role"), "edit_display_name") {
			return err
		}
		return a.renderUsers(c, v, http.StatusBadRequest, u.ID, nil)
	}
	flash := map[string]string{"disable": "settings.users.disabled_done", "enable": "settings.users.enabled_done"}[action]
	if flash == "" {
		flash = "settings.users.saved"
	}
	a.flash(c, "ok", flash)
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/settings/users#user-%d", u.ID))
}

// userResetPassword gives the account a new one-time password and shows
// it once. Your own password you change under 我的账号.
func (a *App) userResetPassword(c echo.Context) error {
	u, err := a.userByPath(c)
	if err != nil {
		return err
	}
	me := currentUser(c)
	v := a.newView(c, "settings.users.title", "settings.users.lead", "settings")
	v.Form["role"] = string(account.RoleStaff)
	if u.ID == me.ID {
		v.Flash, v.FlashOK = v.T("settings.users.err.self_reset"), false
		return a.renderUsers(c, v, http.StatusBadRequest, 0, nil)
	}
	pw, err := a.Accounts.ResetPassword(me.Username, u.ID)
	if err != nil {
		return err
	}
	a.Logger.Info("password reset", "by", me.Username, "username", u.Username)
	return a.renderUsers(c, v, http.StatusOK, 0, &oneTimePassword{Username: u.Username, DisplayName: u.DisplayName, Password: pw, Reset: true})
}

// userByPath loads the account named by :id, or answers 404.
func (a *App) userByPath(c echo.Context) (account.User, error) {
	id, err := pathID(c)
	if err != nil {
		return account.User{}, err
	}
	u, err := a.Accounts.User(id)
	if errors.Is(err, account.ErrUserNotFound) {
		return account.User{}, echo.NewHTTPError(http.StatusNotFound)
	}
	return u, err
}

// checkLinkedStaff reports whether staffID (0 = none) names a staff member;
// if not it puts an error next to field.
func (a *App) checkLinkedStaff(v *view, staffID uint64, field string) bool {
	if staffID == 0 {
		return true
	}
	if _, err := a.Staff.GetStaff(staffID); err != nil {
		v.fieldError(field, "settings.users.err.staff_not_found")
		return false
	}
	return true
}

// renderUsers shows the accounts page with row edit open (0 = none) and,
// right after a create or reset, the one-time password.
func (a *App) renderUsers(c echo.Context, v *view, status int, edit uint64, otp *oneTimePassword) error {
	users, err := a.Accounts.Users()
	if err != nil {
		return err
	}
	people, err := a.Staff.ListStaff(staff.Filter{IncludeInactive: true})
	if err != nil {
		return err
	}
	label := map[uint64]string{}
	for _, s := range people {
		label[s.ID] = s.StaffNo + " " + s.Name
	}
	d := usersData{Roles: account.AllRoles, SelfID: currentUser(c).ID, OneTime: otp}
	var editStaff uint64
	for _, u := range users {
		if u.ID == edit {
			d.Edit, editStaff = edit, u.StaffID
			if _, filled := v.Form["edit_display_name"]; !filled {
				v.Form["edit_display_name"], v.Form["edit_role"] = u.DisplayName, string(u.Role)
				v.Form["edit_staff"], v.Form["edit_disabled"] = idString(u.StaffID), checked(u.Disabled)
			}
		}
		d.Rows = append(d.Rows, userRow{User: u, StaffLabel: label[u.StaffID]})
	}
	today := a.today().Format(dateLayout)
	for _, s := range people {
		if !s.Left(today) || s.ID == editStaff {
			d.Staff = append(d.Staff, staffOption{ID: s.ID, Label: label[s.ID]})
		}
	}
	v.Data = d
	return a.render(c, status, "users", v)
}
