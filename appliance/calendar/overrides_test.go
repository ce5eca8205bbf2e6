package calendar

import (
	"encoding/json"
	"strings"
	"testing"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// TestOverrides: a local change wins over the notices and the weekly rule,
// is audited and queued for the county, survives a reload, and can be
// removed.
func TestOverrides(t *testing.T) {
	for _, tc := range []struct {
		rule    string
		date    string
		working bool
		reason  string
		kind    Kind
		before  Kind
		month   int // working days in the date's month afterwards
	}{
		{"本地闭馆：周三停电闭馆（平日改休息）", "2026-03-11", false, "停电闭馆", KindHoliday, KindWorkday, 21},
		{"本地调整胜过" + notice2026 + "：国庆节10月5日（周一）值班开放", "2026-10-05", true, "县里统一安排开放", KindWorkday, KindHoliday, 19},
		{"本地调整胜过" + notice2026 + "：2月28日（周六）调休上班改为闭馆", "2026-02-28", false, "大雪闭馆", KindWeekend, KindMakeup, 15},
		{"本地调整：周六开放（集中办理社保认证）", "2026-03-14", true, "社保认证集中办理", KindMakeup, KindWeekend, 23},
	} {
		t.Run(tc.date, func(t *testing.T) {
			c, db := newCal(t)
			d := date(t, tc.date)
			if got := c.Day(d).Kind; got != tc.before {
				t.Fatalf("%s: before the change %s is %s, want %s", tc.rule, tc.date, got, tc.before)
			}
			if err := c.SetDay("office:李娜", d, tc.working, "  "+tc.reason+" "); err != nil {
				t.Fatalf("%s: SetDay: %v", tc.rule, err)
			}
			check := func(c *Calendar, when string) {
				t.Helper()
				got := c.Day(d)
				if got.Kind != tc.kind || got.Working != tc.working || got.Name != tc.reason || !got.Override {
					t.Errorf("%s (%s): %s is %+v, want kind %s working %v", tc.rule, when, tc.date, got, tc.kind, tc.working)
				}
				n := c.WorkdaysBetween(d.AddDate(0, 0, 1-d.Day()), d.AddDate(0, 1, -d.Day()))
				if n != tc.month {
					t.Errorf("%s (%s): month has %d working days, want %d", tc.rule, when, n, tc.month)
				}
				if ov := c.Overrides(); len(ov) != 1 || !ov[0].Date.Equal(d) {
					t.Errorf("%s (%s): Overrides() = %+v", tc.rule, when, ov)
				}
			}
			check(c, "after SetDay")
			reloaded, err := Load(db, shipped(), cst)
			if err != nil {
				t.Fatal(err)
			}
			check(reloaded, "after reload")

			audit, _ := db.AuditEntries("calendar/", 10)
			if len(audit) != 1 || audit[0].Action != "calendar.set_day" || audit[0].Actor != "office:李娜" ||
				audit[0].Object != "calendar/"+tc.date || !strings.Contains(string(audit[0].After), tc.reason) {
				t.Errorf("%s: audit = %+v", tc.rule, audit)
			}
			out, _ := db.OutboxPending(0, 10)
			if len(out) != 1 || out[0].Kind != "calendar.day" || !strings.Contains(string(out[0].Payload), tc.date) {
				t.Errorf("%s: outbox = %+v", tc.rule, out)
			}

			if err := c.ClearOverride("office:李娜", d); err != nil {
				t.Fatal(err)
			}
			if got := c.Day(d); got.Kind != tc.before || got.Override {
				t.Errorf("%s: after ClearOverride %s is %+v, want %s", tc.rule, tc.date, got, tc.before)
			}
			audit, _ = db.AuditEntries("calendar/", 10)
			if len(audit) != 2 || audit[0].Action != "calendar.clear_day" || audit[0].Before == nil {
				t.Errorf("%s: audit after clear = %+v", tc.rule, audit)
			}
			if out, _ := db.OutboxPending(0, 10); len(out) != 2 || out[1].Kind != "calendar.day_cleared" {
				t.Errorf("%s: outbox after clear = %+v", tc.rule, out)
			}
		})
	}
}

// TestOverrideReplacesOverride: a second SetDay on the same date records the
// first as "before".
func TestOverrideReplacesOverride(t *testing.T) {
	c, db := newCal(t)
	d := date(t, "2026-03-11")
	for _, reason := range []string{"停电闭馆", "停水闭馆"} {
		if err := c.SetDay("office", d, false, reason); err != nil {
			t.Fatal(err)
		}
	}
	if got := c.Day(d).Name; got != "停水闭馆" {
		t.Errorf("name = %q, want the second reason", got)
	}
	audit, _ := db.AuditEntries("calendar/", 10)
	var before override
	if len(audit) != 2 || json.Unmarshal(audit[0].Before, &before) != nil || before.Name != "停电闭馆" {
		t.Errorf("audit = %+v", audit)
	}
}

func TestOverrideProblems(t *testing.T) {
	c, db := newCal(t)
	d := date(t, "2026-03-11")
	for _, tc := range []struct {
		rule   string
		reason string
		want   string
	}{
		{"原因必填", "   ", errReasonRequired},
		{"原因最多 40 字", strings.Repeat("停", 41), errReasonTooLong},
		{"原因不能有换行", "停电\n闭馆", errTextInvalid},
		{"原因不能有“|”", "停电|闭馆", errTextInvalid},
	} {
		err := c.SetDay("office", d, false, tc.reason)
		if p, ok := problem.As(err); !ok || p.Key != tc.want || p.Field != "reason" {
			t.Errorf("%s: SetDay(%q) = %v, want %s", tc.rule, tc.reason, err, tc.want)
		}
	}
	err := c.ClearOverride("office", d)
	if p, ok := problem.As(err); !ok || p.Key != errNoOverride || p.Args["Date"] != "2026-03-11" {
		t.Errorf("ClearOverride without one = %v, want %s", err, errNoOverride)
	}
	if n := db.OutboxLen(); n != 0 {
		t.Errorf("rejected changes left %d outbox entries", n)
	}
	if res, _ := db.VerifyAudit(); res.Entries != 0 {
		t.Errorf("rejected changes left %d audit entries", res.Entries)
	}
}

// TestReadOnlyStore: a calendar over a read-only store reads the overrides
// and refuses writes with the store's error.
func TestReadOnlyStore(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(db, shipped(), cst)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetDay("office", date(t, "2026-03-11"), false, "停电闭馆"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	ro, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	c, err = Load(ro, shipped(), cst)
	if err != nil {
		t.Fatal(err)
	}
	if c.IsWorkday(date(t, "2026-03-11")) {
		t.Error("read-only calendar lost the override")
	}
	if err := c.SetDay("office", date(t, "2026-03-12"), false, "停电闭馆"); err == nil {
		t.Error("SetDay on a read-only store succeeded")
	}
}
