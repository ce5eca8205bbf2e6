package ui

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/rating"
	"bianmin/appliance/store"
)

// A 差评 through the follow-up pages (GB/T 39734-2020 9.3; regulation 003
// line 63): the office records the citizen's comment with a contact (the
// check becomes a callback), calls back, rectifies; the citizen rejects
// once; the director decides.
func TestRatingFollowUpPages(t *testing.T) {
	env := newTestEnv(t)
	ref := rating.Ref{Key: "t/1", Window: 2, Ticket: "A012", Service: "婚姻登记", StaffID: 1, Staff: "测试员"}
	if _, err := env.app.Ratings.Rate(rating.Decided{Ref: ref, Press: rating.Press{Window: 2, Level: rating.Dissatisfied, At: time.Now()}, Channel: rating.ChannelButtons}); err != nil {
		t.Fatal(err)
	}
	office := env.loginAs(account.RoleOffice)
	r := office.get("/rating/followups")
	moStatus(t, "list", r, http.StatusOK)
	for _, want := range []string{"测试员", "不满意", "待回访或核实"} {
		if !strings.Contains(moText(r.Body), want) {
			t.Errorf("follow-up list lacks %q", want)
		}
	}
	r = office.get("/rating/followups/1")
	if !strings.Contains(moText(r.Body), "核实") || !strings.Contains(r.Body, `action="/rating/followups/1/comment"`) {
		t.Errorf("follow-up page: want a verification and the comment form:\n%s", moTail(moText(r.Body), 600))
	}
	steps := []struct {
		path string
		kv   []string
		want int
	}{
		{"/rating/followups/1/comment", []string{"options", "attitude", "text", "态度生硬", "rater_name", "张三", "rater_contact", "13800000000"}, http.StatusSeeOther},
		{"/rating/followups/1/comment", []string{"text", "again"}, http.StatusBadRequest},
		{"/rating/followups/1/rectify", []string{"rectification", "x", "result", "y"}, http.StatusBadRequest},
		{"/rating/followups/1/check", []string{"note", "已电话回访张三"}, http.StatusSeeOther},
		{"/rating/followups/1/rectify", []string{"rectification", "批评教育", "result", "已告知群众"}, http.StatusSeeOther},
		{"/rating/followups/1/reject", []string{"reason", "不认可"}, http.StatusSeeOther},
		{"/rating/followups/1/reject", []string{"reason", "还是不认可"}, http.StatusBadRequest},
		{"/rating/followups/1/decide", []string{"decision", "x"}, http.StatusBadRequest},
	}
	for _, s := range steps {
		moStatus(t, s.path, office.moPost(s.path, s.kv...), s.want)
	}
	director := env.loginAs(account.RoleDirector)
	moStatus(t, "decide", director.moPost("/rating/followups/1/decide", "decision", "维持整改结果"), http.StatusSeeOther)
	f, err := store.Read(env.db, func(tx *store.Tx) (rating.FollowUp, error) { return rating.FollowUpTx(tx, 1) })
	if err != nil || f.State != rating.FUDecided || f.Callback == nil || f.Verification != nil || f.Director == nil {
		t.Fatalf("follow-up %+v %v, want decided after a callback", f, err)
	}
	r = office.get("/rating/followups/1")
	for _, want := range []string{"回访", "已电话回访张三", "批评教育", "群众不认可", "主任已裁定", "服务态度差"} {
		if !strings.Contains(moText(r.Body), want) {
			t.Errorf("the decided follow-up lacks %q", want)
		}
	}
	moStatus(t, "stats", office.get("/rating/stats"), http.StatusOK)
	if r := office.get("/rating/stats"); !strings.Contains(r.Body, "data-chart") || !strings.Contains(moText(r.Body), "测试员") {
		t.Error("the statistics page lacks its chart or the staff member")
	}
}
