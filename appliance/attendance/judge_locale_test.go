package attendance

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"

	"bianmin/appliance/leave"
)

var judgeLocaleFiles = []string{"attendance.zh-CN.json", "attendance.en.json"}

func loadJudgeLocale(t *testing.T, name string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "embedded", "locales", name))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// judgeKeysInSource returns the locale keys the preset, clock and judge
// files use.
func judgeKeysInSource(t *testing.T) []string {
	t.Helper()
	var keys []string
	for _, pattern := range []string{"preset*.go", "clock*.go", "judge*.go"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil && strings.HasPrefix(s, "attendance.") {
						keys = append(keys, s)
					}
				}
				return true
			})
		}
	}
	if len(keys) < 40 {
		t.Fatalf("found only %d keys in the source; the scan is broken", len(keys))
	}
	return keys
}

// judgeLabelKeys are the labels the UI needs for the judgement's values.
func judgeLabelKeys() []string {
	var keys []string
	add := func(prefix string, vals ...string) {
		for _, v := range vals {
			keys = append(keys, prefix+v)
		}
	}
	for _, p := range Presets() {
		add("attendance.preset.", p.Key)
		for _, s := range p.Sessions {
			add("attendance.point.", pointKey(s.Key, true), pointKey(s.Key, false))
		}
	}
	add("attendance.session.", sessionKeys...)
	for _, s := range []PointStatus{PointOK, PointLate, PointEarly, PointMissing, PointCoveredLeave, PointCoveredErrand, PointRemedied} {
		add("attendance.point_status.", string(s))
	}
	for _, s := range []SessionStatus{SessionOK, SessionMissedOne, SessionAbsent, SessionLeave, SessionErrand} {
		add("attendance.session_status.", string(s))
	}
	add("attendance.day_status.", string(DayJudged), string(DayNotJudged))
	add("attendance.cover.", string(CoverLeave), string(CoverErrand))
	// Leave is counted by type in a month (Cover.LeaveType = leave.Type).
	for _, lt := range leave.Types() {
		add("attendance.leave.", string(lt))
	}
	add("attendance.missing_punch.", string(MissingIsMissed), string(MissingIsLateEarly))
	// Every field of the settings page, by its JSON name.
	for _, v := range []any{Preset{}, Session{}, SeasonHours{}, Escalation{}} {
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			add("attendance.field.", strings.Split(rt.Field(i).Tag.Get("json"), ",")[0])
		}
	}
	return keys
}

func TestJudgeLocaleKeys(t *testing.T) {
	zh, en := loadJudgeLocale(t, judgeLocaleFiles[0]), loadJudgeLocale(t, judgeLocaleFiles[1])
	for _, key := range append(judgeKeysInSource(t), judgeLabelKeys()...) {
		if zh[key] == "" || en[key] == "" {
			t.Errorf("key %s missing from a locale file (zh %q, en %q)", key, zh[key], en[key])
		}
	}
	for key := range zh {
		if _, ok := en[key]; !ok {
			t.Errorf("%s is in zh-CN but not en", key)
		}
		if !strings.HasPrefix(key, "attendance.") {
			t.Errorf("%s lacks the attendance. prefix", key)
		}
	}
	for key := range en {
		if _, ok := zh[key]; !ok {
			t.Errorf("%s is in en but not zh-CN", key)
		}
	}
}

// Every message renders with the arguments the judgement and Validate
// give it.
func TestJudgeLocaleTemplates(t *testing.T) {
	args := map[string]any{"Time": "08:31", "Due": "08:30", "Minutes": 1, "Grace": 0, "Start": "08:30", "End": "12:00",
		"Days": "0.5", "Date": "2026-05-04", "Count": 2, "Over": 120, "N": 4, "AtLeast": 4,
		"Max": 120, "Keys": "morning, afternoon, day", "Sum": 3, "Want": 2}
	for _, name := range judgeLocaleFiles {
		for key, msg := range loadJudgeLocale(t, name) {
			tmpl, err := template.New(key).Option("missingkey=error").Parse(msg)
			if err != nil {
				t.Errorf("%s %s: %v", name, key, err)
				continue
			}
			var b strings.Builder
			if err := tmpl.Execute(&b, args); err != nil {
				t.Errorf("%s %s: %v", name, key, err)
			}
		}
	}
}

// The arguments the code gives each remark are the ones its message uses:
// judge a busy month and render every remark it produced.
func TestJudgeRemarksRender(t *testing.T) {
	zh := loadJudgeLocale(t, judgeLocaleFiles[0])
	p := mustPreset(t, "standard", func(p *Preset) { p.LateGraceMinutes, p.EarlyGraceMinutes = 5, 5 })
	day := "2026-05-04"
	days := []DayInput{
		{Date: jDate(day), Working: true, Punches: jMarks(day, "08:33", "R11:50", "14:40"),
			Covers:  []Cover{jErrand(day, "17:00", "18:30")},
			OffPost: []OffPostEvent{{Start: jAt(day, "09:00"), Duration: 3 * time.Hour}, {Start: jAt(day, "10:00"), Duration: time.Minute}}},
		{Date: jDate("2026-05-05"), Working: true, Covers: []Cover{jLeave("2026-05-05", "sick", "08:00", "12:30"), jErrand("2026-05-05", "14:00", "18:30")},
			Punches: jMarks("2026-05-05", "11:00")},
		{Date: jDate("2026-05-06"), Working: true, Punches: jMarks("2026-05-06", "08:40", "11:59")},
		{Date: jDate("2026-05-07"), Working: true, Punches: jMarks("2026-05-07", "08:40", "11:59", "14:25")},
		{Date: jDate("2026-05-08"), Working: true, Punches: jMarks("2026-05-08", "08:25", "R12:00", "14:25")},
		{Date: jDate("2026-05-09"), Working: false, Punches: jMarks("2026-05-09", "09:00")},
	}
	for _, d := range []string{"2026-05-11", "2026-05-12", "2026-05-13"} {
		days = append(days, DayInput{Date: jDate(d), Working: true, Punches: jMarks(d, "08:25", "12:05", "14:25")})
	}
	m := JudgeMonth(p, days)
	cb := JudgeMonth(mustPreset(t, "county-b", nil), []DayInput{
		{Date: jDate(day), Working: true, Punches: jMarks(day, "12:05", "14:25")},
		{Date: jDate("2026-05-05"), Working: true, Punches: jMarks("2026-05-05", "08:25", "12:05", "14:25", "17:35")},
	})
	var remarks []Remark
	for _, d := range append(m.Days, cb.Days...) {
		for _, pt := range d.Points {
			remarks = append(remarks, pt.Remark)
		}
		for _, s := range d.Sessions {
			remarks = append(remarks, s.Remark)
		}
		for _, op := range d.OffPost {
			remarks = append(remarks, op.Remark)
		}
		remarks = append(remarks, d.Remarks...)
	}
	remarks = append(remarks, m.Remarks...)
	seen := map[string]bool{}
	for _, r := range remarks {
		seen[r.Key] = true
		tmpl, err := template.New(r.Key).Option("missingkey=error").Parse(zh[r.Key])
		if err != nil || zh[r.Key] == "" {
			t.Errorf("%s: no message (%v)", r.Key, err)
			continue
		}
		var b strings.Builder
		if err := tmpl.Execute(&b, r.Args); err != nil {
			t.Errorf("%s with %v: %v", r.Key, r.Args, err)
		}
	}
	for _, key := range judgeKeysInSource(t) {
		if strings.HasPrefix(key, "attendance.remark.") && !seen[key] {
			t.Errorf("no month here produced %s: add a day that does", key)
		}
	}
}
