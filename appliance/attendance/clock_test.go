package attendance

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseClock(t *testing.T) {
	rows := []struct {
		in   string
		want ClockTime
		str  string
		ok   bool
	}{
		{"08:30", Clock(8, 30, 0), "08:30", true},
		{"8:30", Clock(8, 30, 0), "08:30", true},
		{" 08:30:59 ", Clock(8, 30, 59), "08:30:59", true},
		{"00:00", 0, "00:00", true},
		{"23:59:59", secondsPerDay - 1, "23:59:59", true},
		{"24:00", 0, "", false},
		{"08:60", 0, "", false},
		{"08:30:60", 0, "", false},
		{"08:3", 0, "", false},
		{"008:30", 0, "", false},
		{"+8:30", 0, "", false},
		{"-1:30", 0, "", false},
		{"08", 0, "", false},
		{"08:30:00:00", 0, "", false},
		{"", 0, "", false},
	}
	for _, r := range rows {
		got, err := ParseClock(r.in)
		if (err == nil) != r.ok || r.ok && (got != r.want || got.String() != r.str) {
			t.Errorf("ParseClock(%q) = %v (%s), %v; want %v (%s), ok=%v", r.in, int(got), got, err, int(r.want), r.str, r.ok)
		}
	}
}

func TestClockOnAndOf(t *testing.T) {
	day := time.Date(2026, 5, 4, 15, 0, 0, 0, judgeLoc) // any time of the day
	at := MustClock("08:30:59").On(day)
	if want := time.Date(2026, 5, 4, 8, 30, 59, 0, judgeLoc); !at.Equal(want) {
		t.Errorf("On = %v, want %v", at, want)
	}
	if c := ClockOf(at.UTC().In(judgeLoc)); c != Clock(8, 30, 59) {
		t.Errorf("ClockOf = %s", c)
	}
	if md := MonthDayOf(at); md != (MonthDay{time.May, 4}) {
		t.Errorf("MonthDayOf = %s", md)
	}
}

func TestMonthDay(t *testing.T) {
	for _, r := range []struct {
		in string
		ok bool
	}{{"05-01", true}, {"5-1", true}, {"02-29", true}, {"12-31", true}, {"02-30", false}, {"04-31", false}, {"13-01", false}, {"00-10", false}, {"0501", false}, {"", false}} {
		md, err := ParseMonthDay(r.in)
		if (err == nil) != r.ok {
			t.Errorf("ParseMonthDay(%q) = %v, %v", r.in, md, err)
		}
	}
	summerFrom, summerTo := MonthDay{time.May, 1}, MonthDay{time.October, 31}
	winterFrom, winterTo := MonthDay{time.November, 1}, MonthDay{time.April, 30}
	for _, r := range []struct {
		reg            string
		md             MonthDay
		summer, winter bool
	}{
		{r000Seasons, MonthDay{time.April, 30}, false, true},
		{r000Seasons, MonthDay{time.May, 1}, true, false},
		{r000Seasons, MonthDay{time.October, 31}, true, false},
		{r000Seasons, MonthDay{time.November, 1}, false, true},
		{r000Seasons, MonthDay{time.January, 1}, false, true},
		{r000Seasons, MonthDay{time.December, 31}, false, true},
		{r000Seasons, MonthDay{time.July, 15}, true, false},
	} {
		if got := r.md.InRange(summerFrom, summerTo); got != r.summer {
			t.Errorf("%s in summer = %v (%s)", r.md, got, r.reg)
		}
		if got := r.md.InRange(winterFrom, winterTo); got != r.winter {
			t.Errorf("%s in the winter range across the new year = %v (%s)", r.md, got, r.reg)
		}
	}
}

func TestClockJSON(t *testing.T) {
	v := struct {
		T ClockTime `json:"t"`
		D MonthDay  `json:"d"`
	}{Clock(14, 30, 0), MonthDay{time.May, 1}}
	b, err := json.Marshal(v)
	if err != nil || string(b) != `{"t":"14:30","d":"05-01"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	v.T, v.D = 0, MonthDay{}
	if err := json.Unmarshal(b, &v); err != nil || v.T != Clock(14, 30, 0) || v.D != (MonthDay{time.May, 1}) {
		t.Errorf("Unmarshal = %+v, %v", v, err)
	}
}
