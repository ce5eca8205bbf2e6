package countyui

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/boxkey"
	"bianmin/appliance/staff"
	"bianmin/appliance/uplink"
)

// sealRecords seals one batch of a box's records (payloads as the box's
// outbox writes them).
func sealRecords(t *testing.T, key *boxkey.Key, seq uint64, created time.Time, recs map[string][]any) []byte {
	t.Helper()
	var out []uplink.Record
	for _, kind := range []string{"unit", "window", "staff", "punch", "case"} {
		for _, p := range recs[kind] {
			data, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, uplink.Record{Seq: uint64(len(out) + 1), Time: created, Kind: kind, Payload: data})
		}
	}
	data, err := uplink.Seal(uplink.Batch{Box: key.Fingerprint(), Epoch: "00000000000000aa", Seq: seq, Created: created,
		First: 1, Last: uint64(len(out)), Records: out}, key)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestCountyOverview: the overview shows a township's people in today,
// its empty windows and its warnings, for both roles, in Chinese and in
// English.
func TestCountyOverview(t *testing.T) {
	e := newEnv(t)
	key := boxkey.Generate()
	if _, err := e.c.AddBox("test", "城关镇", "420102", key.PublicText()); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for now.Weekday() == time.Saturday || now.Weekday() == time.Sunday || now.Hour() < 1 {
		now = now.Add(-24 * time.Hour) // a working day, to see today's columns
	}
	e.app.Now = func() time.Time { return now }
	in := now.Add(-time.Minute)
	batch := sealRecords(t, key, 1, time.Now().Add(20*time.Minute), // the box clock runs 20 minutes ahead
		map[string][]any{
			"unit":   {staff.Unit{ID: 1, Name: "民政办", Active: true}},
			"window": {staff.Window{ID: 1, Number: 1, Name: "民政救助", UnitID: 1, Active: true}, staff.Window{ID: 2, Number: 2, Name: "婚姻登记", UnitID: 1, Active: true}},
			"staff": {staff.Staff{ID: 1, Name: "王建国", UnitID: 1, WindowID: 1, StartDate: "2020-01-01"},
				staff.Staff{ID: 2, Name: "李秀英", UnitID: 1, WindowID: 2, StartDate: "2020-01-01"}},
			"punch": {attendance.Punch{ID: 1, StaffID: 1, Time: in, Source: attendance.SourceManual, RecordedAt: in}},
		})
	if _, err := e.c.Receive(batch, "http 10.0.0.9"); err != nil {
		t.Fatal(err)
	}
	for _, r := range account.CountyRoles {
		c := e.login(r)
		code, body := c.get("/")
		if code != http.StatusOK {
			t.Fatalf("overview as %s: %d", r, code)
		}
		row := regexp.MustCompile(`(?s)<tr data-township="城关镇">.*?</tr>`).FindString(body)
		for _, want := range []string{`data-present>1 / 2<`, `data-not-in><span class="tag tag-warn">1<`, `data-uncovered="1">婚姻登记<`,
			"时钟偏差 20 分钟", "今天 1 次打卡需复核"} {
			if !strings.Contains(row, want) {
				t.Errorf("overview as %s: no %q in\n%s", r, want, row)
			}
		}
	}
	c := e.login(account.RoleCountyViewer)
	c.get("/lang/en?next=/")
	if _, body := c.get("/"); !strings.Contains(body, "Empty windows") || strings.Contains(body, "空岗") {
		t.Error("the English overview is not in English")
	}
}
