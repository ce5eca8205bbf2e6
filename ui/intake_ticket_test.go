package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestIntakeFromTicket: the window's console offers to register an intake
// case from the ticket it serves (issue 12 item 4), by a link while
// serving and by 办结并登记办件; the register form carries the ticket, the
// case page names it and the ticket page names the case. A ticket no
// window has called is refused, in words.
func TestIntakeFromTicket(t *testing.T) {
	_, it, _, u := docEnv(t)
	r := u.post("/queue/take", url.Values{"service": {"A"}, "window": {"1"}})
	moStatus(t, "take at the desk", r, http.StatusSeeOther)
	ticket := strings.TrimPrefix(r.Location, "/queue/tickets/")
	form := url.Values{"item": {fmt.Sprint(it.ID)}, "name": {"张三"}, "id_kind": {"resident"}, "id_number": {fullID},
		"phone": {"13800138000"}, "material": {"申请书"}, "ticket": {ticket}}
	r = u.post("/intake", form)
	moStatus(t, "register from a waiting ticket", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "还没有在窗口叫号办理") {
		t.Errorf("no words for a waiting ticket: %s", moTail(moText(r.Body), 600))
	}
	if strings.Contains(u.get("/queue?window=1").Body, "data-register") {
		t.Error("the console offers a case with no ticket served")
	}
	moStatus(t, "call", u.post("/queue/windows/1/call", nil), http.StatusSeeOther)
	con := u.get("/queue?window=1").Body
	if !strings.Contains(con, `href="/intake/new?ticket=`+ticket+`" data-register`) || !strings.Contains(con, "data-finish-register") {
		t.Fatalf("the console serving A001 offers no case:\n%s", moTail(moText(con), 800))
	}
	r = u.post("/queue/windows/1/finish", url.Values{"then": {"intake"}})
	moStatus(t, "finish and register", r, http.StatusSeeOther)
	if r.Location != "/intake/new?ticket="+ticket {
		t.Fatalf("finish went to %q", r.Location)
	}
	page := u.get(r.Location + "&item=" + fmt.Sprint(it.ID)).Body
	if !strings.Contains(page, `data-from-ticket="A001"`) || !strings.Contains(page, `name="ticket" value="`+ticket+`"`) {
		t.Fatalf("the register form does not carry the ticket:\n%s", moTail(moText(page), 800))
	}
	r = u.post("/intake", form)
	moStatus(t, "register from the finished ticket", r, http.StatusSeeOther)
	body := u.get(r.Location).Body
	number := regexp.MustCompile(`\d{4}-\d{6}`).FindString(body)
	if !strings.Contains(body, `data-ticket="A001"`) || number == "" {
		t.Errorf("the case page does not name the ticket:\n%s", moTail(moText(body), 800))
	}
	tp := u.get("/queue/tickets/" + ticket).Body
	if !strings.Contains(tp, "data-ticket-ref>"+number+"<") {
		t.Errorf("the ticket page does not name case %s:\n%s", number, moTail(moText(tp), 600))
	}
}
