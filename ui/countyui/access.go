package countyui

// Who may read what: the county admin's pages for accounts (县级管理员 and
// 县级查看人员, a viewer limited to some townships through
// county.SetViewerTownships) and for the pull API's tokens. A one-time
// password and a new token are shown once, on the page that answers the
// POST, and never again.

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"bianmin/appliance/account"
	"bianmin/appliance/county"
	"bianmin/appliance/store"

	"github.com/labstack/echo/v4"
)

func (a *App) accessRoutes() []Route {
	get, post := http.MethodGet, http.MethodPost
	return []Route{
		{Method: get, Path: "/users", Roles: admins, Handler: a.userList},
		{Method: post, Path: "/users", Roles: admins, Handler: a.userCreate},
		{Method: get, Path: "/users/:id", Roles: admins, Handler: a.userEdit},
		{Method: post, Path: "/users/:id", Roles: admins, Handler: a.userUpdate},
		{Method: post, Path: "/users/:id/reset-password", Roles: admins, Handler: a.userReset},
		{Method: get, Path: "/tokens", Roles: admins, Handler: a.tokenList},
		{Method: post, Path: "/tokens", Roles: admins, Handler: a.tokenCreate},
		{Method: post, Path: "/tokens/:id/revoke", Roles: admins, Handler: a.tokenRevoke},
		{Method: get, Path: "/boxes/:id/slip", Roles: admins, Handler: a.boxSlip},
	}
}

// townshipChoice is one township's checkbox.
type townshipChoice struct {
	ID      uint64
	Name    string
	Checked bool
}

func (a *App) townshipChoices(checked []uint64) ([]townshipChoice, error) {
	boxes, err := a.County.Boxes()
	if err != nil {
		return nil, err
	}
	out := make([]townshipChoice, 0, len(boxes))
	for _, b := range boxes {
		out = append(out, townshipChoice{ID: b.ID, Name: b.Name, Checked: slices.Contains(checked, b.ID)})
	}
	return out, nil
}

// townshipNames words a township list ("" for all).
func townshipNames(ids []uint64, names map[uint64]string) string {
	var out []string
	for _, id := range ids {
		if n, ok := names[id]; ok {
			out = append(out, n)
		} else {
			out = append(out, "#"+strconv.FormatUint(id, 10))
		}
	}
	return strings.Join(out, "、")
}

func (a *App) boxNames() (map[uint64]string, error) {
	boxes, err := a.County.Boxes()
	if err != nil {
		return nil, err
	}
	names := map[uint64]string{}
	for _, b := range boxes {
		names[b.ID] = b.Name
	}
	return names, nil
}

// formIDs reads a repeated id field (checkboxes).
func formIDs(c echo.Context, name string) []uint64 {
	form, err := c.FormParams()
	if err != nil {
		return nil
	}
	var out []uint64
	for _, v := range form[name] {
		if id, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64); err == nil && id > 0 {
			out = append(out, id)
		}
	}
	return out
}

func pathID(c echo.Context) (uint64, error) {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil || id == 0 {
		return 0, echo.NewHTTPError(http.StatusNotFound)
	}
	return id, nil
}

// ---- accounts ----

type userRow struct {
	account.User
	Townships string // "" for all
}

type oneTime struct {
	Username, DisplayName, Password string
	Reset                           bool
}

type usersData struct {
	Rows      []userRow
	Roles     []account.Role
	Townships []townshipChoice
	OneTime   *oneTime
	// Edit is the account on the edit page.
	Edit *account.User
	Self bool
}

func (a *App) userList(c echo.Context) error {
	v := a.newView(c, "county.users.title", "county.users.lead")
	v.Form["role"] = string(account.RoleCountyViewer)
	return a.renderUsers(c, v, http.StatusOK, nil, nil)
}

func (a *App) renderUsers(c echo.Context, v *view, status int, otp *oneTime, checked []uint64) error {
	users, err := a.Accounts.Users()
	if err != nil {
		return err
	}
	names, err := a.boxNames()
	if err != nil {
		return err
	}
	d := usersData{Roles: account.CountyRoles, OneTime: otp}
	for _, u := range users {
		r := userRow{User: u}
		if u.Role == account.RoleCountyViewer {
			ids, err := a.County.ViewerTownships(u.ID)
			if err != nil {
				return err
			}
			r.Townships = townshipNames(ids, names)
		}
		d.Rows = append(d.Rows, r)
	}
	if d.Townships, err = a.townshipChoices(checked); err != nil {
		return err
	}
	v.Data = d
	return a.render(c, status, "users", v)
}

func (a *App) userCreate(c echo.Context) error {
	v := a.newView(c, "county.users.title", "county.users.lead")
	for _, k := range []string{"username", "display_name", "role"} {
		v.Form[k] = trimForm(c, k)
	}
	towns := formIDs(c, "townships")
	me := currentUser(c).Username
	u, pw, err := a.Accounts.CreateUser(me, account.NewUser{Username: v.Form["username"], DisplayName: v.Form["display_name"], Role: account.Role(v.Form["role"])})
	if err == nil && u.Role == account.RoleCountyViewer && len(towns) > 0 {
		err = a.County.SetViewerTownships(me, u.ID, towns)
	}
	if err != nil {
		if !v.showProblem(err, "username", "new_password") {
			return err
		}
		return a.renderUsers(c, v, http.StatusBadRequest, nil, towns)
	}
	a.Logger.Info("county account created", "by", me, "username", u.Username, "role", u.Role)
	v.Form = map[string]string{"role": string(account.RoleCountyViewer)}
	return a.renderUsers(c, v, http.StatusOK, &oneTime{Username: u.Username, DisplayName: u.DisplayName, Password: pw}, nil)
}

func (a *App) userByPath(c echo.Context) (account.User, error) {
	id, err := pathID(c)
	if err != nil {
		return account.User{}, err
	}
	u, err := a.Accounts.User(id)
	if errors.Is(err, account.ErrUserNotFound) || errors.Is(err, store.ErrNotFound) {
		return account.User{}, echo.NewHTTPError(http.StatusNotFound)
	}
	return u, err
}

func (a *App) userEdit(c echo.Context) error {
	u, err := a.userByPath(c)
	if err != nil {
		return err
	}
	v := a.newView(c, "county.users.edit_title", "county.users.edit_lead")
	v.Form["display_name"], v.Form["role"] = u.DisplayName, string(u.Role)
	if u.Disabled {
		v.Form["disabled"] = "on"
	}
	towns, err := a.County.ViewerTownships(u.ID)
	if err != nil {
		return err
	}
	return a.renderUserEdit(c, v, http.StatusOK, u, towns)
}

func (a *App) renderUserEdit(c echo.Context, v *view, status int, u account.User, towns []uint64) error {
	d := usersData{Roles: account.CountyRoles, Edit: &u, Self: u.ID == currentUser(c).ID}
	var err error
	if d.Townships, err = a.townshipChoices(towns); err != nil {
		return err
	}
	v.Data = d
	return a.render(c, status, "user", v)
}

func (a *App) userUpdate(c echo.Context) error {
	u, err := a.userByPath(c)
	if err != nil {
		return err
	}
	me := currentUser(c)
	v := a.newView(c, "county.users.edit_title", "county.users.edit_lead")
	v.Form["display_name"], v.Form["role"], v.Form["disabled"] = trimForm(c, "display_name"), trimForm(c, "role"), trimForm(c, "disabled")
	towns := formIDs(c, "townships")
	role, disabled := account.Role(v.Form["role"]), v.Form["disabled"] != ""
	if u.ID == me.ID && disabled {
		v.fieldError("disabled", "county.users.err.self_disable")
	}
	if u.ID == me.ID && role != account.RoleCountyAdmin {
		v.fieldError("role", "county.users.err.self_role")
	}
	if len(v.Errors) == 0 {
		_, err = a.Accounts.UpdateUser(me.Username, u.ID, v.Form["display_name"], role, u.StaffID, disabled)
		if err == nil {
			if role != account.RoleCountyViewer {
				towns = nil
			}
			err = a.County.SetViewerTownships(me.Username, u.ID, towns)
		}
		if err == nil {
			a.flash(c, "ok", "county.users.saved")
			return c.Redirect(http.StatusSeeOther, "/users")
		}
		if !v.showProblem(err, "display_name") {
			return err
		}
	}
	return a.renderUserEdit(c, v, http.StatusBadRequest, u, towns)
}

func (a *App) userReset(c echo.Context) error {
	u, err := a.userByPath(c)
	if err != nil {
		return err
	}
	me := currentUser(c)
	if u.ID == me.ID {
		a.flash(c, "err", "county.users.err.self_reset")
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/users/%d", u.ID))
	}
	pw, err := a.Accounts.ResetPassword(me.Username, u.ID)
	if err != nil {
		return err
	}
	v := a.newView(c, "county.users.title", "county.users.lead")
	v.Form["role"] = string(account.RoleCountyViewer)
	return a.renderUsers(c, v, http.StatusOK, &oneTime{Username: u.Username, DisplayName: u.DisplayName, Password: pw, Reset: true}, nil)
}

// ---- API tokens ----

type tokenRow struct {
	county.Token
	Townships string // "" for all
}

type tokensData struct {
	Rows      []tokenRow
	Townships []townshipChoice
	// New is the token just made, with its secret shown this once.
	New    *county.Token
	Secret string
	Origin string // this server's address, for the example call
}

func (a *App) tokenList(c echo.Context) error {
	return a.renderTokens(c, a.newView(c, "county.tokens.title", "county.tokens.lead"), http.StatusOK, nil, "", nil)
}

func (a *App) renderTokens(c echo.Context, v *view, status int, made *county.Token, secret string, checked []uint64) error {
	tokens, err := a.County.Tokens()
	if err != nil {
		return err
	}
	names, err := a.boxNames()
	if err != nil {
		return err
	}
	d := tokensData{New: made, Secret: secret, Origin: c.Scheme() + "://" + c.Request().Host}
	for _, t := range tokens {
		d.Rows = append(d.Rows, tokenRow{Token: t, Townships: townshipNames(t.Townships, names)})
	}
	if d.Townships, err = a.townshipChoices(checked); err != nil {
		return err
	}
	v.Data = d
	return a.render(c, status, "tokens", v)
}

func (a *App) tokenCreate(c echo.Context) error {
	v := a.newView(c, "county.tokens.title", "county.tokens.lead")
	v.Form["name"] = trimForm(c, "name")
	towns := formIDs(c, "townships")
	t, secret, err := a.County.CreateToken(currentUser(c).Username, v.Form["name"], towns)
	if err != nil {
		if !v.showProblem(err, "name") {
			return err
		}
		return a.renderTokens(c, v, http.StatusBadRequest, nil, "", towns)
	}
	v.Form = map[string]string{}
	return a.renderTokens(c, v, http.StatusOK, &t, secret, nil)
}

func (a *App) tokenRevoke(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := a.County.RevokeToken(currentUser(c).Username, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return echo.NewHTTPError(http.StatusNotFound)
		}
		return err
	}
	a.flash(c, "ok", "county.tokens.revoked_done")
	return c.Redirect(http.StatusSeeOther, "/tokens")
}

// ---- box registration slip ----

type slipData struct {
	Box    county.Box
	Upload string // where the box sends its batches
}

// boxSlip is the printable registration slip of a box: what the township
// enters on its box and the fingerprint both sides check by phone.
func (a *App) boxSlip(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	boxes, err := a.County.Boxes()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(boxes, func(b county.Box) bool { return b.ID == id })
	if i < 0 {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	v := a.newView(c, "county.slip.title", "")
	v.Data = slipData{Box: boxes[i], Upload: c.Scheme() + "://" + c.Request().Host}
	return a.render(c, http.StatusOK, "slip", v)
}
