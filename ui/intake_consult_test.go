package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/intake"
	"bianmin/appliance/staff"
)

// TestConsultationLog: a window records a phone enquiry — refused without
// the caller's name and contact (regulation 001 line 162 "来电来传人姓名、
// 联系方式等登记在册") — and hands it to the right window (首问负责, 001
// line 159); only that window (or the office) takes it over, with the time.
func TestConsultationLog(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-09-24 09:00"))
	liu := env.moStaff("QS004") // window 2
	other := windowMate(t, env, liu.WindowID, false)
	w2, _ := env.app.Staff.Window(liu.WindowID)
	c := env.moLogin(account.RoleStaff, other)
	r := c.get("/intake/consultations")
	moStatus(t, "log", r, http.StatusOK)
	if !strings.Contains(r.Body, "还没有咨询记录") {
		t.Errorf("no empty state")
	}
	r = c.moPost("/intake/consultations", "channel", "phone", "question", "低保怎么申请")
	moStatus(t, "phone without a name", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "请填写这一项") {
		t.Errorf("the missing caller is not named")
	}
	r = c.moPost("/intake/consultations", "channel", "phone", "caller_name", "赵大爷", "contact", "13912345678",
		"question", "养老保险转移", "to_window", fmt.Sprint(w2.ID))
	moStatus(t, "record and hand off", r, http.StatusSeeOther)
	pg, err := env.app.Desk.Consultations(intake.ConsultationQuery{})
	if err != nil || pg.Total != 1 || !pg.Rows[0].Pending() || pg.Rows[0].WindowID != other.WindowID {
		t.Fatalf("stored %+v, %v", pg, err)
	}
	id := pg.Rows[0].ID
	moStatus(t, "take-over by the first window", c.moPost(fmt.Sprintf("/intake/consultations/%d/takeover", id)), http.StatusForbidden)
	env.clock.set(env.moAt("2026-09-24 09:04"))
	lc := env.moLogin(account.RoleStaff, liu)
	r = lc.get("/intake/consultations")
	if !strings.Contains(r.Body, "待接收") || !strings.Contains(r.Body, "13912345678") {
		t.Errorf("window 2 does not see the enquiry waiting for it:\n%s", moTail(moText(r.Body), 1500))
	}
	moStatus(t, "take-over", lc.moPost(fmt.Sprintf("/intake/consultations/%d/takeover", id)), http.StatusSeeOther)
	r = lc.get("/intake/consultations?window=0")
	if !strings.Contains(moText(r.Body), "2026-09-24 09:04 t-staff-"+strings.ToLower(liu.StaffNo)+" 已接收") {
		t.Errorf("the take-over's time is not shown:\n%s", moTail(moText(r.Body), 1500))
	}
	moStatus(t, "technician", env.loginAs(account.RoleTechnician).get("/intake/consultations"), http.StatusForbidden)
}

// windowMate is an active staff member at a window other than (or, with
// same, equal to) window.
func windowMate(t *testing.T, env *testEnv, window uint64, same bool) staff.Staff {
	t.Helper()
	all, err := env.app.Staff.ListStaff(staff.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.WindowID != 0 && (s.WindowID == window) == same && s.EndDate == "" {
			return s
		}
	}
	t.Fatalf("nobody at a window other than %d", window)
	return staff.Staff{}
}
