package ui

import (
	"net/http"
	"net/url"
	"testing"

	"bianmin/appliance/account"
)

// TestReviewManualPunchDateRange: a manual punch dated 1900 (a typo in the
// year) is refused next to the date with the range, not a server error.
func TestReviewManualPunchDateRange(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	wang := env.staffNo("QS001")
	f := url.Values{"staff": {idString(wang.ID)}, "date": {"1900-03-02"}, "time": {"08:29"}, "reason": {"指纹机故障"}}
	expectPage(t, "1900", office.post("/attendance/punches/manual", f), http.StatusBadRequest, "2000-01-01", "2099-12-31")
	if n := env.app.Punches.Count(); n != 0 {
		t.Fatalf("%d punches stored", n)
	}
}
