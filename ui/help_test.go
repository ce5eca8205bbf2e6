package ui

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"bianmin/appliance/account"
)

// TestHelpPages: every area in the menu has a 帮助 page saying what it is
// for, the rules it applies with the regulation of each, and what to do
// when something looks wrong; every page of an area links to it.
func TestHelpPages(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	for _, ar := range append([]area{{Key: "home", Href: "/"}}, env.app.areas()...) {
		r := office.get("/help/" + ar.Key)
		moStatus(t, "help "+ar.Key, r, http.StatusOK)
		text := moText(r.Body)
		for _, want := range []string{"做什么", "看起来不对时", env.app.i18n.T("zh-CN", "help."+ar.Key+".title", nil)} {
			if !strings.Contains(text, want) {
				t.Errorf("help %s lacks %q", ar.Key, want)
			}
		}
		for i := 1; env.app.i18n.HasKey("help." + ar.Key + ".rule." + strconv.Itoa(i)); i++ {
			if rule := env.app.i18n.T("zh-CN", "help."+ar.Key+".rule."+strconv.Itoa(i), nil); !strings.Contains(rule, "依据：制度文本 0") {
				t.Errorf("help %s rule %d names no regulation: %s", ar.Key, i, rule)
			}
		}
		if !env.app.i18n.HasKey("help." + ar.Key + ".wrong.1") {
			t.Errorf("help %s says nothing about what to do when something looks wrong", ar.Key)
		}
		if ar.Href == "" {
			continue
		}
		if page := office.get(ar.Href); !strings.Contains(page.Body, `href="/help/`+ar.Key+`" data-help`) {
			t.Errorf("%s does not link to its help", ar.Href)
		}
	}
	moStatus(t, "unknown help", office.get("/help/nothing"), http.StatusNotFound)
	// A clerk's help lists only the areas a clerk has.
	if r := env.loginAs(account.RoleStaff).get("/help/attendance"); strings.Contains(r.Body, `href="/help/devices"`) {
		t.Error("a clerk's help page links to the devices' help")
	}
}
