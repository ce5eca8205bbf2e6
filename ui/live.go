package ui

// Staff pages that follow what happens without a reload: the window
// console (/queue: a ticket taken, a window calling) and the printer page
// (/devices/printer: paper out, a job printed). Each such page names its
// stream in data-live and marks the parts that change with
// data-live-part; app.js listens and, on every "change" event, fetches
// the page afresh and swaps those parts (not a part whose form field has
// the focus). The stream says only "something changed": the page itself
// stays the one rendering of the data, with the same rules and roles.
//
// The streams are the ones the public screens use underneath — the
// queue's SubscribeHall (the hall display's source) and the device
// registry's Subscribe — one subscription per open page. They need a
// login (the page's own roles), so they do not take the public screens'
// places (streams.go); liveStreamsMax bounds them all the same.

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// liveStreamsMax is how many staff pages may follow live at once; one
// more gets 503 and stays a page that is fresh when loaded.
const liveStreamsMax = 48

// liveDebounce gathers a burst of changes (a call moves the board, the
// printer reports twice) into one event.
const liveDebounce = 150 * time.Millisecond

// liveStream sends "event: change" whenever changes delivers, until the
// browser leaves or the channel closes (the browser reconnects).
func (a *App) liveStream(c echo.Context, changes <-chan struct{}, stop func()) error {
	defer stop()
	if a.liveStreams.Add(1) > liveStreamsMax {
		a.liveStreams.Add(-1)
		c.Response().Header().Set("Retry-After", streamRetryAfter)
		return c.NoContent(http.StatusServiceUnavailable)
	}
	defer a.liveStreams.Add(-1)
	send := startSSE(c)
	if send("retry: 3000\n\n") != nil {
		return nil
	}
	if !strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/event-stream") {
		return nil // a plain client (curl, a test) learns only that it is there
	}
	done := c.Request().Context().Done()
	pumpSSE(c, send, changes, func(struct{}) error {
		// one event for a burst of changes
		t := time.NewTimer(liveDebounce)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				return send("event: change\ndata: 1\n\n")
			case _, ok := <-changes:
				if !ok {
					return errLiveEnded
				}
			case <-done:
				return errLiveEnded
			}
		}
	})
	return nil
}

// errLiveEnded ends a live stream whose source or client went away.
var errLiveEnded = errors.New("live stream ended")

// queueLive is the window console's stream: every change of the queue's
// board (a ticket taken, called, finished; a window paused).
func (a *App) queueLive(c echo.Context) error {
	if err := a.queueReady(); err != nil {
		return err
	}
	if a.Hall == nil {
		return c.NoContent(http.StatusNoContent) // stops EventSource: nothing to follow
	}
	changes, stop := a.Hall.SubscribeHall()
	out := make(chan struct{}, 1)
	quit := make(chan struct{})
	go func() {
		defer close(out)
		for {
			select {
			case <-quit:
				return
			case _, ok := <-changes:
				if !ok {
					return
				}
				select {
				case out <- struct{}{}:
				default: // one is waiting already
				}
			}
		}
	}()
	return a.liveStream(c, out, func() { close(quit); stop() })
}

// printerLive is the printer page's stream: every change of a device's
// state (the printer's paper, cable, counts) on the registry.
func (a *App) printerLive(c echo.Context) error {
	if a.Devices == nil {
		return c.NoContent(http.StatusNoContent)
	}
	changes, stop := a.Devices.Subscribe()
	return a.liveStream(c, changes, stop)
}
