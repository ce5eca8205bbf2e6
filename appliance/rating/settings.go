package rating

import (
	"errors"
	"regexp"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Bucket names; every one starts with "rating.".
const (
	bucketSettings  = "rating.settings"
	bucketChain     = "rating.chain"     // seq → Entry (ratings and comments), hash-chained
	bucketByTime    = "rating.by_time"   // instant|seq → "" (ratings only)
	bucketByRef     = "rating.by_ref"    // service ref → seq: one rating per service
	bucketComments  = "rating.comments"  // rating seq → comment seq: one comment per rating
	bucketNoise     = "rating.noise"     // seq → Noise
	bucketFollowUps = "rating.followups" // rating seq → FollowUp
	bucketOpen      = "rating.fu_open"   // rating seq → "" while a follow-up is not closed
	bucketAppraisal = "rating.appraisal" // period key → Appraisal
	keySettings     = "settings"
)

// RuleKind is how an appraisal period names its 最不满意人员.
type RuleKind string

// Rules a center may set.
const (
	// RuleLowestRate: the lowest satisfaction rate among the staff with at
	// least Rule.MinRatings ratings in the period.
	RuleLowestRate RuleKind = "lowest_rate"
	// RuleOffice: the office's own appraisal (评议), recorded on the box.
	RuleOffice RuleKind = "office"
)

// Rule is the center's rule for 最不满意人员.
type Rule struct {
	Kind       RuleKind `json:"kind"`
	MinRatings int      `json:"min_ratings"`
}

// PeriodKind is the length of an appraisal period.
type PeriodKind string

// Appraisal periods.
const (
	PeriodMonth   PeriodKind = "month"
	PeriodQuarter PeriodKind = "quarter"
)

// Settings are the center's rating rules; every number is a default the
// office may change.
type Settings struct {
	// ArmSeconds: how long a window takes a rating after a service ends.
	ArmSeconds int `json:"arm_seconds"`
	// FollowUpDays: working days from a 差评 to its follow-up's due date.
	FollowUpDays int `json:"follow_up_days"`
	// AreaCode is the 行政区划代码 the uploads carry (6 or 12 digits);
	// empty until the office sets it.
	AreaCode string `json:"area_code"`
	// Codes: each level's code in an upload, and the on-site channel's.
	Codes       map[Level]string `json:"codes"`
	ChannelCode string           `json:"channel_code"`
	Rule        Rule             `json:"rule"`
	Period      PeriodKind       `json:"period"`
	// FlagTimes: named 最不满意人员 this many times or more flags a staff
	// member for return to their unit (regulation 001 line 229: 3).
	FlagTimes int `json:"flag_times"`
}

// DefaultSettings: 60 s to rate, 5 working days to follow a 差评 up, the
// upload codes 5 (非常满意) down to 1 (非常不满意), the lowest rate among
// staff with 10 ratings or more, monthly, flagged at 3 (001 line 229).
func DefaultSettings() Settings {
	return Settings{
		ArmSeconds:   60,
		FollowUpDays: 5,
		Codes: map[Level]string{VerySatisfied: "5", Satisfied: "4", Basic: "3",
			Dissatisfied: "2", VeryDissatisfied: "1"},
		ChannelCode: "2",
		Rule:        Rule{Kind: RuleLowestRate, MinRatings: 10},
		Period:      PeriodMonth,
		FlagTimes:   3,
	}
}

// Limits of the settings.
const (
	MinArmSeconds   = 10
	MaxArmSeconds   = 600
	MaxFollowUpDays = 30
	MaxMinRatings   = 1000
	MaxFlagTimes    = 12
	maxCodeLen      = 8
)

var (
	areaCodeRe = regexp.MustCompile(`^(\d{6}|\d{12})$`)
	codeRe     = regexp.MustCompile(`^[0-9A-Za-z]{1,8}$`)
)

// Validate checks the settings; problems name the field by its JSON name.
func (s Settings) Validate() error {
	var probs problem.List
	if s.ArmSeconds < MinArmSeconds || s.ArmSeconds > MaxArmSeconds {
		probs.Add(problem.New("arm_seconds", "rating.err.arm_seconds", "Min", MinArmSeconds, "Max", MaxArmSeconds))
	}
	if s.FollowUpDays < 1 || s.FollowUpDays > MaxFollowUpDays {
		probs.Add(problem.New("follow_up_days", "rating.err.follow_up_days", "Max", MaxFollowUpDays))
	}
	if s.AreaCode != "" && !areaCodeRe.MatchString(s.AreaCode) {
		probs.Add(problem.New("area_code", "rating.err.area_code"))
	}
	seen := map[string]Level{}
	for _, l := range Levels() {
		c := s.Codes[l]
		if !codeRe.MatchString(c) {
			probs.Add(problem.New("codes."+string(l), "rating.err.code"))
			continue
		}
		if _, dup := seen[c]; dup {
			probs.Add(problem.New("codes."+string(l), "rating.err.code_twice", "Code", c))
		}
		seen[c] = l
	}
	if !codeRe.MatchString(s.ChannelCode) {
		probs.Add(problem.New("channel_code", "rating.err.code"))
	}
	switch s.Rule.Kind {
	case RuleLowestRate, RuleOffice:
	default:
		probs.Add(problem.New("rule", "rating.err.rule"))
	}
	if s.Rule.Kind == RuleLowestRate && (s.Rule.MinRatings < 1 || s.Rule.MinRatings > MaxMinRatings) {
		probs.Add(problem.New("min_ratings", "rating.err.min_ratings", "Max", MaxMinRatings))
	}
	if s.Period != PeriodMonth && s.Period != PeriodQuarter {
		probs.Add(problem.New("period", "rating.err.period"))
	}
	if s.FlagTimes < 1 || s.FlagTimes > MaxFlagTimes {
		probs.Add(problem.New("flag_times", "rating.err.flag_times", "Max", MaxFlagTimes))
	}
	return probs.Err()
}

// SettingsTx reads the settings; a center that never saved any has the
// defaults.
func SettingsTx(tx *store.Tx) (Settings, error) {
	s, err := store.GetAs[Settings](tx, bucketSettings, []byte(keySettings))
	if errors.Is(err, store.ErrNotFound) {
		return DefaultSettings(), nil
	}
	return s, err
}

// Settings reads the settings.
func (s *Service) Settings() (Settings, error) { return store.Read(s.db, SettingsTx) }

// SaveSettings checks and stores the settings, audited.
func (s *Service) SaveSettings(actor string, st Settings) (Settings, error) {
	if err := st.Validate(); err != nil {
		return Settings{}, err
	}
	return store.Write(s.db, actor, func(tx *store.Tx) (Settings, error) {
		before, err := SettingsTx(tx)
		if err != nil {
			return Settings{}, err
		}
		if err := tx.Put(bucketSettings, []byte(keySettings), st); err != nil {
			return Settings{}, err
		}
		return st, tx.Audit("rating.settings", "settings/rating", before, st)
	})
}
