package queue

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// ServiceDef is one service citizens queue for (业务类别): its ticket
// prefix, which is also its key (a 取号 button names it), its name, and
// the windows that call its tickets.
type ServiceDef struct {
	Prefix  string `json:"prefix"`  // "A": tickets A001, A002, …
	Name    string `json:"name"`    // "综合业务"
	Windows []int  `json:"windows"` // window numbers serving it
	Off     bool   `json:"off,omitempty"`
}

// Settings is the center's queue as data. The zero values of the numbers
// mean their defaults (withDefaults).
type Settings struct {
	Services []ServiceDef `json:"services"`
	// Green: the green channel (绿色通道) is on — tickets taken as green
	// (the elderly, the disabled, 行动不便的群众: regulation 000 line 228)
	// are called before the ordinary ones of their service.
	Green bool `json:"green"`
	// Appointments: appointment tickets (预约, regulation 001 line 16:
	// 约定办理时间) are called first from their time on.
	Appointments bool `json:"appointments"`
	// AppointmentLeadMin: an appointment is due this many minutes before
	// its time.
	AppointmentLeadMin int `json:"appointment_lead_min,omitempty"`
	// RecallMax: how many times a window may call a ticket again before
	// it must skip it (过号). Default DefaultRecallMax.
	RecallMax int `json:"recall_max,omitempty"`
	// ButtonGapSec: one ticket per 取号 button per this many seconds.
	// Default DefaultButtonGapSec.
	ButtonGapSec int `json:"button_gap_sec,omitempty"`
	// HallRecent: how many of the last calls the hall display lists.
	// Default DefaultHallRecent.
	HallRecent int `json:"hall_recent,omitempty"`
}

// Defaults and limits of the settings.
const (
	DefaultRecallMax    = 3
	DefaultButtonGapSec = 3
	DefaultHallRecent   = 6
	MaxServices         = 26
	MaxPrefixLen        = 2
	MaxServiceNameRunes = 20
	MaxWindowNumber     = 999
	maxRecall           = 10
	maxButtonGapSec     = 60
	maxHallRecent       = 20
	maxLeadMin          = 120
	// NumberDigits is how many digits a ticket number has (A001).
	NumberDigits = 3
	// MaxPerDay is the highest number of a service in a day.
	MaxPerDay = 999
)

// DefaultSettings is what a center that never saved its queue has: four
// services, each served by one window, green channel and appointments on.
func DefaultSettings() Settings {
	return Settings{
		Services: []ServiceDef{
			{Prefix: "A", Name: "综合业务", Windows: []int{1, 2}},
			{Prefix: "B", Name: "社保医保", Windows: []int{3}},
			{Prefix: "C", Name: "民政残联", Windows: []int{4}},
			{Prefix: "D", Name: "不动产登记", Windows: []int{5}},
		},
		Green:        true,
		Appointments: true,
	}.withDefaults()
}

// withDefaults fills the numbers left zero.
func (s Settings) withDefaults() Settings {
	if s.RecallMax == 0 {
		s.RecallMax = DefaultRecallMax
	}
	if s.ButtonGapSec == 0 {
		s.ButtonGapSec = DefaultButtonGapSec
	}
	if s.HallRecent == 0 {
		s.HallRecent = DefaultHallRecent
	}
	return s
}

// Service is the service with the prefix, if any.
func (s Settings) Service(prefix string) (ServiceDef, bool) {
	for _, d := range s.Services {
		if d.Prefix == prefix {
			return d, true
		}
	}
	return ServiceDef{}, false
}

// Serves reports whether window serves the service.
func (d ServiceDef) Serves(window int) bool {
	for _, w := range d.Windows {
		if w == window {
			return true
		}
	}
	return false
}

// WindowServices are the prefixes of the services window serves.
func (s Settings) WindowServices(window int) []string {
	var out []string
	for _, d := range s.Services {
		if d.Serves(window) && !d.Off {
			out = append(out, d.Prefix)
		}
	}
	return out
}

// Windows lists every window number some service names, ascending.
func (s Settings) Windows() []int {
	seen := map[int]bool{}
	var out []int
	for _, d := range s.Services {
		for _, w := range d.Windows {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	sortInts(out)
	return out
}

func sortInts(xs []int) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// Validate says what is wrong with the settings, naming fields by their
// JSON path ("services.1.prefix").
func (s Settings) Validate() error {
	var probs problem.List
	if len(s.Services) == 0 {
		probs.Add(problem.New("services", errNoServices))
	}
	if len(s.Services) > MaxServices {
		probs.Add(problem.New("services", errTooManyServices, "Max", MaxServices))
	}
	seen := map[string]bool{}
	for i, d := range s.Services {
		f := fmt.Sprintf("services.%d.", i)
		switch {
		case !validPrefix(d.Prefix):
			probs.Add(problem.New(f+"prefix", errPrefix, "Prefix", d.Prefix))
		case seen[d.Prefix]:
			probs.Add(problem.New(f+"prefix", errPrefixTwice, "Prefix", d.Prefix))
		}
		seen[d.Prefix] = true
		if n := utf8.RuneCountInString(strings.TrimSpace(d.Name)); n == 0 || n > MaxServiceNameRunes {
			probs.Add(problem.New(f+"name", errServiceName, "Max", MaxServiceNameRunes))
		}
		if len(d.Windows) == 0 && !d.Off {
			probs.Add(problem.New(f+"windows", errNoWindows, "Prefix", d.Prefix))
		}
		for _, w := range d.Windows {
			if w < 1 || w > MaxWindowNumber {
				probs.Add(problem.New(f+"windows", errWindowNumber, "Window", w, "Max", MaxWindowNumber))
			}
		}
	}
	check := func(field string, v, lo, hi int) {
		if v < lo || v > hi {
			probs.Add(problem.New(field, errRange, "Min", lo, "Max", hi))
		}
	}
	check("recall_max", s.RecallMax, 0, maxRecall)
	check("button_gap_sec", s.ButtonGapSec, 0, maxButtonGapSec)
	check("hall_recent", s.HallRecent, 0, maxHallRecent)
	check("appointment_lead_min", s.AppointmentLeadMin, 0, maxLeadMin)
	return probs.Err()
}

// validPrefix: one or two capital Latin letters (a printer's font has
// them, the voice reads them).
func validPrefix(p string) bool {
	if len(p) == 0 || len(p) > MaxPrefixLen {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < 'A' || p[i] > 'Z' {
			return false
		}
	}
	return true
}

const (
	bucketSettings = "queue.settings"
	keySettings    = "settings"
)

// SettingsTx reads the center's queue settings (DefaultSettings when
// never saved), defaults applied.
func SettingsTx(tx *store.Tx) (Settings, error) {
	s, err := store.GetAs[Settings](tx, bucketSettings, []byte(keySettings))
	if errors.Is(err, store.ErrNotFound) {
		return DefaultSettings(), nil
	}
	return s.withDefaults(), err
}

// Settings reads the queue settings.
func (q *Queue) Settings() (Settings, error) { return store.Read(q.db, SettingsTx) }

// SaveSettings checks and stores the queue settings (the office). A
// service that has tickets today keeps its prefix's numbering; a service
// taken out is turned off rather than dropped while tickets wait for it.
func (q *Queue) SaveSettings(actor string, s Settings) (Settings, error) {
	s.Services = trimServices(s.Services)
	if err := s.Validate(); err != nil {
		return Settings{}, err
	}
	s = s.withDefaults()
	out, err := store.Write(q.db, actor, func(tx *store.Tx) (Settings, error) {
		before, err := SettingsTx(tx)
		if err != nil {
			return Settings{}, err
		}
		waiting, err := waitingTx(tx)
		if err != nil {
			return Settings{}, err
		}
		for _, w := range waiting {
			if _, ok := s.Service(w.Service); !ok {
				return Settings{}, problem.New("services", errServiceInUse, "Prefix", w.Service)
			}
		}
		if err := tx.Put(bucketSettings, []byte(keySettings), s); err != nil {
			return Settings{}, err
		}
		return s, tx.AuditAndOutbox("queue.settings", "settings/queue", outboxSettings, before, s)
	})
	if err == nil {
		q.publish(Event{Kind: EventSettings, At: q.db.Now()})
	}
	return out, err
}

func trimServices(ds []ServiceDef) []ServiceDef {
	out := make([]ServiceDef, 0, len(ds))
	for _, d := range ds {
		d.Prefix = strings.ToUpper(strings.TrimSpace(d.Prefix))
		d.Name = strings.TrimSpace(d.Name)
		if d.Prefix == "" && d.Name == "" && len(d.Windows) == 0 {
			continue // an empty row of the form
		}
		out = append(out, d)
	}
	return out
}
