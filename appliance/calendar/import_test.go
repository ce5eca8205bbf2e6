package calendar

import (
	"bianmin/appliance/locale"
	"bianmin/appliance/problem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// notice2027 is a test fixture in the shipped format, not an official
// notice: the State Council had not published 2027 when this was written.
const notice2027 = `# 测试用 2027 年安排（格式示例，非官方）
year 2027
source 测试通知

2027-01-01 holiday 元旦 | New Year's Day
2027-02-06..2027-02-12 holiday 春节 | Spring Festival
2027-02-13 workday 春节调休上班 | Spring Festival make-up workday
2027-10-01..2027-10-07 放假 国庆节
2027-10-09 上班 国庆节调休上班
`

func TestImportNotice(t *testing.T) {
	c, db := newCal(t)
	if c.HasYear(2027) {
		t.Fatal("2027 present before the import")
	}
	res, err := c.ImportNotice("office:李娜", 0, strings.NewReader(notice2027))
	if err != nil {
		t.Fatal(err)
	}
	want := ImportResult{Year: 2027, Source: "测试通知", Holidays: 15, Workdays: 2}
	if res != want {
		t.Errorf("result = %+v, want %+v", res, want)
	}
	if !c.HasYear(2027) || !slices.Equal(c.Years(), []int{2025, 2026, 2027}) {
		t.Errorf("Years() = %v", c.Years())
	}
	for _, tc := range []struct {
		date string
		kind Kind
		name string
	}{
		{"2027-02-08", KindHoliday, "春节"},
		{"2027-02-13", KindMakeup, "春节调休上班"},
		{"2027-10-09", KindMakeup, "国庆节调休上班"},
		{"2027-10-11", KindWorkday, ""},
	} {
		if d := c.Day(date(t, tc.date)); d.Kind != tc.kind || d.Name != tc.name || d.Override {
			t.Errorf("imported %s is %+v, want %s %q", tc.date, d, tc.kind, tc.name)
		}
	}
	if d := c.Day(date(t, "2027-01-01")); d.NameEn != "New Year's Day" {
		t.Errorf("English name = %q", d.NameEn)
	}
	audit, _ := db.AuditEntries("calendar/notice/", 10)
	if len(audit) != 1 || audit[0].Action != "calendar.import" || audit[0].Object != "calendar/notice/2027" || audit[0].Before != nil {
		t.Errorf("audit = %+v", audit)
	}
	if out, _ := db.OutboxPending(0, 10); len(out) != 1 || out[0].Kind != "calendar.notice" {
		t.Errorf("outbox = %+v", out)
	}
	// An override wins over the imported notice too.
	if err := c.SetDay("office", date(t, "2027-02-08"), true, "春节值班开放"); err != nil {
		t.Fatal(err)
	}
	if !c.IsWorkday(date(t, "2027-02-08")) {
		t.Error("override lost to the imported notice")
	}
	// The import survives a reload.
	c2, err := Load(db, shipped(), cst)
	if err != nil {
		t.Fatal(err)
	}
	if ns := c2.Notices(); len(ns) != 3 || !ns[2].Imported || ns[2].Holidays != 15 {
		t.Errorf("Notices() after reload = %+v", ns)
	}
}

// TestImportReplacesShipped: a corrected notice for a shipped year replaces
// it whole; dates it no longer lists follow the weekly rule again.
func TestImportReplacesShipped(t *testing.T) {
	c, db := newCal(t)
	corrected := "year 2026\nsource 更正通知\n2026-02-16..2026-02-20 holiday 春节 | Spring Festival\n"
	res, err := c.ImportNotice("office", 2026, strings.NewReader(corrected))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Replaced || res.Holidays != 5 {
		t.Errorf("result = %+v", res)
	}
	if c.Day(date(t, "2026-02-14")).Kind != KindWeekend || c.Day(date(t, "2026-10-01")).Kind != KindWorkday {
		t.Error("dates of the replaced notice still apply")
	}
	if n := c.WorkdaysBetween(date(t, "2026-02-01"), date(t, "2026-02-28")); n != 15 {
		t.Errorf("February after the correction: %d working days, want 15", n)
	}
	audit, _ := db.AuditEntries("calendar/notice/", 10)
	if len(audit) != 1 || !strings.Contains(string(audit[0].Before), notice2026) {
		t.Errorf("audit does not record the replaced notice: %+v", audit)
	}
}

func TestImportProblems(t *testing.T) {
	cat, err := locale.Load(os.DirFS(filepath.Join("..", "..", "embedded")))
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		line int
		key  string
	}
	for _, tc := range []struct {
		rule string
		year int
		file string
		want []want
	}{
		{"日期须为 YYYY-MM-DD", 0, "2027-1-1 holiday 元旦\n", []want{{1, errDate}}},
		{"不存在的日期", 0, "2027-02-30 holiday 春节\n", []want{{1, errDate}}},
		{"类型须为 holiday 或 workday", 0, "2027-01-01 休息 元旦\n", []want{{1, errKind}}},
		{"缺类型和名称", 0, "2027-01-01\n", []want{{1, errSyntax}}},
		{"名称必填", 0, "2027-01-01 holiday  | New Year\n", []want{{1, errNameRequired}}},
		{"名称最多 40 字", 0, "2027-01-01 holiday " + strings.Repeat("元", 41) + "\n", []want{{1, errNameTooLong}}},
		{"调休上班日必须在周末（2027-02-15 是周一）", 0, "2027-02-15 workday 春节调休上班\n", []want{{1, errWorkdayWeekday}}},
		{"日期段结束早于开始", 0, "2027-02-12..2027-02-06 holiday 春节\n", []want{{1, errRangeOrder}}},
		{"日期段最多 31 天", 0, "2027-01-01..2027-03-01 holiday 太长\n", []want{{1, errRangeLong}}},
		{"同一日期只能出现一次（含注释后的行号）", 0, "# 注释\n\n2027-02-06..2027-02-12 holiday 春节\n2027-02-10 holiday 重复\n", []want{{4, errDuplicate}}},
		{"日期须在通知年份内", 0, "year 2027\n2027-01-01 holiday 元旦\n2028-01-01 holiday 元旦\n", []want{{3, errOutOfYear}}},
		{"上一年 12 月以前不行", 2027, "2026-11-28 workday 调休\n", []want{{1, errOutOfYear}}},
		{"文件年份与所选年份不符", 2028, "year 2027\n2027-01-01 holiday 元旦\n", []want{{1, errYearMismatch}, {2, errOutOfYear}}},
		{"年份写了两次", 0, "year 2027\nyear 2027\n2027-01-01 holiday 元旦\n", []want{{2, errYearTwice}}},
		{"年份不合理", 0, "year 27\n2027-01-01 holiday 元旦\n", []want{{1, errYear}}},
		{"没有日期的文件", 0, "# 只有注释\nyear 2027\n", []want{{0, errEmpty}}},
		{"空文件", 0, "", []want{{0, errEmpty}}},
		{"不是 UTF-8（GBK 编码）", 0, "2027-01-01 holiday \xd4\xaa\xb5\xa9\n", []want{{0, errEncoding}}},
		{"文件过大", 0, strings.Repeat("# 注释注释注释注释注释\n", 3000), []want{{0, errTooLarge}}},
		{"每一行的问题都报告", 0, "2027-01-01 holiday 元旦\n2027-13-01 holiday x\n2027-01-04 workday y\nbogus\n", []want{{2, errDate}, {3, errWorkdayWeekday}, {4, errSyntax}}},
	} {
		c, db := newCal(t)
		_, err := c.ImportNotice("office", tc.year, strings.NewReader(tc.file))
		if !errors.Is(err, ErrImportRejected) {
			t.Errorf("%s: err = %v, want ErrImportRejected", tc.rule, err)
			continue
		}
		var got []want
		for _, p := range problem.All(err) {
			got = append(got, want{p.Line, p.Key})
			if msg := cat.Problem("en", p); msg == p.Key || strings.Contains(msg, "<no value>") {
				t.Errorf("%s: problem %v renders as %q", tc.rule, p, msg)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: problems %v, want %v", tc.rule, got, tc.want)
		}
		// All or nothing.
		if c.HasYear(2027) || c.HasYear(2028) || db.OutboxLen() != 0 {
			t.Errorf("%s: a rejected import changed something", tc.rule)
		}
	}
}

// TestImportConflict: a December date shared by two notices must agree.
func TestImportConflict(t *testing.T) {
	c, _ := newCal(t)
	if _, err := c.ImportNotice("office", 2027, strings.NewReader("2026-12-26 workday 元旦调休上班\n2027-01-01 holiday 元旦\n")); err != nil {
		t.Fatal(err)
	}
	if d := c.Day(date(t, "2026-12-26")); d.Kind != KindMakeup {
		t.Errorf("a December date of the 2027 notice: %+v", d)
	}
	_, err := c.ImportNotice("office", 2026, strings.NewReader("year 2026\n2026-01-01 holiday 元旦\n2026-12-26 holiday 补假\n"))
	probs := problem.All(err)
	if !errors.Is(err, ErrImportRejected) || len(probs) != 1 || probs[0].Key != errConflict || probs[0].Line != 3 {
		t.Fatalf("conflicting import: %v", err)
	}
	if got := fmt.Sprint(probs[0].Args["Other"]); got != "2027" {
		t.Errorf("conflict names year %s, want 2027", got)
	}
}

// TestMissingNextYear: the dashboard warns from 1 December (in the hall's
// zone) when next year has no notice, and any day when this year has none.
func TestMissingNextYear(t *testing.T) {
	c, _ := newCal(t)
	for _, tc := range []struct {
		rule    string
		now     time.Time
		year    int
		missing bool
	}{
		{"11月30日还不提醒", time.Date(2026, 11, 30, 23, 59, 0, 0, cst), 2027, false},
		{"12月1日起提醒导入 2027 年", time.Date(2026, 12, 1, 0, 0, 0, 0, cst), 2027, true},
		{"按中心时区：UTC 11月30日16:00 已是北京时间12月1日", time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC), 2027, true},
		{"12月31日仍提醒", time.Date(2026, 12, 31, 12, 0, 0, 0, cst), 2027, true},
		{notice2026 + " 已有：2025年12月不提醒", time.Date(2025, 12, 1, 0, 0, 0, 0, cst), 2026, false},
		{"年中不提醒", time.Date(2026, 6, 1, 0, 0, 0, 0, cst), 2027, false},
		{"当年没有数据，任何一天都提醒", time.Date(2027, 3, 1, 0, 0, 0, 0, cst), 2027, true},
	} {
		y, missing := c.MissingNextYear(tc.now)
		if y != tc.year || missing != tc.missing {
			t.Errorf("%s: MissingNextYear(%v) = %d, %v; want %d, %v", tc.rule, tc.now, y, missing, tc.year, tc.missing)
		}
	}
	if _, err := c.ImportNotice("office", 0, strings.NewReader(notice2027)); err != nil {
		t.Fatal(err)
	}
	if y, missing := c.MissingNextYear(time.Date(2026, 12, 15, 0, 0, 0, 0, cst)); missing {
		t.Errorf("after importing 2027: MissingNextYear = %d, true", y)
	}
}
