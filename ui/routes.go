package ui

import (
	"net/http"

	"bianmin/appliance/account"

	"github.com/labstack/echo/v4"
)

// Route is one line of the route table: every page and action the app
// serves, with the roles allowed on it. A test walks the whole table with
// every role and checks allow and deny.
type Route struct {
	Method  string
	Path    string
	Public  bool           // no login needed (login page, health, kiosks)
	Roles   []account.Role // who may use it when not Public
	Handler echo.HandlerFunc
	// DuringPasswordChange lets a user who must still change the one-time
	// password reach this route (the change page itself, logout).
	DuringPasswordChange bool
}

// Role sets used by the table.
var (
	everyone   = account.AllRoles
	office     = []account.Role{account.RoleOffice}
	management = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy}
	devicesR   = []account.Role{account.RoleOffice, account.RoleTechnician}
	auditR     = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleTechnician}
)

func (a *App) routeTable() []Route {
	get, post := http.MethodGet, http.MethodPost
	return []Route{
		// Health and login: public.
		{Method: get, Path: "/healthz", Public: true, Handler: a.healthz},
		{Method: get, Path: "/readyz", Public: true, Handler: a.readyz},
		{Method: get, Path: "/login", Public: true, Handler: a.loginForm},
		{Method: post, Path: "/login", Public: true, Handler: a.loginSubmit},
		{Method: get, Path: "/lang/:lang", Public: true, Handler: a.switchLanguage},

		// The signed-in user's own account.
		{Method: post, Path: "/logout", Roles: everyone, Handler: a.logout, DuringPasswordChange: true},
		{Method: get, Path: "/account/password", Roles: everyone, Handler: a.passwordForm, DuringPasswordChange: true},
		{Method: post, Path: "/account/password", Roles: everyone, Handler: a.passwordSubmit, DuringPasswordChange: true},
		{Method: get, Path: "/account/sessions", Roles: everyone, Handler: a.sessionList},
		{Method: post, Path: "/account/sessions/logout-others", Roles: everyone, Handler: a.logoutOthers},

		// Dashboard.
		{Method: get, Path: "/", Roles: everyone, Handler: a.dashboard},

		// 设置: the center, units, windows, staff, users.
		{Method: get, Path: "/settings", Roles: management, Handler: a.settingsCenterForm},
		{Method: post, Path: "/settings/center", Roles: office, Handler: a.settingsCenterSubmit},
		{Method: get, Path: "/settings/units", Roles: management, Handler: a.unitList},
		{Method: post, Path: "/settings/units", Roles: office, Handler: a.unitCreate},
		{Method: post, Path: "/settings/units/:id", Roles: office, Handler: a.unitUpdate},
		{Method: get, Path: "/settings/windows", Roles: management, Handler: a.windowList},
		{Method: post, Path: "/settings/windows", Roles: office, Handler: a.windowCreate},
		{Method: post, Path: "/settings/windows/:id", Roles: office, Handler: a.windowUpdate},
		{Method: get, Path: "/settings/staff", Roles: management, Handler: a.staffList},
		{Method: get, Path: "/settings/staff/new", Roles: office, Handler: a.staffNewForm},
		{Method: post, Path: "/settings/staff", Roles: office, Handler: a.staffCreate},
		{Method: get, Path: "/settings/staff/export.csv", Roles: management, Handler: a.staffExport},
		{Method: get, Path: "/settings/staff/import", Roles: office, Handler: a.staffImportForm},
		{Method: post, Path: "/settings/staff/import", Roles: office, Handler: a.staffImportSubmit},
		{Method: get, Path: "/settings/staff/:id", Roles: office, Handler: a.staffEditForm},
		{Method: post, Path: "/settings/staff/:id", Roles: office, Handler: a.staffUpdate},
		{Method: get, Path: "/settings/users", Roles: office, Handler: a.userList},
		{Method: post, Path: "/settings/users", Roles: office, Handler: a.userCreate},
		{Method: post, Path: "/settings/users/:id", Roles: office, Handler: a.userUpdate},
		{Method: post, Path: "/settings/users/:id/reset-password", Roles: office, Handler: a.userResetPassword},

		// 设备: device status, audit log, simulator panel (demo only).
		{Method: get, Path: "/devices", Roles: devicesR, Handler: a.deviceStatus},
		{Method: get, Path: "/devices/backup", Roles: devicesR, Handler: a.downloadBackup},
		{Method: get, Path: "/audit", Roles: auditR, Handler: a.auditLog},
		{Method: get, Path: "/sim", Roles: devicesR, Handler: a.simPanel},
		{Method: post, Path: "/sim/:name/:action", Roles: devicesR, Handler: a.simAction},
	}
}
