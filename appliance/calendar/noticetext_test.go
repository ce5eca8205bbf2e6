package calendar

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// dayStrings lists a notice's days as "2026-01-04 workday 元旦调休上班".
func dayStrings(n Notice) []string {
	var out []string
	for _, d := range n.Days {
		kind := "holiday"
		if d.Working {
			kind = "workday"
		}
		out = append(out, d.Date+" "+kind+" "+d.Name)
	}
	return out
}

// shippedNotice parses the embedded notice of year.
func shippedNotice(t *testing.T, year int) Notice {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "embedded", "holidays", fmt.Sprintf("%d.txt", year)))
	if err != nil {
		t.Fatal(err)
	}
	n, probs := ParseNotice(data, year)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return n
}

// TestNoticeTextMatchesShippedData: the 2025 and 2026 notices' own text
// (国办发明电〔2024〕12号, 国办发明电〔2025〕7号, testdata/) parses to the days
// of the shipped data — as a whole, and paragraph by paragraph, every day
// of a paragraph a day of the shipped notice and all paragraphs together
// every day of it.
func TestNoticeTextMatchesShippedData(t *testing.T) {
	for _, tc := range []struct {
		year, paragraphs int
		source           string
	}{{2025, 6, notice2025}, {2026, 7, notice2026}} {
		t.Run(fmt.Sprint(tc.year), func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join("testdata", fmt.Sprintf("notice-%d.txt", tc.year)))
			if err != nil {
				t.Fatal(err)
			}
			want := shippedNotice(t, tc.year)
			got, probs := ParseNoticeText(string(text), 0)
			if len(probs) > 0 {
				t.Fatalf("problems: %v", probs)
			}
			if got.Year != tc.year || got.Source != tc.source {
				t.Errorf("year %d source %q, want %d %q", got.Year, got.Source, tc.year, tc.source)
			}
			if g, w := dayStrings(got), dayStrings(want); !slices.Equal(g, w) {
				t.Errorf("days:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
			}
			// The English names are those of the shipped data.
			for i := range want.Days {
				if i < len(got.Days) && got.Days[i].NameEn != want.Days[i].NameEn {
					t.Errorf("%s: English %q, want %q", want.Days[i].Date, got.Days[i].NameEn, want.Days[i].NameEn)
				}
			}
			paras := NoticeTextParagraphs(string(text))
			if len(paras) != tc.paragraphs {
				t.Fatalf("%d paragraphs, want %d", len(paras), tc.paragraphs)
			}
			all := dayStrings(want)
			var union []string
			for _, p := range paras {
				n, probs := ParseNoticeText(p.Text, tc.year)
				if len(probs) > 0 || len(n.Days) == 0 {
					t.Errorf("paragraph %q: %d days, %v", p.Text, len(n.Days), probs)
				}
				for _, d := range dayStrings(n) {
					if !slices.Contains(all, d) {
						t.Errorf("paragraph %s: %s is not in the shipped data", p.Name, d)
					}
					union = append(union, d)
				}
			}
			slices.Sort(union)
			if !slices.Equal(union, all) {
				t.Errorf("the paragraphs give %d days, the shipped data %d", len(union), len(all))
			}
			// Pasted as one line (a chat message, a web page's copy), the
			// same days.
			oneLine, probs := ParseNoticeText(strings.ReplaceAll(string(text), "\n", ""), 0)
			if len(probs) > 0 || !slices.Equal(dayStrings(oneLine), dayStrings(want)) {
				t.Errorf("one line: %v\n%s", probs, strings.Join(dayStrings(oneLine), "\n"))
			}
		})
	}
}

// TestNoticeTextIssueExample: the sentence the issue quotes.
func TestNoticeTextIssueExample(t *testing.T) {
	want := []string{"2026-01-01 holiday 元旦", "2026-01-02 holiday 元旦", "2026-01-03 holiday 元旦", "2026-01-04 workday 元旦调休上班"}
	for _, text := range []string{
		"元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。", // as the issue quotes it
		"一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。",
		"一、元旦:1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。", // half-width, as a web page may copy it
	} {
		n, probs := ParseNoticeText(text, 2026)
		if len(probs) > 0 || !slices.Equal(dayStrings(n), want) {
			t.Errorf("%s: days %v, problems %v", text, dayStrings(n), probs)
		}
	}
	// Without its numeral, only a holiday's name opens a paragraph.
	if _, probs := ParseNoticeText("放假安排：1月1日（周四）放假1天。", 2026); len(probs) == 0 || probs[0].Key != errTextNoParagraph {
		t.Errorf("an unknown heading read as a holiday: %v", probs)
	}
}

// TestNoticeTextProblems: a typist's slip shows before anything is stored.
func TestNoticeTextProblems(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		year       int
		key        string
	}{
		{"a wrong weekday", "一、元旦：1月1日（周五）至3日（周六）放假调休，共3天。", 2026, errTextWeekday},
		{"a count that does not add up", "三、清明节：4月4日（周六）至6日（周一）放假，共4天。", 2026, errTextCount},
		{"a day that does not exist", "三、清明节：4月31日（周五）放假，共1天。", 2026, errDate},
		{"a weekday worked", "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月5日（周一）上班。", 2026, errWorkdayWeekday},
		{"a sentence it cannot read", "一、元旦：1月1日（周四）值班。", 2026, errTextSentence},
		{"no paragraph at all", "放假通知：元旦放三天", 2026, errTextNoParagraph},
		{"no year", "一、元旦：1月1日（周四）放假1天。", 0, errTextNoYear},
		{"another year than meant", "国务院办公厅关于2025年部分节假日安排的通知\n一、元旦：1月1日（周三）放假1天，不调休。", 2026, errTextYear},
		{"the same day twice", "一、元旦：1月1日（周四）放假1天。\n二、元旦：1月1日（周四）放假1天。", 2026, errDuplicate},
	} {
		_, probs := ParseNoticeText(tc.text, tc.year)
		if len(probs) == 0 || probs[0].Key != tc.key {
			t.Errorf("%s: %v, want %s", tc.name, probs, tc.key)
		}
	}
}
