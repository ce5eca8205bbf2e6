package calendar

// Reading the State Council's notice as published (国务院办公厅关于YYYY年
// 部分节假日安排的通知, pasted from gov.cn or a newspaper): its numbered
// paragraphs, one per holiday —
//
//	一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
//
// — say which days are off and which weekend days are worked. The
// greeting, the closing words and the signature are read past. Every date
// is checked against what the text says of it: the weekday in brackets
// ("（周四）", also "（农历除夕、周二）") and the count of days ("共3天"),
// so that a slip of the typist shows before anything is stored.

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/problem"
)

// Locale keys of the text's own problems.
const (
	errTextNoParagraph = "calendar.text.err.no_paragraph"
	errTextSentence    = "calendar.text.err.sentence"
	errTextWeekday     = "calendar.text.err.weekday"
	errTextCount       = "calendar.text.err.count"
	errTextYear        = "calendar.text.err.year"
	errTextNoYear      = "calendar.text.err.no_year"
)

// punctuation maps the full-width marks a notice is written with to the
// ASCII ones the patterns below read; 、 and 。 stay as they are.
var punctuation = strings.NewReplacer("（", "(", "）", ")", "：", ":", "，", ",", "；", ";", "\u3000", " ",
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9")

var (
	// a holiday paragraph: 一、元旦: … (the numeral, when given, and the
	// name); without its numeral it must name holidays the notices name
	paragraphRE = regexp.MustCompile(`(?:^|[\s。])(?:([一二三四五六七八九十]{1,3})、)?([^:、。,\s]{1,12}(?:、[^:、。,\s]{1,12})*):`)
	// a date: 1月28日 or 3日, with what the brackets say after it
	dateRE = regexp.MustCompile(`(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^)]*)\))?`)
	// 共3天
	countRE = regexp.MustCompile(`共(\d{1,2})天`)
	// the year: 关于2026年部分节假日安排 or 现将2026年
	yearRE = regexp.MustCompile(`(?:关于|现将)(\d{4})年`)
	// the notice's number
	sourceRE = regexp.MustCompile(`国办发明电〔\d{4}〕\d+号`)
	// a weekday in brackets: 周四, 星期四
	weekdayRE = regexp.MustCompile(`(?:周|星期)([一二三四五六日天])`)
)

// maxAsideRunes: a sentence of a holiday paragraph without a date and
// longer than this ("不调休", "与周末连休" are short) is the prose after the
// last paragraph.
const maxAsideRunes = 12

var weekdays = map[string]time.Weekday{"一": time.Monday, "二": time.Tuesday, "三": time.Wednesday, "四": time.Thursday,
	"五": time.Friday, "六": time.Saturday, "日": time.Sunday, "天": time.Sunday}

// holidayNamesEn are the English names of the holidays the notices name.
var holidayNamesEn = map[string]string{
	"元旦": "New Year's Day", "春节": "Spring Festival", "清明节": "Qingming Festival", "劳动节": "Labour Day",
	"端午节": "Dragon Boat Festival", "中秋节": "Mid-Autumn Festival", "国庆节": "National Day",
}

// ParseNoticeText reads the notice's own text (TextParagraph describes
// what it reads). year is the year the office means, or 0 to take it from
// the text ("关于2026年部分节假日安排的通知", "现将2026年…"). It returns the
// notice with its days in date order and every problem found, each with
// the line of the pasted text it concerns; the notice is usable only when
// there are none.
func ParseNoticeText(text string, year int) (Notice, problem.List) {
	var p noticeParser
	switch {
	case len(text) > maxNoticeBytes:
		p.add(0, errTooLarge, map[string]any{"MaxKB": maxNoticeBytes >> 10}, "")
	case !utf8.ValidString(text):
		p.add(0, errEncoding, nil, "")
	default:
		p.readText(strings.TrimPrefix(text, "\uFEFF"), year)
	}
	p.problems.SortByLine()
	return p.notice, p.problems
}

// TextParagraph is one holiday paragraph of a notice's text as read: for
// the confirmation page.
type TextParagraph struct {
	Line int    // line of the pasted text
	Name string // 元旦
	Text string // the paragraph as pasted
}

// NoticeTextParagraphs lists the holiday paragraphs the text has, in order.
func NoticeTextParagraphs(text string) []TextParagraph {
	var out []TextParagraph
	for _, para := range paragraphsOf(punctuation.Replace(text)) {
		out = append(out, TextParagraph{Line: para.line, Name: para.name, Text: para.text})
	}
	return out
}

type textParagraph struct {
	line int
	name string // 元旦, 国庆节、中秋节
	body string // what follows the colon
	text string // the whole paragraph
}

// paragraphsOf finds the numbered holiday paragraphs, whether the text
// keeps its line breaks or was pasted as one line.
func paragraphsOf(s string) []textParagraph {
	var locs [][]int
	for _, loc := range paragraphRE.FindAllStringSubmatchIndex(s, -1) {
		if loc[2] < 0 && !knownHolidays(s[loc[4]:loc[5]]) {
			continue // "…各直属机构:" and the like
		}
		if loc[2] < 0 {
			loc[2] = loc[4] // the paragraph starts at its name
		}
		locs = append(locs, loc)
	}
	var out []textParagraph
	for i, loc := range locs {
		start := loc[2] // the numeral
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][2]
		}
		whole := strings.TrimSpace(s[start:end])
		// the paragraph ends at its line's end: what follows (the closing
		// words) is not part of it
		if nl := strings.IndexByte(whole, '\n'); nl >= 0 {
			whole = strings.TrimSpace(whole[:nl])
		}
		_, body, _ := strings.Cut(whole, ":")
		out = append(out, textParagraph{line: 1 + strings.Count(s[:start], "\n"), name: s[loc[4]:loc[5]], body: body, text: whole})
	}
	return out
}

// knownHolidays reports whether every name of "国庆节、中秋节" is a
// holiday the notices name.
func knownHolidays(names string) bool {
	for _, n := range strings.Split(names, "、") {
		if _, ok := holidayNamesEn[n]; !ok {
			return false
		}
	}
	return true
}

// readText reads the year, the source and each holiday paragraph into
// the parser's items, then checks the whole as a notice file is checked.
func (p *noticeParser) readText(raw string, year int) {
	s := punctuation.Replace(raw)
	if m := sourceRE.FindString(raw); m != "" {
		p.notice.Source = m
	}
	if m := yearRE.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		switch {
		case year != 0 && y != year:
			p.add(0, errTextYear, map[string]any{"Got": y, "Year": year}, m[0])
		default:
			year = y
		}
	}
	paras := paragraphsOf(s)
	if len(paras) == 0 {
		p.add(0, errTextNoParagraph, nil, "")
		return
	}
	if year == 0 {
		p.add(0, errTextNoYear, nil, "")
		return
	}
	for _, para := range paras {
		p.readParagraph(para, year)
	}
	p.finish(year)
}

// readParagraph reads one holiday's sentences: the days off (放假) and the
// weekend days worked (上班).
func (p *noticeParser) readParagraph(para textParagraph, year int) {
	names := strings.Split(para.name, "、")
	en := make([]string, 0, len(names))
	for _, n := range names {
		if e, ok := holidayNamesEn[n]; ok {
			en = append(en, e)
		}
	}
	holidayEn := ""
	if len(en) == len(names) {
		holidayEn = strings.Join(en, " and ")
	}
	workName, workEn := names[0]+"调休上班", ""
	if e, ok := holidayNamesEn[names[0]]; ok {
		workEn = strings.TrimSuffix(e, "'s Day") + " make-up workday"
	}
	for _, sentence := range strings.Split(para.body, "。") {
		sentence = strings.TrimSpace(sentence)
		dates := dateRE.FindAllStringSubmatch(sentence, -1)
		switch {
		case len(dates) == 0 && utf8.RuneCountInString(sentence) > maxAsideRunes:
			return // prose: the closing words of a notice pasted as one line
		case len(dates) == 0:
			// 不调休, 与周末连休: nothing to date
		case strings.Contains(sentence, "放假"):
			p.holidaySentence(para, sentence, dates, year, para.name, holidayEn)
		case strings.Contains(sentence, "上班"):
			for _, d := range dates {
				if day, ok := p.textDate(para, sentence, d, 0, year); ok {
					p.items = append(p.items, noticeItem{line: para.line, from: day, to: day, working: true, name: workName, nameEn: workEn})
				}
			}
		default:
			p.add(para.line, errTextSentence, nil, sentence)
		}
	}
}

// holidaySentence reads "1月1日(周四)至3日(周六)放假调休,共3天" or "1月1日
// (周三)放假1天": one day or a range, its count checked.
func (p *noticeParser) holidaySentence(para textParagraph, sentence string, dates [][]string, year int, name, nameEn string) {
	if len(dates) > 2 || len(dates) == 2 && !strings.Contains(sentence, "至") {
		p.add(para.line, errTextSentence, nil, sentence)
		return
	}
	from, ok := p.textDate(para, sentence, dates[0], 0, year)
	if !ok {
		return
	}
	to := from
	if len(dates) == 2 {
		if to, ok = p.textDate(para, sentence, dates[1], from.month(), year); !ok {
			return
		}
	}
	n := int(to-from) + 1
	want := 0
	if m := countRE.FindStringSubmatch(sentence); m != nil {
		want, _ = strconv.Atoi(m[1])
	} else if _, after, found := strings.Cut(sentence, "放假"); found {
		if k := strings.Index(after, "天"); k > 0 {
			want, _ = strconv.Atoi(strings.TrimSpace(after[:k])) // 放假1天
		}
	}
	switch {
	case to < from:
		p.add(para.line, errRangeOrder, nil, sentence)
	case want != 0 && want != n:
		p.add(para.line, errTextCount, map[string]any{"Days": want, "Counted": n, "From": from.String(), "To": to.String()}, sentence)
	default:
		p.items = append(p.items, noticeItem{line: para.line, from: from, to: to, name: name, nameEn: nameEn})
	}
}

// textDate reads one date of a sentence: "1月28日" (or "3日" in the month
// of the range's start), and checks the weekday its brackets give.
func (p *noticeParser) textDate(para textParagraph, sentence string, m []string, month, year int) (dayNum, bool) {
	if m[1] != "" {
		month, _ = strconv.Atoi(m[1])
	}
	d, _ := strconv.Atoi(m[2])
	if month < 1 || month > 12 || d < 1 || d > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		p.add(para.line, errDate, map[string]any{"Value": m[0]}, sentence)
		return 0, false
	}
	day := civil(year, time.Month(month), d)
	if w := weekdayRE.FindStringSubmatch(m[3]); w != nil {
		if got := day.weekday(); got != weekdays[w[1]] {
			p.add(para.line, errTextWeekday, map[string]any{"Date": day.String(), "Said": w[0]}, sentence)
			return 0, false
		}
	}
	return day, true
}
