package ui

// 评价: the citizens' ratings at the windows (appliance/rating) — the
// month's ratings, the 差评 follow-ups with their steps, the satisfaction
// statistics with a chart, the appraisals of 最不满意人员 with the staff
// flagged for return to their unit, and the settings. Every rule is the
// rating domain's; the pages read its read models and call its writes.

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/rating"
	"bianmin/appliance/store"

	"github.com/labstack/echo/v4"
)

// Who sees what in 评价.
var (
	ratingReaders = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleInspector}
	// ratingActors act on follow-ups: the office, the director (a
	// rejected result); the service checks which step is whose.
	ratingActors = []account.Role{account.RoleOffice, account.RoleDirector}
)

const ratingPageSize = 50

func (a *App) ratingReady() error {
	if a.Ratings == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	return nil
}

// ratingView is a 评价 page's view.
func (a *App) ratingView(c echo.Context, title, lead string) (*view, error) {
	if err := a.ratingReady(); err != nil {
		return nil, err
	}
	return a.newView(c, title, lead, "rating"), nil
}

// ratingLine is one rating as the lists show it.
type ratingLine struct {
	Seq     uint64
	When    string
	Window  int
	Ticket  string
	Case    string
	Service string
	Staff   string
	Level   string
	Bad     bool
	Channel string
	Comment string
	Options []string
	FUHref  string
}

func (a *App) ratingLineOf(v *view, tx *store.Tx, e rating.Entry) (ratingLine, error) {
	r := e.Rating
	l := ratingLine{Seq: e.Seq, When: a.clockText(r.At), Window: r.Window, Ticket: r.Ticket, Case: r.Case, Service: r.Service,
		Staff: r.Staff, Level: v.T(r.Level.LocaleKey()), Bad: r.Level.Bad(), Channel: v.T("rating.channel." + string(r.Channel))}
	if r.Level.Bad() {
		l.FUHref = fmt.Sprintf("/rating/followups/%d", e.Seq)
	}
	cm, err := rating.CommentTx(tx, e.Seq)
	if err != nil || cm == nil {
		return l, err
	}
	l.Comment = cm.Text
	for _, o := range cm.Options {
		l.Options = append(l.Options, v.T(o.LocaleKey()))
	}
	return l, nil
}

// ratingListData is what rating.html shows.
type ratingListData struct {
	MonthText, PrevURL, NextURL string
	Lines                       []ratingLine
	Pager                       pager
	Figures                     rating.Tally
	Rate                        string
}

// ratingList is 评价 › 评价记录: the month's ratings, newest first.
func (a *App) ratingList(c echo.Context) error {
	v, err := a.ratingView(c, "rating.list.title", "rating.list.lead")
	if err != nil {
		return err
	}
	first := a.monthParam(c, v)
	page, _ := strconv.Atoi(c.QueryParam("page"))
	d := ratingListData{MonthText: monthText(v, first)}
	link := func(t time.Time) string { return "/rating?" + url.Values{"m": {t.Format(monthLayout)}}.Encode() }
	d.PrevURL, d.NextURL = link(first.AddDate(0, -1, 0)), link(first.AddDate(0, 1, 0))
	err = a.DB.View(func(tx *store.Tx) error {
		st, err := rating.StatsTx(tx, first, first.AddDate(0, 1, 0))
		if err != nil {
			return err
		}
		d.Figures, d.Rate = st.All, rateText(st.All)
		entries, p, err := rating.PageTx(tx, first, first.AddDate(0, 1, 0), page, ratingPageSize)
		if err != nil {
			return err
		}
		d.Pager = newPager("/rating", url.Values{"m": {first.Format(monthLayout)}}, p.Total, p.Page, ratingPageSize)
		for _, e := range entries {
			l, err := a.ratingLineOf(v, tx, e)
			if err != nil {
				return err
			}
			d.Lines = append(d.Lines, l)
		}
		return nil
	})
	if err != nil {
		return err
	}
	v.Data = d
	return a.render(c, http.StatusOK, "rating", v)
}

// rateText is a satisfaction rate as pages show it: 96.3%; — without
// ratings.
func rateText(t rating.Tally) string {
	if t.Total == 0 {
		return "—"
	}
	p := t.RatePermille()
	return fmt.Sprintf("%d.%d%%", p/10, p%10)
}

// fuLine is one follow-up in the list.
type fuLine struct {
	Seq                  uint64
	Rated, Due, Window   string
	Staff, Level, Ticket string
	State                string
	StateKey             string
	Overdue              bool
	Href                 string
}

func (a *App) fuLineOf(v *view, f rating.FollowUp, today string) fuLine {
	return fuLine{Seq: f.RatingSeq, Rated: a.clockText(f.RatedAt), Due: a.dateLabel(v, f.Due), Window: strconv.Itoa(f.Ref.Window),
		Staff: f.Ref.Staff, Level: v.T(f.Level.LocaleKey()), Ticket: f.Ref.Ticket, State: v.T("rating.fu.state." + string(f.State)),
		StateKey: string(f.State), Overdue: f.Overdue(today), Href: fmt.Sprintf("/rating/followups/%d", f.RatingSeq)}
}

// fuListData is what rating_followups.html shows.
type fuListData struct {
	All             bool
	Lines           []fuLine
	Pager           pager
	Open, Overdue   int
	DirectorCount   int
	AllURL, OpenURL string
}

// followUpList is 评价 › 差评整改: the follow-ups not done (?all=1: all),
// newest first.
func (a *App) followUpList(c echo.Context) error {
	v, err := a.ratingView(c, "rating.fu.title", "rating.fu.lead")
	if err != nil {
		return err
	}
	all := c.QueryParam("all") == "1"
	page, _ := strconv.Atoi(c.QueryParam("page"))
	today := a.now().Format(dateLayout)
	d := fuListData{All: all, AllURL: "/rating/followups?all=1", OpenURL: "/rating/followups"}
	err = a.DB.View(func(tx *store.Tx) error {
		var err error
		if d.Open, d.Overdue, d.DirectorCount, err = rating.OpenCountsTx(tx, today); err != nil {
			return err
		}
		list, p, err := rating.FollowUpPageTx(tx, !all, page, ratingPageSize)
		if err != nil {
			return err
		}
		q := url.Values{}
		if all {
			q.Set("all", "1")
		}
		d.Pager = newPager("/rating/followups", q, p.Total, p.Page, ratingPageSize)
		for _, f := range list {
			d.Lines = append(d.Lines, a.fuLineOf(v, f, today))
		}
		return nil
	})
	if err != nil {
		return err
	}
	v.Data = d
	return a.render(c, http.StatusOK, "rating_followups", v)
}

// fuStep is one step of a follow-up as the page shows it.
type fuStep struct {
	Label, By, At, Note string
}

// fuDetailData is what rating_followup.html shows.
type fuDetailData struct {
	F          rating.FollowUp
	Line       fuLine
	Rating     ratingLine
	Rater      string
	Steps      []fuStep
	CanCheck   bool
	CheckLabel string
	CanRectify bool
	CanReject  bool
	CanDecide  bool
	CanComment bool
	HasComment bool
	Options    []decisionOption
	MaxNote    int
	Action     string
}

func (a *App) followUpDetail(c echo.Context) error {
	v, err := a.ratingView(c, "rating.fu.detail_title", "")
	if err != nil {
		return err
	}
	return a.renderFollowUp(c, v, http.StatusOK)
}

func (a *App) renderFollowUp(c echo.Context, v *view, status int) error {
	seq, err := pathID(c)
	if err != nil {
		return err
	}
	var d fuDetailData
	err = a.DB.View(func(tx *store.Tx) error {
		f, err := rating.FollowUpTx(tx, seq)
		if err != nil {
			return err
		}
		e, err := rating.EntryTx(tx, seq)
		if err != nil {
			return err
		}
		d.F, d.Line = f, a.fuLineOf(v, f, a.now().Format(dateLayout))
		if d.Rating, err = a.ratingLineOf(v, tx, e); err != nil {
			return err
		}
		cm, err := rating.CommentTx(tx, seq)
		d.HasComment = cm != nil
		return err
	})
	if errors.Is(err, rating.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return err
	}
	f := d.F
	d.Rater = v.T("rating.fu.rater_unknown")
	if f.Ref.Rater.Known() {
		d.Rater = f.Ref.Rater.Name + " · " + f.Ref.Rater.Contact
	}
	add := func(key string, s *rating.Step) {
		if s != nil {
			d.Steps = append(d.Steps, fuStep{Label: v.T(key), By: s.By, At: a.clockText(s.At), Note: s.Note})
		}
	}
	add("rating.fu.step.callback", f.Callback)
	add("rating.fu.step.verification", f.Verification)
	add("rating.fu.step.rectification", f.Rectification)
	add("rating.fu.step.result", f.Result)
	add("rating.fu.step.rejection", f.Rejection)
	add("rating.fu.step.director", f.Director)
	office := v.Has(string(account.RoleOffice))
	d.CanCheck = office && f.State == rating.FUOpen
	d.CheckLabel = "rating.fu.step.verification"
	if f.NeedsCallback() {
		d.CheckLabel = "rating.fu.step.callback"
	}
	d.CanRectify = office && f.State == rating.FUChecked
	d.CanReject = office && f.MayReject()
	d.CanDecide = v.Has(string(account.RoleDirector)) && f.State == rating.FUDirector
	d.CanComment = office && !f.Done() && !d.HasComment
	for _, o := range rating.Options() {
		d.Options = append(d.Options, decisionOption{Value: string(o), Label: v.T(o.LocaleKey())})
	}
	d.MaxNote = rating.MaxNoteRunes
	d.Action = fmt.Sprintf("/rating/followups/%d", seq)
	v.Data = d
	return a.render(c, status, "rating_followup", v)
}

// followUpAct runs one step of a follow-up from its page's form.
func (a *App) followUpAct(c echo.Context) error {
	v, err := a.ratingView(c, "rating.fu.detail_title", "")
	if err != nil {
		return err
	}
	seq, err := pathID(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	actor := rating.Actor{Name: u.Username, Role: u.Role}
	for _, k := range []string{"note", "rectification", "result", "reason", "decision"} {
		v.Form[k] = strings.TrimSpace(c.FormValue(k))
	}
	var done string
	switch c.Param("step") {
	case "check":
		done = "rating.fu.done_check"
		_, err = a.Ratings.Check(actor, seq, v.Form["note"])
	case "rectify":
		done = "rating.fu.done_rectify"
		_, err = a.Ratings.Rectify(actor, seq, v.Form["rectification"], v.Form["result"])
	case "reject":
		done = "rating.fu.done_reject"
		_, err = a.Ratings.Reject(actor, seq, v.Form["reason"])
	case "comment":
		if !v.Has(string(account.RoleOffice)) {
			return echo.NewHTTPError(http.StatusForbidden)
		}
		done = "rating.fu.done_comment"
		cm := rating.Comment{RatingSeq: seq, Text: c.FormValue("text"), Via: "office",
			Rater: rating.Rater{Name: strings.TrimSpace(c.FormValue("rater_name")), Contact: strings.TrimSpace(c.FormValue("rater_contact"))}}
		for _, o := range c.Request().PostForm["options"] {
			cm.Options = append(cm.Options, rating.Option(o))
		}
		v.Form["text"], v.Form["rater_name"], v.Form["rater_contact"] = cm.Text, cm.Rater.Name, cm.Rater.Contact
		_, err = a.Ratings.AddComment(u.Username, cm)
	case "decide":
		done = "rating.fu.done_decide"
		_, err = a.Ratings.DirectorDecide(actor, seq, v.Form["decision"])
	default:
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err == nil {
		a.flash(c, "ok", done)
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/rating/followups/%d", seq))
	}
	if errors.Is(err, rating.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if !showProblem(v, err, nil, "step") {
		return err
	}
	if msg := v.Errors["step"]; msg != "" {
		v.Flash, v.FlashOK = msg, false
	}
	return a.renderFollowUp(c, v, http.StatusBadRequest)
}
