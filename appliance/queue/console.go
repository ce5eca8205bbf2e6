package queue

import (
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// PauseReason is why a window stopped calling (暂停服务).
type PauseReason string

// The reasons a window pauses.
const (
	PauseBreak    PauseReason = "break"    // 休息
	PauseInternal PauseReason = "internal" // 内部事务 (先外后内: not while citizens wait)
	PauseMeeting  PauseReason = "meeting"  // 开会、学习
	PauseOther    PauseReason = "other"    // 其他 (with a note)
)

// PauseReasons lists the reasons in the order a console offers them.
func PauseReasons() []PauseReason {
	return []PauseReason{PauseBreak, PauseInternal, PauseMeeting, PauseOther}
}

// WindowState is a window's place in the queue: the ticket it is serving
// and whether it is paused.
type WindowState struct {
	Number  int         `json:"number"`
	Current uint64      `json:"current,omitempty"` // the ticket called and not yet finished
	Paused  bool        `json:"paused,omitempty"`
	Reason  PauseReason `json:"reason,omitempty"`
	Note    string      `json:"note,omitempty"`
	Since   time.Time   `json:"since,omitzero"` // paused since, or serving since
	Staff   string      `json:"staff,omitempty"`
}

// MaxNoteRunes bounds a pause's note.
const MaxNoteRunes = 40

// WindowTx reads a window's state (zero state for a window never used).
func WindowTx(tx *store.Tx, n int) (WindowState, error) {
	w, err := store.GetAs[WindowState](tx, bucketWindows, store.IDKey(uint64(n)))
	if errors.Is(err, store.ErrNotFound) {
		return WindowState{Number: n}, nil
	}
	return w, err
}

func putWindow(tx *store.Tx, before, w WindowState) error {
	if err := tx.Put(bucketWindows, store.IDKey(uint64(w.Number)), w); err != nil {
		return err
	}
	return tx.AuditAndOutbox("queue.window", windowObject(w.Number), outboxWindow, before, w)
}

// consoleTx is one console action in its transaction: the day, the
// settings, the window (which must be one a service names), its current
// ticket if any; act changes them and says what happened.
type consoleTx struct {
	tx   *store.Tx
	set  Settings
	win  WindowState
	was  WindowState
	cur  *Ticket
	ev   []Event
	who  Actor
	now  time.Time // the queue's clock, read once for the action
	done []Finished
}

func (q *Queue) console(who Actor, window int, act func(c *consoleTx) error) (Ticket, error) {
	var c *consoleTx
	out, err := store.Write(q.db, who.Name, func(tx *store.Tx) (Ticket, error) {
		c = &consoleTx{tx: tx, who: who, now: q.nowTx(tx)}
		if _, err := q.dayTx(tx, &c.ev); err != nil {
			return Ticket{}, err
		}
		var err error
		if c.set, err = SettingsTx(tx); err != nil {
			return Ticket{}, err
		}
		if !slices.Contains(c.set.Windows(), window) {
			return Ticket{}, problem.New("window", errUnknownWindow, "Window", window)
		}
		if c.win, err = WindowTx(tx, window); err != nil {
			return Ticket{}, err
		}
		c.win.Number = window
		c.was = c.win
		if c.win.Current != 0 {
			t, err := TicketTx(tx, c.win.Current)
			if err != nil {
				return Ticket{}, err
			}
			if t.Status == StatusCalled {
				c.cur = &t
			} else {
				c.win.Current = 0
			}
		}
		if err := act(c); err != nil {
			return Ticket{}, err
		}
		if c.win != c.was {
			if err := putWindow(tx, c.was, c.win); err != nil {
				return Ticket{}, err
			}
		}
		if c.cur != nil {
			return *c.cur, nil
		}
		return Ticket{}, nil
	})
	if err == nil {
		q.publish(c.ev...)
		q.finished(c.done...)
	}
	return out, err
}

// finishCurrent ends the window's current ticket as finished or skipped.
func (c *consoleTx) finishCurrent(status Status) error {
	t := *c.cur
	before := t
	t.Status, t.Finished = status, c.now
	action, kind := "queue.finish", EventFinished
	if status == StatusSkipped {
		action, kind = "queue.skip", EventSkipped
	}
	if err := putTicket(c.tx, action, &before, t); err != nil {
		return err
	}
	c.ev = append(c.ev, Event{Kind: kind, Ticket: t, Window: c.win.Number, Service: t.Service, At: t.Finished})
	if status == StatusFinished {
		c.done = append(c.done, Finished{Ticket: t, Window: c.win.Number, Staff: t.Staff, StaffID: t.StaffID,
			Service: t.Service, Taken: t.Taken, Called: t.Called, Done: t.Finished})
	}
	c.cur, c.win.Current, c.win.Since = nil, 0, time.Time{}
	return nil
}

// CallNext calls the window's next ticket (叫号). A ticket still at the
// window is finished first (the window's "next" ends the service it was
// giving, as a queue console's 下一位 does). A paused window resumes
// first; a window with nobody waiting says so.
func (q *Queue) CallNext(who Actor, window int) (Ticket, error) {
	return q.console(who, window, func(c *consoleTx) error {
		if c.win.Paused {
			return problem.New("", errPaused)
		}
		es, err := waitingTx(c.tx)
		if err != nil {
			return err
		}
		services := c.set.WindowServices(window)
		es = slices.DeleteFunc(es, func(e Entry) bool { return !callable(e, window, services) })
		if len(es) == 0 {
			return problem.New("", errNobodyWaiting)
		}
		if c.cur != nil {
			if err := c.finishCurrent(StatusFinished); err != nil {
				return err
			}
		}
		now := c.now
		order(es, now, c.set)
		t, err := TicketTx(c.tx, es[0].ID)
		if err != nil {
			return err
		}
		before := t
		t.Status, t.Window, t.Called, t.Recalls = StatusCalled, window, now, 0
		t.Staff, t.StaffID = c.who.Name, c.who.StaffID
		if err := c.tx.Delete(bucketWaiting, store.IDKey(t.ID)); err != nil {
			return err
		}
		if err := putTicket(c.tx, "queue.call", &before, t); err != nil {
			return err
		}
		if err := pushRecentTx(c.tx, t.ID); err != nil {
			return err
		}
		c.cur, c.win.Current, c.win.Since, c.win.Staff = &t, t.ID, now, c.who.Name
		c.ev = append(c.ev, Event{Kind: EventCalled, Ticket: t, Window: window, Service: t.Service, At: now})
		return nil
	})
}

// Recall calls the window's current ticket again, up to
// Settings.RecallMax times; after that the window skips it.
func (q *Queue) Recall(who Actor, window int) (Ticket, error) {
	return q.console(who, window, func(c *consoleTx) error {
		if c.cur == nil {
			return problem.New("", errNoCurrent)
		}
		if c.cur.Recalls >= c.set.RecallMax {
			return problem.New("", errRecallLimit, "Max", c.set.RecallMax)
		}
		t := *c.cur
		before := t
		t.Recalls++
		if err := putTicket(c.tx, "queue.recall", &before, t); err != nil {
			return err
		}
		c.cur = &t
		c.ev = append(c.ev, Event{Kind: EventRecalled, Ticket: t, Window: window, Service: t.Service, At: c.now})
		return nil
	})
}

// Skip ends the current ticket as not come (过号: 过号无效).
func (q *Queue) Skip(who Actor, window int) (Ticket, error) {
	return q.endCurrent(who, window, StatusSkipped)
}

// Finish ends the current ticket as served (办结); the OnFinished hooks
// run after the commit.
func (q *Queue) Finish(who Actor, window int) (Ticket, error) {
	return q.endCurrent(who, window, StatusFinished)
}

func (q *Queue) endCurrent(who Actor, window int, status Status) (Ticket, error) {
	var ended Ticket
	_, err := q.console(who, window, func(c *consoleTx) error {
		if c.cur == nil {
			return problem.New("", errNoCurrent)
		}
		if err := c.finishCurrent(status); err != nil {
			return err
		}
		ended = c.ev[len(c.ev)-1].Ticket
		return nil
	})
	return ended, err
}

// Transfer sends the window's current ticket on to another service (转办),
// optionally to one window of it: the ticket waits there ahead of
// ordinary tickets, having waited its turn once.
func (q *Queue) Transfer(who Actor, window int, service string, toWindow int) (Ticket, error) {
	var moved Ticket
	_, err := q.console(who, window, func(c *consoleTx) error {
		if c.cur == nil {
			return problem.New("", errNoCurrent)
		}
		def, ok := c.set.Service(service)
		if !ok || def.Off {
			return problem.New("service", errUnknownService, "Service", service)
		}
		if toWindow != 0 && !def.Serves(toWindow) {
			return problem.New("to_window", errWindowNotServing, "Window", toWindow, "Service", def.Name)
		}
		if toWindow == window {
			return problem.New("to_window", errTransferSelf)
		}
		t := *c.cur
		before := t
		t.Service, t.ServiceName, t.Status, t.ToWindow = def.Prefix, def.Name, StatusWaiting, toWindow
		t.Transfers++
		t.Window, t.Staff, t.StaffID, t.Called, t.Recalls = 0, "", 0, time.Time{}, 0
		if err := putTicket(c.tx, "queue.transfer", &before, t); err != nil {
			return err
		}
		if err := c.tx.Put(bucketWaiting, store.IDKey(t.ID), entryOf(t)); err != nil {
			return err
		}
		c.cur, c.win.Current, c.win.Since = nil, 0, time.Time{}
		c.ev = append(c.ev, Event{Kind: EventTransferred, Ticket: t, Window: window, Service: t.Service, At: c.now})
		moved = t
		return nil
	})
	return moved, err
}

// Pause stops the window calling, with a reason. A ticket at the window
// is finished or skipped first. Internal work waits while citizens wait
// for this window: 先外后内, serve citizens before internal work (DOMAIN.md
// "Queue"; regulation 004 line 122: 取号后迅速办理).
func (q *Queue) Pause(who Actor, window int, reason PauseReason, note string) error {
	note = strings.TrimSpace(note)
	_, err := q.console(who, window, func(c *consoleTx) error {
		if !slices.Contains(PauseReasons(), reason) {
			return problem.New("reason", errPauseReason)
		}
		if reason == PauseOther && note == "" {
			return problem.New("note", errPauseNote)
		}
		if utf8.RuneCountInString(note) > MaxNoteRunes {
			return problem.New("note", errNoteLong, "Max", MaxNoteRunes)
		}
		if c.win.Paused {
			return problem.New("", errPaused)
		}
		if c.cur != nil {
			return problem.New("", errCurrentOpen, "Number", c.cur.Number)
		}
		if reason == PauseInternal {
			n, err := waitingForTx(c.tx, c.set, window)
			if err != nil {
				return err
			}
			if n > 0 {
				return problem.New("reason", errCitizensFirst, "Count", n)
			}
		}
		c.win.Paused, c.win.Reason, c.win.Note, c.win.Since, c.win.Staff = true, reason, note, c.now, c.who.Name
		c.ev = append(c.ev, Event{Kind: EventPaused, Window: window, At: c.now, Reason: string(reason)})
		return nil
	})
	return err
}

// Resume lets a paused window call again.
func (q *Queue) Resume(who Actor, window int) error {
	_, err := q.console(who, window, func(c *consoleTx) error {
		if !c.win.Paused {
			return problem.New("", errNotPaused)
		}
		c.win.Paused, c.win.Reason, c.win.Note, c.win.Since = false, "", "", time.Time{}
		c.ev = append(c.ev, Event{Kind: EventResumed, Window: window, At: c.now})
		return nil
	})
	return err
}

// waitingForTx counts the tickets window could call now.
func waitingForTx(tx *store.Tx, s Settings, window int) (int, error) {
	es, err := waitingTx(tx)
	if err != nil {
		return 0, err
	}
	services := s.WindowServices(window)
	n := 0
	for _, e := range es {
		if callable(e, window, services) {
			n++
		}
	}
	return n, nil
}
