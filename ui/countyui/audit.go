package countyui

// 操作日志 of countyd: who did what and when — boxes registered, accounts
// and their townships, tokens made and revoked, and every call of the pull
// API (token, route, parameters, how many records) — newest first, one
// page at a time through the store's audit indexes (store.SearchAudit),
// filtered by person, action and dates.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"bianmin/appliance/store"

	"github.com/labstack/echo/v4"
)

const auditPageSize = 50

func (a *App) auditRoutes() []Route {
	return []Route{{Method: http.MethodGet, Path: "/audit", Roles: admins, Handler: a.auditList}}
}

// auditChoice is one option of a select.
type auditChoice struct {
	Value, Label string
	Selected     bool
}

// auditField is one field of an entry: its label (or code) and value(s).
type auditField struct {
	Label         string
	Code          bool // no words for the field: its code is shown
	Before, After string
	Changed       bool
}

type auditRow struct {
	Seq    uint64
	Time   time.Time
	Actor  string
	Action string
	Code   string // the action's code when it has no words
	Object string
	Fields []auditField
}

type auditData struct {
	People, Actions      []auditChoice
	Rows                 []auditRow
	OlderURL, NewerURL   string
	Filtered             bool
	FromBad, ToBad       bool
	Stopped, IndexedNote bool
}

func (a *App) auditList(c echo.Context) error {
	v := a.newView(c, "county.audit.title", "county.audit.lead")
	q := store.AuditQuery{Actor: c.QueryParam("actor"), Action: c.QueryParam("action"), Size: auditPageSize}
	d := auditData{}
	for _, k := range []string{"actor", "action", "from", "to"} {
		v.Form[k] = strings.TrimSpace(c.QueryParam(k))
		d.Filtered = d.Filtered || v.Form[k] != ""
	}
	if s := v.Form["from"]; s != "" {
		t, err := time.ParseInLocation(time.DateOnly, s, a.Location)
		d.FromBad = err != nil
		q.From = t
	}
	if s := v.Form["to"]; s != "" {
		t, err := time.ParseInLocation(time.DateOnly, s, a.Location)
		d.ToBad = err != nil
		if err == nil {
			q.To = t.AddDate(0, 0, 1)
		}
	}
	if d.FromBad {
		v.fieldError("from", "county.audit.err.date")
	}
	if d.ToBad {
		v.fieldError("to", "county.audit.err.date")
	}
	var err error
	if q.Older, err = store.ParseAuditCursor(c.QueryParam("older")); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	if q.Newer, err = store.ParseAuditCursor(c.QueryParam("newer")); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	db := a.County.DB()
	people, err := db.AuditNames(false, 500)
	if err != nil {
		return err
	}
	actions, err := db.AuditNames(true, 500)
	if err != nil {
		return err
	}
	for _, p := range people {
		d.People = append(d.People, auditChoice{Value: p, Label: p, Selected: p == q.Actor})
	}
	for _, x := range actions {
		d.Actions = append(d.Actions, auditChoice{Value: x, Label: a.actionLabel(v, x), Selected: x == q.Action})
	}
	sort.SliceStable(d.Actions, func(i, j int) bool { return d.Actions[i].Label < d.Actions[j].Label })
	if !d.FromBad && !d.ToBad {
		page, err := db.SearchAudit(q)
		if err != nil {
			return err
		}
		d.Stopped = page.Stopped
		names, err := a.boxNames()
		if err != nil {
			return err
		}
		for _, e := range page.Entries {
			d.Rows = append(d.Rows, a.auditRowOf(v, names, e))
		}
		link := func(k string, cur store.AuditCursor) string {
			if cur.IsZero() {
				return ""
			}
			vals := url.Values{}
			for _, f := range []string{"actor", "action", "from", "to"} {
				if v.Form[f] != "" {
					vals.Set(f, v.Form[f])
				}
			}
			vals.Set(k, cur.String())
			return "/audit?" + vals.Encode()
		}
		d.OlderURL, d.NewerURL = link("older", page.Older), link("newer", page.Newer)
	}
	v.Data = d
	status := http.StatusOK
	if d.FromBad || d.ToBad {
		status = http.StatusBadRequest
	}
	return a.render(c, status, "audit", v)
}

// actionLabel words an action ("" when it has no words).
func (a *App) actionLabel(v *view, action string) string {
	if a.i18n.HasKey("audit.action." + action) {
		return v.T("audit.action." + action)
	}
	return action
}

func (a *App) auditRowOf(v *view, names map[uint64]string, e store.AuditEntry) auditRow {
	r := auditRow{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Object: e.Object}
	if a.i18n.HasKey("audit.action." + e.Action) {
		r.Action = v.T("audit.action." + e.Action)
	} else {
		r.Code = e.Action
	}
	before, after := flatJSON(e.Before), flatJSON(e.After)
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	fields := make([]string, 0, len(keys))
	for k := range keys {
		fields = append(fields, k)
	}
	sort.Strings(fields)
	for _, k := range fields {
		f := auditField{Before: before[k], After: after[k], Changed: e.Before != nil && before[k] != after[k]}
		if e.Before != nil && !f.Changed {
			continue // only what changed
		}
		if e.Before == nil && (emptyValue(f.After) || !auditShown(e.Object, k)) {
			continue // a new object: what it was made with
		}
		f.Before, f.After = a.auditValue(v, names, k, f.Before), a.auditValue(v, names, k, f.After)
		if a.i18n.HasKey("county.audit.field." + k) {
			f.Label = v.T("county.audit.field." + k)
		} else {
			f.Label, f.Code = k, true
		}
		r.Fields = append(r.Fields, f)
	}
	return r
}

// flatJSON reads an audit summary as field → text (nested values as
// compact JSON, cut long).
func flatJSON(raw json.RawMessage) map[string]string {
	out := map[string]string{}
	var m map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &m) != nil {
		return out
	}
	for k, v := range m {
		var s string
		if json.Unmarshal(v, &s) != nil {
			s = string(v)
		}
		if len(s) > 300 {
			s = s[:300] + "…"
		}
		out[k] = s
	}
	return out
}

// auditValue words the values that have words: yes/no and roles.
func (a *App) auditValue(v *view, names map[uint64]string, field, val string) string {
	switch {
	case val == "true":
		return v.T("county.audit.yes")
	case val == "false":
		return v.T("county.audit.no")
	case field == "role" && a.i18n.HasKey("role."+val):
		return v.T("role." + val)
	case field == "townships" || field == "boxes":
		var ids []uint64
		if json.Unmarshal([]byte(val), &ids) == nil && len(ids) > 0 {
			return townshipNames(ids, names)
		}
		if val == "" || val == "null" || val == "[]" {
			return v.T("county.users.all_townships")
		}
	}
	return val
}

func emptyValue(s string) bool {
	switch s {
	case "", "0", "null", "{}", "[]", "false":
		return true
	}
	return false
}

// auditHidden are the fields of an object's summary not worth a line (a
// registered box's id, key and registration, shown by the entry itself),
// by the object's kind.
var auditHidden = map[string]map[string]bool{
	"box": {"id": true, "key": true, "added": true, "added_by": true},
}

func auditShown(object, field string) bool {
	kind, _, _ := strings.Cut(object, "/")
	return !auditHidden[kind][field]
}
