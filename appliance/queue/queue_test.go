package queue

import (
	"errors"
	"testing"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

// cst and at: the center's zone, and a moment in it ("2026-09-24 09:00").
var (
	cst = storetest.CST
	at  = storetest.At
)

type fakeClock struct{ trusted bool }

func (c *fakeClock) Trusted() bool { return c.trusted }

type fixture struct {
	t     *testing.T
	db    *store.DB
	q     *Queue
	now   time.Time
	clock *fakeClock
}

// newFixture is a queue with the default services (A at windows 1 and 2,
// B at 3, C at 4, D at 5) at 2026-03-02 08:30, a Monday, on a trusted
// clock.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, now: at("2026-03-02 08:30"), clock: &fakeClock{trusted: true}}
	db := storetest.Open(t, store.Options{Now: func() time.Time { return f.now }, Location: cst})
	f.db, f.q = db, New(db, f.clock)
	return f
}

func (f *fixture) tick(d time.Duration) { f.now = f.now.Add(d) }

func (f *fixture) take(service string, green bool) Ticket {
	f.t.Helper()
	tk, err := f.q.Take(TakeRequest{Service: service, Green: green, Source: SourceKiosk, Actor: "screen:kiosk"})
	if err != nil {
		f.t.Fatalf("take %s: %v", service, err)
	}
	f.tick(time.Minute)
	return tk.Ticket
}

var clerk = Actor{Name: "wang", StaffID: 7}

func (f *fixture) call(window int) Ticket {
	f.t.Helper()
	t, err := f.q.CallNext(clerk, window)
	if err != nil {
		f.t.Fatalf("call at %d: %v", window, err)
	}
	f.tick(time.Minute)
	return t
}

func wantProblem(t *testing.T, err error, key string) {
	t.Helper()
	var p *problem.Problem
	var l problem.List
	switch {
	case errors.As(err, &p) && p.Key == key:
	case errors.As(err, &l) && l.Has(key):
	default:
		t.Fatalf("got %v, want problem %s", err, key)
	}
}

func TestNextDay(t *testing.T) {
	// ARCHITECTURE.md "Data/Time" and issue 12 §3: the day rolls over only
	// on a trusted date (synced or RTC), never on an unsure clock.
	for _, c := range []struct {
		name, stored, today string
		trusted             bool
		want                string
		rolled              bool
	}{
		{"first ticket ever, even on an unsure clock", "", "2026-03-02", false, "2026-03-02", false},
		{"same day", "2026-03-02", "2026-03-02", true, "2026-03-02", false},
		{"next day, synced clock", "2026-03-02", "2026-03-03", true, "2026-03-03", true},
		{"next day, unsure clock: numbering goes on", "2026-03-02", "2026-03-03", false, "2026-03-02", false},
		{"clock set back, trusted: the day stays", "2026-03-02", "2026-03-01", true, "2026-03-02", false},
		{"clock far ahead, unsure (no RTC, not yet synced)", "2026-03-02", "2037-01-01", false, "2026-03-02", false},
	} {
		got, rolled := NextDay(c.stored, c.today, c.trusted)
		if got != c.want || rolled != c.rolled {
			t.Errorf("%s: NextDay = %s %v, want %s %v", c.name, got, rolled, c.want, c.rolled)
		}
	}
}

func TestRank(t *testing.T) {
	now := at("2026-03-02 10:00")
	on := Settings{Green: true, Appointments: true, AppointmentLeadMin: 5}
	off := Settings{}
	for _, c := range []struct {
		name string
		e    Entry
		s    Settings
		want int
	}{
		// regulation 001 line 16: 预约服务制 … 约定办理时间
		{"appointment at its time", Entry{Class: ClassAppointment, AppointAt: at("2026-03-02 10:00")}, on, RankAppointmentDue},
		{"appointment within the lead", Entry{Class: ClassAppointment, AppointAt: at("2026-03-02 10:05")}, on, RankAppointmentDue},
		{"appointment not yet due queues as ordinary", Entry{Class: ClassAppointment, AppointAt: at("2026-03-02 10:30")}, on, RankNormal},
		{"appointments off", Entry{Class: ClassAppointment, AppointAt: at("2026-03-02 09:00")}, off, RankNormal},
		// regulation 000 line 228: 殘疾人及行動不便的群眾 … 上前攙扶
		{"green channel", Entry{Class: ClassGreen}, on, RankGreen},
		{"green channel off", Entry{Class: ClassGreen}, off, RankNormal},
		{"transferred: waited its turn once", Entry{Class: ClassNormal, Transfers: 1}, off, RankTransferred},
		// regulation 004 line 195: 依次排队等候
		{"ordinary", Entry{Class: ClassNormal}, on, RankNormal},
	} {
		if got := Rank(c.e, now, c.s); got != c.want {
			t.Errorf("%s: Rank = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	ok := DefaultSettings()
	for _, c := range []struct {
		name string
		edit func(*Settings)
		key  string
	}{
		{"defaults", func(*Settings) {}, ""},
		{"no services", func(s *Settings) { s.Services = nil }, errNoServices},
		{"lower-case prefix", func(s *Settings) { s.Services[0].Prefix = "a" }, errPrefix},
		{"digit prefix", func(s *Settings) { s.Services[0].Prefix = "1" }, errPrefix},
		{"prefix twice", func(s *Settings) { s.Services[1].Prefix = "A" }, errPrefixTwice},
		{"no name", func(s *Settings) { s.Services[0].Name = " " }, errServiceName},
		{"no window", func(s *Settings) { s.Services[0].Windows = nil }, errNoWindows},
		{"window 0", func(s *Settings) { s.Services[0].Windows = []int{0} }, errWindowNumber},
		{"recall too many", func(s *Settings) { s.RecallMax = 11 }, errRange},
		{"button gap negative", func(s *Settings) { s.ButtonGapSec = -1 }, errRange},
	} {
		s := ok
		s.Services = append([]ServiceDef(nil), ok.Services...)
		c.edit(&s)
		err := s.Validate()
		if c.key == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		wantProblem(t, err, c.key)
	}
}
