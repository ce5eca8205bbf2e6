package assess

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Bucket names; every one starts with "assess.".
const (
	bucketRules = "assess.rules" // "rules" → Rules
	keyRules    = "rules"
)

// Feed is the rule that feeds an item; "" for the items inspectors record.
type Feed string

// The rules that feed deductions (rules.go).
const (
	FeedInspection Feed = ""
	FeedLate       Feed = "late"        // each late punch point
	FeedEarly      Feed = "early"       // each early out-punch
	FeedAbsence    Feed = "absence"     // each half-day of 旷工
	FeedOffPost    Feed = "off_post"    // each 脱岗 record not already absence
	FeedOverstay   Feed = "overstay"    // each leave closed after its end (超假)
	FeedOverdue    Feed = "overdue"     // each case decided past its promised limit (超时)
	FeedNotice     Feed = "notice"      // each one-time notice not issued in time
	FeedBad        Feed = "bad_rating"  // each 差评
	FeedNamed      Feed = "least_liked" // named 最不满意人员 in the month's appraisal
)

// Feeds lists the rule-fed kinds in the order the catalog shows them.
func Feeds() []Feed {
	return []Feed{FeedLate, FeedEarly, FeedAbsence, FeedOffPost, FeedOverstay, FeedOverdue, FeedNotice, FeedBad, FeedNamed}
}

// Cite names the regulation an item comes from: a file of
// ../shared/regulations by its number ("003") or "DOMAIN", and a line.
type Cite struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

// String is the cite as files and logs give it: "003:277".
func (c Cite) String() string { return fmt.Sprintf("%s:%d", c.File, c.Line) }

// Item is one line of the deduction catalog.
type Item struct {
	Key string `json:"key"`
	// Name is the office's own wording; "" shows the built-in item's
	// translated name (locale key assess.item.<Key>).
	Name   string `json:"name,omitempty"`
	Points int    `json:"points"` // deducted per event (per half-day for absence)
	Cite   Cite   `json:"cite"`
	Feed   Feed   `json:"feed,omitempty"`
	Off    bool   `json:"off,omitempty"` // not deducted any more (kept for old records)
	Custom bool   `json:"custom,omitempty"`
}

// Rules are the center's assessment rules: the catalog and its numbers.
type Rules struct {
	Preset string `json:"preset"`
	Items  []Item `json:"items"`
	// ObjectionDays: working days after the month is published in which a
	// staff member may object to a deduction.
	ObjectionDays int `json:"objection_days"`
	// AwardCount: 先进个人 named per quarter (regulation 003 line 275: 2).
	AwardCount int `json:"award_count"`
	// Who may not be 先进个人 however they score: anyone with absence or
	// with a 差评 in the quarter.
	ExcludeAbsence bool `json:"exclude_absence"`
	ExcludeBad     bool `json:"exclude_bad"`
}

// Item finds an item by key.
func (r Rules) Item(key string) (Item, bool) {
	i := slices.IndexFunc(r.Items, func(it Item) bool { return it.Key == key })
	if i < 0 {
		return Item{}, false
	}
	return r.Items[i], true
}

// Fed is the item a rule feeds, if the catalog has one switched on.
func (r Rules) Fed(f Feed) (Item, bool) {
	for _, it := range r.Items {
		if it.Feed == f && f != FeedInspection && !it.Off {
			return it, true
		}
	}
	return Item{}, false
}

// Observable lists the items inspectors may record, switched on.
func (r Rules) Observable() []Item {
	var out []Item
	for _, it := range r.Items {
		if it.Feed == FeedInspection && !it.Off {
			out = append(out, it)
		}
	}
	return out
}

// Preset keys.
const (
	PresetTownship = "township"
	PresetCounty   = "county"
)

// PresetKeys lists the presets.
func PresetKeys() []string { return []string{PresetTownship, PresetCounty} }

// conduct is the catalog of regulation 003 lines 277–288 (平邑县镇(街道)
// 便民办事中心窗口工作人员考核评分办法), as DOMAIN.md lines 99–103 digest it.
func conduct() []Item {
	return []Item{
		{Key: "uniform", Points: 1, Cite: Cite{"003", 277}},
		{Key: "conduct", Points: 1, Cite: Cite{"003", 278}},
		{Key: "games", Points: 5, Cite: Cite{"003", 279}},
		{Key: "outsider", Points: 1, Cite: Cite{"003", 280}},
		{Key: "desk", Points: 1, Cite: Cite{"003", 281}},
		{Key: "drinking", Points: 20, Cite: Cite{"003", 282}},
		{Key: "quarrel", Points: 10, Cite: Cite{"003", 283}},
		{Key: "computer_on", Points: 2, Cite: Cite{"003", 284}},
		{Key: "software", Points: 5, Cite: Cite{"003", 285}},
		{Key: "exam", Points: 2, Cite: Cite{"003", 287}},
		{Key: "answer", Points: 1, Cite: Cite{"003", 288}},
	}
}

// PresetRules are a preset's rules. The conduct items and their points
// are the regulation's own; the points of the rule-fed items are not in
// the texts and are this product's defaults (docs/DECISIONS.md
// "Assessment"), which the office changes to its own.
//
//   - township: regulation 003's township center (百分制, 先进个人 2 a
//     quarter, line 275);
//   - county: the county hall's stricter attendance (regulation 000 lines
//     97–104 treat overstay, lateness and leaving the post as absence):
//     late, early and off-post cost 2, absence 10 a half-day.
func PresetRules(key string) (Rules, bool) {
	late, absence, offPost := 1, 5, 2
	switch key {
	case PresetTownship:
	case PresetCounty:
		late, absence, offPost = 2, 10, 3
	default:
		return Rules{}, false
	}
	items := conduct()
	items = append(items,
		Item{Key: "late", Feed: FeedLate, Points: late, Cite: Cite{"000", 141}},
		Item{Key: "early", Feed: FeedEarly, Points: late, Cite: Cite{"000", 141}},
		Item{Key: "absence", Feed: FeedAbsence, Points: absence, Cite: Cite{"000", 97}},
		Item{Key: "off_post", Feed: FeedOffPost, Points: offPost, Cite: Cite{"003", 310}},
		Item{Key: "overstay", Feed: FeedOverstay, Points: 2, Cite: Cite{"000", 100}},
		Item{Key: "overdue", Feed: FeedOverdue, Points: 2, Cite: Cite{"003", 248}},
		Item{Key: "notice", Feed: FeedNotice, Points: 1, Cite: Cite{"003", 288}},
		Item{Key: "bad_rating", Feed: FeedBad, Points: 2, Cite: Cite{"DOMAIN", 96}},
		Item{Key: "least_liked", Feed: FeedNamed, Points: 5, Cite: Cite{"001", 229}},
	)
	return Rules{Preset: key, Items: items, ObjectionDays: 5, AwardCount: 2, ExcludeAbsence: true, ExcludeBad: key == PresetCounty}, true
}

// DefaultRules are the township preset's.
func DefaultRules() Rules { r, _ := PresetRules(PresetTownship); return r }

// Limits.
const (
	MaxPoints        = 100
	MaxObjectionDays = 30
	MaxAwardCount    = 20
	MaxNameRunes     = 40
	MaxNoteRunes     = 500
	MaxItems         = 60
)

// Validate checks the rules; problems name the field by its JSON name.
func (r Rules) Validate() error {
	var probs problem.List
	if r.ObjectionDays < 1 || r.ObjectionDays > MaxObjectionDays {
		probs.Add(problem.New("objection_days", "assess.err.objection_days", "Max", MaxObjectionDays))
	}
	if r.AwardCount < 1 || r.AwardCount > MaxAwardCount {
		probs.Add(problem.New("award_count", "assess.err.award_count", "Max", MaxAwardCount))
	}
	if len(r.Items) > MaxItems {
		probs.Add(problem.New("items", "assess.err.items", "Max", MaxItems))
	}
	seen := map[string]bool{}
	for _, it := range r.Items {
		if seen[it.Key] {
			probs.Add(problem.New("key", "assess.err.item_twice", "Key", it.Key))
		}
		seen[it.Key] = true
		if err := it.check(); err != nil {
			probs = append(probs, problem.All(err)...)
		}
	}
	return probs.Err()
}

func (it Item) check() error {
	var probs problem.List
	if it.Points < 0 || it.Points > MaxPoints {
		probs.Add(problem.New("points", "assess.err.points", "Max", MaxPoints))
	}
	if it.Custom && strings.TrimSpace(it.Name) == "" {
		probs.Add(problem.New("name", "assess.err.name_required"))
	}
	if utf8.RuneCountInString(it.Name) > MaxNameRunes {
		probs.Add(problem.New("name", "assess.err.name_long", "Max", MaxNameRunes))
	}
	if it.Cite.File == "" || it.Cite.Line < 1 {
		probs.Add(problem.New("cite", "assess.err.cite"))
	}
	if it.Feed != FeedInspection && !slices.Contains(Feeds(), it.Feed) {
		probs.Add(problem.New("feed", "assess.err.feed"))
	}
	return probs.Err()
}

// RulesTx reads the rules; a center that never saved any has the
// township preset.
func RulesTx(tx *store.Tx) (Rules, error) {
	r, err := store.GetAs[Rules](tx, bucketRules, []byte(keyRules))
	if errors.Is(err, store.ErrNotFound) {
		return DefaultRules(), nil
	}
	return r, err
}

// Rules reads the rules.
func (s *Service) Rules() (Rules, error) { return store.Read(s.db, RulesTx) }

// saveRules stores r, audited as action with the rules before.
func saveRules(tx *store.Tx, action string, change func(r *Rules) error) (Rules, error) {
	before, err := RulesTx(tx)
	if err != nil {
		return Rules{}, err
	}
	after := before
	after.Items = slices.Clone(before.Items)
	if err := change(&after); err != nil {
		return Rules{}, err
	}
	if err := after.Validate(); err != nil {
		return Rules{}, err
	}
	if err := tx.Put(bucketRules, []byte(keyRules), after); err != nil {
		return Rules{}, err
	}
	return after, tx.Audit(action, "settings/assess", before, after)
}

// SaveItem changes a catalog item (its name, points, cite, on or off) or,
// when it.Key is "", adds a custom item inspectors may record. A built-in
// item keeps its key and feed.
func (s *Service) SaveItem(actor string, it Item) (Rules, error) {
	it.Name = strings.TrimSpace(it.Name)
	return store.Write(s.db, actor, func(tx *store.Tx) (Rules, error) {
		return saveRules(tx, "assess.item", func(r *Rules) error {
			if it.Key == "" {
				n := 1
				for _, x := range r.Items {
					if x.Custom {
						n++
					}
				}
				for {
					it.Key = fmt.Sprintf("custom_%d", n)
					if _, dup := r.Item(it.Key); !dup {
						break
					}
					n++
				}
				it.Custom, it.Feed = true, FeedInspection
				r.Items = append(r.Items, it)
				return it.check()
			}
			i := slices.IndexFunc(r.Items, func(x Item) bool { return x.Key == it.Key })
			if i < 0 {
				return problem.New("key", "assess.err.item_unknown", "Key", it.Key)
			}
			it.Feed, it.Custom = r.Items[i].Feed, r.Items[i].Custom
			r.Items[i] = it
			return it.check()
		})
	})
}

// Settings are the rules' numbers the office sets beside the catalog.
type Settings struct {
	ObjectionDays  int
	AwardCount     int
	ExcludeAbsence bool
	ExcludeBad     bool
}

// SaveSettings changes the objection window, the 先进个人 count and the
// exclusions.
func (s *Service) SaveSettings(actor string, st Settings) (Rules, error) {
	return store.Write(s.db, actor, func(tx *store.Tx) (Rules, error) {
		return saveRules(tx, "assess.settings", func(r *Rules) error {
			r.ObjectionDays, r.AwardCount, r.ExcludeAbsence, r.ExcludeBad = st.ObjectionDays, st.AwardCount, st.ExcludeAbsence, st.ExcludeBad
			return nil
		})
	})
}

// ChoosePreset replaces the catalog with a preset's (custom items are
// kept, switched off), audited.
func (s *Service) ChoosePreset(actor, key string) (Rules, error) {
	p, ok := PresetRules(key)
	if !ok {
		return Rules{}, problem.New("preset", "assess.err.preset", "Key", key)
	}
	return store.Write(s.db, actor, func(tx *store.Tx) (Rules, error) {
		return saveRules(tx, "assess.preset", func(r *Rules) error {
			custom := []Item{}
			for _, it := range r.Items {
				if it.Custom {
					it.Off = true
					custom = append(custom, it)
				}
			}
			*r = p
			r.Items = append(r.Items, custom...)
			return nil
		})
	})
}
