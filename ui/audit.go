package ui

// 操作日志: the audit log as an office clerk reads it — who did what to
// which record and when, the fields it changed, searchable by person,
// action and date, one page at a time (appliance/auditlog pages by key
// range; this file only words what it returns). Beside it: the chain's
// last check and its signed head, which is what proves the history was not
// rewritten once it is kept off the box.

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/auditlog"
	"bianmin/appliance/problem"
	"bianmin/appliance/store"

	"github.com/labstack/echo/v4"
)

// auditPageSize is how many entries one page of the log shows.
const auditPageSize = 50

// dayShapeRE is a date written the right way, which may still not exist
// (2026-02-30).
var dayShapeRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// auditChoice is one option of the person or action select.
type auditChoice struct {
	Value, Label string
	Selected     bool
}

// auditRow is one entry as the page words it.
type auditRow struct {
	Seq     uint64
	Time    string
	Person  template.HTML // the account's username marked as an identifier
	Action  string
	Code    string // the action's code, for the technician (lang="en")
	Object  string
	Changes []auditChange
	Cut     string // "内容过长，已截断" with the size, when a summary was cut
}

// auditChange is one field's change, worded.
type auditChange struct {
	Field, Before, After string
	Technical            bool // the field has no words: its code is shown (lang="en")
	// BeforeCode, AfterCode: the value is a code with no words (shown as
	// it is, lang="zxx").
	BeforeCode, AfterCode bool
}

// auditPageData is what audit.html shows.
type auditPageData struct {
	People, Actions []auditChoice
	Rows            []auditRow
	NewerURL        string
	OlderURL        string
	NewestURL       string
	Stopped         bool
	Indexing        bool
	IndexLeft       uint64
	Filtered        bool
	Check           auditlog.Check
	Checked         bool
	Head            auditlog.Head
	HeadErr         bool
	Fingerprint     string
	FromBad, ToBad  bool
	Issues          bool
}

func (a *App) auditLog(c echo.Context) error {
	v := a.newView(c, "audit.title", "audit.lead", "audit")
	q, d := a.auditQuery(c, v)
	page, err := a.Audit.Search(q)
	if err != nil {
		return err
	}
	d.Stopped, d.Indexing, d.IndexLeft = page.Stopped, page.Indexing, page.IndexLeft
	names := a.auditNames()
	for _, r := range page.Rows {
		d.Rows = append(d.Rows, a.auditRow(v, r, names))
	}
	base := url.Values{}
	for _, k := range []string{"person", "action"} {
		if s := strings.TrimSpace(c.QueryParam(k)); s != "" {
			base.Set(k, s)
		}
	}
	for k, bad := range map[string]bool{"from": d.FromBad, "to": d.ToBad} {
		if s := strings.TrimSpace(c.QueryParam(k)); s != "" && !bad {
			base.Set(k, s)
		}
	}
	d.Filtered = len(base) > 0
	link := func(k, cur string) string {
		q := cloneValues(base)
		q.Set(k, cur)
		return "/audit?" + q.Encode() + "#log"
	}
	if page.Older != "" {
		d.OlderURL = link("older", page.Older)
	}
	if page.Newer != "" {
		d.NewerURL = link("newer", page.Newer)
	}
	if c.QueryParam("older") != "" || c.QueryParam("newer") != "" {
		d.NewestURL = "/audit?" + base.Encode() + "#log"
	}
	actors, actions, err := a.Audit.Names(200)
	if err != nil {
		return err
	}
	d.People = a.auditPeople(v, actors, names, c.QueryParam("person"))
	d.Actions = auditActions(v, actions, c.QueryParam("action"))
	d.Check, d.Checked = a.Audit.LastCheck()
	d.Issues = d.Checked && !d.Check.Running && (!d.Check.Result.OK || d.Check.Err != "")
	d.Head, err = a.Audit.SignedHead()
	d.HeadErr = err != nil
	if k := a.Audit.Key(); k != nil {
		d.Fingerprint = k.Fingerprint()
	}
	v.Data = d
	return a.render(c, http.StatusOK, "audit", v)
}

// auditQuery reads the filters and the page position from the address.
// A date that cannot be read is said next to its field and left out.
func (a *App) auditQuery(c echo.Context, v *view) (auditlog.Query, auditPageData) {
	var d auditPageData
	q := auditlog.Query{Actor: strings.TrimSpace(c.QueryParam("person")), Action: strings.TrimSpace(c.QueryParam("action")), Size: auditPageSize}
	for _, f := range []struct {
		name string
		to   *time.Time
		bad  *bool
		end  bool
	}{{"from", &q.From, &d.FromBad, false}, {"to", &q.To, &d.ToBad, true}} {
		s := strings.TrimSpace(c.QueryParam(f.name))
		v.Form[f.name] = problem.Bound(s)
		if s == "" {
			continue
		}
		day, ok := a.parseLocalDay(s)
		if !ok {
			*f.bad = true
			if dayShapeRE.MatchString(s) {
				v.fieldError(f.name, "audit.err.no_such_day", "Date", s)
			} else {
				v.fieldError(f.name, "audit.err.date")
			}
			continue
		}
		if f.end {
			day = day.AddDate(0, 0, 1) // through the whole day
		}
		*f.to = day
	}
	var err error
	if q.Older, err = store.ParseAuditCursor(c.QueryParam("older")); err != nil {
		q.Older = store.AuditCursor{}
	}
	if q.Newer, err = store.ParseAuditCursor(c.QueryParam("newer")); err != nil {
		q.Newer = store.AuditCursor{}
	}
	return q, d
}

// auditNames are the accounts' display names by username.
func (a *App) auditNames() map[string]string {
	out := map[string]string{}
	if users, err := a.Accounts.Users(); err == nil {
		for _, u := range users {
			out[u.Username] = u.DisplayName
		}
	}
	return out
}

// auditPerson words an actor: an account by name, the system, a device,
// the command line, a visitor who was not signed in (text, for the
// person select).
func auditPerson(v *view, actor string, names map[string]string) string {
	return htmlText(auditPersonHTML(v, actor, names))
}

// auditPersonHTML is auditPerson with usernames marked as identifiers.
func auditPersonHTML(v *view, actor string, names map[string]string) template.HTML {
	switch kind, rest, _ := strings.Cut(actor, ":"); {
	case names[actor] != "":
		return v.THTML("audit.person.account", "Name", names[actor], "Username", zxx(actor))
	case actor == "system" || kind == "system":
		return v.THTML("audit.person.system")
	case kind == "device":
		return v.THTML("audit.person.device", "Device", auditDevice(v, rest))
	case kind == "cli":
		return v.THTML("audit.person.cli", "User", zxx(rest))
	case actor == "anonymous" || strings.HasPrefix(actor, "anonymous@"):
		return v.THTML("audit.person.anonymous")
	}
	return template.HTML(`<span lang="zxx" translate="no">` + template.HTMLEscapeString(actor) + `</span>`)
}

// htmlText is the text of a fragment THTML made (its tags dropped, its
// escapes undone).
func htmlText(h template.HTML) string {
	s := string(h)
	for {
		i := strings.Index(s, "<")
		j := strings.Index(s, ">")
		if i < 0 || j < i {
			break
		}
		s = s[:i] + s[j+1:]
	}
	return html.UnescapeString(s)
}

func auditDevice(v *view, name string) string {
	if key := "audit.device." + name; v.app.i18n.HasKey(key) {
		return v.T(key)
	}
	return name
}

func (a *App) auditPeople(v *view, actors []string, names map[string]string, selected string) []auditChoice {
	out := make([]auditChoice, 0, len(actors))
	for _, s := range actors {
		out = append(out, auditChoice{Value: s, Label: auditPerson(v, s, names), Selected: s == selected})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}

// auditAction words an action ("staff.update" → 修改人员信息); an action
// with no words yet shows as itself.
func auditAction(v *view, action string) string {
	if key := "audit.action." + action; v.app.i18n.HasKey(key) {
		return v.T(key)
	}
	return v.T("audit.action_other", "Code", action)
}

func auditActions(v *view, actions []string, selected string) []auditChoice {
	out := make([]auditChoice, 0, len(actions))
	for _, s := range actions {
		out = append(out, auditChoice{Value: s, Label: auditAction(v, s), Selected: s == selected})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}

// auditRow words one entry.
func (a *App) auditRow(v *view, r auditlog.Row, names map[string]string) auditRow {
	row := auditRow{Seq: r.Seq, Time: v.DateTime(r.Time), Person: auditPersonHTML(v, r.Actor, names),
		Action: auditAction(v, r.Action), Code: r.Action, Object: a.auditObject(v, r.Object)}
	for _, ch := range r.Changes {
		if ch.Truncated() {
			size := ch.After.Text
			if ch.After.Kind == auditlog.Absent {
				size = ch.Before.Text
			}
			row.Cut = v.T("audit.truncated", "Bytes", size)
			continue
		}
		field, technical := auditField(v, ch.Field)
		before, after := a.auditValue(v, ch.Field, ch.Before), a.auditValue(v, ch.Field, ch.After)
		row.Changes = append(row.Changes, auditChange{Field: field, Technical: technical, Before: before, After: after,
			BeforeCode: rawCode(ch.Before, before), AfterCode: rawCode(ch.After, after)})
	}
	return row
}

// auditField words a field: its locale key (audit.field.<name>, the
// last part of a dotted name when the whole has none), or its name for
// the technician.
func auditField(v *view, name string) (string, bool) {
	if name == "" {
		return v.T("audit.field.value"), false
	}
	for _, k := range []string{name, name[strings.LastIndex(name, ".")+1:]} {
		if key := "audit.field." + k; v.app.i18n.HasKey(key) {
			return v.T(key), false
		}
	}
	return name, true
}

// auditValueWords are fields whose values have words of their own: a
// role "office" reads 中心办公室.
var auditValueWords = map[string]string{"role": "role.", "quality": "punch.quality.", "source": "punch.source.",
	"position": "staff.position.", "post": "staff.post.", "status": "records.status.", "screen_kind": "screen.kind.",
	"kind": "report.kind.", "preset": "attendance.preset."}

// rawCode: the value is shown as stored — a list or an object as JSON, or
// a code with no words of its own — and is marked as an identifier.
func rawCode(x auditlog.Value, shown string) bool {
	return x.Kind == auditlog.Data || x.Kind == auditlog.Text && shown == x.Text && codeLike(shown)
}

// codeLike: a code ("weekly", "2026-W09") rather than words.
func codeLike(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_.-:/@+", r)) {
			return false
		}
	}
	return true
}

// auditRefs are fields that hold the number of another record: the page
// names the record ("民政办").
var auditRefs = map[string]string{"unit_id": "unit", "window_id": "window", "staff_id": "staff"}

func (a *App) auditValue(v *view, field string, x auditlog.Value) string {
	if p, ok := auditValueWords[field]; ok && x.Kind == auditlog.Text && v.app.i18n.HasKey(p+x.Text) {
		return v.T(p + x.Text)
	}
	if kind, ok := auditRefs[field[strings.LastIndex(field, ".")+1:]]; ok && x.Kind == auditlog.Text {
		if x.Text == "0" {
			return v.T("audit.value.empty")
		}
		return a.auditObject(v, kind+"/"+x.Text)
	}
	switch x.Kind {
	case auditlog.Instant:
		if t, err := time.Parse(time.RFC3339Nano, x.Text); err == nil {
			return v.app.clockText(t)
		}
		return x.Text
	case auditlog.Absent:
		return "—"
	case auditlog.Yes:
		return v.T("audit.value.yes")
	case auditlog.No:
		return v.T("audit.value.no")
	case auditlog.Empty:
		return v.T("audit.value.empty")
	}
	return x.Text
}

// auditObject words what an entry is about: "人员 张三" for staff/12 when
// the record is still there, else the kind and number.
func (a *App) auditObject(v *view, object string) string {
	kind, rest, ok := strings.Cut(object, "/")
	id, err := strconv.ParseUint(rest, 10, 64)
	if !ok || err != nil {
		if key := "audit.object." + kind; ok && v.app.i18n.HasKey(key) {
			return v.T(key, "ID", rest)
		}
		return object
	}
	name := ""
	switch kind {
	case "staff":
		if s, err := a.Staff.GetStaff(id); err == nil {
			name = s.Name
		}
	case "unit":
		if u, err := a.Staff.Unit(id); err == nil {
			name = u.Name
		}
	case "window":
		if w, err := a.Staff.Window(id); err == nil {
			name = w.Name
		}
	case "user":
		if u, err := a.Accounts.User(id); err == nil {
			name = u.DisplayName
		}
	}
	key := "audit.object." + kind
	if !v.app.i18n.HasKey(key) {
		return object
	}
	if name != "" {
		return v.T("audit.object.named", "Kind", v.T(key, "ID", id), "Name", name)
	}
	return v.T(key, "ID", id)
}

// auditHeadLine is the signed head as the foot of a report PDF prints it
// ("" when the log cannot be read).
func (a *App) auditHeadLine(lang string) string {
	h, err := a.Audit.SignedHead()
	if err != nil && err != auditlog.ErrNoKey {
		a.Logger.Warn("audit head for a report", "err", err)
		return ""
	}
	return auditlog.FooterLine(h, func(key string, args map[string]any) string { return a.i18n.T(lang, key, args) })
}

// auditCheck starts a full check of the chain in the background.
func (a *App) auditCheck(c echo.Context) error {
	a.Audit.StartCheck()
	a.flash(c, "ok", "audit.check.started")
	return c.Redirect(http.StatusSeeOther, "/audit")
}

// auditHeadFile downloads the current signed head as a head file, to keep
// off the box (and check later with `bianmin audit verify --head FILE`).
func (a *App) auditHeadFile(c echo.Context) error {
	h, err := a.Audit.SignedHead()
	if err != nil && err != auditlog.ErrNoKey {
		return err
	}
	h2 := c.Response().Header()
	h2.Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", fmt.Sprintf("bianmin-audit-head-%d.txt", h.Seq)))
	h2.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", auditlog.FormatHead(h))
}
