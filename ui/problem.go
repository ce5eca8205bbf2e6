package ui

// Refusals on pages: every problem the domain returns (appliance/problem)
// is shown next to its form field, in the page's language, through one
// function; a rejected file's problems fill a table, one row a problem.

import (
	"strings"

	"bianmin/appliance/problem"
)

// showProblem puts each problem in err next to its field. fields maps the
// domain's field names to the form's; a field the map does not name, and a
// problem about no field, goes to fallback. A nil map means the form names
// its fields as the domain does. It reports false when err holds no
// problem (a failure, which the caller returns) — and for the store's own
// refusals (damaged, out of space), which are about no form: the caller
// returns them and the error page says so with its status (store_state.go).
func showProblem(v *view, err error, fields map[string]string, fallback string) bool {
	if _, _, ok := storeRefusal(err); ok {
		return false
	}
	probs := problem.All(err)
	for _, p := range probs {
		field, ok := fields[p.Field]
		if fields == nil {
			field, ok = p.Field, p.Field != ""
		}
		if !ok || field == "" {
			field = fallback
		}
		addFieldMessage(v, field, v.problemText(p))
	}
	return len(probs) > 0
}

// prefixed maps each domain field name to prefix+name: the fields of a
// form that edits one row of a list ("edit_name").
func prefixed(prefix string, names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = prefix + n
	}
	return m
}

// problemText is a problem's message in the page's language. A message
// that names a settings field ({{.Field}}: a limit of the attendance
// settings) names it by its label on the page.
func (v *view) problemText(p *problem.Problem) string {
	p = p.Bounded()
	args := argPairs(p.Args)
	if f, ok := p.Args["Field"].(string); ok {
		args = append(args, "Field", v.T("attui.settings.field."+f))
	}
	return v.T(p.Key, args...)
}

// addFieldMessage adds msg to the field's errors: a field can have two
// problems (a taken staff number and a bad phone are on different fields,
// but a window can be both inactive and of another unit).
func addFieldMessage(v *view, field, msg string) {
	if old := v.Errors[field]; old != "" && old != msg {
		msg = old + "；" + msg
	}
	v.Errors[field] = msg
}

// argPairs turns a message's arguments into the name/value pairs T takes.
func argPairs(args map[string]any) []any {
	out := make([]any, 0, 2*len(args))
	for k, val := range args {
		out = append(out, k, val)
	}
	return out
}

// problemRow is one problem of a rejected file, ready for a table.
type problemRow struct {
	Line    int    // 1-based; 0 = the file as a whole
	Column  string // the column's label, "" when the problem is not in one cell
	Value   string // the text as read
	Message string
}

// ValueNote is " （value）" for a table without a value column, unless the
// message already quotes the value.
func (r problemRow) ValueNote() string {
	if r.Value == "" || strings.Contains(r.Message, r.Value) {
		return ""
	}
	return "（" + r.Value + "）"
}

// problemRows turns a rejected file's problems into table rows; column
// labels a problem's field (nil: no column labels).
func problemRows(v *view, probs problem.List, column func(v *view, field string) string) []problemRow {
	rows := make([]problemRow, len(probs))
	for i, p := range probs {
		rows[i] = problemRow{Line: p.Line, Value: problem.Bound(p.Value), Message: v.problemText(p)}
		if column != nil {
			rows[i].Column = column(v, p.Field)
		}
	}
	return rows
}
