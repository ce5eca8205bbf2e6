package embedded_test

// The locale files' own tests: every key in both languages with the same
// arguments, every message a valid template, and every key the pages, the
// command line and the domain packages use defined — literal keys found
// in the sources, keys made at run time from the domain's values listed
// here.

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
	"bianmin/appliance/device"
	"bianmin/appliance/hall"
	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
	"bianmin/appliance/locale"
	"bianmin/appliance/queue"
	"bianmin/appliance/rating"
	"bianmin/appliance/screen"
	"bianmin/appliance/staff"
	"bianmin/embedded"
)

func catalog(t *testing.T) *locale.Catalog {
	t.Helper()
	cat, err := locale.Load(embedded.FS)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// messages reads every locale file: language → key → message.
func messages(t *testing.T) map[string]map[string]string {
	t.Helper()
	files, err := fs.Glob(embedded.FS, "locales/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no locale files (%v)", err)
	}
	out := map[string]map[string]string{}
	for _, f := range files {
		base := strings.TrimSuffix(path.Base(f), ".json")
		lang := base[strings.LastIndex(base, ".")+1:]
		data, err := fs.ReadFile(embedded.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if out[lang] == nil {
			out[lang] = map[string]string{}
		}
		maps.Copy(out[lang], m)
	}
	return out
}

// TestLocalesComplete fails when a key exists in one language and not the
// other.
func TestLocalesComplete(t *testing.T) {
	for lang, keys := range catalog(t).Missing() {
		for _, k := range keys {
			t.Errorf("locale %s lacks key %q", lang, k)
		}
	}
}

// TestLocaleMessagesParse: every message in every language is a valid
// template (the code's arguments are checked where the code gives them:
// the judgement's remarks, the import problems).
func TestLocaleMessagesParse(t *testing.T) {
	for lang, m := range messages(t) {
		for key, msg := range m {
			if _, err := template.New(key).Parse(msg); err != nil {
				t.Errorf("%s %s: %v", lang, key, err)
			}
		}
	}
}

// tmplKeyRE matches literal locale keys in templates ({{.T "a.b"}},
// {{$.T "a.b"}}, "Label" "a.b", "Hint" "a.b").
var tmplKeyRE = regexp.MustCompile(`\.T "([a-z_]+(?:\.[a-zA-Z0-9_]+)+)"|"(?:Label|Hint)" "([a-z_]+(?:\.[a-zA-Z0-9_]+)+)"`)

// TestUsedKeysExist fails when a template, a handler, a command or a
// domain package names a key that no locale file defines (it would show as
// the bare key).
func TestUsedKeysExist(t *testing.T) {
	cat := catalog(t)
	err := fs.WalkDir(embedded.FS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(embedded.FS, p)
		for _, m := range tmplKeyRE.FindAllStringSubmatch(string(b), -1) {
			if key := m[1] + m[2]; !cat.HasKey(key) {
				t.Errorf("%s uses locale key %q, which no locale file defines", p, key)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// In Go, a string literal that starts with a locale area ("records.",
	// "staff.", …) is a key: in the pages and commands from two parts on
	// ("settings.saved"), in the domain from three ("records.err.decided";
	// bucket names and audit actions there have two). A literal ending in
	// "." or "_" is a prefix completed at run time, listed in
	// TestLabelKeysExist.
	areas := map[string]bool{}
	for _, k := range cat.Keys() {
		areas[k[:strings.Index(k+".", ".")]] = true
	}
	n := 0
	for dir, minParts := range map[string]int{"../ui": 2, "../cmd": 2, "../appliance": 3} {
		for file, keys := range literalKeys(t, dir, areas, minParts) {
			for _, key := range keys {
				n++
				if !cat.HasKey(key) {
					t.Errorf("%s uses locale key %q, which no locale file defines", file, key)
				}
			}
		}
	}
	if n < 400 {
		t.Fatalf("found only %d keys in the Go sources; the scan is broken", n)
	}
}

// literalKeys returns, by file, the string literals of the non-test Go
// files under dir that look like locale keys of the areas.
func literalKeys(t *testing.T, dir string, areas map[string]bool, minParts int) map[string][]string {
	t.Helper()
	keyRE := regexp.MustCompile(`^[a-z][a-z_]*(\.[a-zA-Z0-9_]*[a-zA-Z0-9])+$`)
	out := map[string][]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		file, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && keyRE.MatchString(s) && strings.Count(s, ".") >= minParts-1 && areas[s[:strings.Index(s, ".")]] {
				out[p] = append(out[p], s)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLabelKeysExist: the keys pages and reports make at run time from the
// domain's values (a status, a preset, a leave type, a form field) exist.
func TestLabelKeysExist(t *testing.T) {
	var keys []string
	add := func(prefix string, vals ...string) {
		for _, v := range vals {
			keys = append(keys, prefix+v)
		}
	}
	for _, p := range attendance.Presets() {
		add("attendance.preset.", p.Key)
		for _, s := range p.Sessions {
			add("attendance.point.", s.Key+"_in", s.Key+"_out")
		}
	}
	for _, k := range screen.Kinds() {
		add("screen.kind.", string(k))
	}
	for _, m := range hall.VoiceModes() {
		add("hall.voice.mode.", string(m))
	}
	add("attendance.session.", attendance.SessionMorning, attendance.SessionAfternoon, attendance.SessionDay)
	for _, s := range []attendance.PointStatus{attendance.PointOK, attendance.PointLate, attendance.PointEarly, attendance.PointMissing,
		attendance.PointCoveredLeave, attendance.PointCoveredErrand, attendance.PointRemedied} {
		add("attendance.point_status.", string(s))
	}
	for _, s := range []attendance.SessionStatus{attendance.SessionOK, attendance.SessionMissedOne, attendance.SessionAbsent,
		attendance.SessionLeave, attendance.SessionErrand} {
		add("attendance.session_status.", string(s))
	}
	add("attendance.day_status.", string(attendance.DayJudged), string(attendance.DayNotJudged))
	for _, e := range []attendance.Exclusion{attendance.ExcludedBeforeGoLive, attendance.ExcludedBeforeStart, attendance.ExcludedAfterEnd} {
		add("attendance.excluded.", string(e))
		add("attendance.remark.excluded_", string(e))
	}
	for _, s := range []attendance.DecisionStatus{attendance.StatusPending, attendance.StatusApproved, attendance.StatusRejected,
		attendance.StatusAccepted, attendance.StatusWithdrawn} {
		add("records.status.", string(s))
	}
	add("attendance.cover.", string(attendance.CoverLeave), string(attendance.CoverErrand))
	for _, lt := range leave.Types() { // leave is counted by type in a month
		add("attendance.leave.", string(lt))
	}
	// Leave's words by value: types, steps and what is done at them,
	// statuses, sources, files, presets, units; the decision list's
	// outcomes; the dashboard's handovers.
	for _, lt := range leave.Types() {
		add("leave.type.", string(lt))
	}
	for _, k := range leave.StepKinds() {
		add("leave.step.", string(k))
	}
	for _, a := range leave.StepActs() {
		add("leave.act.", string(a))
	}
	for _, st := range leave.Statuses() {
		add("leave.status.", string(st))
		add("records.status.", string(st))
	}
	add("leave.source.", string(leave.SourceImport), string(leave.SourceOffice), string(leave.SourceRequest))
	for _, f := range leave.FileKinds() {
		add("leave.file.", string(f))
	}
	add("leave.rules.preset.", leave.RulesKeys()...)
	add("leave.unit.", string(leave.UnitDay), string(leave.UnitHour))
	add("leave.dash.handover_", string(attendance.HandoverWaiting), string(attendance.HandoverCovered),
		string(attendance.HandoverUncovered)+"_"+attendance.CauseLeftFirst, string(attendance.HandoverUncovered)+"_"+attendance.CauseNoSubstitute)
	for _, n := range []string{"title", "lead", "pending", "decided", "none_pending", "none_decided", "next_pending", "next_decided", "approve", "reject", "approved", "rejected"} {
		add("leave.list.", n)
	}
	// The queue's words by value: pause reasons, classes, statuses.
	for _, r := range queue.PauseReasons() {
		add("queue.reason.", string(r))
	}
	add("queue.class.", string(queue.ClassNormal), string(queue.ClassGreen), string(queue.ClassAppointment))
	for _, st := range queue.Statuses() {
		add("queue.state.", string(st))
	}
	add("attendance.missing_punch.", string(attendance.MissingIsMissed), string(attendance.MissingIsLateEarly))
	// Every field of the attendance settings form, by its JSON name.
	for _, v := range []any{attendance.Preset{}, attendance.Session{}, attendance.SeasonHours{}, attendance.Escalation{}} {
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			add("attendance.field.", strings.Split(rt.Field(i).Tag.Get("json"), ",")[0])
		}
	}
	add("staff.field.", "staff_no", "name", "unit", "window", "post", "position", "phone", "active", "start_date", "end_date")
	for _, p := range staff.Positions() {
		add("staff.position.", string(p))
	}
	for _, p := range staff.Posts() {
		add("staff.post.", string(p))
	}
	for _, k := range []calendar.Kind{calendar.KindWorkday, calendar.KindWeekend, calendar.KindHoliday, calendar.KindMakeup} {
		add("calendar.kind.", string(k))
	}
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		add("calendar.weekday.", strings.ToLower(wd.String()[:3]))
	}
	// The office grid's words, the hall board's states, the home pages'
	// lines by role, the clock's meaning and the devices' states.
	for _, s := range []attendance.DaySymbol{attendance.SymbolAbsent, attendance.SymbolMissed, attendance.SymbolLate, attendance.SymbolEarly,
		attendance.SymbolOffPost, attendance.SymbolLeave, attendance.SymbolErrand, attendance.SymbolNormal, attendance.SymbolRest, attendance.SymbolNone} {
		add("attendance.symbol.", string(s))
		add("attendance.symbol_meaning.", string(s))
	}
	for _, s := range attendance.TodayStates() {
		add("home.today.", string(s))
	}
	for _, r := range account.AllRoles {
		add("home.lead.", string(r))
		add("role.", string(r))
	}
	for _, q := range []attendance.TimeQuality{attendance.TimeSynced, attendance.TimeRTC, attendance.TimeUnsure} {
		add("home.time.help.", string(q))
	}
	for _, st := range []device.State{device.StateConnected, device.StateReconnecting, device.StateError, device.StateDisabled, "starting"} {
		add("devices.state.", string(st))
		add("devices.reason.", string(st))
	}
	for wd := range 7 {
		add("attui.grid.wd.", strconv.Itoa(wd))
	}
	// 受理: the intake's categories, statuses, actions (their forms' words),
	// document kinds and excluded periods.
	for _, c := range intake.Categories() {
		add("intake.category.", string(c))
	}
	for _, s := range intake.Statuses() {
		add("intake.status.", string(s))
	}
	add("intake.action.", string(intake.ActRegister))
	for _, a := range intake.Actions() {
		add("intake.action.", string(a))
		add("intake.action_hint.", string(a))
		add("intake.submit.", string(a))
		add("intake.action.done.", string(a))
	}
	add("intake.note.", "notice", "accept", "refuse", "report", "transfer", "joint", "pause", "decide", "deliver", "return")
	add("intake.field.to_", "report", "transfer", "joint")
	add("intake.outcome.", string(intake.OutcomeApproved), string(intake.OutcomeRefused))
	add("intake.id_kind.", string(intake.IDResident), string(intake.IDOld), string(intake.IDForeign), string(intake.IDOther))
	add("intake.err.id_", string(intake.IDLength), string(intake.IDChars), string(intake.IDBirth), string(intake.IDChecksum))
	for _, k := range intake.ExclusionKinds() {
		add("intake.exclusion.", string(k))
	}
	add("intake.due.kind.", string(intake.DueNotice), string(intake.DueDecision))
	// Ratings by value: levels, 差评 options, channels, follow-up states,
	// rules and periods.
	for _, l := range rating.Levels() {
		keys = append(keys, l.LocaleKey())
	}
	for _, o := range rating.Options() {
		keys = append(keys, o.LocaleKey())
	}
	add("rating.channel.", string(rating.ChannelButtons), string(rating.ChannelPanel))
	for _, st := range []rating.FUState{rating.FUOpen, rating.FUChecked, rating.FUClosed, rating.FUDirector, rating.FUDecided} {
		add("rating.fu.state.", string(st))
	}
	add("rating.rule.", string(rating.RuleLowestRate), string(rating.RuleOffice))
	add("rating.period.", string(rating.PeriodMonth), string(rating.PeriodQuarter))
	cat := catalog(t)
	for _, key := range keys {
		if !cat.HasKey(key) {
			t.Errorf("label %s is missing", key)
		}
	}
}

func TestCatalogFillsArguments(t *testing.T) {
	cat := catalog(t)
	if got := cat.T("zh-CN", "err.code", map[string]any{"Code": 404}); got != "错误代码 404" {
		t.Errorf("zh-CN err.code = %q", got)
	}
	if got := cat.T("en", "err.code", map[string]any{"Code": 404}); got != "Error code 404" {
		t.Errorf("en err.code = %q", got)
	}
	if got := cat.T("en", "no.such.key", nil); got != "no.such.key" {
		t.Errorf("missing key shows %q, want the key itself", got)
	}
}
