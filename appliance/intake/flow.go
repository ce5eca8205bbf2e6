package intake

import (
	"slices"
	"strings"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// Action is one move of a case's flow.
type Action string

// The actions. Each is allowed from some statuses only (from).
const (
	ActRegister Action = "register" // 收件 (Register)
	ActNotice   Action = "notice"   // 一次性告知 / 补正: every missing item at once, once
	ActMaterial Action = "material" // materials handed in (补齐)
	ActAccept   Action = "accept"   // 受理: every required material is in
	ActRefuse   Action = "refuse"   // 不予受理, with the reason
	ActStart    Action = "start"    // 办理
	ActReport   Action = "report"   // 上报: sent up for approval (To)
	ActTransfer Action = "transfer" // 转办: to another unit (To)
	ActJoint    Action = "joint"    // 联办: with other units (To)
	ActPause    Action = "pause"    // an excluded period begins (art. 45)
	ActResume   Action = "resume"   // the excluded period ends
	ActDecide   Action = "decide"   // 决定: approved or refused (with the reason)
	ActDeliver  Action = "deliver"  // 办结: the result handed over
	ActReturn   Action = "return"   // 退回: returned, with the reason
)

// from lists the statuses each action may be taken in.
var from = map[Action][]Status{
	ActNotice:   {StatusReceived},
	ActMaterial: {StatusReceived, StatusCorrection},
	ActAccept:   {StatusReceived, StatusCorrection},
	ActRefuse:   {StatusReceived, StatusCorrection},
	ActStart:    {StatusAccepted},
	ActReport:   {StatusAccepted, StatusInProgress, StatusTransferred, StatusJoint},
	ActTransfer: {StatusAccepted, StatusInProgress, StatusReported, StatusJoint},
	ActJoint:    {StatusAccepted, StatusInProgress, StatusReported, StatusTransferred},
	ActPause:    {StatusAccepted, StatusInProgress, StatusReported, StatusTransferred, StatusJoint},
	ActResume:   {StatusAccepted, StatusInProgress, StatusReported, StatusTransferred, StatusJoint},
	ActDecide:   {StatusAccepted, StatusInProgress, StatusReported, StatusTransferred, StatusJoint},
	ActDeliver:  {StatusDecided},
	ActReturn:   {StatusDecided, StatusCorrection},
}

// Actions lists the flow's actions after registration, in flow order.
func Actions() []Action {
	return []Action{ActNotice, ActMaterial, ActAccept, ActRefuse, ActStart, ActReport, ActTransfer, ActJoint,
		ActPause, ActResume, ActDecide, ActDeliver, ActReturn}
}

// Allowed reports whether the action may be taken on a case in status s.
func (a Action) Allowed(s Status) bool { return slices.Contains(from[a], s) }

// ExclusionKind is why a period is left out of the limit (行政许可法
// art. 45: 听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审).
type ExclusionKind string

// The kinds of excluded period.
const (
	ExclHearing ExclusionKind = "hearing" // 听证
	ExclTender  ExclusionKind = "tender"  // 招标、拍卖
	ExclTesting ExclusionKind = "testing" // 检验、检测、检疫
	ExclExpert  ExclusionKind = "expert"  // 鉴定、专家评审
)

// ExclusionKinds lists the kinds in display order.
func ExclusionKinds() []ExclusionKind {
	return []ExclusionKind{ExclHearing, ExclTender, ExclTesting, ExclExpert}
}

// Exclusion is one excluded period: from Start to End (YYYY-MM-DD, both
// included; End "" while it goes on); Days its working days.
type Exclusion struct {
	Kind   ExclusionKind `json:"kind"`
	Reason string        `json:"reason"`
	Start  string        `json:"start"`
	End    string        `json:"end,omitempty"`
	Days   int           `json:"days,omitempty"`
	By     string        `json:"by"`
}

// Step is one move of the case, as it happened.
type Step struct {
	Action Action    `json:"action"`
	Status Status    `json:"status"` // the status it left the case in
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	// Doc is the reference of the document the step issued (受理通知书,
	// 一次性告知书, …: intake documents set it with AttachDoc).
	Doc  string `json:"doc,omitempty"`
	Note string `json:"note,omitempty"` // a reason, what was handed in, …
	To   string `json:"to,omitempty"`   // the unit or level reported, transferred or joined to
}

// StepInput is what comes with an action.
type StepInput struct {
	Action Action
	Doc    string
	// Note is the reason (不予受理, a refusal, 退回, an excluded period)
	// or a remark.
	Note string
	To   string // 上报/转办/联办: to whom
	// Materials names materials handed in (ActMaterial; also accepted
	// with ActAccept); Missing lists more missing items for the notice
	// beside the checklist's (wrong or incomplete ones).
	Materials []string
	Missing   []string
	Outcome   Outcome       // ActDecide
	Kind      ExclusionKind // ActPause
	// Day is the day an excluded period starts (ActPause) or ends
	// (ActResume), YYYY-MM-DD; "" is today. With End an ActPause records
	// a finished period at once.
	Day, End string
}

// Step takes one action on the case id: it checks the action is allowed
// in the case's status and that the actor may act (the owner, staff of the
// case's unit or the office), applies it and stores the case with its
// indexes, an audit entry and an outbox record, in one transaction.
func (s *Service) Step(a Actor, id uint64, in StepInput) (Case, error) {
	return store.Write(s.db, a.Name, func(tx *store.Tx) (Case, error) {
		return s.changeTx(tx, a, id, "intake.step", func(c *Case) error {
			if !in.Action.Allowed(c.Status) {
				return problem.New("action", errActionState, "Action", string(in.Action), "Status", string(c.Status))
			}
			doc, err := checkDoc(in.Doc)
			if err != nil {
				return err
			}
			step := Step{Action: in.Action, At: tx.Now().UTC(), By: a.Name, Doc: doc}
			if err := s.apply(tx, c, &step, in); err != nil {
				return err
			}
			step.Status = c.Status
			c.Steps = append(c.Steps, step)
			return nil
		})
	})
}

// changeTx reads the case id, checks the actor may act on it, changes it
// with fn and stores it with its indexes, an audit entry (action) and an
// outbox record.
func (s *Service) changeTx(tx *store.Tx, a Actor, id uint64, action string, fn func(c *Case) error) (Case, error) {
	c, err := GetTx(tx, id)
	if err != nil {
		return Case{}, err
	}
	before := c
	if !mayAct(tx, a, c) {
		return Case{}, problem.New("", errNotYourUnit)
	}
	c.Steps = slices.Clone(c.Steps)
	if err := fn(&c); err != nil {
		return Case{}, err
	}
	if err := s.putCase(tx, &before, &c); err != nil {
		return Case{}, err
	}
	return c, s.auditCase(tx, action, &before, c)
}

// mayAct: the owner, staff of the case's unit, or the office.
func mayAct(tx *store.Tx, a Actor, c Case) bool {
	return a.Office() || (a.Name != "" && a.Name == c.Owner) || MayReadFull(tx, a, c)
}

// apply changes the case for the action.
func (s *Service) apply(tx *store.Tx, c *Case, step *Step, in StepInput) error {
	now := step.At
	switch in.Action {
	case ActNotice:
		return notice(c, step, in)
	case ActMaterial:
		if receive(c, in.Materials, now) == 0 {
			return problem.New("materials", errNoMaterial)
		}
		step.Note = strings.Join(in.Materials, "、")
	case ActAccept:
		receive(c, in.Materials, now)
		if missing := c.missingRequired(); len(missing) > 0 {
			return problem.New("materials", errMissing, "Names", strings.Join(missing, "、"))
		}
		c.Status, c.AcceptedAt = StatusAccepted, now
	case ActRefuse:
		if err := reason(step, in.Note); err != nil {
			return err
		}
		c.Status, c.ClosedAt, c.Category = StatusRefused, now, CategoryReturned
	case ActStart:
		c.Status = StatusInProgress
	case ActReport, ActTransfer, ActJoint:
		return route(c, step, in)
	case ActPause, ActResume:
		return s.exclusion(tx, c, step, in)
	case ActDecide:
		if in.Outcome != OutcomeApproved && in.Outcome != OutcomeRefused {
			return problem.New("outcome", errOutcome)
		}
		if in.Outcome == OutcomeRefused {
			if err := reason(step, in.Note); err != nil {
				return err
			}
		} else if err := note(step, in.Note); err != nil {
			return err
		}
		if slices.ContainsFunc(c.Exclusions, func(e Exclusion) bool { return e.End == "" }) {
			return problem.New("action", errPaused)
		}
		c.Status, c.Outcome, c.DecidedAt = StatusDecided, in.Outcome, now
	case ActDeliver:
		if err := note(step, in.Note); err != nil {
			return err
		}
		c.Status, c.ClosedAt = StatusDelivered, now
	case ActReturn:
		if err := reason(step, in.Note); err != nil {
			return err
		}
		c.Status, c.ClosedAt, c.Category = StatusReturned, now, CategoryReturned
	default:
		return problem.New("action", errActionState, "Action", string(in.Action), "Status", string(c.Status))
	}
	return nil
}

// notice issues the one-time notice: every missing item at once — the
// checklist's required materials not yet handed in and any listed beside
// them (a conditional material the case needs, one that is wrong). It
// is issued once (一次性).
func notice(c *Case, step *Step, in StepInput) error {
	if !c.NoticeAt.IsZero() {
		return problem.New("action", errNoticeTwice)
	}
	missing := c.missingRequired()
	for _, m := range in.Missing {
		if m = strings.TrimSpace(m); m != "" && !slices.Contains(missing, m) {
			missing = append(missing, m)
		}
	}
	if len(missing) == 0 {
		return problem.New("missing", errNothingMissing)
	}
	if err := note(step, in.Note); err != nil {
		return err
	}
	c.Status, c.NoticeAt, c.Missing = StatusCorrection, step.At, missing
	step.Note = strings.Join(missing, "、")
	return nil
}

// route reports the case up, transfers it or joins other units.
func route(c *Case, step *Step, in StepInput) error {
	to := in.To
	if ps := text("to", &to, true, MaxShortRunes); len(ps) > 0 {
		return ps.Err()
	}
	step.To = to
	if err := note(step, in.Note); err != nil {
		return err
	}
	switch in.Action {
	case ActReport:
		c.Status, c.Category = StatusReported, CategoryReported
	case ActTransfer:
		c.Status, c.Category = StatusTransferred, CategoryTransferred
	case ActJoint:
		c.Status, c.Category = StatusJoint, CategoryJoint
	}
	return nil
}

// exclusion starts (ActPause) or ends (ActResume) an excluded period.
func (s *Service) exclusion(tx *store.Tx, c *Case, step *Step, in StepInput) error {
	today := tx.Now().In(s.cal.Location()).Format(store.DateLayout)
	day := strings.TrimSpace(in.Day)
	if day == "" {
		day = today
	}
	d, err := time.ParseInLocation(store.DateLayout, day, s.cal.Location())
	if err != nil || day > today || !store.RecordDateOK(d) {
		return problem.New("day", errDay)
	}
	open := slices.IndexFunc(c.Exclusions, func(e Exclusion) bool { return e.End == "" })
	if in.Action == ActResume {
		if open < 0 {
			return problem.New("action", errNotPaused)
		}
		return s.endExclusion(c, step, &c.Exclusions[open], d)
	}
	if open >= 0 {
		return problem.New("action", errPaused)
	}
	if !slices.Contains(ExclusionKinds(), in.Kind) {
		return problem.New("kind", errExclKind)
	}
	if d.Before(civil(c.AcceptedAt, s.cal.Location())) {
		return problem.New("day", errDayBeforeAccept)
	}
	if err := reason(step, in.Note); err != nil {
		return err
	}
	c.Exclusions = append(c.Exclusions, Exclusion{Kind: in.Kind, Reason: step.Note, Start: day, By: step.By})
	if in.End == "" {
		return nil
	}
	end, err := time.ParseInLocation(store.DateLayout, strings.TrimSpace(in.End), s.cal.Location())
	if err != nil || end.Format(store.DateLayout) > today {
		return problem.New("end", errDay)
	}
	return s.endExclusion(c, step, &c.Exclusions[len(c.Exclusions)-1], end)
}

// endExclusion closes the period ex on the day end (included).
func (s *Service) endExclusion(c *Case, step *Step, ex *Exclusion, end time.Time) error {
	start, _ := time.ParseInLocation(store.DateLayout, ex.Start, s.cal.Location())
	if end.Before(start) {
		return problem.New("end", errEndBeforeStart)
	}
	ex.End, ex.Days = end.Format(store.DateLayout), s.cal.WorkdaysBetween(start, end)
	if step.Note == "" {
		step.Note = ex.Reason
	}
	return nil
}

// receive marks the named materials of the checklist handed in; it
// returns how many it marked.
func receive(c *Case, names []string, now time.Time) int {
	n := 0
	for i := range c.Materials {
		m := &c.Materials[i]
		if !m.Received && slices.Contains(names, m.Name) {
			m.Received, m.ReceivedAt = true, now
			n++
		}
	}
	return n
}

// missingRequired lists the required materials not yet handed in.
func (c Case) missingRequired() []string {
	var out []string
	for _, m := range c.Materials {
		if m.Required && !m.Received {
			out = append(out, m.Name)
		}
	}
	return out
}

func reason(step *Step, s string) error {
	if ps := text("note", &s, true, MaxNoteRunes); len(ps) > 0 {
		return ps.Err()
	}
	step.Note = s
	return nil
}

func note(step *Step, s string) error {
	if ps := text("note", &s, false, MaxNoteRunes); len(ps) > 0 {
		return ps.Err()
	}
	step.Note = s
	return nil
}

// MaxDocLen bounds a document reference.
const MaxDocLen = 80

func checkDoc(s string) (string, error) {
	if ps := text("doc", &s, false, MaxDocLen); len(ps) > 0 {
		return "", ps.Err()
	}
	return s, nil
}

// AttachDoc records the reference of the document issued for the case's
// step (its index in Steps): the intake documents call it once the
// document is frozen. A step's reference is set once.
func (s *Service) AttachDoc(a Actor, id uint64, step int, doc string) (Case, error) {
	return store.Write(s.db, a.Name, func(tx *store.Tx) (Case, error) { return s.AttachDocTx(tx, a, id, step, doc) })
}

// AttachDocTx is AttachDoc in the caller's write transaction (the frozen
// document and the step's reference commit together).
func (s *Service) AttachDocTx(tx *store.Tx, a Actor, id uint64, step int, doc string) (Case, error) {
	return s.changeTx(tx, a, id, "intake.doc", func(c *Case) error {
		if step < 0 || step >= len(c.Steps) || c.Steps[step].Doc != "" {
			return problem.New("doc", errDocSet)
		}
		var err error
		c.Steps[step].Doc, err = checkDoc(doc)
		return err
	})
}

// LastStep is the index in c.Steps of the last step of the action, or -1.
func LastStep(c Case, act Action) int {
	for i := len(c.Steps) - 1; i >= 0; i-- {
		if c.Steps[i].Action == act {
			return i
		}
	}
	return -1
}
