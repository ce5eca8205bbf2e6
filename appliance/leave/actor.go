package leave

import "bianmin/appliance/account"

// Actor is who acts on a request: their account name (audited), role and
// own staff member (0: none). Console is the command line at the box
// (a technician or a test as root): it may act as any role, and its
// actions are audited as cli:<user>.
type Actor struct {
	Name    string
	Role    account.Role
	StaffID uint64
	Console bool
}

// Office reports whether the actor acts for the center office: files for
// anyone, records outside steps, registers substitutes, accepts late
// requests.
func (a Actor) Office() bool { return a.Console || a.Role == account.RoleOffice }

// mayAct reports whether the actor may complete a step of kind k: the
// step's role on the box (the office for outside steps), or the console.
func (a Actor) mayAct(k StepKind) bool { return a.Console || a.Role == k.Role() }

// owns reports whether the leave is the actor's own.
func (a Actor) owns(l Leave) bool { return a.StaffID != 0 && a.StaffID == l.StaffID }
