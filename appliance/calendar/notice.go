package calendar

import (
	"bianmin/appliance/problem"
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the notice format (embedded/holidays/README.md).
const (
	maxNoticeBytes = 64 << 10 // a notice is about 1 KB
	maxNameRunes   = 40       // 国庆节、中秋节调休上班 is 11
	maxSourceRunes = 100
	maxRangeDays   = 31   // the longest holiday so far is 9 days
	minNoticeYear  = 2000 // the format's sane range of years
	maxNoticeYear  = 2100
)

// Notice is one year's arrangement by the State Council: its days off and
// its make-up workdays. Dates it does not list follow the weekly rule.
type Notice struct {
	Year   int         `json:"year"`
	Source string      `json:"source,omitempty"` // the notice's number, e.g. 国办发明电〔2025〕7号
	Days   []NoticeDay `json:"days"`             // in date order, one per date
}

// NoticeDay is one date of a notice.
type NoticeDay struct {
	Date    string `json:"date"`    // YYYY-MM-DD
	Working bool   `json:"working"` // true: make-up workday (调休上班); false: day off
	Name    string `json:"name"`
	NameEn  string `json:"name_en,omitempty"`
	line    int    // line of the file it came from, for problems
}

// Counts returns how many days off and make-up workdays the notice has.
func (n Notice) Counts() (holidays, workdays int) {
	for _, d := range n.Days {
		if d.Working {
			workdays++
		} else {
			holidays++
		}
	}
	return holidays, workdays
}

// ParseNotice reads a notice in the format of embedded/holidays/README.md.
// year is the year the caller expects, or 0 to take it from the file (its
// "year" line, else the year of its latest date). It returns every problem
// found, in line order; the notice is usable only when there are none.
func ParseNotice(data []byte, year int) (Notice, problem.List) {
	var p noticeParser
	switch {
	case len(data) > maxNoticeBytes:
		p.add(0, errTooLarge, map[string]any{"MaxKB": maxNoticeBytes >> 10}, "")
	case !utf8.Valid(data):
		p.add(0, errEncoding, nil, "")
	default:
		data = bytes.TrimPrefix(data, []byte("\uFEFF"))
		for i, line := range strings.Split(string(data), "\n") {
			p.parseLine(i+1, strings.TrimSpace(line))
		}
		p.finish(year)
	}
	p.problems.SortByLine()
	return p.notice, p.problems
}

// noticeItem is one parsed date line before the whole-file checks.
type noticeItem struct {
	line         int
	from, to     dayNum
	working      bool
	name, nameEn string
}

type noticeParser struct {
	notice   Notice
	year     int // from the "year" line
	yearLine int
	items    []noticeItem
	problems problem.List
}

func (p *noticeParser) add(line int, key string, args map[string]any, value string) {
	p.problems.Add(problem.WithArgs("", key, args).AtLine(line, value))
}

// cutField splits off the first whitespace-separated field of s.
func cutField(s string) (field, rest string) {
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

func (p *noticeParser) parseLine(n int, s string) {
	if s == "" || strings.HasPrefix(s, "#") {
		return
	}
	head, rest := cutField(s)
	switch head {
	case "year":
		y, err := strconv.Atoi(rest)
		switch {
		case p.yearLine > 0:
			p.add(n, errYearTwice, map[string]any{"First": p.yearLine}, rest)
		case err != nil || y < minNoticeYear || y > maxNoticeYear:
			p.add(n, errYear, map[string]any{"Value": rest, "Min": minNoticeYear, "Max": maxNoticeYear}, rest)
		default:
			p.year, p.yearLine = y, n
		}
	case "source":
		if utf8.RuneCountInString(rest) > maxSourceRunes {
			p.add(n, errSourceTooLong, map[string]any{"Max": maxSourceRunes}, "")
		} else if !cleanText(rest) {
			p.add(n, errTextInvalid, nil, rest)
		} else {
			p.notice.Source = rest
		}
	default:
		p.parseItem(n, s, head, rest)
	}
}

// parseItem reads "DATE[..DATE] KIND NAME [| NAME_EN]".
func (p *noticeParser) parseItem(n int, line, dates, rest string) {
	before := len(p.problems)
	kind, names := cutField(rest)
	if kind == "" {
		p.add(n, errSyntax, nil, line)
		return
	}
	it := noticeItem{line: n}
	var ok bool
	if it.from, it.to, ok = p.parseRange(n, dates); ok {
		switch {
		case it.to < it.from:
			p.add(n, errRangeOrder, nil, dates)
		case int(it.to-it.from)+1 > maxRangeDays:
			p.add(n, errRangeLong, map[string]any{"Max": maxRangeDays}, dates)
		}
	}
	switch kind {
	case "holiday", "放假":
	case "workday", "上班":
		it.working = true
	default:
		p.add(n, errKind, map[string]any{"Value": kind}, kind)
	}
	zh, en, _ := strings.Cut(names, "|")
	it.name, it.nameEn = strings.TrimSpace(zh), strings.TrimSpace(en)
	switch {
	case it.name == "":
		p.add(n, errNameRequired, nil, "")
	case utf8.RuneCountInString(it.name) > maxNameRunes || utf8.RuneCountInString(it.nameEn) > maxNameRunes:
		p.add(n, errNameTooLong, map[string]any{"Max": maxNameRunes}, "")
	case !cleanText(it.name) || !cleanText(it.nameEn):
		p.add(n, errTextInvalid, nil, names)
	}
	if len(p.problems) == before {
		p.items = append(p.items, it)
	}
}

func (p *noticeParser) parseRange(n int, s string) (from, to dayNum, ok bool) {
	a, b, isRange := strings.Cut(s, "..")
	from, okA := parseDay(a)
	if !okA {
		p.add(n, errDate, map[string]any{"Value": a}, a)
	}
	to, okB := from, okA
	if isRange {
		if to, okB = parseDay(b); !okB {
			p.add(n, errDate, map[string]any{"Value": b}, b)
		}
	}
	return from, to, okA && okB
}

// finish settles the notice's year and checks the dates against it and
// against each other.
func (p *noticeParser) finish(year int) {
	y := p.year
	if year != 0 {
		if p.year != 0 && p.year != year {
			p.add(p.yearLine, errYearMismatch, map[string]any{"Got": p.year, "Year": year}, "")
		}
		y = year
	}
	if y == 0 {
		for _, it := range p.items {
			y = max(y, it.to.year())
		}
	}
	p.notice.Year = y
	if len(p.items) == 0 {
		if len(p.problems) == 0 {
			p.add(0, errEmpty, nil, "")
		}
		return
	}
	first, last := civil(y-1, 12, 1), civil(y, 12, 31)
	seen := map[dayNum]int{}
	for _, it := range p.items {
		if it.from < first || it.to > last {
			bad := it.from
			if it.to > last {
				bad = it.to
			}
			p.add(it.line, errOutOfYear, map[string]any{"Date": bad.String(), "Year": y}, "")
			continue
		}
		for d := it.from; d <= it.to; d++ {
			if it.working && !d.weekend() {
				p.add(it.line, errWorkdayWeekday, map[string]any{"Date": d.String()}, "")
				break
			}
		}
		for d := it.from; d <= it.to; d++ {
			if l, dup := seen[d]; dup {
				p.add(it.line, errDuplicate, map[string]any{"Date": d.String(), "First": l}, "")
				continue
			}
			seen[d] = it.line
			p.notice.Days = append(p.notice.Days, NoticeDay{Date: d.String(), Working: it.working, Name: it.name, NameEn: it.nameEn, line: it.line})
		}
	}
	slices.SortFunc(p.notice.Days, func(a, b NoticeDay) int { return strings.Compare(a.Date, b.Date) })
}

// cleanText reports whether s has no control characters and no "|" (the
// separator of the Chinese and English names).
func cleanText(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == '|' })
}
