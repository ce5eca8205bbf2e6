package ui

// The queue as the hall's screens see it. The queue (appliance/queue)
// keeps tickets and calls; cmd wires it to the web app through HallSource,
// so the screens' pages depend on this small interface only.

import "time"

// HallSource is the queue's side of the hall display and the window
// displays.
type HallSource interface {
	// HallBoard is what the screens show now.
	HallBoard() (HallBoard, error)
	// SubscribeHall delivers a change of the board as it is committed —
	// a call or a recall carries the call to announce — until stop is
	// called. A subscriber that falls behind may miss changes, never the
	// board: every change is followed by a fresh HallBoard read.
	SubscribeHall() (changes <-chan HallChange, stop func())
}

// RatePrompts says which windows' satisfaction buttons wait for a
// citizen's rating (appliance/rating's flow, wired by cmd): their window
// displays ask for one. When that changes, cmd calls App.HallChanged.
type RatePrompts interface {
	ArmedWindows() map[int]bool
}

// HallBoard is the queue's state as the hall shows it.
type HallBoard struct {
	Windows []HallWindow  `json:"windows"` // the windows that serve the queue, by number
	Recent  []HallCall    `json:"recent"`  // the last calls, newest first
	Waiting []HallWaiting `json:"waiting"` // per service, in the services' order
}

// HallWindow is one window as its display and the hall display show it.
type HallWindow struct {
	Number  int    `json:"number"`
	Name    string `json:"name,omitempty"`
	Ticket  string `json:"ticket,omitempty"`  // the ticket it serves now; "" when none
	Service string `json:"service,omitempty"` // the ticket's service
	Paused  bool   `json:"paused,omitempty"`  // 暂停服务 (break, internal work)
	Open    bool   `json:"open"`              // staffed and serving the queue today
	// RatePrompt is set while the window's satisfaction buttons wait for
	// the citizen's rating (RatePrompts; the ratings arm them when a
	// service finishes): the window display asks for a rating.
	RatePrompt bool `json:"rate_prompt,omitempty"`
}

// HallCall is one call of a ticket to a window.
type HallCall struct {
	Ticket string    `json:"ticket"`
	Window int       `json:"window"`
	At     time.Time `json:"at"`
	Recall bool      `json:"recall,omitempty"` // 重呼: said again
}

// HallWaiting is how many tickets of a service wait.
type HallWaiting struct {
	Service string `json:"service"`
	Prefix  string `json:"prefix"`
	Waiting int    `json:"waiting"`
}

// HallChange is one change of the board; Call is set when it is a call
// or a recall, to be announced.
type HallChange struct {
	Call *HallCall
}
