package ui

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/enrol"
	"bianmin/appliance/punchclock"
	"bianmin/appliance/punchclock/punchclocktest"
)

// addEnrolment records that page of the sensor holds a finger of staffID.
func addEnrolment(t *testing.T, env *testEnv, staffID uint64, page int, tpl []byte) enrol.Enrollment {
	t.Helper()
	e, err := env.app.Enrols.Add("test", enrol.Enrollment{StaffID: staffID, Page: page, ConsentOn: "2026-01-05"}, tpl)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var jobPathRE = regexp.MustCompile(`^/attendance/enrol/jobs/([0-9a-f]+)$`)

// startEnrol posts the consent form and returns the job page's path.
func startEnrol(t *testing.T, c *client, staffID uint64) string {
	t.Helper()
	r := c.post("/attendance/enrol/"+idString(staffID), url.Values{"consent": {"1"}, "consent_on": {time.Now().Format(dateLayout)}})
	if r.Status != http.StatusSeeOther || !jobPathRE.MatchString(r.Location) {
		t.Fatalf("start enrolment: %d %q: %s", r.Status, r.Location, settingsMain(r.Body))
	}
	return r.Location
}

// waitJob polls the job's JSON, as kiosk.js does, until it is no longer
// running.
func waitJob(t *testing.T, c *client, jobPath string) enrolJobStatus {
	t.Helper()
	var st enrolJobStatus
	waitFor(t, "the enrolment job", func() bool {
		r := c.get(jobPath + ".json")
		if r.Status != http.StatusOK {
			t.Fatalf("job JSON: %d", r.Status)
		}
		if err := json.Unmarshal([]byte(r.Body), &st); err != nil {
			t.Fatal(err)
		}
		return st.State != "running"
	})
	return st
}

func TestEnrolFlow(t *testing.T) {
	env := newTestEnv(t)
	sensor := punchclocktest.New()
	unplug := env.startSensor(sensor)
	office := env.loginAs(account.RoleOffice)
	wang := env.staffNo("QS001")

	expectPage(t, "enrolment list", office.get("/attendance/enrol?q=QS001"), http.StatusOK,
		"指纹机已连接", "王建国", "未采集", "重新写入指纹机")
	expectPage(t, "person", office.get("/attendance/enrol/"+idString(wang.ID)), http.StatusOK,
		"已签署指纹采集知情同意书", "开始采集指纹", time.Now().Format(dateLayout))

	job := startEnrol(t, office, wang.ID)
	st := waitJob(t, office, job)
	if st.State != "done" || st.Finger != 1 || !strings.Contains(st.Text, "完成") {
		t.Fatalf("job ended %+v", st)
	}
	expectPage(t, "job page, done", office.get(job), http.StatusOK, "完成", "再采集一个手指", "王建国")
	have, err := env.app.Enrols.ForStaff(wang.ID)
	if err != nil || len(have) != 1 || have[0].Page != 0 || have[0].ConsentBy != "t-office" {
		t.Fatalf("enrolments after the job: %+v %v", have, err)
	}
	if _, ok := sensor.Template(0); !ok {
		t.Fatal("the sensor has no template at page 0")
	}
	expectPage(t, "person, enrolled", office.get("/attendance/enrol/"+idString(wang.ID)), http.StatusOK,
		"第 1 个手指", "t-office", "删除 王建国 的指纹", "确定删除 王建国 的 1 个指纹吗")

	// A replacement sensor gets the template copies back.
	fresh := punchclocktest.New()
	unplug()
	env.startSensor(fresh)
	r := office.post("/attendance/enrol/reenrol", nil)
	if r.Status != http.StatusSeeOther || r.Location != "/attendance/enrol?reenrolled=1" {
		t.Fatalf("re-enrol: %d %q", r.Status, r.Location)
	}
	expectPage(t, "list after re-enrol", office.get(r.Location), http.StatusOK, "已写入 1 个指纹模板")
	if tpl, ok := fresh.Template(0); !ok || !bytes.Equal(tpl, punchclocktest.StoredTemplate(0)) {
		t.Fatalf("replacement sensor page 0 = %q %v", tpl, ok)
	}

	// Removal clears the box and the sensor.
	r = office.post("/attendance/enrol/"+idString(wang.ID)+"/remove", nil)
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "removed=1") || !strings.Contains(r.Location, "cleared=1") {
		t.Fatalf("remove: %d %q", r.Status, r.Location)
	}
	expectPage(t, "person after removal", office.get(r.Location), http.StatusOK, "已删除 王建国 的 1 个指纹，指纹机中的模板也已清除")
	if have, _ := env.app.Enrols.ForStaff(wang.ID); len(have) != 0 {
		t.Fatalf("enrolments after removal: %+v", have)
	}
	if _, ok := fresh.Template(0); ok {
		t.Fatal("the sensor still holds page 0 after removal")
	}

	if r := office.get("/attendance/enrol/jobs/0123456789abcdef"); r.Status != http.StatusNotFound {
		t.Fatalf("unknown job: %d, want 404", r.Status)
	}
	if r := office.get("/attendance/enrol/jobs/0123456789abcdef.json"); r.Status != http.StatusNotFound {
		t.Fatalf("unknown job JSON: %d, want 404", r.Status)
	}
}

func TestEnrolConsentAndSensorChecks(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	id := idString(env.staffNo("QS002").ID)
	today := time.Now().Format(dateLayout)

	r := office.post("/attendance/enrol/"+id, url.Values{"consent_on": {today}})
	expectPage(t, "no consent", r, http.StatusBadRequest, "请确认已签署指纹采集知情同意书", `aria-invalid="true"`)
	r = office.post("/attendance/enrol/"+id, url.Values{"consent": {"1"}, "consent_on": {time.Now().AddDate(0, 0, 2).Format(dateLayout)}})
	expectPage(t, "future consent date", r, http.StatusBadRequest, "签署日期不能晚于今天")
	r = office.post("/attendance/enrol/"+id, url.Values{"consent": {"1"}, "consent_on": {""}})
	expectPage(t, "no consent date", r, http.StatusBadRequest, "请填写同意书签署日期")
	// Good form, but the sensor is not connected.
	r = office.post("/attendance/enrol/"+id, url.Values{"consent": {"1"}, "consent_on": {today}})
	expectPage(t, "sensor offline", r, http.StatusBadRequest, "指纹机未连接")

	// Two fingers are the most.
	sensor := punchclocktest.New()
	env.startSensor(sensor)
	staffID := env.staffNo("QS002").ID
	addEnrolment(t, env, staffID, 10, []byte("a"))
	addEnrolment(t, env, staffID, 11, []byte("b"))
	r = office.post("/attendance/enrol/"+id, url.Values{"consent": {"1"}, "consent_on": {today}})
	expectPage(t, "third finger", r, http.StatusBadRequest, "已采集 2 个手指，不能再采集")
	expectLacks(t, "full person page", office.get("/attendance/enrol/"+id), "开始采集指纹")
}

func TestEnrolFailuresAndBusySensor(t *testing.T) {
	env := newTestEnv(t)
	sensor := punchclocktest.New()
	env.startSensor(sensor)
	office := env.loginAs(account.RoleOffice)

	sensor.SetModelError(punchclock.ErrNotSameFinger)
	job := startEnrol(t, office, env.staffNo("QS003").ID)
	if st := waitJob(t, office, job); st.State != "failed" || !strings.Contains(st.Detail, "两次按的不是同一手指，请重新采集") {
		t.Fatalf("not-same job: %+v", st)
	}
	expectPage(t, "failed job page", office.get(job), http.StatusOK, "采集失败", "重新采集")

	// One job at a time: a second start while the first waits for a finger.
	sensor.SetModelError(nil)
	release := sensor.Hold()
	first := startEnrol(t, office, env.staffNo("QS005").ID)
	expectPage(t, "running job page", office.get(first), http.StatusOK, "请按手指", "陈明",
		`<noscript><meta http-equiv="refresh" content="1"></noscript>`)
	r := office.post("/attendance/enrol/"+idString(env.staffNo("QS006").ID), url.Values{"consent": {"1"}, "consent_on": {time.Now().Format(dateLayout)}})
	expectPage(t, "second start", r, http.StatusConflict, "指纹机正忙", "陈明")
	expectPage(t, "list while busy", office.get("/attendance/enrol"), http.StatusOK, "指纹机正在为 陈明 采集指纹")
	release()
	if st := waitJob(t, office, first); st.State != "done" {
		t.Fatalf("held job: %+v", st)
	}
	expectLacks(t, "finished job page", office.get(first), "http-equiv")
}
