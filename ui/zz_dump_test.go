package ui

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/leave"
)

func TestZZDumpHomes(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-03-10 09:00"))
	for i, no := range []string{"QS001", "QS002", "QS003", "QS004", "QS007", "QS008", "QS009", "QS010", "QS011", "QS012"} {
		env.moPunch(env.moStaff(no), fmt.Sprintf("2026-03-10 08:%02d", 10+i*3))
	}
	env.moDay(env.moStaff("QS004"), "2026-03-09", map[string]string{"afternoon_out": ""})
	env.moDay(env.moStaff("QS004"), "2026-03-06", map[string]string{"morning_in": "08:51"})
	csv := "staff_no,type,start,end,certificate\nQS005,事假,2026-03-10 08:00,2026-03-10 18:00,\nQS013,病假,2026-03-09 08:00,2026-03-11 18:00,是\n"
	if _, err := leave.New(env.db).ImportCSV("test", "leave.csv", strings.NewReader(csv), env.app.loc()); err != nil {
		t.Fatal(err)
	}
	office := env.loginAs(account.RoleOffice)
	office.moPost("/attendance/errands", "staff", fmt.Sprint(env.moStaff("QS006").ID), "date", "2026-03-10", "start", "09:30", "end", "11:00", "reason", "回社保所交换文件")
	clerk := env.moLogin(account.RoleStaff, env.moStaff("QS004"))
	clerk.moPost("/attendance/remedies", "date", "2026-03-09", "point", "afternoon_out", "reason", "指纹机没有识别")
	env.clock.set(env.moAt("2026-03-10 10:40"))
	insp := env.loginAs(account.RoleInspector)
	insp.moPost("/attendance/offpost", "staff", fmt.Sprint(env.moStaff("QS008").ID), "date", "2026-03-09", "start", "15:00", "minutes", "30")
	pages := map[string]*client{"office": env.loginAs(account.RoleOffice), "director": env.loginAs(account.RoleDirector), "staff": clerk,
		"lead": env.moLogin(account.RoleLead, env.moStaff("QS003")), "inspector": insp, "technician": env.loginAs(account.RoleTechnician)}
	for name, c := range pages {
		for _, p := range []string{"/", "/attendance/grid"} {
			r := c.get(p)
			if r.Status != http.StatusOK {
				continue
			}
			body := strings.Replace(r.Body, "<head>", `<head><base href="http://127.0.0.1:18112/">`, 1)
			os.WriteFile("/tmp/b10/html/"+name+strings.ReplaceAll(p, "/", "_")+".html", []byte(body), 0o644)
		}
	}
}
