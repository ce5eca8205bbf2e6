package ui

// 考核 › 排名与先进: a quarter's people ranked by their average score with
// its 先进个人 (regulation 003 line 275), and the yearly summary with the
// quarters each person was 先进个人 in. The awards are the domain's
// (assess.Awards); a person who sees only themselves (or their team) sees
// their own lines and the awardees.

import (
	"fmt"
	"net/http"
	"strconv"

	"bianmin/appliance/assess"

	"github.com/labstack/echo/v4"
)

// rankRow is one person's line.
type rankRow struct {
	Rank              int
	Name, No, Unit    string
	Months            []string // each month's score, — when not assessed
	Avg               string
	Status, StatusTag string
	Awards            int
	Priority          bool
	Href              string
}

// rankData is what assess_ranking.html shows.
type rankData struct {
	Year, Quarter    int
	Title            string
	MonthHeads       []string
	Rows             []rankRow
	Ended            bool
	PrevURL, NextURL string
	YearURL, QURL    string
	AwardCount       int
}

func (a *App) assessRanking(c echo.Context) error {
	return a.renderRanking(c, false)
}

func (a *App) assessYear(c echo.Context) error {
	return a.renderRanking(c, true)
}

func (a *App) renderRanking(c echo.Context, year bool) error {
	title, lead := "assess.rank.title", "assess.rank.lead"
	if year {
		title, lead = "assess.year.title", "assess.year.lead"
	}
	v, err := a.assessView(c, title, lead)
	if err != nil {
		return err
	}
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	now := a.now()
	y, _ := strconv.Atoi(c.QueryParam("y"))
	if y < 2000 || y > 2099 {
		y = now.Year()
	}
	q, _ := strconv.Atoi(c.QueryParam("q"))
	if q < 1 || q > 4 {
		q = (int(now.Month())-1)/3 + 1
	}
	rules, err := a.Assess.Rules()
	if err != nil {
		return err
	}
	d := rankData{Year: y, Quarter: q, AwardCount: rules.AwardCount,
		YearURL: fmt.Sprintf("/assess/year?y=%d", y), QURL: fmt.Sprintf("/assess/ranking?y=%d&q=%d", y, q)}
	var p assess.Period
	if year {
		p, err = a.Assess.Year(y)
		d.Title = v.T("assess.year.period", "Year", y)
		d.PrevURL, d.NextURL = fmt.Sprintf("/assess/year?y=%d", y-1), fmt.Sprintf("/assess/year?y=%d", y+1)
	} else {
		p, err = a.Assess.Quarter(y, q)
		d.Title = v.T("assess.rank.period", "Year", y, "Q", q)
		pq, py, nq, ny := q-1, y, q+1, y
		if pq < 1 {
			pq, py = 4, y-1
		}
		if nq > 4 {
			nq, ny = 1, y+1
		}
		d.PrevURL, d.NextURL = fmt.Sprintf("/assess/ranking?y=%d&q=%d", py, pq), fmt.Sprintf("/assess/ranking?y=%d&q=%d", ny, nq)
	}
	if err != nil {
		return err
	}
	d.Ended = p.Ended
	for _, m := range p.Months {
		first, _ := assess.ParseMonth(m, a.loc())
		d.MonthHeads = append(d.MonthHeads, v.T("assess.rank.month", "M", int(first.Month())))
	}
	rank := 0
	for i, pp := range p.People {
		if i == 0 || p.People[i-1].Avg10 != pp.Avg10 {
			rank = i + 1
		}
		if !sc.sees(pp.Staff.ID) && !pp.Award && !pp.Priority {
			continue
		}
		r := rankRow{Rank: rank, Name: pp.Staff.Name, No: pp.Staff.StaffNo, Unit: pp.Unit, Avg: pp.AvgText(), Awards: pp.Awards, Priority: pp.Priority}
		if sc.sees(pp.Staff.ID) {
			r.Href = assessStaffURL(pp.Staff.ID, p.Months[0])
		}
		for _, m := range pp.Months {
			s := "—"
			if m.Assessed {
				s = strconv.Itoa(m.Score)
			}
			r.Months = append(r.Months, s)
		}
		switch {
		case year && pp.Priority:
			r.Status, r.StatusTag = v.T("assess.year.priority"), "ok"
		case year && pp.Awards > 0:
			r.Status = v.T("assess.year.awards", "N", pp.Awards)
		case !year && pp.Award:
			r.Status, r.StatusTag = v.T("assess.rank.award"), "ok"
		case !year && pp.Excluded != assess.ExclNone:
			r.Status, r.StatusTag = v.T("assess.rank.excl."+string(pp.Excluded)), "warn"
		}
		d.Rows = append(d.Rows, r)
	}
	v.Data = d
	return a.render(c, http.StatusOK, "assess_ranking", v)
}
