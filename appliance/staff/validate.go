package staff

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"bianmin/appliance/civil"
	"bianmin/appliance/problem"
)

// Phone formats (GB/T numbering): a mobile number is 11 digits starting with
// 1 and a second digit 3–9; a landline is an optional area code (0 and 2–3
// digits, optionally followed by "-"), a 7–8 digit local number starting 2–9,
// and an optional extension after "-".
var (
	mobileRE   = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	landlineRE = regexp.MustCompile(`^(0[0-9]{2,3}-?)?[2-9][0-9]{6,7}(-[0-9]{1,6})?$`)
)

// narrow trims s and maps full-width letters, digits and punctuation (as a
// Chinese input method types them) to their ASCII forms.
func narrow(s string) string { return strings.TrimSpace(width.Narrow.String(s)) }

// normalizeStaffNo checks a staff number: 1–MaxStaffNoLen ASCII letters,
// digits and "-", starting with a letter or digit (so a spreadsheet never
// reads it as a formula).
func normalizeStaffNo(raw string) (string, *problem.Problem) {
	no := narrow(raw)
	switch {
	case no == "":
		return no, problem.WithArgs("staff_no", "staff.err.staff_no_required", nil)
	case len(no) > MaxStaffNoLen:
		return no, problem.WithArgs("staff_no", "staff.err.staff_no_too_long", map[string]any{"Max": MaxStaffNoLen})
	}
	for i, c := range no {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' && i > 0
		if !ok {
			return no, problem.WithArgs("staff_no", "staff.err.staff_no_format", nil)
		}
	}
	return no, nil
}

// staffNoKey is the index key of a staff number: numbers differing only in
// letter case are the same number.
func staffNoKey(no string) []byte { return []byte(strings.ToUpper(no)) }

// textRule says how a free-text field (a name) is checked.
type textRule struct {
	field       string
	requiredKey string
	tooLongKey  string
	max         int // runes
}

var (
	personNameRule = textRule{"name", "staff.err.name_required", "staff.err.name_too_long", MaxNameRunes}
	unitNameRule   = textRule{"name", "staff.err.unit_name_required", "staff.err.unit_name_too_long", MaxUnitNameRunes}
	windowNameRule = textRule{"name", "staff.err.window_name_required", "staff.err.window_name_too_long", MaxWindowNameRunes}
)

// check trims raw and checks it against the rule. Text may not start with a
// spreadsheet formula character or contain control characters, so that an
// exported CSV opens safely in Excel.
func (r textRule) check(raw string) (string, *problem.Problem) {
	s := strings.TrimSpace(raw)
	switch {
	case s == "":
		return s, problem.WithArgs(r.field, r.requiredKey, nil)
	case utf8.RuneCountInString(s) > r.max:
		return s, problem.WithArgs(r.field, r.tooLongKey, map[string]any{"Max": r.max})
	case strings.ContainsAny(s[:1], "=+-@") || strings.ContainsFunc(s, unicode.IsControl) || !utf8.ValidString(s):
		return s, problem.WithArgs(r.field, "staff.err.text_invalid", nil)
	}
	return s, nil
}

// normalizePhone checks an optional phone number; spaces are dropped.
func normalizePhone(raw string) (string, *problem.Problem) {
	p := strings.ReplaceAll(narrow(raw), " ", "")
	if p == "" || mobileRE.MatchString(p) || !strings.HasPrefix(p, "1") && landlineRE.MatchString(p) {
		return p, nil
	}
	return p, problem.WithArgs("phone", "staff.err.phone_invalid", nil)
}

// parsePost reads a post as written in a form or spreadsheet: A, B, A岗, B岗.
func parsePost(raw string) (Post, bool) {
	s := strings.ToUpper(strings.TrimSuffix(narrow(raw), "岗"))
	p := Post(s)
	return p, p.Valid()
}

// positionWords are the Chinese words accepted for each position.
var positionWords = map[string]Position{
	"工作人员":   PositionStaff,
	"窗口工作人员": PositionStaff,
	"窗口负责人":  PositionLead,
	"首席代表":   PositionChief,
}

// parsePosition reads a position code (staff, lead, chief) or its Chinese
// name (工作人员, 窗口负责人, 首席代表).
func parsePosition(raw string) (Position, bool) {
	s := narrow(raw)
	if p, ok := positionWords[s]; ok {
		return p, true
	}
	p := Position(strings.ToLower(s))
	return p, p.Valid()
}

// ParseYesNo reads a yes/no cell as spreadsheets write it: yes/no,
// true/false, 1/0, y/n, 是/否, 启用/停用 (full-width forms too). The staff
// import reads its active column with it; other imports (leave
// certificates) reuse it.
func ParseYesNo(raw string) (yes, ok bool) {
	switch strings.ToLower(narrow(raw)) {
	case "yes", "y", "true", "1", "是", "启用":
		return true, true
	case "no", "n", "false", "0", "否", "停用":
		return false, true
	}
	return false, false
}

// parseWindowNumber reads a window number: "3", "3号" or "3号窗口".
func parseWindowNumber(raw string) (int, bool) {
	s := strings.TrimSuffix(strings.TrimSuffix(narrow(raw), "窗口"), "号")
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil && n >= 1 && n <= MaxWindowNumber
}

// checkStaffFields normalizes s's own fields (not its unit and window) and
// reports what is wrong with them. An empty post means A岗.
func checkStaffFields(s *Staff) problem.List {
	var fe problem.List
	var e *problem.Problem
	if s.StaffNo, e = normalizeStaffNo(s.StaffNo); e != nil {
		fe.Add(e)
	}
	if s.Name, e = personNameRule.check(s.Name); e != nil {
		fe.Add(e)
	}
	if s.Post == "" {
		s.Post = PostA
	}
	if !s.Post.Valid() {
		fe.Add(problem.WithArgs("post", "staff.err.post_invalid", nil))
	}
	switch {
	case s.Position == "":
		fe.Add(problem.WithArgs("position", "staff.err.position_required", nil))
	case !s.Position.Valid():
		fe.Add(problem.WithArgs("position", "staff.err.position_invalid", nil))
	}
	if s.Phone, e = normalizePhone(s.Phone); e != nil {
		fe.Add(e)
	}
	for _, e := range checkDates(s) {
		fe.Add(e)
	}
	return fe
}

// checkDates normalizes the start and end dates (as typed: 2026-3-2,
// 2026年3月2日 …) and checks them: the start is required, the end may be
// empty and is not before the start.
func checkDates(s *Staff) []*problem.Problem {
	var out []*problem.Problem
	var e *problem.Problem
	if s.StartDate, e = civil.Parse("start_date", s.StartDate); e != nil {
		out = append(out, e)
	}
	if s.EndDate, e = civil.Optional("end_date", s.EndDate); e != nil {
		out = append(out, e)
	}
	if len(out) == 0 && s.EndDate != "" && s.EndDate < s.StartDate {
		out = append(out, problem.WithArgs("end_date", "staff.err.end_before_start", map[string]any{"Start": s.StartDate, "End": s.EndDate}))
	}
	return out
}
