package rating

// Level is one of the five levels of GB/T 39734-2020 7.3, named by what
// is printed on the button. The order and any number an upload needs are
// in Settings.Codes: do not assume 1 is the best.
type Level string

// The five levels, best first (the order on a rating panel, left to
// right). The names are those of hw/button's levels; cmd maps one to the
// other by name.
const (
	VerySatisfied    Level = "very_satisfied"    // 非常满意
	Satisfied        Level = "satisfied"         // 满意
	Basic            Level = "basic"             // 基本满意
	Dissatisfied     Level = "dissatisfied"      // 不满意
	VeryDissatisfied Level = "very_dissatisfied" // 非常不满意
)

// Levels returns the five levels, best first.
func Levels() []Level {
	return []Level{VerySatisfied, Satisfied, Basic, Dissatisfied, VeryDissatisfied}
}

// Valid reports whether l is one of the five levels.
func (l Level) Valid() bool { return l.index() >= 0 }

func (l Level) index() int {
	for i, v := range Levels() {
		if v == l {
			return i
		}
	}
	return -1
}

// Bad reports whether l is a 差评: 不满意 or 非常不满意 (GB/T 39734-2020
// 9.2: the two lowest levels are 差评 and are followed up).
func (l Level) Bad() bool { return l == Dissatisfied || l == VeryDissatisfied }

// LocaleKey is the key of the level's words, "rating.level.<level>".
func (l Level) LocaleKey() string { return "rating.level." + string(l) }

// Option is one 差评 option a rater may choose (GB/T 39734-2020 Annex A,
// the on-site channel); see docs/DECISIONS.md for what was assumed.
type Option string

// The 差评 options of the on-site channel.
const (
	OptAttitude    Option = "attitude"    // 服务态度差
	OptEfficiency  Option = "efficiency"  // 办事效率低、等候时间长
	OptSkill       Option = "skill"       // 业务不熟练、解答不清
	OptNotice      Option = "notice"      // 一次性告知不到位、多次跑腿
	OptProcess     Option = "process"     // 办事流程繁琐、材料要求多
	OptDiscipline  Option = "discipline"  // 工作纪律差(脱岗、玩手机等)
	OptEnvironment Option = "environment" // 服务环境和设施差
	OptOther       Option = "other"       // 其他
)

// Options lists the 差评 options in the order a form shows them.
func Options() []Option {
	return []Option{OptAttitude, OptEfficiency, OptSkill, OptNotice, OptProcess, OptDiscipline, OptEnvironment, OptOther}
}

// Valid reports whether o is a known option.
func (o Option) Valid() bool {
	for _, v := range Options() {
		if v == o {
			return true
		}
	}
	return false
}

// LocaleKey is the key of the option's words.
func (o Option) LocaleKey() string { return "rating.option." + string(o) }

// Channel is how a rating was given (GB/T 39734-2020 6.1 on-site
// channels); the upload code is Settings.ChannelCode.
type Channel string

// Channels.
const (
	ChannelButtons Channel = "window_buttons" // 窗口评价器 (the window's five buttons or rating box)
	ChannelPanel   Channel = "panel"          // 演示面板 (the demo panel: the same flow, pressed on a page)
)
