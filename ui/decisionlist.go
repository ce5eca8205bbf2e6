package ui

// The decision list (申请 → 审批): the building block of every page on which
// someone asks for something and the office decides it — 补签 (remedies)
// and 异议 (objections) now; 请假 (leave), 差评 follow-ups and case steps
// next. One helper here and one template partial
// (embedded/templates/_decisions.html) give such a page:
//
//   - a filter bar (GET): the person, among the people the user may see,
//     and the outcome of the decided list;
//   - two lists, pending (oldest date first) and decided (newest decision
//     first), each a table with its own pager (?pending_page=, ?page=; the
//     links keep the filters and the other list's page) and an empty state
//     that says what happens next, or offers to clear the filters;
//   - on pending rows, for the office, the approve form and the reject
//     form with its reason field, both with the CSRF token; a refusal
//     shows next to that row's reason field; a kind that can be taken
//     back offers the withdraw button to the row's filer and the office
//     (the row's WithdrawURL), and may say beside the subject how it
//     stands now (State: 该点已有打卡 08:18);
//   - a print button and the print-only title line (the print stylesheet
//     leaves menus, filters, forms and pagers out).
//
// To give a new kind of record (leave, say) its page:
//
//  1. Domain: keep the kind's pending and decided indexes with
//     appliance/decision (decision.Put in the write) and answer a
//     decision.Query with decision.Lists: two decision.Page, paged by key
//     range (appliance/attendance's remedies show how).
//  2. Describe the kind once as a decisionKind: its path, its locale key
//     prefix (titles, buttons, empty states follow a naming convention),
//     its column headings.
//  3. GET handler: f := a.decisionFiltersOf(c, v, sc, kind, outcomes…);
//     ask the domain with f.query(sc); build the two lists with
//     decisionListOf(v, kind, f, office, false, page.Pending, rowOf) and
//     decisionListOf(…, true, page.Decided, rowOf), where rowOf turns a
//     record into a decisionRow.
//  4. Template: {{template "decisions-head" (dict "V" . "Title" "<title
//     key>")}} at the top, then {{template "decision-lists" (dict "V" . "F"
//     $d.Filters "P" $d.Pending "D" $d.Decided)}} — or, to put something
//     between the lists, "decision-filters" (dict "V" "F") and
//     "decision-list" (dict "V" "L") for each list.
//  5. Routes (office only): POST <path>/:id/approve and <path>/:id/reject,
//     each a.decide(c, decisionAction{…}, approve) with the domain call.

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bianmin/appliance/attendance"
	"bianmin/appliance/decision"

	"github.com/labstack/echo/v4"
)

// decisionKind is what a kind of requested-and-decided record tells the
// decision list about itself. Its texts are the locale keys Keys+"title",
// "lead", "pending", "decided" (the lists' headings), "none_pending",
// "none_decided" (their empty states), "next_pending", "next_decided"
// (what happens next), Approve and "reject" (the buttons), Approved and
// "rejected" (the messages after a decision).
type decisionKind struct {
	Path         string // the page; rows post to Path/<id>/approve and Path/<id>/reject
	Keys         string // the locale key prefix: "attui.remedy."
	Approve      string // the approve button's key: "approve", "accept"
	Approved     string // the message after an approval: "approved", "accepted"
	RowPrefix    string // "r-": a row's id is RowPrefix + record id
	SubjectCol   string // the column naming what was asked (打卡点, 异议事项)
	RequestedCol string // the column of the request time (申请时间, 提出时间)
	DateCol      string // the date column's heading ("": 日期)
	// Steps: the kind is decided in several steps by different people
	// (请假: the unit's slip, the office, the director, …). Its rows carry
	// where they stand (decisionRow.Stage) and link to the record's page
	// (OpenURL), where the step is done; the list has no inline forms.
	Steps bool
}

// key is the kind's locale key k.
func (k decisionKind) key(name string) string { return k.Keys + name }

// decisionOption is one choice of a filter select.
type decisionOption struct{ Value, Label string }

// decisionFilters is the filter bar of a decision page, as chosen.
type decisionFilters struct {
	Action   string       // the page's path
	People   []staffGroup // the person select; none when the user sees only their own
	Person   string       // the chosen staff id; "" everyone
	Outcomes []decisionOption
	Outcome  string
	Set      bool // some filter is chosen
	Unlinked bool // the user's account is linked to no staff member: there is nothing of theirs to list
	// the lists' pages, and the query the pagers' links keep
	pendingPage, decidedPage int
	links                    url.Values
}

// decisionFiltersOf reads the filters (?person=, ?outcome=) and the pages
// (?pending_page=, ?page=) of a decision page; outcomes are the decided
// list's outcomes the kind knows.
func (a *App) decisionFiltersOf(c echo.Context, v *view, sc recordsScope, k decisionKind, outcomes ...string) (decisionFilters, error) {
	f := decisionFilters{Action: k.Path, links: url.Values{}, Unlinked: sc.Kind == "unlinked"}
	if sc.Kind == "all" || sc.Kind == "team" {
		var err error
		if f.People, err = a.scopePeople(sc); err != nil {
			return f, err
		}
		if id := parseID(c.QueryParam("person")); id != 0 && sc.sees(id) {
			f.Person = idString(id)
			f.links.Set("person", f.Person)
		}
	}
	for _, o := range outcomes {
		f.Outcomes = append(f.Outcomes, decisionOption{Value: o, Label: v.T("records.status." + o)})
		if c.QueryParam("outcome") == o {
			f.Outcome = o
			f.links.Set("outcome", f.Outcome)
		}
	}
	f.Set = f.Person != "" || f.Outcome != ""
	f.pendingPage, _ = strconv.Atoi(c.QueryParam("pending_page"))
	f.decidedPage, _ = strconv.Atoi(c.QueryParam("page"))
	return f, nil
}

// query is what the filters ask of the domain for the scope.
func (f decisionFilters) query(sc recordsScope) decision.Query {
	return decision.Query{Scope: sc.domain(), StaffID: parseID(f.Person), Outcome: f.Outcome,
		PendingPage: f.pendingPage, DecidedPage: f.decidedPage, PageSize: recordsPageSize}
}

// decisionList is one list of a decision page, pending or decided, as
// _decisions.html shows it.
type decisionList struct {
	ID           string // pending, decided: the heading's id and the pager's anchor
	Title        string
	Decided      bool
	DateCol      string
	SubjectCol   string
	RequestedCol string
	Rows         []decisionRow
	Pager        pager
	Empty        string // 没有待审批的补签申请。
	Next         string // what happens next
	ClearURL     string // set when the filters emptied the list: clears them
	Decide       bool   // approve and reject forms on the rows (the office)
	Approve      string
	Reject       string
	Print        bool // the print button sits on this list's heading
	MaxReason    int
	// Steps: rows show where they stand and link to their page (a
	// multi-step kind, decisionKind.Steps).
	Steps bool
}

// decisionRow is one record of a decision list.
type decisionRow struct {
	ID             uint64
	Anchor         string // the row's id (r-12)
	Name           string // 刘芳（QS004）
	URL            string // where the name links: the person's month
	DateText       string
	Subject        string // 上午签到, 脱岗记录第 3 号
	Reason         string
	RequestedAt    string
	RequestedBy    string // "" leaves it out
	Status         attendance.DecisionStatus
	Note           string // what an accepted decision changes
	DecisionReason string
	DecidedAt      string
	DecidedBy      string
	ApproveURL     string
	RejectURL      string
	ReasonField    string // the reject form's reason field, where a refusal shows
	// Multi-step kinds: where the record stands (待 中心主任 审批), its page,
	// and whether the user acts at its current step (the link then says
	// 办理 instead of 查看).
	Stage   string
	OpenURL string
	MyTurn  bool
	// State says how what was asked stands now (该点已有打卡 08:18, 该点
	// 漏签); StateWarn marks one the office should not approve.
	State     string
	StateWarn bool
	// WithdrawURL, when set, offers the withdraw button (the filer's own
	// pending request, or the office).
	WithdrawURL string
}

// OK reports whether the record was approved or accepted.
func (r decisionRow) OK() bool {
	return r.Status == attendance.StatusApproved || r.Status == attendance.StatusAccepted
}

// Withdrawn reports whether the filer (or the office) took it back.
func (r decisionRow) Withdrawn() bool { return r.Status == attendance.StatusWithdrawn }

// decisionListOf builds the pending (decided false) or decided list of a
// page from the domain's page of records; row turns a record into a row
// (name, date, subject, reason, request and decision), and the list adds
// the row's anchor, forms and reason field.
func decisionListOf[T any](v *view, k decisionKind, f decisionFilters, office, decided bool, lp decision.Page[T], row func(T) decisionRow) decisionList {
	l := decisionList{ID: "pending", Title: v.T(k.key("pending")), SubjectCol: v.T(k.SubjectCol), RequestedCol: v.T(k.RequestedCol), DateCol: v.T("attui.col.date"),
		Empty: v.T(k.key("none_pending")), Next: v.T(k.key("next_pending")), Decide: office && !decided,
		Approve: v.T(k.key(k.Approve)), Reject: v.T(k.key("reject")), Print: !decided, MaxReason: attendance.MaxReasonRunes, Steps: k.Steps}
	if k.Steps {
		l.Decide = false
	}
	if k.DateCol != "" {
		l.DateCol = v.T(k.DateCol)
	}
	param, other, otherPage := "pending_page", "page", f.decidedPage
	if decided {
		l.ID, l.Title, l.Decided, l.Empty, l.Next = "decided", v.T(k.key("decided")), true, v.T(k.key("none_decided")), v.T(k.key("next_decided"))
		param, other, otherPage = "page", "pending_page", f.pendingPage
	}
	links := cloneValues(f.links)
	if otherPage > 1 {
		links.Set(other, strconv.Itoa(otherPage))
	}
	l.Pager = newPagerParam(k.Path, links, param, lp.Total, lp.Page, recordsPageSize)
	l.Pager.anchor(l.ID)
	if f.Set && lp.Total == 0 {
		l.Empty, l.Next, l.ClearURL = v.T("attui.decisions.none_filtered"), "", k.Path
	}
	for _, r := range lp.Rows {
		dr := row(r)
		id := strconv.FormatUint(dr.ID, 10)
		dr.Anchor, dr.ReasonField = k.RowPrefix+id, reasonField(dr.ID)
		if l.Decide {
			dr.ApproveURL, dr.RejectURL = k.Path+"/"+id+"/approve", k.Path+"/"+id+"/reject"
		}
		l.Rows = append(l.Rows, dr)
	}
	return l
}

// reasonField is the reject form's reason field of the record id.
func reasonField(id uint64) string { return "reason-" + strconv.FormatUint(id, 10) }

// decisionAction is one approve or reject route of a decision list.
type decisionAction struct {
	Kind  decisionKind
	Ready func() error // nil: always ready
	// Do approves (or accepts) or rejects the record id for actor, with
	// the reason typed in the row's reason field.
	Do func(actor string, id uint64, approve bool, reason string) error
	// Page shows the page again with the refusal next to the row.
	Page func(c echo.Context, v *view, status int) error
}

// decide is every approve and reject handler of a decision list: the id
// from the path (404 when the domain knows none), the reason, the
// domain's decision, a refusal shown next to the row's reason field, or
// the flash and back to the list.
func (a *App) decide(c echo.Context, d decisionAction, approve bool) error {
	if d.Ready != nil {
		if err := d.Ready(); err != nil {
			return err
		}
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("reason"))
	if err := d.Do(currentUser(c).Username, id, approve, reason); err != nil {
		if err = notFoundRecord(err); isHTTPError(err) {
			return err
		}
		v := a.newView(c, d.Kind.key("title"), d.Kind.key("lead"), "attendance")
		field := reasonField(id)
		v.Form[field] = reason
		if !showProblem(v, err, map[string]string{}, field) {
			return err
		}
		return d.Page(c, v, http.StatusBadRequest)
	}
	flash := d.Kind.key("rejected")
	if approve {
		flash = d.Kind.key(d.Kind.Approved)
	}
	a.flash(c, "ok", flash)
	return c.Redirect(http.StatusSeeOther, d.Kind.Path)
}
