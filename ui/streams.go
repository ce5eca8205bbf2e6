package ui

// Places for the public event streams (SSE: the attendance kiosk now, the
// hall's queue display next). Each open stream holds a connection, a
// goroutine and a hub channel, and the pages that open them need no login,
// so they are rationed per client:
//
//   - a registered screen (appliance/screen; the office pairs it on
//     设置 › 屏幕) has places of its own, streamsPerScreen of them, that no
//     other client can take: fifty anonymous tabs cannot push the hall's
//     real screens off;
//   - anonymous viewers share a small pool, anonStreamsTotal, and one
//     address may hold anonStreamsPerAddr of it.
//
// A handler that streams asks for its place first:
//
//	release, err := a.openStream(c)
//	if err != nil {
//		return err // 503 with Retry-After, said in the page's words
//	}
//	defer release()
//
// and screenFor(c) says which registered screen (if any) is asking, for a
// page that shows something different on a registered screen.

import (
	"net/http"
	"sync"

	"bianmin/appliance/screen"

	"github.com/labstack/echo/v4"
)

// Stream places.
const (
	streamsPerScreen   = 2 // a screen reloading opens its new stream before the old one closes
	anonStreamsPerAddr = 2
	anonStreamsTotal   = 8
	// streamRetryAfter is what a refused stream is told (seconds); the
	// page's EventSource retries on its own.
	streamRetryAfter = "30"
)

const (
	cookieScreen = "bianmin_screen"
	ctxScreen    = "screen"
	// screenCookieAge is the screen cookie's life; browsers cap cookies at
	// 400 days, and every page a screen opens renews it.
	screenCookieAge = 400 * 24 * 3600
)

// streamSlots counts the open public streams.
type streamSlots struct {
	mu      sync.Mutex
	screens map[uint64]int // registered screen → its open streams
	anon    map[string]int // address → its anonymous streams
	anonN   int
}

func newStreamSlots() *streamSlots {
	return &streamSlots{screens: map[uint64]int{}, anon: map[string]int{}}
}

// take gives a place to a registered screen (id ≠ 0) or an anonymous
// viewer at ip, and the function that gives it back.
func (s *streamSlots) take(id uint64, ip string) (release func(), ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id != 0 {
		if s.screens[id] >= streamsPerScreen {
			return nil, false
		}
		s.screens[id]++
		return s.once(func() {
			if s.screens[id]--; s.screens[id] <= 0 {
				delete(s.screens, id)
			}
		}), true
	}
	if s.anonN >= anonStreamsTotal || s.anon[ip] >= anonStreamsPerAddr {
		return nil, false
	}
	s.anon[ip]++
	s.anonN++
	return s.once(func() {
		s.anonN--
		if s.anon[ip]--; s.anon[ip] <= 0 {
			delete(s.anon, ip)
		}
	}), true
}

// once wraps a release so that it runs once, under the lock.
func (s *streamSlots) once(f func()) func() {
	var done sync.Once
	return func() {
		done.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			f()
		})
	}
}

// open is how many streams a registered screen holds now (the office's
// list shows it as online).
func (s *streamSlots) open(id uint64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.screens[id]
}

// anonOpen is how many anonymous streams are open.
func (s *streamSlots) anonOpen() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.anonN
}

// screenFor is the registered screen this browser was paired as (from its
// screen cookie), or nil. The answer is kept for the request.
func (a *App) screenFor(c echo.Context) *screen.Screen {
	if sc, ok := c.Get(ctxScreen).(*screen.Screen); ok {
		return sc
	}
	var found *screen.Screen
	if ck, err := c.Cookie(cookieScreen); err == nil && ck.Value != "" {
		if sc, err := a.Screens.Authenticate(ck.Value); err == nil {
			found = &sc
		}
	}
	c.Set(ctxScreen, found)
	return found
}

// keepScreenCookie renews a registered screen's cookie (a screen that runs
// for years must not lose its pairing to the cookie's age).
func (a *App) keepScreenCookie(c echo.Context) {
	if a.screenFor(c) == nil {
		return
	}
	if ck, err := c.Cookie(cookieScreen); err == nil {
		a.setCookie(c, cookieScreen, ck.Value, screenCookieAge)
	}
}

// openStream takes a place for one public event stream for this client
// (see the top of this file). Without one it answers 503 with Retry-After
// and returns the error the handler should return.
func (a *App) openStream(c echo.Context) (release func(), err error) {
	var id uint64
	if sc := a.screenFor(c); sc != nil {
		id = sc.ID
	}
	release, ok := a.streams.take(id, c.RealIP())
	if !ok {
		c.Response().Header().Set("Retry-After", streamRetryAfter)
		return nil, echo.NewHTTPError(http.StatusServiceUnavailable, "err.streams_full")
	}
	return release, nil
}
