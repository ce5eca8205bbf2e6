package attendance

// Who is judged when: nobody before the center's go-live date, nobody
// before the day they joined the hall (进驻日期) or after the day they left
// (离开日期). The month builder, and through it every page, report and
// command that judges, keeps to this; the remedy and objection checks ask
// the same question of a single day.

import (
	"encoding/binary"
	"time"

	"bianmin/appliance/center"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Exclusion says why a working day is not judged for a person.
type Exclusion string

// Exclusions, in the order they are checked.
const (
	ExcludedBeforeGoLive Exclusion = "before_go_live" // before the center's attendance went live
	ExcludedBeforeStart  Exclusion = "before_start"   // before the person joined the hall
	ExcludedAfterEnd     Exclusion = "after_end"      // after the person left it
)

// JudgedSpan is the part of a period (first..last, YYYY-MM-DD) in which one
// person is judged: From..To, both included. GoLive, Start and End are set
// when the go-live date, the person's start date or their end date cuts
// the period short, so that reports can say so ("3月10日进驻").
type JudgedSpan struct {
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
	GoLive string `json:"go_live,omitempty"`
	Start  string `json:"start,omitempty"`
	End    string `json:"end,omitempty"`
}

// Empty reports whether the person is judged on no day of the period.
func (s JudgedSpan) Empty() bool { return s.From == "" || s.From > s.To }

// Partial reports whether the span is shorter than its period.
func (s JudgedSpan) Partial() bool { return s.GoLive != "" || s.Start != "" || s.End != "" }

// SpanOf is the span of the period first..last (YYYY-MM-DD) in which st is
// judged, with the center's go-live date goLive ("" for none).
func SpanOf(st staff.Staff, goLive, first, last string) JudgedSpan {
	s := JudgedSpan{From: first, To: last}
	if goLive > s.From {
		s.From = goLive
		if goLive <= last {
			s.GoLive = goLive
		}
	}
	if st.StartDate > s.From {
		s.From = st.StartDate
		if st.StartDate <= last {
			s.Start, s.GoLive = st.StartDate, ""
		}
	}
	if st.EndDate != "" && st.EndDate < s.To {
		s.To = st.EndDate
		if st.EndDate >= first {
			s.End = st.EndDate
		}
	}
	if s.Empty() {
		return JudgedSpan{}
	}
	return s
}

// ExclusionOf says why day (YYYY-MM-DD) is not judged for st with the
// go-live date goLive, or "" when it is judged (countyd judges the days a
// box uploads by it).
func ExclusionOf(st staff.Staff, goLive, day string) Exclusion { return exclusion(st, goLive, day) }

// exclusion says why day (YYYY-MM-DD) is not judged for st, or "" when it
// is judged.
func exclusion(st staff.Staff, goLive, day string) Exclusion {
	switch {
	case goLive != "" && day < goLive:
		return ExcludedBeforeGoLive
	case st.StartDate != "" && day < st.StartDate:
		return ExcludedBeforeStart
	case st.Left(day):
		return ExcludedAfterEnd
	}
	return ""
}

// GoLiveTx is the day the center's attendance went live (YYYY-MM-DD): the
// center's setting (center.Settings.GoLive), else the day in loc of the
// earliest punch stored, else "" (then only the staff's start dates limit
// what is judged).
func GoLiveTx(tx *store.Tx, loc *time.Location) (string, error) {
	set, err := center.GetTx(tx)
	if err != nil {
		return "", err
	}
	if set.GoLive != "" {
		return set.GoLive, nil
	}
	first, ok, err := FirstPunchTx(tx)
	if err != nil || !ok {
		return "", err
	}
	return first.In(loc).Format(dateLayout), nil
}

// FirstPunchTx is the time of the earliest punch stored; ok is false when
// there is none.
func FirstPunchTx(tx *store.Tx) (time.Time, bool, error) {
	b, err := tx.Bucket(bucketByTime)
	if err != nil || b == nil {
		return time.Time{}, false, err
	}
	k, _ := b.Cursor().First()
	if len(k) < 8 {
		return time.Time{}, false, nil
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(k[:8]))), true, nil
}

// checkJudgedDay refuses a record about a day on which st is not judged:
// before go-live, before they joined, after they left.
func checkJudgedDay(tx *store.Tx, st staff.Staff, day string, loc *time.Location) error {
	goLive, err := GoLiveTx(tx, loc)
	if err != nil {
		return err
	}
	args := map[string]any{"Date": day, "Name": st.Name, "GoLive": goLive, "Start": st.StartDate, "End": st.EndDate}
	switch exclusion(st, goLive, day) {
	case ExcludedBeforeGoLive:
		return refuse("date", keyBeforeGoLive, args)
	case ExcludedBeforeStart:
		return refuse("date", keyBeforeStart, args)
	case ExcludedAfterEnd:
		return refuse("date", keyAfterEnd, args)
	}
	return nil
}
