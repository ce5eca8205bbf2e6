package ui

// The hall's event stream (/hall/events, Server-Sent Events): the hall
// display and the window displays listen to it. Every message is the
// whole board ("state"), so a screen that reconnects, or missed a
// message, is right again with the next one; a call carries its
// announcement (appliance/hall.Announce) for the hall display to play.
//
// One hub per app reads the board once per change and hands the same
// bytes to every open stream: fifty screens cost one store read and one
// JSON encoding per call, not fifty. The hub listens to the queue only
// while a stream is open.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"bianmin/appliance/hall"

	"github.com/labstack/echo/v4"
)

// hallStreamBuffer is how many messages a stream may fall behind before
// the hub drops it (its browser reconnects and reads the board afresh).
const hallStreamBuffer = 16

// hallMessage is one "state" message.
type hallMessage struct {
	Board   HallBoard          `json:"board"`
	Voice   hallVoice          `json:"voice"`
	Notices []string           `json:"notices"`
	Call    *hall.Announcement `json:"call,omitempty"`
}

// hallVoice is the display's voice settings.
type hallVoice struct {
	Mode   hall.VoiceMode `json:"mode"`
	Volume int            `json:"volume"`
	Repeat int            `json:"repeat"`
}

// hallState reads the board and the settings now, with the announcement
// of call when it is one.
func (a *App) hallState(call *HallCall) (hallMessage, error) {
	st, err := a.HallSettings.Get()
	if err != nil {
		return hallMessage{}, err
	}
	board, err := a.Hall.HallBoard()
	if err != nil {
		return hallMessage{}, err
	}
	if a.RatePrompts != nil {
		armed := a.RatePrompts.ArmedWindows()
		for i := range board.Windows {
			board.Windows[i].RatePrompt = armed[board.Windows[i].Number]
		}
	}
	m := hallMessage{Board: board, Voice: hallVoice{Mode: st.Voice, Volume: st.Volume, Repeat: st.Repeat}, Notices: st.Notices}
	if m.Notices == nil {
		m.Notices = []string{}
	}
	if call != nil {
		ann := hall.Announce(call.Ticket, call.Window, st.Repeat)
		m.Call = &ann
	}
	return m, nil
}

// encode is the message as an SSE event.
func (m hallMessage) encode() ([]byte, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return []byte("event: state\ndata: " + string(b) + "\n\n"), nil
}

// hallHub fans the board out to the open streams.
type hallHub struct {
	a    *App
	mu   sync.Mutex
	subs map[chan []byte]struct{}
	quit chan struct{} // closes the running pump; nil when none runs
}

func newHallHub(a *App) *hallHub { return &hallHub{a: a, subs: map[chan []byte]struct{}{}} }

// join adds a stream; leave must be called when it ends.
func (h *hallHub) join() (msgs <-chan []byte, leave func()) {
	ch := make(chan []byte, hallStreamBuffer)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.subs[ch] = struct{}{}
	if h.quit == nil {
		changes, stop := h.a.Hall.SubscribeHall()
		h.quit = make(chan struct{})
		go h.pump(changes, stop, h.quit)
	}
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			if _, ok := h.subs[ch]; ok {
				delete(h.subs, ch)
				close(ch)
			}
			if len(h.subs) == 0 && h.quit != nil {
				close(h.quit)
				h.quit = nil
			}
		})
	}
}

// pump turns each change of the board into one message for every stream.
func (h *hallHub) pump(changes <-chan HallChange, stop func(), quit <-chan struct{}) {
	defer stop()
	for {
		select {
		case <-quit:
			return
		case ch, ok := <-changes:
			if !ok {
				return
			}
			h.publish(ch.Call)
		}
	}
}

// publish reads the board and sends it to every stream (with the
// announcement of call, when set). The settings page calls it with nil
// after a change of the voice or the notices.
func (h *hallHub) publish(call *HallCall) {
	h.mu.Lock()
	n := len(h.subs)
	h.mu.Unlock()
	if n == 0 {
		return
	}
	m, err := h.a.hallState(call)
	var msg []byte
	if err == nil {
		msg, err = m.encode()
	}
	if err != nil {
		h.a.Logger.Warn("hall display: board not read", "err", err)
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		select {
		case ch <- msg:
		default:
			// Far behind: end its stream; the browser reconnects and
			// reads the board afresh.
			delete(h.subs, ch)
			close(ch)
		}
	}
}

// HallChanged tells the hall's screens that something they show changed
// outside the queue (a window's rating prompt: cmd calls it from the
// ratings' flow).
func (a *App) HallChanged() {
	if a.Hall != nil {
		go a.hallHub.publish(nil)
	}
}

// streams is how many streams are open.
func (h *hallHub) streams() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

func (a *App) hallEvents(c echo.Context) error {
	if a.Hall == nil {
		// 204 stops EventSource: the queue is not set up on this box.
		return c.NoContent(http.StatusNoContent)
	}
	release, err := a.openStream(c)
	if err != nil {
		return err
	}
	defer release()
	msgs, leave := a.hallHub.join()
	defer leave()
	first, err := a.hallState(nil)
	if err != nil {
		return err
	}
	b, err := first.encode()
	if err != nil {
		return err
	}
	send := startSSE(c)
	if send("retry: 3000\n\n") != nil || send("%s", b) != nil {
		return nil
	}
	if !strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/event-stream") {
		return nil // a plain client (curl, a test) gets the board once
	}
	// msgs closes when the hub drops a stream that fell behind: the
	// browser reconnects.
	pumpSSE(c, send, msgs, func(msg []byte) error { return send("%s", msg) })
	return nil
}

// pumpSSE writes every message of msgs with write, and a keep-alive
// comment every kioskKeepAlive, until the client leaves, msgs closes or a
// write fails (the client went away; EventSource reconnects).
func pumpSSE[T any](c echo.Context, send func(string, ...any) error, msgs <-chan T, write func(T) error) {
	keepAlive := time.NewTicker(kioskKeepAlive)
	defer keepAlive.Stop()
	done := c.Request().Context().Done()
	for {
		var err error
		select {
		case <-done:
			return
		case m, ok := <-msgs:
			if !ok {
				return
			}
			err = write(m)
		case <-keepAlive.C:
			err = send(": keep-alive\n\n")
		}
		if err != nil {
			return
		}
	}
}

// startSSE answers with an event stream and returns the function that
// writes to it: each write lifts the server's write timeout for
// kioskWriteGrace and flushes.
func startSSE(c echo.Context) func(format string, args ...any) error {
	w := c.Response()
	h := w.Header()
	h.Set(echo.HeaderContentType, "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	return func(format string, args ...any) error {
		_ = rc.SetWriteDeadline(time.Now().Add(kioskWriteGrace))
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return err
		}
		return rc.Flush()
	}
}
