package ui

// Whose records (补签, 异议, 外出备案, 脱岗, 考勤月历) a signed-in user may see
// and file, and the people a page names.

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"bianmin/appliance/account"
	"bianmin/appliance/decision"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// recordsScope is whose records the signed-in user may see and file: the
// punch list's scope (all, a lead's team, own, unlinked), plus the user's
// own staff record whatever the scope (an office account may be linked
// too), and whether they may act for anyone (the office).
type recordsScope struct {
	punchScope
	Own       staff.Staff // zero when the account is linked to nobody
	Office    bool        // may file and decide for anyone
	Inspector bool        // may record off-post events
}

func (a *App) recordsScopeOf(c echo.Context) (recordsScope, error) {
	u := currentUser(c)
	ps, err := a.punchScopeOf(u)
	if err != nil {
		return recordsScope{}, err
	}
	sc := recordsScope{punchScope: ps, Own: ps.Self, Office: u.Role == account.RoleOffice, Inspector: u.Role == account.RoleInspector}
	if sc.Own.ID == 0 && u.StaffID != 0 {
		if s, err := a.Staff.GetStaff(u.StaffID); err == nil {
			sc.Own = s
		} else if !errors.Is(err, staff.ErrNotFound) {
			return recordsScope{}, err
		}
	}
	return sc, nil
}

// sees reports whether the scope includes the staff member.
func (sc recordsScope) sees(id uint64) bool {
	return sc.Kind == "all" || sc.IDs[id] || (id != 0 && id == sc.Own.ID)
}

// domain is the scope as the records service reads lists for it: everyone,
// or the team and the user's own record.
func (sc recordsScope) domain() decision.Scope {
	if sc.Kind == "all" {
		return decision.Scope{All: true}
	}
	var ids []uint64
	for id := range sc.IDs {
		ids = append(ids, id)
	}
	if sc.Own.ID != 0 {
		ids = append(ids, sc.Own.ID)
	}
	return decision.Scope{Staff: ids}
}

// chooseStaff resolves ?staff= (raw) within the scope: a person the user
// may see (404 for an unknown id, 403 for someone else's), or with no
// choice the user's own staff member (zero when unlinked).
func (a *App) chooseStaff(sc recordsScope, raw string) (staff.Staff, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return sc.Own, nil
	}
	id := parseID(raw)
	if id == 0 {
		return staff.Staff{}, echo.NewHTTPError(http.StatusNotFound)
	}
	s, err := a.Staff.GetStaff(id)
	if err != nil {
		return staff.Staff{}, notFoundOr(err)
	}
	if !sc.sees(s.ID) {
		return staff.Staff{}, echo.NewHTTPError(http.StatusForbidden)
	}
	return s, nil
}

// filerFor is the staff member a form is filed for: anyone the office
// picks, otherwise the user's own (the form's choice is ignored). ok is
// false when there is nobody: the user is not linked to a staff member.
func filerFor(sc recordsScope, formStaff string) (uint64, bool) {
	if sc.Office {
		if id := parseID(formStaff); id != 0 {
			return id, true
		}
	}
	return sc.Own.ID, sc.Own.ID != 0
}

// scopePeople lists the people a picker offers: every active person for
// the all scope, a lead's team, or the user alone.
func (a *App) scopePeople(sc recordsScope) ([]staffGroup, error) {
	if sc.Kind == "all" {
		return a.activeStaffGroups()
	}
	var out []staff.Staff
	if sc.Kind == "team" {
		list, err := a.Staff.ListStaff(staff.Filter{})
		if err != nil {
			return nil, err
		}
		for _, s := range list {
			if sc.IDs[s.ID] {
				out = append(out, s)
			}
		}
	} else if sc.Own.ID != 0 {
		out = []staff.Staff{sc.Own}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return []staffGroup{{Staff: out}}, nil
}

// staffName is "刘芳（QS004）", or the id when the person is unknown.
func staffName(people map[uint64]staff.Staff, id uint64) string {
	if s, ok := people[id]; ok {
		return fmt.Sprintf("%s（%s）", s.Name, s.StaffNo)
	}
	return fmt.Sprintf("#%d", id)
}
